// What CPR and CVR say about DEMO-DATA.md's persons and companies (fictitious), as the register
// clients hand it to the domain: shared by the resolution's and the use cases' tests.
#pragma once

#include <optional>

#include "domain/kontaktanvisning.hpp"
#include "domain/model.hpp"

namespace kontaktdata::domain::test::demo {

inline DanskAdresse annas_bopael() {
  return DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"};
}

inline Registerdata anna_reg() {
  Registerdata r;
  r.kendt = true;
  r.navn = "Anna Jensen";
  r.aktuel_adresse = annas_bopael();
  r.status = 1;
  r.tilmeldt_digitalpost = true;
  return r;
}

inline Registerdata bo_reg() {
  Registerdata r;
  r.kendt = true;
  r.navn = "Bo Hansen";
  r.aktuel_adresse =
      DanskAdresse{"Nørregade", "5", std::nullopt, std::nullopt, "1165", "København K"};
  r.status = 1;
  r.adressebeskyttelse = true;
  r.tilmeldt_digitalpost = true;
  return r;
}

inline Registerdata carl_reg() {
  Registerdata r;
  r.kendt = true;
  r.navn = "Carl Nielsen";
  r.status = kCprStatusDoed;
  return r;
}

inline Registerdata dorte_reg() {
  Registerdata r;
  r.kendt = true;
  r.navn = "Dorte Larsen";
  r.udlandsadresse = Adresselinjer{{"Calle Mayor 3", "28013 Madrid"}, "ES"};
  r.status = kCprStatusUdrejst;
  return r;
}

inline Registerdata emil_reg() {
  Registerdata r;
  r.kendt = true;
  r.navn = "Emil Sørensen";
  r.aktuel_adresse =
      DanskAdresse{"Søndergade", "1", std::nullopt, std::nullopt, "8000", "Aarhus C"};
  r.status = 5;
  r.tilmeldt_digitalpost = false;
  return r;
}

inline Registerdata eksempel_reg() {
  Registerdata r;
  r.kendt = true;
  r.navn = "Eksempel ApS";
  r.adresse = DanskAdresse{"Industrivej", "7", std::nullopt, std::nullopt, "7100", "Vejle"};
  return r;
}

inline Registerdata ophoert_reg() {
  Registerdata r;
  r.kendt = true;
  r.navn = "Ophørt Handel A/S";
  r.adresse = DanskAdresse{"Havnegade", "2", std::nullopt, std::nullopt, "5000", "Odense C"};
  r.ophoert = true;
  return r;
}

inline Registerdata ukendt_reg() { return Registerdata{}; }

}  // namespace kontaktdata::domain::test::demo
