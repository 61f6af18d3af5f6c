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

const char* to_string(Kanal kanal) noexcept {
  switch (kanal) {
    case Kanal::DigitalPost:
      return "DIGITAL_POST";
    case Kanal::Brevpost:
      return "BREVPOST";
    case Kanal::Email:
      return "EMAIL";
    case Kanal::Sms:
      return "SMS";
    case Kanal::Telefon:
      return "TELEFON";
    case Kanal::PersonligtFremmoede:
      return "PERSONLIGT_FREMMOEDE";
  }
  return "?";
}

const char* to_string(Adressetype type) noexcept {
  switch (type) {
    case Adressetype::Postadresse:
      return "POSTADRESSE";
    case Adressetype::Email:
      return "EMAIL";
    case Adressetype::Mobiltelefon:
      return "MOBILTELEFON";
    case Adressetype::DigitalPost:
      return "DIGITAL_POST";
  }
  return "?";
}

}  // namespace kontaktdata::domain
