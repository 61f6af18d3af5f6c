#include "simulator/registers.hpp"

#include <sys/socket.h>

#include <cerrno>
#include <ctime>
#include <regex>

#include "simulator/synthetic.hpp"

namespace kontaktdata::simulator {

namespace {

// What the real services answer for a number they do not know (see README in this folder):
// SF1520 a SOAP fault whose text is "PNR not found" (with the contract's ServiceplatformFault
// detail); SF1530, which declares no fault, a SOAP fault whose text is the one its source system
// gives for an empty answer.
constexpr const char* kPnrNotFound = "PNR not found";
constexpr const char* kCvrNotFound = "Required property '/virksomhed/CVRNummer' missing.";

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string serviceplatform_fault(const std::string& code, const std::string& text) {
  return "<spf:ServiceplatformFault "
         "xmlns:spf=\"http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/\">"
         "<spf:ErrorList><spf:Error><spf:ErrorCode>" +
         xml_escape(code) + "</spf:ErrorCode><spf:ErrorText>" + xml_escape(text) +
         "</spf:ErrorText></spf:Error></spf:ErrorList></spf:ServiceplatformFault>";
}

/// yyyy-mm-dd as midnight UTC.
struct timeval to_timeval(const std::string& date) {
  std::tm tm{};
  struct timeval tv {};
  if (std::sscanf(date.c_str(), "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday) == 3) {
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    tv.tv_sec = timegm(&tm);
  }
  return tv;
}

/// Before any answer: the control mode decides whether there is one. Returns SOAP_OK to answer.
int gate(struct soap* ctx, Control& control, RequestFlags& flags) {
  switch (control.before_answer()) {
    case Mode::Unavailable:
      send_raw_http(ctx, 503, "Service Unavailable", "text/plain; charset=utf-8", "");
      flags.answered = true;
      flags.summary += " -> 503 (unavailable)";
      return ctx->error = SOAP_STOP;
    case Mode::Drop:
      flags.drop = true;
      flags.summary += " -> dropped";
      return ctx->error = SOAP_STOP;
    default:
      return SOAP_OK;
  }
}

}  // namespace

void send_raw_http(struct soap* ctx, int status, const char* reason, const char* content_type,
                   const std::string& body) {
  const std::string msg =
      "HTTP/1.1 " + std::to_string(status) + " " + reason +
      "\r\nServer: kontaktdata-registersimulator\r\nContent-Type: " + content_type +
      "\r\nContent-Length: " + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  std::size_t sent = 0;
  while (sent < msg.size()) {
    const ssize_t n = ::send(ctx->socket, msg.data() + sent, msg.size() - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return;  // the caller went away: nothing more to do
    sent += static_cast<std::size_t>(n);
  }
}

// ---------------------------------------------------------------------------------- SF1520 CPR

namespace cpr {

using namespace cprsoap;

std::string* str(struct soap* ctx, const std::optional<std::string>& v) {
  if (!v) return nullptr;
  std::string* s = soap_new_std__string(ctx);
  *s = *v;
  return s;
}

pbde__usikkerhedDatoTidType* dato_tid(struct soap* ctx, const std::optional<std::string>& v) {
  if (!v) return nullptr;
  auto* d = soap_new_pbde__usikkerhedDatoTidType(ctx);
  d->dato = to_timeval(*v);
  return d;
}

pbde__adresseType* adresse(struct soap* ctx, const CprAdresse& a) {
  auto* x = soap_new_pbde__adresseType(ctx);
  x->kommuneCvr = str(ctx, a.kommuneCvr);
  x->kommunekode = str(ctx, a.kommunekode);
  x->vejkode = str(ctx, a.vejkode);
  x->husnummer = str(ctx, a.husnummer);
  x->etage = str(ctx, a.etage);
  x->sidedoer = str(ctx, a.sidedoer);
  x->bygningsnummer = str(ctx, a.bygningsnummer);
  x->conavn = str(ctx, a.conavn);
  x->lokalitet = str(ctx, a.lokalitet);
  x->bynavn = str(ctx, a.bynavn);
  x->postnummer = str(ctx, a.postnummer);
  x->postdistrikt = str(ctx, a.postdistrikt);
  x->vejnavn = str(ctx, a.vejnavn);
  x->standardadresse = str(ctx, a.standardadresse);
  x->adresseringsnavn = str(ctx, a.adresseringsnavn);
  x->vejadresseringsnavn = str(ctx, a.vejadresseringsnavn);
  x->tilflytningsdato = dato_tid(ctx, a.tilflytningsdato);
  return x;
}

void fill(struct soap* ctx, const CprPerson& p, pbde__PersonLookupResponseType& r) {
  auto* pd = soap_new_pbde__persondataType(ctx);
  pd->personnummer = str(ctx, p.personnummer);
  pd->gaeldendePersonnummer = str(ctx, p.gaeldendePersonnummer.value_or(p.personnummer));
  pd->navn = soap_new_pbde__navnType(ctx);
  pd->navn->personadresseringsnavn = p.personadresseringsnavn;
  pd->navn->fornavn = str(ctx, p.fornavn);
  pd->navn->mellemnavn = str(ctx, p.mellemnavn);
  pd->navn->efternavn = str(ctx, p.efternavn);
  pd->koen = str(ctx, p.koen);
  pd->antalBoernUnder18 = p.antalBoernUnder18;
  if (p.status || p.statusdato) {
    pd->status = soap_new_pbde__statusType(ctx);
    if (p.status) {
      pd->status->status = soap_new_int(ctx);
      *pd->status->status = *p.status;
    }
    pd->status->statusdato = dato_tid(ctx, p.statusdato);
  }
  if (p.adressebeskyttelse) {
    auto* b = soap_new_pbde__beskyttelseType(ctx);
    b->startdato = str(ctx, p.adressebeskyttelse->startdato);
    b->slutdato = str(ctx, p.adressebeskyttelse->slutdato);
    if (p.adressebeskyttelse->beskyttet) {
      b->beskyttet = soap_new_bool(ctx);
      *b->beskyttet = *p.adressebeskyttelse->beskyttet;
    }
    pd->adressebeskyttelse = b;
  }
  if (p.tilmeldtDigitalpost) {
    pd->tilmeldtDigitalpost = soap_new_bool(ctx);
    *pd->tilmeldtDigitalpost = *p.tilmeldtDigitalpost;
  }
  r.persondata = pd;

  if (!p.aktuelAdresse && !p.udrejseoplysninger && !p.kontaktAdresse) return;
  auto* ad = soap_new_pbde__adressedataType(ctx);
  if (p.aktuelAdresse) ad->aktuelAdresse = adresse(ctx, *p.aktuelAdresse);
  if (const auto& u = p.udrejseoplysninger) {
    auto* x = soap_new_pbde__udrejseoplysningerType(ctx);
    x->udrejselandekode = str(ctx, u->udrejselandekode);
    x->udrejsedato = dato_tid(ctx, u->udrejsedato);
    x->udlandsadresse1 = str(ctx, u->udlandsadresse1);
    x->udlandsadresse2 = str(ctx, u->udlandsadresse2);
    x->udlandsadresse3 = str(ctx, u->udlandsadresse3);
    x->udlandsadresse4 = str(ctx, u->udlandsadresse4);
    x->udlandsadresse5 = str(ctx, u->udlandsadresse5);
    ad->udrejseoplysninger = x;
  }
  if (const auto& k = p.kontaktAdresse) {
    auto* x = soap_new_pbde__kontaktAdresseType(ctx);
    x->kontaktAdr1 = str(ctx, k->kontaktAdr1);
    x->kontaktAdr2 = str(ctx, k->kontaktAdr2);
    x->kontaktAdr3 = str(ctx, k->kontaktAdr3);
    x->kontaktAdr4 = str(ctx, k->kontaktAdr4);
    x->kontaktAdr5 = str(ctx, k->kontaktAdr5);
    x->startdato = str(ctx, k->startdato);
    x->slettedato = str(ctx, k->slettedato);
    ad->kontaktAdresse = x;
  }
  r.adresse = ad;
}

}  // namespace cpr

CprService::CprService(struct soap* ctx, Shared shared, RequestFlags& flags)
    : PersonBaseDataExtendedBindingService(ctx), shared_(shared), flags_(flags) {}

cprsoap::PersonBaseDataExtendedBindingService* CprService::copy() {
  auto* dup = new CprService(soap_copy(soap), shared_, flags_);
  dup->soap_own = true;
  return dup;
}

int CprService::PersonLookup(cprsoap::pbde__PersonLookupRequestType* request,
                             cprsoap::pbde__PersonLookupResponseType& response) {
  static const std::regex kPnr("[0-9]{10}");
  const std::string pnr = request != nullptr ? request->pnr__PNR : std::string();
  flags_.summary = "CPR PersonLookup " + pnr;
  if (int rc = gate(soap, shared_.control, flags_)) return rc;
  if (!std::regex_match(pnr, kPnr)) {
    flags_.summary += " -> fault (invalid)";
    return soap_senderfault("Invalid PNR",
                            serviceplatform_fault("PNR_INVALID", "Invalid PNR").c_str());
  }
  const auto it = shared_.fixture.personer.find(pnr);
  std::optional<CprPerson> generated;
  if (it == shared_.fixture.personer.end() && shared_.synthetic) generated = synthetic_person(pnr);
  if (it == shared_.fixture.personer.end() && !generated) {
    flags_.summary += " -> fault (not found)";
    return soap_senderfault(kPnrNotFound,
                            serviceplatform_fault("PNR_NOT_FOUND", kPnrNotFound).c_str());
  }
  cpr::fill(soap, generated ? *generated : it->second, response);
  flags_.summary += generated ? " -> OK (synthetic)" : " -> OK";
  return SOAP_OK;
}

// ---------------------------------------------------------------------------------- SF1530 CVR

namespace cvr {

using namespace cvrsoap;

std::string* str(struct soap* ctx, const std::optional<std::string>& v) {
  if (!v) return nullptr;
  std::string* s = soap_new_std__string(ctx);
  *s = *v;
  return s;
}

cvr__AddressDescriptionType* adresse(struct soap* ctx, const CvrAdresse& a) {
  auto* x = soap_new_cvr__AddressDescriptionType(ctx);
  auto* pe = soap_new_cvr__AddressPostalExtendedType(ctx);
  pe->dkcc2005__StreetName = a.StreetName;
  pe->dkcc2003__StreetBuildingIdentifier = a.StreetBuildingIdentifier;
  pe->dkcc2003__FloorIdentifier = str(ctx, a.FloorIdentifier);
  pe->dkcc2003__SuiteIdentifier = str(ctx, a.SuiteIdentifier);
  pe->dkcc2005__PostCodeIdentifier = a.PostCodeIdentifier;
  pe->dkcc2005__DistrictName = a.DistrictName;
  pe->itst__CareOfName = str(ctx, a.CareOfName);
  x->AddressPostalExtended = pe;
  x->dkcc2003__CountryIdentificationCode = soap_new_dkcc2003__CountryIdentificationCodeType(ctx);
  x->dkcc2003__CountryIdentificationCode->__item = a.CountryIdentificationCode;
  x->dkcc2003__CountryIdentificationCode->scheme = "iso3166-alpha2";
  x->validFromDate = a.validFromDate;
  x->validToDate = str(ctx, a.validToDate);
  return x;
}

cvr__LegalUnitType* legal_unit(struct soap* ctx, const CvrVirksomhed& v) {
  auto* u = soap_new_cvr__LegalUnitType(ctx);
  u->LegalUnitIdentifier = v.LegalUnitIdentifier;
  u->LegalUnitName = soap_new_cvr__LegalUnitNameType(ctx);
  u->LegalUnitName->name = v.name;
  u->LegalUnitName->sequenceNumber = "1";
  u->LegalUnitName->validFromDate = v.StartDate;
  u->AdvertisingProtectionIndicator = v.AdvertisingProtectionIndicator;
  u->cvr2005__ExporterIndicator = false;
  u->cvr2005__ImporterIndicator = false;
  u->Lifecycle = soap_new_cvr__LifecycleType(ctx);
  u->Lifecycle->StartDate = v.StartDate;
  u->Lifecycle->CessationDate = str(ctx, v.CessationDate);
  u->AddressOfficial = adresse(ctx, v.AddressOfficial);
  if (v.AddressPostal) u->AddressPostal = adresse(ctx, *v.AddressPostal);
  u->versionIdentifier = "1";
  return u;
}

}  // namespace cvr

CvrService::CvrService(struct soap* ctx, Shared shared, RequestFlags& flags)
    : CvrBindingService(ctx), shared_(shared), flags_(flags) {}

cvrsoap::CvrBindingService* CvrService::copy() {
  auto* dup = new CvrService(soap_copy(soap), shared_, flags_);
  dup->soap_own = true;
  return dup;
}

int CvrService::getLegalUnit(cvrsoap::cvronl__GetLegalUnitRequestType* request,
                             cvrsoap::cvronl__GetLegalUnitResponseType& response) {
  const int number = request != nullptr && request->cvrws__GetLegalUnitRequest != nullptr
                         ? request->cvrws__GetLegalUnitRequest->cvr__LegalUnitIdentifier
                         : 0;
  flags_.summary = "CVR getLegalUnit " + std::to_string(number);
  if (int rc = gate(soap, shared_.control, flags_)) return rc;
  const auto it = shared_.fixture.virksomheder.find(number);
  std::optional<CvrVirksomhed> generated;
  if (it == shared_.fixture.virksomheder.end() && shared_.synthetic) {
    generated = synthetic_company(number);
  }
  if (it == shared_.fixture.virksomheder.end() && !generated) {
    flags_.summary += " -> fault (not found)";
    return soap_receiverfault(kCvrNotFound, nullptr);
  }
  response.cvrws__GetLegalUnitResponse = cvrsoap::soap_new__cvrws__GetLegalUnitResponse(soap);
  response.cvrws__GetLegalUnitResponse->cvr__LegalUnit =
      cvr::legal_unit(soap, generated ? *generated : it->second);
  flags_.summary += generated ? " -> OK (synthetic)" : " -> OK";
  return SOAP_OK;
}

}  // namespace kontaktdata::simulator
