#include "domain/model.hpp"

namespace kontaktdata::domain {

const char* to_string(Operation op) noexcept {
  switch (op) {
    case Operation::Laes:
      return "Laes";
    case Operation::List:
      return "List";
    case Operation::Opret:
      return "Opret";
    case Operation::Ret:
      return "Ret";
    case Operation::Passiver:
      return "Passiver";
    case Operation::Slet:
      return "Slet";
    case Operation::Importer:
      return "Importer";
    case Operation::HentKontaktanvisning:
      return "HentKontaktanvisning";
    case Operation::LaesOpgavesprog:
      return "LaesOpgavesprog";
    case Operation::RetOpgavesprog:
      return "RetOpgavesprog";
    case Operation::ListHaendelser:
      return "ListHaendelser";
    case Operation::ListAdgangslog:
      return "ListAdgangslog";
  }
  return "?";
}

}  // namespace kontaktdata::domain
