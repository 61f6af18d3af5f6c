#include "registry/cvr_klient.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <utility>

#include "cvrsoapCvrBindingProxy.h"

namespace kontaktdata::registry {

using detail::trimmet;
using domain::Registerdata;

namespace {

std::optional<std::string> tekst(const std::string* s) {
  if (s == nullptr) return std::nullopt;
  std::string t = trimmet(*s);
  if (t.empty()) return std::nullopt;
  return t;
}

std::optional<std::string> tekst(const std::string& s) {
  std::string t = trimmet(s);
  if (t.empty()) return std::nullopt;
  return t;
}

// One of CVR's addresses as a Postadresse: a Danish address with street, building, post code
// and district as DanskAdresse; anything else as lines with its ISO alpha-2 country.
std::optional<domain::Postadresse> postadresse(const cvrsoap::cvr__AddressDescriptionType& a) {
  std::string land = "DK";
  if (a.dkcc2003__CountryIdentificationCode != nullptr) {
    land = trimmet(a.dkcc2003__CountryIdentificationCode->__item);
    std::transform(land.begin(), land.end(), land.begin(),
                   [](char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 32) : c; });
    if (land.empty()) land = "DK";
  }
  if (land.size() != 2) return std::nullopt;  // not alpha-2: no address rather than a wrong one
  const auto* pe = a.AddressPostalExtended;
  if (pe != nullptr) {
    const auto vej = tekst(pe->dkcc2005__StreetName);
    const auto hus = tekst(pe->dkcc2003__StreetBuildingIdentifier);
    const auto postnr = tekst(pe->dkcc2005__PostCodeIdentifier);
    const auto by = tekst(pe->dkcc2005__DistrictName);
    if (land == "DK" && vej && hus && postnr && by) {
      domain::DanskAdresse d;
      d.vejnavn = *vej;
      d.husnummer = *hus;
      d.etage = tekst(pe->dkcc2003__FloorIdentifier);
      d.sidedoer = tekst(pe->dkcc2003__SuiteIdentifier);
      d.postnummer = *postnr;
      d.postdistrikt = *by;
      return d;
    }
    // Lines: c/o, street (or post box), post code and district.
    std::vector<std::string> l;
    if (auto co = tekst(pe->itst__CareOfName)) l.push_back("c/o " + *co);
    if (vej) {
      std::string linje = *vej + (hus ? " " + *hus : "");
      const auto etage = tekst(pe->dkcc2003__FloorIdentifier);
      const auto doer = tekst(pe->dkcc2003__SuiteIdentifier);
      if (etage || doer) {
        linje += ",";
        if (etage) linje += " " + *etage + ".";
        if (doer) linje += " " + *doer;
      }
      l.push_back(linje);
    }
    if (pe->dkcc2005b__PostOfficeBoxIdentifier != nullptr) {
      l.push_back("Postboks " + std::to_string(*pe->dkcc2005b__PostOfficeBoxIdentifier));
    }
    if (postnr || by) l.push_back(trimmet(postnr.value_or("") + " " + by.value_or("")));
    if (!l.empty() && l.size() <= 5) return domain::Adresselinjer{std::move(l), land};
  }
  if (auto fri = tekst(a.AddressLineText)) {
    std::vector<std::string> l;
    std::size_t start = 0;
    while (start <= fri->size()) {
      const auto slut = fri->find('\n', start);
      if (auto linje = tekst(fri->substr(start, slut - start))) l.push_back(*linje);
      if (slut == std::string::npos) break;
      start = slut + 1;
    }
    if (!l.empty() && l.size() <= 5) return domain::Adresselinjer{std::move(l), land};
  }
  return std::nullopt;
}

}  // namespace

Registerdata fra_get_legal_unit(const cvrsoap::cvronl__GetLegalUnitResponseType& svar,
                                const domain::Dato& i_dag) {
  Registerdata r;
  if (svar.cvrws__GetLegalUnitResponse == nullptr ||
      svar.cvrws__GetLegalUnitResponse->cvr__LegalUnit == nullptr) {
    return r;  // an empty answer: CVR has no such company
  }
  const auto& u = *svar.cvrws__GetLegalUnitResponse->cvr__LegalUnit;
  r.kendt = true;
  if (u.LegalUnitName != nullptr) r.navn = tekst(u.LegalUnitName->name);
  // The postal address when CVR has one, else the official (registered) address.
  if (u.AddressPostal != nullptr) r.adresse = postadresse(*u.AddressPostal);
  if (!r.adresse && u.AddressOfficial != nullptr) r.adresse = postadresse(*u.AddressOfficial);
  if (u.Lifecycle != nullptr && u.Lifecycle->CessationDate != nullptr) {
    // A cessation date that cannot be read still says the company ceases: counted as ceased.
    const auto ophoer = detail::dato_fra_xsd(*u.Lifecycle->CessationDate);
    r.ophoert = !ophoer || *ophoer <= i_dag;
  }
  return r;
}

bool er_ukendt_virksomhed_fault(std::string_view fault_tekst, std::string_view fault_detalje) {
  for (std::string_view t : {fault_tekst, fault_detalje}) {
    if (t.find("'/virksomhed/CVRNummer' missing") != std::string_view::npos) return true;
  }
  return false;
}

CvrKlient::CvrKlient(Klientindstillinger indstillinger) : indstillinger_(std::move(indstillinger)) {
  detail::kontroller(indstillinger_, "CVR");
}

Opslag CvrKlient::slaa_op(const std::string& cvr_nummer, const std::string& kommune_cvr,
                          const std::optional<std::string>& callers_service_call_identifier) const {
  return slaa_op(cvr_nummer, kommune_cvr, callers_service_call_identifier,
                 std::chrono::steady_clock::now() + indstillinger_.timeout);
}

Opslag CvrKlient::slaa_op(const std::string& cvr_nummer, const std::string& /*kommune_cvr*/,
                          const std::optional<std::string>& callers_service_call_identifier,
                          std::chrono::steady_clock::time_point frist) const {
  int nummer = 0;
  if (cvr_nummer.size() != 8 || cvr_nummer[0] == '0' ||
      !std::all_of(cvr_nummer.begin(), cvr_nummer.end(),
                   [](char c) { return c >= '0' && c <= '9'; }) ||
      std::from_chars(cvr_nummer.data(), cvr_nummer.data() + 8, nummer).ptr !=
          cvr_nummer.data() + 8) {
    return Registerfejl{Fejlart::Fejl, "CVR-opslag uden et gyldigt CVR-nummer (8 cifre)"};
  }
  if (frist <= std::chrono::steady_clock::now()) {
    return Registerfejl{Fejlart::Timeout, "CVR-opslag ikke foretaget: fristen var udløbet"};
  }
  detail::Kald kald(indstillinger_, frist);
  struct soap* s = kald.ctx();
  if (s->error != SOAP_OK) return kald.fejl("CVR");
  auto streng = [s](const std::string& v) {
    std::string* p = cvrsoap::soap_new_std__string(s);
    *p = v;
    return p;
  };
  const auto& k = indstillinger_.kontekst;
  auto* req = cvrsoap::soap_new_cvronl__GetLegalUnitRequestType(s);
  if (callers_service_call_identifier) {
    req->callctx__CallContext = cvrsoap::soap_new_callctx__CallContextType(s);
    req->callctx__CallContext->CallersServiceCallIdentifier =
        streng(*callers_service_call_identifier);
  }
  req->invctx__InvocationContext = cvrsoap::soap_new_invctx__InvocationContextType(s);
  auto& inv = *req->invctx__InvocationContext;
  inv.ServiceAgreementUUID = k.service_agreement_uuid;
  inv.UserSystemUUID = k.user_system_uuid;
  inv.UserUUID = k.user_uuid;
  inv.ServiceUUID = k.service_uuid;
  if (callers_service_call_identifier) {
    inv.CallersServiceCallIdentifier = streng(*callers_service_call_identifier);
  }
  req->cvrws__GetLegalUnitRequest = cvrsoap::soap_new_cvrws__GetLegalUnitRequestType(s);
  // SF1530 does not say what the levels mean; 1 returns the legal unit itself. (Assigned from a
  // std::string: assigning the literal trips GCC 12's false -Wrestrict, bug 105651.)
  static const std::string kLevel = "1";
  req->cvrws__GetLegalUnitRequest->level = kLevel;
  req->cvrws__GetLegalUnitRequest->cvr__LegalUnitIdentifier = nummer;

  cvrsoap::CvrBindingProxy proxy(s);
  cvrsoap::cvronl__GetLegalUnitResponseType svar;
  if (kald.udfoer([&] {
        return proxy.getLegalUnit(indstillinger_.endpoint.c_str(), nullptr, req, svar);
      }) == SOAP_OK) {
    const auto nu =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    return fra_get_legal_unit(svar, domain::dansk_dato(nu));
  }
  if (kald.er_soap_fault() &&
      er_ukendt_virksomhed_fault(kald.fault_tekst(), kald.fault_detalje())) {
    return Registerdata{};  // kendt = false
  }
  return kald.fejl("CVR");
}

}  // namespace kontaktdata::registry
