#pragma once

// The register data the simulator serves, read once from a JSON fixture (fixtures/registre.json).
// Plain values, no gSOAP: field names are SF1520's and SF1530's element names, so the mapping to
// the wire (registers.cpp) is one line per element. An absent optional is an absent element.

#include <map>
#include <optional>
#include <string>

namespace kontaktdata::simulator {

/// SF1520 adresseType (the part the fixture fills).
struct CprAdresse {
  std::optional<std::string> kommuneCvr, kommunekode, vejkode, husnummer, etage, sidedoer,
      bygningsnummer, conavn, lokalitet, bynavn, postnummer, postdistrikt, vejnavn,
      standardadresse, adresseringsnavn, vejadresseringsnavn;
  std::optional<std::string> tilflytningsdato;  ///< yyyy-mm-dd (sent as an xsd:dateTime)
};

struct CprKontaktAdresse {
  std::optional<std::string> kontaktAdr1, kontaktAdr2, kontaktAdr3, kontaktAdr4, kontaktAdr5;
  std::optional<std::string> startdato, slettedato;  ///< xsd:date
};

struct CprUdrejse {
  std::optional<std::string> udrejselandekode, udrejsedato;
  std::optional<std::string> udlandsadresse1, udlandsadresse2, udlandsadresse3, udlandsadresse4,
      udlandsadresse5;
};

struct CprBeskyttelse {
  std::optional<std::string> startdato, slutdato;  ///< xsd:date
  std::optional<bool> beskyttet;
};

struct CprPerson {
  std::string personnummer;
  std::optional<std::string> gaeldendePersonnummer;  ///< defaults to personnummer
  std::string personadresseringsnavn;
  std::optional<std::string> fornavn, mellemnavn, efternavn;
  std::optional<std::string> koen;
  std::string antalBoernUnder18 = "0";
  std::optional<int> status;
  std::optional<std::string> statusdato;  ///< yyyy-mm-dd (sent as an xsd:dateTime)
  std::optional<CprBeskyttelse> adressebeskyttelse;
  std::optional<bool> tilmeldtDigitalpost;
  std::optional<CprAdresse> aktuelAdresse;
  std::optional<CprUdrejse> udrejseoplysninger;
  std::optional<CprKontaktAdresse> kontaktAdresse;
};

/// SF1530 AddressDescriptionType with its AddressPostalExtended (Danish addresses).
struct CvrAdresse {
  std::string StreetName, StreetBuildingIdentifier, PostCodeIdentifier, DistrictName;
  std::optional<std::string> FloorIdentifier, SuiteIdentifier, CareOfName;
  std::string CountryIdentificationCode = "DK";  ///< scheme iso3166-alpha2
  std::string validFromDate;
  std::optional<std::string> validToDate;
};

struct CvrVirksomhed {
  int LegalUnitIdentifier = 0;
  std::string name;
  std::string StartDate;
  std::optional<std::string> CessationDate;  ///< present = ceased
  bool AdvertisingProtectionIndicator = false;
  CvrAdresse AddressOfficial;
  std::optional<CvrAdresse> AddressPostal;
};

struct Fixture {
  std::map<std::string, CprPerson> personer;    ///< by personnummer
  std::map<int, CvrVirksomhed> virksomheder;  ///< by CVR number
};

/// Reads and checks the fixture; throws std::runtime_error naming the file and the problem.
Fixture load_fixture(const std::string& path);

}  // namespace kontaktdata::simulator
