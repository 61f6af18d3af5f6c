#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace kontaktdata::domain {

/// The error codes of the contract's table (`ErrorCode` in `ServiceplatformFault`).
enum class ErrorCode {
  UgyldigForespoergsel,
  ManglendeKontekst,
  AdgangNaegtet,
  UgyldigCpr,
  UgyldigCvr,
  UgyldigSagsomraade,
  UgyldigSprog,
  UgyldigVaerdi,
  UgyldigReference,
  PartFindesIkke,
  PartFindesAllerede,
  Versionskonflikt,
  ForMange,
  MidlertidigFejl,
  InternFejl,
};

/// Every code, in the contract's order (for tests and documentation).
inline constexpr ErrorCode kAllErrorCodes[] = {
    ErrorCode::UgyldigForespoergsel,
    ErrorCode::ManglendeKontekst,
    ErrorCode::AdgangNaegtet,
    ErrorCode::UgyldigCpr,
    ErrorCode::UgyldigCvr,
    ErrorCode::UgyldigSagsomraade,
    ErrorCode::UgyldigSprog,
    ErrorCode::UgyldigVaerdi,
    ErrorCode::UgyldigReference,
    ErrorCode::PartFindesIkke,
    ErrorCode::PartFindesAllerede,
    ErrorCode::Versionskonflikt,
    ErrorCode::ForMange,
    ErrorCode::MidlertidigFejl,
    ErrorCode::InternFejl,
};

/// The code as it goes on the wire, e.g. "UGYLDIG_CPR".
std::string_view to_string(ErrorCode code) noexcept;

/// True for the caller's errors (SOAP `Client` fault), false for the service's own (`Server`).
bool is_client_error(ErrorCode code) noexcept;

/// A broken rule or a refused request. `what()` is the external text: it may be sent to the
/// caller, so it names the element and never carries internals or personal data.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& external_text)
      : std::runtime_error(external_text), code_(code) {}
  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace kontaktdata::domain
