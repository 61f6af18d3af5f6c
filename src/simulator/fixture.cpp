#include "simulator/fixture.hpp"

#include <regex>
#include <stdexcept>

#include <boost/property_tree/json_parser.hpp>
#include <boost/property_tree/ptree.hpp>

namespace kontaktdata::simulator {

namespace {

using boost::property_tree::ptree;

std::optional<std::string> opt(const ptree& t, const char* key) {
  if (auto v = t.get_optional<std::string>(key)) return *v;
  return std::nullopt;
}

std::string req(const ptree& t, const char* key, const std::string& what) {
  auto v = t.get_optional<std::string>(key);
  if (!v || v->empty()) throw std::runtime_error(what + ": '" + key + "' mangler");
  return *v;
}

CprAdresse cpr_adresse(const ptree& t) {
  CprAdresse a;
  a.kommuneCvr = opt(t, "kommuneCvr");
  a.kommunekode = opt(t, "kommunekode");
  a.vejkode = opt(t, "vejkode");
  a.husnummer = opt(t, "husnummer");
  a.etage = opt(t, "etage");
  a.sidedoer = opt(t, "sidedoer");
  a.bygningsnummer = opt(t, "bygningsnummer");
  a.conavn = opt(t, "conavn");
  a.lokalitet = opt(t, "lokalitet");
  a.bynavn = opt(t, "bynavn");
  a.postnummer = opt(t, "postnummer");
  a.postdistrikt = opt(t, "postdistrikt");
  a.vejnavn = opt(t, "vejnavn");
  a.standardadresse = opt(t, "standardadresse");
  a.adresseringsnavn = opt(t, "adresseringsnavn");
  a.vejadresseringsnavn = opt(t, "vejadresseringsnavn");
  a.tilflytningsdato = opt(t, "tilflytningsdato");
  return a;
}

CprPerson cpr_person(const ptree& t) {
  static const std::regex kPnr("[0-9]{10}");
  CprPerson p;
  p.personnummer = req(t, "personnummer", "cpr-post");
  const std::string what = "person " + p.personnummer;
  if (!std::regex_match(p.personnummer, kPnr)) throw std::runtime_error(what + ": ikke 10 cifre");
  p.gaeldendePersonnummer = opt(t, "gaeldendePersonnummer");
  const ptree& navn = t.get_child("navn", ptree{});
  p.personadresseringsnavn = req(navn, "personadresseringsnavn", what);
  p.fornavn = opt(navn, "fornavn");
  p.mellemnavn = opt(navn, "mellemnavn");
  p.efternavn = opt(navn, "efternavn");
  p.koen = opt(t, "koen");
  p.antalBoernUnder18 = t.get<std::string>("antalBoernUnder18", "0");
  if (auto s = t.get_optional<int>("status")) p.status = *s;
  p.statusdato = opt(t, "statusdato");
  if (auto b = t.get_child_optional("adressebeskyttelse")) {
    CprBeskyttelse x;
    x.startdato = opt(*b, "startdato");
    x.slutdato = opt(*b, "slutdato");
    if (auto v = b->get_optional<bool>("beskyttet")) x.beskyttet = *v;
    p.adressebeskyttelse = x;
  }
  if (auto v = t.get_optional<bool>("tilmeldtDigitalpost")) p.tilmeldtDigitalpost = *v;
  if (auto a = t.get_child_optional("aktuelAdresse")) p.aktuelAdresse = cpr_adresse(*a);
  if (auto u = t.get_child_optional("udrejseoplysninger")) {
    CprUdrejse x;
    x.udrejselandekode = opt(*u, "udrejselandekode");
    x.udrejsedato = opt(*u, "udrejsedato");
    x.udlandsadresse1 = opt(*u, "udlandsadresse1");
    x.udlandsadresse2 = opt(*u, "udlandsadresse2");
    x.udlandsadresse3 = opt(*u, "udlandsadresse3");
    x.udlandsadresse4 = opt(*u, "udlandsadresse4");
    x.udlandsadresse5 = opt(*u, "udlandsadresse5");
    p.udrejseoplysninger = x;
  }
  if (auto k = t.get_child_optional("kontaktAdresse")) {
    CprKontaktAdresse x;
    x.kontaktAdr1 = opt(*k, "kontaktAdr1");
    x.kontaktAdr2 = opt(*k, "kontaktAdr2");
    x.kontaktAdr3 = opt(*k, "kontaktAdr3");
    x.kontaktAdr4 = opt(*k, "kontaktAdr4");
    x.kontaktAdr5 = opt(*k, "kontaktAdr5");
    x.startdato = opt(*k, "startdato");
    x.slettedato = opt(*k, "slettedato");
    p.kontaktAdresse = x;
  }
  return p;
}

CvrAdresse cvr_adresse(const ptree& t, const std::string& what) {
  CvrAdresse a;
  a.StreetName = req(t, "StreetName", what);
  a.StreetBuildingIdentifier = req(t, "StreetBuildingIdentifier", what);
  a.PostCodeIdentifier = req(t, "PostCodeIdentifier", what);
  a.DistrictName = req(t, "DistrictName", what);
  a.FloorIdentifier = opt(t, "FloorIdentifier");
  a.SuiteIdentifier = opt(t, "SuiteIdentifier");
  a.CareOfName = opt(t, "CareOfName");
  a.CountryIdentificationCode = t.get<std::string>("CountryIdentificationCode", "DK");
  a.validFromDate = req(t, "validFromDate", what);
  a.validToDate = opt(t, "validToDate");
  return a;
}

CvrVirksomhed cvr_virksomhed(const ptree& t) {
  CvrVirksomhed v;
  v.LegalUnitIdentifier = t.get<int>("LegalUnitIdentifier", 0);
  const std::string what = "virksomhed " + std::to_string(v.LegalUnitIdentifier);
  if (v.LegalUnitIdentifier < 10000000 || v.LegalUnitIdentifier > 99999999) {
    throw std::runtime_error(what + ": LegalUnitIdentifier er ikke 8 cifre");
  }
  v.name = req(t, "name", what);
  v.StartDate = req(t, "StartDate", what);
  v.CessationDate = opt(t, "CessationDate");
  v.AdvertisingProtectionIndicator = t.get<bool>("AdvertisingProtectionIndicator", false);
  v.AddressOfficial = cvr_adresse(t.get_child("AddressOfficial", ptree{}), what);
  if (auto a = t.get_child_optional("AddressPostal")) v.AddressPostal = cvr_adresse(*a, what);
  return v;
}

}  // namespace

Fixture load_fixture(const std::string& path) {
  ptree root;
  try {
    boost::property_tree::read_json(path, root);
  } catch (const std::exception& e) {
    throw std::runtime_error("kan ikke læse fixture " + path + ": " + e.what());
  }
  Fixture f;
  try {
    for (const auto& [key, node] : root.get_child("cpr", ptree{})) {
      CprPerson p = cpr_person(node);
      const std::string pnr = p.personnummer;
      if (!f.personer.emplace(pnr, std::move(p)).second) {
        throw std::runtime_error("person " + pnr + " står to gange");
      }
    }
    for (const auto& [key, node] : root.get_child("cvr", ptree{})) {
      CvrVirksomhed v = cvr_virksomhed(node);
      const int cvr = v.LegalUnitIdentifier;
      if (!f.virksomheder.emplace(cvr, std::move(v)).second) {
        throw std::runtime_error("virksomhed " + std::to_string(cvr) + " står to gange");
      }
    }
  } catch (const boost::property_tree::ptree_error& e) {
    throw std::runtime_error("fixture " + path + ": " + e.what());
  } catch (const std::runtime_error& e) {
    throw std::runtime_error("fixture " + path + ": " + e.what());
  }
  return f;
}

}  // namespace kontaktdata::simulator
