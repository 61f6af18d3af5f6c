#include "registry/cpr_klient.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <chrono>
#include <climits>
#include <stdexcept>
#include <utility>

#include "cprsoapPersonBaseDataExtendedBindingProxy.h"

namespace kontaktdata::registry {

using domain::Dato;
using domain::Registerdata;

// ============================================================================================
// CPR.

namespace {

using detail::trimmet;

bool kun_cifre(std::string_view s, std::size_t laengde) {
  return s.size() == laengde &&
         std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::optional<std::string> tekst(const std::string* s) {
  if (s == nullptr) return std::nullopt;
  std::string t = trimmet(*s);
  if (t.empty()) return std::nullopt;
  return t;
}

// CPR pads numbers with zeros ("012", "01"); a letter may follow ("012B"). Zeros before the
// first other digit go; anything that does not start with a digit ("st", "th") stays.
std::string uden_foranstillede_nuller(std::string s) {
  std::size_t i = 0;
  while (i + 1 < s.size() && s[i] == '0' && std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
    ++i;
  }
  return s.substr(i);
}

std::optional<std::string> navn(const cprsoap::pbde__navnType& n) {
  std::string samlet;
  for (const std::string* del : {n.fornavn, n.mellemnavn, n.efternavn}) {
    if (auto t = tekst(del)) samlet += (samlet.empty() ? "" : " ") + *t;
  }
  if (!samlet.empty()) return samlet;
  // "Efternavn,Fornavne" -> "Fornavne Efternavn".
  const std::string adr = trimmet(n.personadresseringsnavn);
  const auto komma = adr.find(',');
  if (komma == std::string::npos) return adr.empty() ? std::nullopt : std::optional(adr);
  const std::string efter = trimmet(std::string_view(adr).substr(0, komma));
  const std::string for_ = trimmet(std::string_view(adr).substr(komma + 1));
  samlet = for_ + (for_.empty() || efter.empty() ? "" : " ") + efter;
  return samlet.empty() ? std::nullopt : std::optional(samlet);
}

std::optional<domain::DanskAdresse> dansk_adresse(const cprsoap::pbde__adresseType& a) {
  auto vejnavn = tekst(a.vejnavn);
  if (!vejnavn) vejnavn = tekst(a.vejadresseringsnavn);
  const auto husnummer = tekst(a.husnummer);
  const auto postnummer = tekst(a.postnummer);
  const auto postdistrikt = tekst(a.postdistrikt);
  if (!vejnavn || !husnummer || !postnummer || !postdistrikt) return std::nullopt;
  domain::DanskAdresse d;
  d.vejnavn = *vejnavn;
  d.husnummer = uden_foranstillede_nuller(*husnummer);
  if (auto etage = tekst(a.etage)) d.etage = uden_foranstillede_nuller(*etage);
  if (auto sidedoer = tekst(a.sidedoer)) d.sidedoer = uden_foranstillede_nuller(*sidedoer);
  d.postnummer = *postnummer;
  d.postdistrikt = *postdistrikt;
  return d;
}

std::vector<std::string> linjer(std::initializer_list<const std::string*> felter) {
  std::vector<std::string> out;
  for (const std::string* f : felter) {
    if (auto t = tekst(f)) out.push_back(*t);
  }
  return out;
}

// Lower case for the ASCII letters and Danish upper-case letters (UTF-8) of a country name.
std::string smaa_bogstaver(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c == 0xC3 && i + 1 < s.size()) {
      const auto n = static_cast<unsigned char>(s[i + 1]);
      out += static_cast<char>(c);
      out += static_cast<char>(n >= 0x80 && n <= 0x9E && n != 0x97 ? n + 0x20 : n);
      ++i;
    } else {
      out += static_cast<char>(std::tolower(c));
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> landekode_fra_cpr(std::optional<std::string_view> cpr_kode,
                                             std::optional<std::string_view> landenavn) {
  // CPR's country codes are its own authority codes (myndighedskoder 5000-5999; Denmark 5100),
  // not ISO 3166 numeric (Denmark 208, Spain 724), so iso-codes' `numeric` cannot translate
  // them. Only the codes this project has seen are listed; the rest go by name.
  static constexpr std::pair<int, const char*> kKoder[] = {
      {5100, "DK"},  // Danmark
      {5150, "ES"},  // Spanien (as in the project's SF1520 contract test data)
  };
  if (cpr_kode) {
    const std::string k = trimmet(*cpr_kode);
    int kode = 0;
    if (!k.empty() &&
        std::from_chars(k.data(), k.data() + k.size(), kode).ptr == k.data() + k.size()) {
      for (const auto& [nr, iso] : kKoder) {
        if (nr == kode) return iso;
      }
    }
  }
  // Danish country names (iso-codes' Danish translations, plus common variants).
  static constexpr std::pair<const char*, const char*> kNavne[] = {
      {"danmark", "DK"},
      {"grønland", "GL"},
      {"færøerne", "FO"},
      {"sverige", "SE"},
      {"norge", "NO"},
      {"finland", "FI"},
      {"island", "IS"},
      {"tyskland", "DE"},
      {"spanien", "ES"},
      {"frankrig", "FR"},
      {"italien", "IT"},
      {"portugal", "PT"},
      {"holland", "NL"},
      {"nederlandene", "NL"},
      {"belgien", "BE"},
      {"luxembourg", "LU"},
      {"østrig", "AT"},
      {"schweiz", "CH"},
      {"storbritannien", "GB"},
      {"england", "GB"},
      {"det forenede kongerige", "GB"},
      {"irland", "IE"},
      {"polen", "PL"},
      {"tjekkiet", "CZ"},
      {"slovakiet", "SK"},
      {"ungarn", "HU"},
      {"rumænien", "RO"},
      {"bulgarien", "BG"},
      {"grækenland", "GR"},
      {"cypern", "CY"},
      {"malta", "MT"},
      {"kroatien", "HR"},
      {"slovenien", "SI"},
      {"estland", "EE"},
      {"letland", "LV"},
      {"litauen", "LT"},
      {"tyrkiet", "TR"},
      {"ukraine", "UA"},
      {"usa", "US"},
      {"amerikas forenede stater", "US"},
      {"canada", "CA"},
      {"australien", "AU"},
      {"new zealand", "NZ"},
      {"thailand", "TH"},
      {"filippinerne", "PH"},
      {"indien", "IN"},
      {"kina", "CN"},
      {"japan", "JP"},
      {"pakistan", "PK"},
      {"irak", "IQ"},
      {"iran", "IR"},
      {"syrien", "SY"},
      {"afghanistan", "AF"},
      {"somalia", "SO"},
      {"marokko", "MA"},
      {"brasilien", "BR"},
      {"argentina", "AR"},
      {"mexico", "MX"},
      {"sydafrika", "ZA"},
      {"rusland", "RU"},
      {"serbien", "RS"},
      {"albanien", "AL"},
      {"bosnien-hercegovina", "BA"},
  };
  if (landenavn) {
    std::string n = smaa_bogstaver(trimmet(*landenavn));
    while (!n.empty() && (n.back() == '.' || n.back() == ',')) n.pop_back();
    for (const auto& [navn_, iso] : kNavne) {
      if (n == navn_) return iso;
    }
  }
  return std::nullopt;
}

Registerdata fra_person_lookup(const cprsoap::pbde__PersonLookupResponseType& svar) {
  Registerdata r;
  if (svar.persondata == nullptr) return r;  // CPR has no such person
  r.kendt = true;
  const auto& p = *svar.persondata;
  if (p.navn != nullptr) r.navn = navn(*p.navn);
  if (p.status != nullptr && p.status->status != nullptr) r.status = *p.status->status;
  r.gaeldende_personnummer = tekst(p.gaeldendePersonnummer);
  if (p.adressebeskyttelse != nullptr) {
    // Present without `beskyttet`: protected (an unclear protection counts as one).
    const auto& b = *p.adressebeskyttelse;
    r.adressebeskyttelse = b.beskyttet == nullptr || *b.beskyttet;
    if (b.startdato != nullptr) r.beskyttelse_fra = detail::dato_fra_xsd(*b.startdato);
    if (b.slutdato != nullptr) r.beskyttelse_til = detail::dato_fra_xsd(*b.slutdato);
  }
  r.tilmeldt_digitalpost = p.tilmeldtDigitalpost != nullptr && *p.tilmeldtDigitalpost;
  if (svar.adresse == nullptr) return r;
  const auto& a = *svar.adresse;
  if (a.aktuelAdresse != nullptr) r.aktuel_adresse = dansk_adresse(*a.aktuelAdresse);
  if (a.kontaktAdresse != nullptr) {
    const auto& k = *a.kontaktAdresse;
    auto l = linjer({k.kontaktAdr1, k.kontaktAdr2, k.kontaktAdr3, k.kontaktAdr4, k.kontaktAdr5});
    if (!l.empty()) {
      r.kontakt_adresse = domain::Adresselinjer{std::move(l), "DK"};
      if (k.startdato != nullptr) r.kontakt_adresse_fra = detail::dato_fra_xsd(*k.startdato);
      if (k.slettedato != nullptr) r.kontakt_adresse_til = detail::dato_fra_xsd(*k.slettedato);
    }
  }
  if (a.udrejseoplysninger != nullptr) {
    const auto& u = *a.udrejseoplysninger;
    auto l = linjer({u.udlandsadresse1, u.udlandsadresse2, u.udlandsadresse3, u.udlandsadresse4,
                     u.udlandsadresse5});
    if (!l.empty()) {
      std::optional<std::string_view> kode;
      if (u.udrejselandekode != nullptr) kode = *u.udrejselandekode;
      auto land = landekode_fra_cpr(
          kode, u.udrejselandekodeMyndighedsnavn != nullptr
                    ? std::optional<std::string_view>(*u.udrejselandekodeMyndighedsnavn)
                    : std::nullopt);
      if (!land) land = landekode_fra_cpr(std::nullopt, l.back());
      // Without a country the lines cannot become a Postadresse (Landekode is required).
      if (land) r.udlandsadresse = domain::Adresselinjer{std::move(l), *land};
    }
  }
  return r;
}

bool er_ukendt_person_fault(std::string_view fault_tekst, std::string_view fault_detalje) {
  const std::string t =
      smaa_bogstaver(std::string(fault_tekst) + "\n" + std::string(fault_detalje));
  // Only texts that name the person: "Serviceaftale ikke fundet" is a failure, not an answer.
  for (const char* kendetegn : {"pnr not found", "pnr_not_found", "person not found",
                                "person ikke fundet", "personen findes ikke"}) {
    if (t.find(kendetegn) != std::string::npos) return true;
  }
  return false;
}

CprKlient::CprKlient(Klientindstillinger indstillinger) : indstillinger_(std::move(indstillinger)) {
  detail::kontroller(indstillinger_, "CPR");
}

Opslag CprKlient::slaa_op(const std::string& personnummer, const std::string& kommune_cvr,
                          const std::optional<std::string>& callers_service_call_identifier) const {
  return slaa_op(personnummer, kommune_cvr, callers_service_call_identifier,
                 std::chrono::steady_clock::now() + indstillinger_.timeout);
}

Opslag CprKlient::slaa_op(const std::string& personnummer, const std::string& kommune_cvr,
                          const std::optional<std::string>& callers_service_call_identifier,
                          std::chrono::steady_clock::time_point frist) const {
  if (!kun_cifre(personnummer, 10)) {
    return Registerfejl{Fejlart::Fejl, "CPR-opslag uden et gyldigt personnummer (10 cifre)"};
  }
  if (frist <= std::chrono::steady_clock::now()) {
    return Registerfejl{Fejlart::Timeout, "CPR-opslag ikke foretaget: fristen var udløbet"};
  }
  detail::Kald kald(indstillinger_, frist);
  struct soap* s = kald.ctx();
  if (s->error != SOAP_OK) return kald.fejl("CPR");
  auto streng = [s](const std::string& v) {
    std::string* p = cprsoap::soap_new_std__string(s);
    *p = v;
    return p;
  };
  const auto& k = indstillinger_.kontekst;
  auto* req = cprsoap::soap_new_pbde__PersonLookupRequestType(s);
  if (callers_service_call_identifier) {
    req->callctx__CallContext = cprsoap::soap_new_callctx__CallContextType(s);
    req->callctx__CallContext->CallersServiceCallIdentifier =
        streng(*callers_service_call_identifier);
  }
  if (!kommune_cvr.empty()) {
    req->autctx__AuthorityContext = cprsoap::soap_new_autctx__AuthorityContextType(s);
    req->autctx__AuthorityContext->MunicipalityCVR = kommune_cvr;
  }
  req->invctx__InvocationContext = cprsoap::soap_new_invctx__InvocationContextType(s);
  auto& inv = *req->invctx__InvocationContext;
  inv.ServiceAgreementUUID = k.service_agreement_uuid;
  inv.UserSystemUUID = k.user_system_uuid;
  inv.UserUUID = k.user_uuid;
  inv.ServiceUUID = k.service_uuid;
  if (callers_service_call_identifier) {
    inv.CallersServiceCallIdentifier = streng(*callers_service_call_identifier);
  }
  req->pnr__PNR = personnummer;

  cprsoap::PersonBaseDataExtendedBindingProxy proxy(s);
  cprsoap::pbde__PersonLookupResponseType svar;
  if (kald.udfoer([&] {
        return proxy.PersonLookup(indstillinger_.endpoint.c_str(), nullptr, req, svar);
      }) == SOAP_OK) {
    return fra_person_lookup(svar);
  }
  if (kald.er_soap_fault() && er_ukendt_person_fault(kald.fault_tekst(), kald.fault_detalje())) {
    return Registerdata{};  // kendt = false
  }
  return kald.fejl("CPR");
}

}  // namespace kontaktdata::registry
