#include "domain/error.hpp"

namespace kontaktdata::domain {

std::string_view to_string(ErrorCode code) noexcept {
  switch (code) {
    case ErrorCode::UgyldigForespoergsel:
      return "UGYLDIG_FORESPOERGSEL";
    case ErrorCode::ManglendeKontekst:
      return "MANGLENDE_KONTEKST";
    case ErrorCode::AdgangNaegtet:
      return "ADGANG_NAEGTET";
    case ErrorCode::UgyldigCpr:
      return "UGYLDIG_CPR";
    case ErrorCode::UgyldigCvr:
      return "UGYLDIG_CVR";
    case ErrorCode::UgyldigSagsomraade:
      return "UGYLDIG_SAGSOMRAADE";
    case ErrorCode::UgyldigSprog:
      return "UGYLDIG_SPROG";
    case ErrorCode::UgyldigVaerdi:
      return "UGYLDIG_VAERDI";
    case ErrorCode::UgyldigReference:
      return "UGYLDIG_REFERENCE";
    case ErrorCode::PartFindesIkke:
      return "PART_FINDES_IKKE";
    case ErrorCode::PartFindesAllerede:
      return "PART_FINDES_ALLEREDE";
    case ErrorCode::Versionskonflikt:
      return "VERSIONSKONFLIKT";
    case ErrorCode::ForMange:
      return "FOR_MANGE";
    case ErrorCode::MidlertidigFejl:
      return "MIDLERTIDIG_FEJL";
    case ErrorCode::InternFejl:
      return "INTERN_FEJL";
  }
  return "INTERN_FEJL";
}

bool is_client_error(ErrorCode code) noexcept {
  return code != ErrorCode::MidlertidigFejl && code != ErrorCode::InternFejl;
}

}  // namespace kontaktdata::domain
