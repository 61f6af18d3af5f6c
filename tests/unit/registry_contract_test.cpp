// Contract test of the register clients (generated/cpr, generated/cvr) against the REAL
// Serviceplatform contracts in ../shared/contracts (SF1520 PersonBaseDataExtended v4, SF1530 CVR
// Online): every request the generated proxies send, and every response the generated service
// classes send (as the register simulator will), validates against the real XSDs with Xerces-C;
// the responses are parsed back with the generated deserializers and their values checked; and
// real-shaped responses carrying elements Kontaktdata does not use still parse, strictly.
//
// Without ../shared/contracts the test reports itself skipped (exit code 77, CTest property
// SKIP_RETURN_CODE) — except under CI=true, where their absence is a failure.
// KONTAKTDATA_CONTRACTS_DIR overrides the location.
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/TestRunner.h>
#include <cppunit/extensions/HelperMacros.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <xercesc/dom/DOM.hpp>
#include <xercesc/framework/LocalFileInputSource.hpp>
#include <xercesc/framework/MemBufInputSource.hpp>
#include <xercesc/parsers/XercesDOMParser.hpp>
#include <xercesc/sax/ErrorHandler.hpp>
#include <xercesc/sax/SAXParseException.hpp>
#include <xercesc/util/PlatformUtils.hpp>
#include <xercesc/util/XMLEntityResolver.hpp>
#include <xercesc/util/XMLResourceIdentifier.hpp>
#include <xercesc/util/XMLString.hpp>
#include <xercesc/util/XMLUni.hpp>
#include <xercesc/validators/common/Grammar.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "cprsoapPersonBaseDataExtendedBindingProxy.h"
#include "cprsoapPersonBaseDataExtendedBindingService.h"
#include "cvrsoapCvrBindingProxy.h"
#include "cvrsoapCvrBindingService.h"

#ifndef KONTAKTDATA_SOURCE_DIR
#error "KONTAKTDATA_SOURCE_DIR must name the project root (tests/unit/CMakeLists.txt)"
#endif

namespace fs = std::filesystem;
namespace xc = XERCES_CPP_NAMESPACE;

namespace {

// ---------------------------------------------------------------------------------------------
// The real contracts, loaded into Xerces once per service.

const char kSf1520[] = "SF1520-cpr-PersonBaseDataExtended/PersonBaseDataExtendedServiceMsg.xsd";
const char kSf1530[] = "SF1530-cvr-OnlineService/OnlineServiceMsg.xsd";

// SOAP 1.1 envelope: optional Header (skipped), a Body with exactly one element of another
// namespace, validated strictly against the loaded contract.
const char kEnvelopeSchema[] = R"(<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
           targetNamespace="http://schemas.xmlsoap.org/soap/envelope/" elementFormDefault="qualified">
  <xs:element name="Envelope">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="Header" minOccurs="0">
          <xs:complexType>
            <xs:sequence><xs:any processContents="skip" minOccurs="0" maxOccurs="unbounded"/></xs:sequence>
            <xs:anyAttribute processContents="skip"/>
          </xs:complexType>
        </xs:element>
        <xs:element name="Body">
          <xs:complexType>
            <xs:sequence><xs:any namespace="##other" processContents="strict"/></xs:sequence>
            <xs:anyAttribute processContents="skip"/>
          </xs:complexType>
        </xs:element>
      </xs:sequence>
      <xs:anyAttribute processContents="skip"/>
    </xs:complexType>
  </xs:element>
</xs:schema>
)";

std::string utf8(const XMLCh* text) {
  if (text == nullptr) return {};
  char* s = xc::XMLString::transcode(text);
  std::string out(s);
  xc::XMLString::release(&s);
  return out;
}

// Serves the schema files under the contracts folder and nothing else: no URL is ever fetched.
class LocalOnlyResolver : public xc::XMLEntityResolver {
 public:
  explicit LocalOnlyResolver(fs::path root) : root_(fs::weakly_canonical(root)) {}
  xc::InputSource* resolveEntity(xc::XMLResourceIdentifier* id) override {
    std::string system = utf8(id->getSystemId());
    std::string base = utf8(id->getBaseURI());
    if (system.rfind("file://", 0) == 0) system.erase(0, 7);
    if (base.rfind("file://", 0) == 0) base.erase(0, 7);
    if (system.find("://") != std::string::npos) {
      refused.push_back(system);
      return nullptr;
    }
    fs::path path = fs::path(system).is_absolute() ? fs::path(system)
                                                   : fs::path(base).parent_path() / system;
    path = fs::weakly_canonical(path);
    const std::string p = path.string();
    const std::string r = root_.string() + "/";
    if (p.rfind(r, 0) != 0 || !fs::is_regular_file(path)) {
      refused.push_back(system);
      return nullptr;
    }
    XMLCh* x = xc::XMLString::transcode(p.c_str());
    auto* source = new xc::LocalFileInputSource(x);
    xc::XMLString::release(&x);
    return source;
  }
  std::vector<std::string> refused;

 private:
  fs::path root_;
};

class CollectingErrors : public xc::ErrorHandler {
 public:
  void warning(const xc::SAXParseException&) override {}
  void error(const xc::SAXParseException& e) override { add(e); }
  void fatalError(const xc::SAXParseException& e) override { add(e); }
  void resetErrors() override { messages.clear(); }
  std::vector<std::string> messages;

 private:
  void add(const xc::SAXParseException& e) {
    messages.push_back(utf8(e.getSystemId()) + ":" + std::to_string(e.getLineNumber()) + ":" +
                       std::to_string(e.getColumnNumber()) + ": " + utf8(e.getMessage()));
  }
};

class RealContract {
 public:
  RealContract(const fs::path& root, const std::string& main_schema)
      : resolver_(root), parser_(std::make_unique<xc::XercesDOMParser>()) {
    parser_->setDoNamespaces(true);
    parser_->setDoSchema(true);
    parser_->setValidationScheme(xc::XercesDOMParser::Val_Always);
    parser_->setValidationSchemaFullChecking(true);
    parser_->setValidationConstraintFatal(false);
    parser_->setLoadExternalDTD(false);
    parser_->setLoadSchema(false);  // never follow xsi:schemaLocation
    parser_->setDisableDefaultEntityResolution(true);
    parser_->setXMLEntityResolver(&resolver_);
    parser_->setErrorHandler(&errors_);
    parser_->useCachedGrammarInParse(true);
    parser_->cacheGrammarFromParse(false);

    xc::MemBufInputSource envelope(reinterpret_cast<const XMLByte*>(kEnvelopeSchema),
                                   sizeof kEnvelopeSchema - 1, "urn:test:soap11-envelope.xsd");
    load(envelope, "SOAP envelope");
    const fs::path path = fs::weakly_canonical(root / main_schema);
    XMLCh* x = xc::XMLString::transcode(path.string().c_str());
    xc::LocalFileInputSource source(x);
    xc::XMLString::release(&x);
    load(source, path.string());
  }

  // Empty when `xml` is a valid envelope whose body element is valid against the contract.
  std::vector<std::string> validate(const std::string& xml) {
    errors_.resetErrors();
    xc::MemBufInputSource source(reinterpret_cast<const XMLByte*>(xml.data()), xml.size(),
                                 "message");
    parser_->parse(source);
    std::vector<std::string> out = errors_.messages;
    for (const auto& r : resolver_.refused) out.push_back("refused to resolve " + r);
    parser_->resetDocumentPool();
    return out;
  }

 private:
  void load(xc::InputSource& source, const std::string& what) {
    errors_.resetErrors();
    if (parser_->loadGrammar(source, xc::Grammar::SchemaGrammarType, true) == nullptr ||
        !errors_.messages.empty() || !resolver_.refused.empty()) {
      std::string text = "cannot load " + what;
      for (const auto& m : errors_.messages) text += "\n  " + m;
      for (const auto& r : resolver_.refused) text += "\n  refused " + r;
      throw std::runtime_error(text);
    }
  }

  LocalOnlyResolver resolver_;
  CollectingErrors errors_;
  std::unique_ptr<xc::XercesDOMParser> parser_;
};

fs::path g_contracts;
RealContract* g_sf1520 = nullptr;
RealContract* g_sf1530 = nullptr;

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return out;
}

// The XML of an HTTP message as gSOAP wrote it to a stream (headers, if any, cut off).
std::string body_of(const std::string& message) {
  const auto end = message.find("\r\n\r\n");
  if (message.rfind("<?xml", 0) == 0 || message.rfind("<SOAP-ENV", 0) == 0) return message;
  return end == std::string::npos ? message : message.substr(end + 4);
}

void assert_valid(RealContract& contract, const std::string& xml, const std::string& what) {
  const auto errors = contract.validate(xml);
  CPPUNIT_ASSERT_MESSAGE(what + " is not valid against the real contract:\n" + joined(errors) +
                             "---\n" + xml,
                         errors.empty());
}

// ---------------------------------------------------------------------------------------------
// Demo register data (DEMO-DATA.md) and the service classes as the simulator will use them.

const char kAgreement[] = "0c1b0f7e-5d3a-4c1e-9f2b-1a2b3c4d5e6f";
const char kUserSystem[] = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001";
const char kUser[] = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0effff";
const char kCprService[] = "e6be2436-bf35-4df2-83fe-925142825dc2";  // SF1520 service.uuid
const char kCvrService[] = "c0daecde-e278-43b7-84fd-477bfeeea027";  // SF1530 service.uuid

// Strings belong to the context of the module that will free them.
std::string* cpr_str(soap* s, const std::string& v) {
  auto* p = cprsoap::soap_new_std__string(s);
  *p = v;
  return p;
}

std::string* cvr_str(soap* s, const std::string& v) {
  auto* p = cvrsoap::soap_new_std__string(s);
  *p = v;
  return p;
}

struct timeval at(time_t seconds) {
  struct timeval t {};
  t.tv_sec = seconds;
  return t;
}

class CprSimulator : public cprsoap::PersonBaseDataExtendedBindingService {
 public:
  using PersonBaseDataExtendedBindingService::PersonBaseDataExtendedBindingService;
  cprsoap::PersonBaseDataExtendedBindingService* copy() override { return new CprSimulator(*this); }

  int PersonLookup(cprsoap::pbde__PersonLookupRequestType* request,
                   cprsoap::pbde__PersonLookupResponseType& response) override {
    using namespace cprsoap;
    seen_pnr = request->pnr__PNR;
    seen_call_id = request->callctx__CallContext && request->callctx__CallContext->CallersServiceCallIdentifier
                       ? *request->callctx__CallContext->CallersServiceCallIdentifier
                       : "";
    struct soap* s = this->soap;
    auto* person = soap_new_pbde__persondataType(s);
    person->personnummer = cpr_str(s, request->pnr__PNR);
    person->antalBoernUnder18 = "0";
    person->navn = soap_new_pbde__navnType(s);
    person->status = soap_new_pbde__statusType(s);
    person->status->status = static_cast<int*>(soap_malloc(s, sizeof(int)));
    *person->status->status = 1;
    auto* adresse = soap_new_pbde__adressedataType(s);
    if (request->pnr__PNR == "0101701234") {
      person->navn->personadresseringsnavn = "Jensen,Anna";
      person->navn->fornavn = cpr_str(s, "Anna");
      person->navn->efternavn = cpr_str(s, "Jensen");
      person->tilmeldtDigitalpost = static_cast<bool*>(soap_malloc(s, sizeof(bool)));
      *person->tilmeldtDigitalpost = true;
      auto* a = soap_new_pbde__adresseType(s);
      a->kommuneCvr = cpr_str(s, "55133018");
      a->kommunekode = cpr_str(s, "751");
      a->vejkode = cpr_str(s, "8520");
      a->husnummer = cpr_str(s, "12");
      a->etage = cpr_str(s, "1");
      a->sidedoer = cpr_str(s, "th");
      a->postnummer = cpr_str(s, "8000");
      a->postdistrikt = cpr_str(s, "Aarhus C");
      a->vejnavn = cpr_str(s, "Vestergade");
      a->standardadresse = cpr_str(s, "Vestergade 12,1. th");
      a->tilflytningsdato = soap_new_pbde__usikkerhedDatoTidType(s);
      a->tilflytningsdato->dato = at(1262304000);  // 2010-01-01
      adresse->aktuelAdresse = a;
      auto* k = soap_new_pbde__kontaktAdresseType(s);
      k->kontaktAdr1 = cpr_str(s, "Anna Jensen");
      k->kontaktAdr2 = cpr_str(s, "Sommerhusvej 3");
      k->kontaktAdr3 = cpr_str(s, "9990 Skagen");
      k->startdato = cpr_str(s, "2024-06-01");
      k->slettedato = cpr_str(s, "2024-08-31");
      adresse->kontaktAdresse = k;
    } else if (request->pnr__PNR == "0202802345") {
      person->navn->personadresseringsnavn = "Hansen,Bo";
      person->navn->fornavn = cpr_str(s, "Bo");
      person->navn->efternavn = cpr_str(s, "Hansen");
      person->adressebeskyttelse = soap_new_pbde__beskyttelseType(s);
      person->adressebeskyttelse->startdato = cpr_str(s, "2019-03-01");
      person->adressebeskyttelse->beskyttet = static_cast<bool*>(soap_malloc(s, sizeof(bool)));
      *person->adressebeskyttelse->beskyttet = true;
      auto* a = soap_new_pbde__adresseType(s);
      a->husnummer = cpr_str(s, "5");
      a->postnummer = cpr_str(s, "1165");
      a->postdistrikt = cpr_str(s, "København K");
      a->vejnavn = cpr_str(s, "Nørregade");
      adresse->aktuelAdresse = a;
    } else if (request->pnr__PNR == "0404004567") {
      person->navn->personadresseringsnavn = "Larsen,Dorte";
      person->navn->fornavn = cpr_str(s, "Dorte");
      person->navn->efternavn = cpr_str(s, "Larsen");
      *person->status->status = 80;
      person->status->statusdato = soap_new_pbde__usikkerhedDatoTidType(s);
      person->status->statusdato->dato = at(1590969600);  // 2020-06-01
      auto* u = soap_new_pbde__udrejseoplysningerType(s);
      u->udrejselandekode = cpr_str(s, "5150");
      u->udrejsedato = soap_new_pbde__usikkerhedDatoTidType(s);
      u->udrejsedato->dato = at(1590969600);
      u->udlandsadresse1 = cpr_str(s, "Calle Mayor 3");
      u->udlandsadresse2 = cpr_str(s, "28013 Madrid");
      u->udlandsadresse3 = cpr_str(s, "Spanien");
      adresse->udrejseoplysninger = u;
    } else {
      return soap_sender_fault(s, "Person ikke fundet", nullptr);
    }
    response.persondata = person;
    response.adresse = adresse;
    return SOAP_OK;
  }
  std::string seen_pnr, seen_call_id;
};

class CvrSimulator : public cvrsoap::CvrBindingService {
 public:
  using CvrBindingService::CvrBindingService;
  cvrsoap::CvrBindingService* copy() override { return new CvrSimulator(*this); }

  int getLegalUnit(cvrsoap::cvronl__GetLegalUnitRequestType* request,
                   cvrsoap::cvronl__GetLegalUnitResponseType& response) override {
    using namespace cvrsoap;
    struct soap* s = this->soap;
    seen_level = request->cvrws__GetLegalUnitRequest->level;
    const int cvr = request->cvrws__GetLegalUnitRequest->cvr__LegalUnitIdentifier;
    response.cvrws__GetLegalUnitResponse = soap_new__cvrws__GetLegalUnitResponse(s);
    if (cvr != 12345674 && cvr != 30030036) return SOAP_OK;  // empty answer
    const bool ceased = cvr == 30030036;
    auto* unit = soap_new_cvr__LegalUnitType(s);
    unit->versionIdentifier = "1";
    unit->LegalUnitIdentifier = cvr;
    unit->LegalUnitName = soap_new_cvr__LegalUnitNameType(s);
    unit->LegalUnitName->name = ceased ? "Ophørt Handel A/S" : "Eksempel ApS";
    unit->LegalUnitName->sequenceNumber = "0";
    unit->LegalUnitName->validFromDate = "2001-01-01";
    unit->AdvertisingProtectionIndicator = false;
    unit->cvr2005__ExporterIndicator = false;
    unit->cvr2005__ImporterIndicator = false;
    unit->Lifecycle = soap_new_cvr__LifecycleType(s);
    unit->Lifecycle->StartDate = "2001-01-01";
    if (ceased) unit->Lifecycle->CessationDate = cvr_str(s, "2023-12-31");
    auto* address = soap_new_cvr__AddressDescriptionType(s);
    address->validFromDate = "2001-01-01";
    address->AddressPostalExtended = soap_new_cvr__AddressPostalExtendedType(s);
    address->AddressPostalExtended->dkcc2005__StreetName = ceased ? "Havnegade" : "Industrivej";
    address->AddressPostalExtended->dkcc2003__StreetBuildingIdentifier = ceased ? "2" : "7";
    address->AddressPostalExtended->dkcc2005__PostCodeIdentifier = ceased ? "5000" : "7100";
    address->AddressPostalExtended->dkcc2005__DistrictName = ceased ? "Odense C" : "Vejle";
    address->dkcc2003__CountryIdentificationCode = soap_new_dkcc2003__CountryIdentificationCodeType(s);
    address->dkcc2003__CountryIdentificationCode->__item = "DK";
    address->dkcc2003__CountryIdentificationCode->scheme = "iso3166-alpha2";
    unit->AddressOfficial = address;
    unit->AddressPostal = address;
    response.cvrws__GetLegalUnitResponse->cvr__LegalUnit = unit;
    return SOAP_OK;
  }
  std::string seen_level;
};

// ---------------------------------------------------------------------------------------------
// The exchange, in memory: the proxy writes its request to a stream, the service class serves it
// from there, the proxy reads the service's answer back.

struct Exchange {
  std::string request;   // as sent by the proxy (HTTP headers included)
  std::string response;  // as sent by the service class
};

cprsoap::pbde__PersonLookupRequestType* cpr_request(soap* s, const std::string& pnr) {
  using namespace cprsoap;
  auto* req = soap_new_pbde__PersonLookupRequestType(s);
  req->callctx__CallContext = soap_new_callctx__CallContextType(s);
  req->callctx__CallContext->CallersServiceCallIdentifier = cpr_str(s, "kald-4711");
  req->autctx__AuthorityContext = soap_new_autctx__AuthorityContextType(s);
  req->autctx__AuthorityContext->MunicipalityCVR = "55133018";
  req->invctx__InvocationContext = soap_new_invctx__InvocationContextType(s);
  req->invctx__InvocationContext->ServiceAgreementUUID = kAgreement;
  req->invctx__InvocationContext->UserSystemUUID = kUserSystem;
  req->invctx__InvocationContext->UserUUID = kUser;
  req->invctx__InvocationContext->ServiceUUID = kCprService;
  req->invctx__InvocationContext->CallersServiceCallIdentifier = cpr_str(s, "kald-4711");
  req->pnr__PNR = pnr;
  return req;
}

cvrsoap::cvronl__GetLegalUnitRequestType* cvr_request(soap* s, int cvr) {
  using namespace cvrsoap;
  auto* req = soap_new_cvronl__GetLegalUnitRequestType(s);
  req->callctx__CallContext = soap_new_callctx__CallContextType(s);
  req->callctx__CallContext->CallersServiceCallIdentifier = cvr_str(s, "kald-4712");
  req->invctx__InvocationContext = soap_new_invctx__InvocationContextType(s);
  req->invctx__InvocationContext->ServiceAgreementUUID = kAgreement;
  req->invctx__InvocationContext->UserSystemUUID = kUserSystem;
  req->invctx__InvocationContext->UserUUID = kUser;
  req->invctx__InvocationContext->ServiceUUID = kCvrService;
  req->cvrws__GetLegalUnitRequest = soap_new_cvrws__GetLegalUnitRequestType(s);
  req->cvrws__GetLegalUnitRequest->level = "1";
  req->cvrws__GetLegalUnitRequest->cvr__LegalUnitIdentifier = cvr;
  return req;
}

// Strict XML, and std::string holds UTF-8 (without SOAP_C_UTFSTRING gSOAP takes it for Latin-1
// and double-encodes "ø" on the wire).
const soap_mode kMode = SOAP_XML_STRICT | SOAP_C_UTFSTRING;

// A client context that "connects" to nothing and sends (HTTP headers included) to soap->os.
const char kCprEndpoint[] = "http://register.invalid/service/CPR/PersonBaseDataExtended/4";
const char kCvrEndpoint[] = "http://register.invalid/service/CVR/Online/2";

void send_to_stream(struct soap* s, std::ostream& out) {
  s->os = &out;
  s->fopen = [](struct soap*, const char*, const char*, int) -> SOAP_SOCKET { return 1000; };
  s->fclose = [](struct soap* c) -> int {
    c->socket = SOAP_INVALID_SOCKET;
    return SOAP_OK;
  };
}

// REGISTRY_CONTRACT_DUMP=1 prints every exchange (to look at the bytes on the wire).
void dump(const Exchange& x) {
  const char* d = std::getenv("REGISTRY_CONTRACT_DUMP");
  if (d && *d) std::cerr << "\n--- request\n" << x.request << "\n--- response\n" << x.response << "\n";
}

// Serves one request with `service` from `request`, returns what it wrote.
template <class Service>
std::string serve(Service& service, const std::string& request) {
  std::istringstream in(request);
  std::ostringstream out;
  service.soap->is = &in;
  service.soap->os = &out;
  service.serve();
  service.soap->is = nullptr;
  service.soap->os = nullptr;
  service.destroy();
  return out.str();
}

// ---------------------------------------------------------------------------------------------

class RegistryContractTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RegistryContractTest);
  CPPUNIT_TEST(testEachModuleSetsItsOwnNamespaceTable);
  CPPUNIT_TEST(testPersonLookupAnna);
  CPPUNIT_TEST(testPersonLookupBoAddressProtection);
  CPPUNIT_TEST(testPersonLookupDorteEmigrated);
  CPPUNIT_TEST(testPersonLookupValidationIsNotVacuous);
  CPPUNIT_TEST(testRealShapedPersonLookupResponseParsesStrictly);
  CPPUNIT_TEST(testGetLegalUnitActiveCompany);
  CPPUNIT_TEST(testGetLegalUnitCeasedCompany);
  CPPUNIT_TEST(testGetLegalUnitValidationIsNotVacuous);
  CPPUNIT_TEST(testRealShapedGetLegalUnitResponseParsesStrictly);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testEachModuleSetsItsOwnNamespaceTable() {
    cprsoap::PersonBaseDataExtendedBindingProxy cpr;
    cvrsoap::CvrBindingProxy cvr;
    CprSimulator cprs;
    CvrSimulator cvrs;
    CPPUNIT_ASSERT(has_prefix(cpr.soap->local_namespaces ? cpr.soap->local_namespaces : cpr.soap->namespaces, "pbde"));
    CPPUNIT_ASSERT(has_prefix(cprs.soap->namespaces, "pbde"));
    CPPUNIT_ASSERT(has_prefix(cvr.soap->namespaces, "cvronl"));
    CPPUNIT_ASSERT(has_prefix(cvrs.soap->namespaces, "dkcc2003"));
    CPPUNIT_ASSERT(!has_prefix(cpr.soap->namespaces, "cvronl"));
    CPPUNIT_ASSERT(!has_prefix(cvr.soap->namespaces, "pbde"));
    CPPUNIT_ASSERT(!has_prefix(cpr.soap->namespaces, "kd"));
  }

  void testPersonLookupAnna() {
    auto [x, resp, sim] = cpr_exchange("0101701234");
    CPPUNIT_ASSERT_EQUAL(std::string("0101701234"), sim);
    CPPUNIT_ASSERT(x.request.find("SOAPAction: \"http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/PersonLookup\"") != std::string::npos);
    const auto& p = *resp->persondata;
    CPPUNIT_ASSERT_EQUAL(std::string("Anna"), *p.navn->fornavn);
    CPPUNIT_ASSERT_EQUAL(std::string("Jensen"), *p.navn->efternavn);
    CPPUNIT_ASSERT_EQUAL(1, *p.status->status);
    CPPUNIT_ASSERT(p.tilmeldtDigitalpost && *p.tilmeldtDigitalpost);
    CPPUNIT_ASSERT(p.adressebeskyttelse == nullptr);
    const auto& a = *resp->adresse->aktuelAdresse;
    CPPUNIT_ASSERT_EQUAL(std::string("Vestergade"), *a.vejnavn);
    CPPUNIT_ASSERT_EQUAL(std::string("12"), *a.husnummer);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), *a.etage);
    CPPUNIT_ASSERT_EQUAL(std::string("th"), *a.sidedoer);
    CPPUNIT_ASSERT_EQUAL(std::string("8000"), *a.postnummer);
    CPPUNIT_ASSERT_EQUAL(std::string("Aarhus C"), *a.postdistrikt);
    CPPUNIT_ASSERT_EQUAL(time_t{1262304000}, a.tilflytningsdato->dato.tv_sec);
    const auto& k = *resp->adresse->kontaktAdresse;
    CPPUNIT_ASSERT_EQUAL(std::string("Sommerhusvej 3"), *k.kontaktAdr2);
    CPPUNIT_ASSERT_EQUAL(std::string("2024-06-01"), *k.startdato);
    CPPUNIT_ASSERT_EQUAL(std::string("2024-08-31"), *k.slettedato);
  }

  void testPersonLookupBoAddressProtection() {
    auto [x, resp, sim] = cpr_exchange("0202802345");
    const auto& p = *resp->persondata;
    CPPUNIT_ASSERT(p.adressebeskyttelse != nullptr);
    CPPUNIT_ASSERT(*p.adressebeskyttelse->beskyttet);
    CPPUNIT_ASSERT_EQUAL(std::string("2019-03-01"), *p.adressebeskyttelse->startdato);
    CPPUNIT_ASSERT(p.adressebeskyttelse->slutdato == nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string("København K"), *resp->adresse->aktuelAdresse->postdistrikt);
    CPPUNIT_ASSERT(x.response.find(">København K<") != std::string::npos);  // UTF-8 on the wire
  }

  void testPersonLookupDorteEmigrated() {
    auto [x, resp, sim] = cpr_exchange("0404004567");
    const auto& p = *resp->persondata;
    CPPUNIT_ASSERT_EQUAL(80, *p.status->status);
    CPPUNIT_ASSERT(resp->adresse->aktuelAdresse == nullptr);
    const auto& u = *resp->adresse->udrejseoplysninger;
    CPPUNIT_ASSERT_EQUAL(std::string("Calle Mayor 3"), *u.udlandsadresse1);
    CPPUNIT_ASSERT_EQUAL(std::string("28013 Madrid"), *u.udlandsadresse2);
    CPPUNIT_ASSERT_EQUAL(std::string("Spanien"), *u.udlandsadresse3);
    CPPUNIT_ASSERT_EQUAL(time_t{1590969600}, u.udrejsedato->dato.tv_sec);
  }

  // The real schema does refuse what the real service would refuse: an unqualified PNR, a
  // response without the required antalBoernUnder18, elements out of order.
  void testPersonLookupValidationIsNotVacuous() {
    auto [x, resp, sim] = cpr_exchange("0101701234");
    const std::string request = body_of(x.request);
    const std::string response = body_of(x.response);
    auto replace = [](std::string text, const std::string& from, const std::string& to) {
      const auto at = text.find(from);
      CPPUNIT_ASSERT_MESSAGE("no " + from, at != std::string::npos);
      return text.replace(at, from.size(), to);
    };
    CPPUNIT_ASSERT(!g_sf1520->validate(replace(replace(request, "<pnr:PNR>", "<PNR xmlns=\"\">"),
                                               "</pnr:PNR>", "</PNR>")).empty());
    CPPUNIT_ASSERT(!g_sf1520->validate(replace(response, "<pbde:antalBoernUnder18>0</pbde:antalBoernUnder18>", "")).empty());
    CPPUNIT_ASSERT(!g_sf1520->validate(replace(response, "<pbde:tilmeldtDigitalpost>true</pbde:tilmeldtDigitalpost>", "")
                                           .insert(response.find("<pbde:navn>"), "<pbde:tilmeldtDigitalpost>true</pbde:tilmeldtDigitalpost>"))
                       .empty());
  }

  // A response as the real service may send it, with the parts Kontaktdata does not use, parses
  // with SOAP_XML_STRICT (valid against the real schema first).
  void testRealShapedPersonLookupResponseParsesStrictly() {
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>
<ns2:PersonLookupResponse xmlns:ns2="http://serviceplatformen.dk/xml/wsdl/soap11/CPR/PersonBaseDataExtended/4/">
<ns2:persondata><ns2:personnummer>0101701234</ns2:personnummer>
<ns2:navn><ns2:personadresseringsnavn>Jensen,Anna</ns2:personadresseringsnavn><ns2:fornavn>Anna</ns2:fornavn><ns2:efternavn>Jensen</ns2:efternavn>
<ns2:navnestartdato><ns2:dato>1970-01-01T00:00:00.000+01:00</ns2:dato></ns2:navnestartdato></ns2:navn>
<ns2:foedselsdato><ns2:dato>1970-01-01+01:00</ns2:dato></ns2:foedselsdato>
<ns2:alder>55</ns2:alder><ns2:koen>K</ns2:koen><ns2:antalBoernUnder18>2</ns2:antalBoernUnder18>
<ns2:status><ns2:status>1</ns2:status><ns2:statusdato><ns2:dato>1970-01-01T00:00:00.000+01:00</ns2:dato></ns2:statusdato></ns2:status>
<ns2:civilstand><ns2:civilstand>G</ns2:civilstand></ns2:civilstand>
<ns2:statsborgerskab><ns2:landekode>5100</ns2:landekode></ns2:statsborgerskab>
<ns2:vejviserbeskyttelse><ns2:beskyttet>false</ns2:beskyttet></ns2:vejviserbeskyttelse>
<ns2:tilmeldtNemsms>false</ns2:tilmeldtNemsms><ns2:tilmeldtDigitalpost>true</ns2:tilmeldtDigitalpost></ns2:persondata>
<ns2:adresse><ns2:aktuelAdresse><ns2:kommunekode>751</ns2:kommunekode><ns2:vejkode>8520</ns2:vejkode><ns2:husnummer>012</ns2:husnummer>
<ns2:postnummer>8000</ns2:postnummer><ns2:postdistrikt>Aarhus C</ns2:postdistrikt><ns2:vejnavn>Vestergade</ns2:vejnavn>
<ns2:distrikter><ns2:postnummer>8000</ns2:postnummer><ns2:diversedistrikter><ns2:distriktType>1</ns2:distriktType></ns2:diversedistrikter></ns2:distrikter></ns2:aktuelAdresse>
<ns2:adresseHistorik><ns2:vejnavn>Gammelvej</ns2:vejnavn></ns2:adresseHistorik></ns2:adresse>
<ns2:relationer><ns2:barn><ns2:personnummer>0101101234</ns2:personnummer></ns2:barn><ns2:mor><ns2:personnummer>0101501234</ns2:personnummer></ns2:mor></ns2:relationer>
<ns2:notater><ns2:notanr>1</ns2:notanr></ns2:notater>
</ns2:PersonLookupResponse></soap:Body></soap:Envelope>)";
    assert_valid(*g_sf1520, xml, "real-shaped PersonLookupResponse");
    cprsoap::PersonBaseDataExtendedBindingProxy proxy(kMode);
    cprsoap::pbde__PersonLookupResponseType resp;
    std::istringstream in(xml);
    proxy.soap->is = &in;
    CPPUNIT_ASSERT_EQUAL_MESSAGE(error_of(proxy.soap), SOAP_OK, proxy.recv_PersonLookup(resp));
    CPPUNIT_ASSERT_EQUAL(std::string("Anna"), *resp.persondata->navn->fornavn);
    CPPUNIT_ASSERT(*resp.persondata->tilmeldtDigitalpost);
    CPPUNIT_ASSERT_EQUAL(std::string("Vestergade"), *resp.adresse->aktuelAdresse->vejnavn);
    CPPUNIT_ASSERT(resp.relationer != nullptr);
    proxy.soap->is = nullptr;
  }

  void testGetLegalUnitActiveCompany() {
    auto [x, resp, level] = cvr_exchange(12345674);
    CPPUNIT_ASSERT_EQUAL(std::string("1"), level);
    CPPUNIT_ASSERT(x.request.find("SOAPAction: \"http://rep.oio.dk/eogs/xml.wsdl/2/getLegalUnit\"") != std::string::npos);
    const auto* unit = resp->cvrws__GetLegalUnitResponse->cvr__LegalUnit;
    CPPUNIT_ASSERT(unit != nullptr);
    CPPUNIT_ASSERT_EQUAL(12345674, unit->LegalUnitIdentifier);
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), unit->LegalUnitName->name);
    CPPUNIT_ASSERT(unit->Lifecycle->CessationDate == nullptr);
    const auto& postal = *unit->AddressPostal->AddressPostalExtended;
    CPPUNIT_ASSERT_EQUAL(std::string("Industrivej"), postal.dkcc2005__StreetName);
    CPPUNIT_ASSERT_EQUAL(std::string("7"), postal.dkcc2003__StreetBuildingIdentifier);
    CPPUNIT_ASSERT_EQUAL(std::string("7100"), postal.dkcc2005__PostCodeIdentifier);
    CPPUNIT_ASSERT_EQUAL(std::string("Vejle"), postal.dkcc2005__DistrictName);
  }

  void testGetLegalUnitCeasedCompany() {
    auto [x, resp, level] = cvr_exchange(30030036);
    const auto* unit = resp->cvrws__GetLegalUnitResponse->cvr__LegalUnit;
    CPPUNIT_ASSERT_EQUAL(std::string("Ophørt Handel A/S"), unit->LegalUnitName->name);
    CPPUNIT_ASSERT(x.response.find("<cvr:name>Ophørt Handel A/S</cvr:name>") != std::string::npos);
    CPPUNIT_ASSERT(unit->Lifecycle->CessationDate != nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string("2023-12-31"), *unit->Lifecycle->CessationDate);
    CPPUNIT_ASSERT_EQUAL(std::string("Odense C"), unit->AddressOfficial->AddressPostalExtended->dkcc2005__DistrictName);
    // An unknown company: an empty GetLegalUnitResponse, valid as well.
    auto [x2, resp2, level2] = cvr_exchange(11111111);
    CPPUNIT_ASSERT(resp2->cvrws__GetLegalUnitResponse->cvr__LegalUnit == nullptr);
  }

  void testGetLegalUnitValidationIsNotVacuous() {
    auto [x, resp, level] = cvr_exchange(12345674);
    std::string request = body_of(x.request);
    const auto at = request.find(" level=\"1\"");
    CPPUNIT_ASSERT(at != std::string::npos);
    CPPUNIT_ASSERT(!g_sf1530->validate(std::string(request).erase(at, 10)).empty());
    std::string response = body_of(x.response);
    const auto life = response.find("<cvr:Lifecycle>");
    CPPUNIT_ASSERT(life != std::string::npos);
    const auto end = response.find("</cvr:Lifecycle>");
    CPPUNIT_ASSERT(!g_sf1530->validate(std::string(response).erase(life, end + 16 - life)).empty());
  }

  void testRealShapedGetLegalUnitResponseParsesStrictly() {
    const std::string xml = R"(<?xml version="1.0" encoding="UTF-8"?>
<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>
<m:GetLegalUnitResponse xmlns:m="http://rep.oio.dk/eogs/xml/2/" xmlns:w="http://rep.oio.dk/eogs/xml.wsdl/"
  xmlns:c="http://rep.oio.dk/eogs/xml.schema/" xmlns:c5="http://rep.oio.dk/cvr.dk/xml/schemas/2005/03/22/"
  xmlns:x5="http://rep.oio.dk/xkom.dk/xml/schemas/2005/03/15/" xmlns:cpr="http://rep.oio.dk/cpr.dk/xml/schemas/core/2005/03/18/"
  xmlns:d3="http://rep.oio.dk/ebxml/xml/schemas/dkcc/2003/02/13/" xmlns:d5="http://rep.oio.dk/ebxml/xml/schemas/dkcc/2005/03/15/"
  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<w:GetLegalUnitResponse><c:LegalUnit versionIdentifier="17">
<c:LegalUnitIdentifier>12345674</c:LegalUnitIdentifier>
<c:LegalUnitName sequenceNumber="1" validFromDate="2001-01-01"><c:name>Eksempel ApS</c:name></c:LegalUnitName>
<c:AdvertisingProtectionIndicator>true</c:AdvertisingProtectionIndicator>
<c5:ExporterIndicator>false</c5:ExporterIndicator><c5:ImporterIndicator>false</c5:ImporterIndicator>
<c:Lifecycle><c:StartDate>2001-01-01</c:StartDate></c:Lifecycle>
<c:AddressOfficial validFromDate="2001-01-01">
<x5:AddressAccess><cpr:MunicipalityCode>0630</cpr:MunicipalityCode><cpr:StreetCode>1234</cpr:StreetCode><d3:StreetBuildingIdentifier>7</d3:StreetBuildingIdentifier></x5:AddressAccess>
<c:AddressPostalExtended><d5:StreetName>Industrivej</d5:StreetName><d3:StreetBuildingIdentifier>7</d3:StreetBuildingIdentifier>
<d5:PostCodeIdentifier>7100</d5:PostCodeIdentifier><d5:DistrictName>Vejle</d5:DistrictName></c:AddressPostalExtended>
<d3:CountryIdentificationCode scheme="iso3166-alpha2">DK</d3:CountryIdentificationCode>
</c:AddressOfficial>
<c:ActivityInformation><c:MainActivity validFromDate="2001-01-01"><c:ActivityCode>620100</c:ActivityCode></c:MainActivity></c:ActivityInformation>
<c:BusinessFormat validFromDate="2001-01-01"><c:BusinessFormatCode>80</c:BusinessFormatCode><c:DataSupplierIdentifier>E&amp;S</c:DataSupplierIdentifier><c:MunicipalCommunity>false</c:MunicipalCommunity></c:BusinessFormat>
<c:ParticipantCollection><c:Participant xsi:type="c:ParticipantOtherType" validFromDate="2001-01-01"><c:ParticipantIdentifier>4000000001</c:ParticipantIdentifier><c:ParticipantName>Anna Jensen</c:ParticipantName></c:Participant></c:ParticipantCollection>
</c:LegalUnit></w:GetLegalUnitResponse></m:GetLegalUnitResponse></S:Body></S:Envelope>)";
    assert_valid(*g_sf1530, xml, "real-shaped GetLegalUnitResponse");
    cvrsoap::CvrBindingProxy proxy(kMode);
    cvrsoap::cvronl__GetLegalUnitResponseType resp;
    std::istringstream in(xml);
    proxy.soap->is = &in;
    CPPUNIT_ASSERT_EQUAL_MESSAGE(error_of(proxy.soap), SOAP_OK, proxy.recv_getLegalUnit(resp));
    const auto* unit = resp.cvrws__GetLegalUnitResponse->cvr__LegalUnit;
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), unit->LegalUnitName->name);
    CPPUNIT_ASSERT(unit->AddressPostal == nullptr);
    CPPUNIT_ASSERT_EQUAL(std::string("Vejle"), unit->AddressOfficial->AddressPostalExtended->dkcc2005__DistrictName);
    CPPUNIT_ASSERT(unit->ParticipantCollection != nullptr);
    proxy.soap->is = nullptr;
  }

 private:
  static bool has_prefix(const Namespace* table, const std::string& prefix) {
    for (const Namespace* n = table; n && n->id; ++n) {
      if (prefix == n->id) return true;
    }
    return false;
  }

  static std::string error_of(soap* s) {
    std::ostringstream out;
    soap_stream_fault(s, out);
    return out.str();
  }

  struct CprResult {
    Exchange x;
    std::shared_ptr<cprsoap::pbde__PersonLookupResponseType> resp;
    std::string seen_pnr;
  };

  // Proxy -> service class -> proxy, all validated against the real SF1520 schema.
  CprResult cpr_exchange(const std::string& pnr) {
    proxy_cpr_ = std::make_unique<cprsoap::PersonBaseDataExtendedBindingProxy>(kMode);
    CprSimulator sim(kMode);
    CprResult r;
    std::ostringstream sent;
    send_to_stream(proxy_cpr_->soap, sent);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(error_of(proxy_cpr_->soap), SOAP_OK,
                                 proxy_cpr_->send_PersonLookup(kCprEndpoint, nullptr,
                                                               cpr_request(proxy_cpr_->soap, pnr)));
    proxy_cpr_->soap->os = nullptr;
    r.x.request = sent.str();
    assert_valid(*g_sf1520, body_of(r.x.request), "PersonLookupRequest");
    r.x.response = serve(sim, r.x.request);
    r.seen_pnr = sim.seen_pnr;
    dump(r.x);
    CPPUNIT_ASSERT_EQUAL(std::string("kald-4711"), sim.seen_call_id);
    assert_valid(*g_sf1520, body_of(r.x.response), "PersonLookupResponse");
    std::istringstream in(r.x.response);
    proxy_cpr_->soap->is = &in;
    r.resp = std::make_shared<cprsoap::pbde__PersonLookupResponseType>();
    CPPUNIT_ASSERT_EQUAL_MESSAGE(error_of(proxy_cpr_->soap) + r.x.response, SOAP_OK,
                                 proxy_cpr_->recv_PersonLookup(*r.resp));
    proxy_cpr_->soap->is = nullptr;
    return r;
  }

  struct CvrResult {
    Exchange x;
    std::shared_ptr<cvrsoap::cvronl__GetLegalUnitResponseType> resp;
    std::string level;
  };

  CvrResult cvr_exchange(int cvr) {
    proxy_cvr_.push_back(std::make_unique<cvrsoap::CvrBindingProxy>(kMode));
    auto& proxy = *proxy_cvr_.back();
    CvrSimulator sim(kMode);
    CvrResult r;
    std::ostringstream sent;
    send_to_stream(proxy.soap, sent);
    CPPUNIT_ASSERT_EQUAL_MESSAGE(error_of(proxy.soap), SOAP_OK,
                                 proxy.send_getLegalUnit(kCvrEndpoint, nullptr,
                                                         cvr_request(proxy.soap, cvr)));
    proxy.soap->os = nullptr;
    r.x.request = sent.str();
    assert_valid(*g_sf1530, body_of(r.x.request), "GetLegalUnitRequest");
    r.x.response = serve(sim, r.x.request);
    r.level = sim.seen_level;
    dump(r.x);
    assert_valid(*g_sf1530, body_of(r.x.response), "GetLegalUnitResponse");
    std::istringstream in(r.x.response);
    proxy.soap->is = &in;
    r.resp = std::make_shared<cvrsoap::cvronl__GetLegalUnitResponseType>();
    CPPUNIT_ASSERT_EQUAL_MESSAGE(error_of(proxy.soap) + r.x.response, SOAP_OK,
                                 proxy.recv_getLegalUnit(*r.resp));
    proxy.soap->is = nullptr;
    return r;
  }

  // The parsed answers live in the proxies' contexts: keep them until the test ends.
  std::unique_ptr<cprsoap::PersonBaseDataExtendedBindingProxy> proxy_cpr_;
  std::vector<std::unique_ptr<cvrsoap::CvrBindingProxy>> proxy_cvr_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RegistryContractTest);

}  // namespace

int main(int argc, char** argv) {
  const char* override_dir = std::getenv("KONTAKTDATA_CONTRACTS_DIR");
  g_contracts = override_dir && *override_dir
                    ? fs::path(override_dir)
                    : fs::path(KONTAKTDATA_SOURCE_DIR) / ".." / "shared" / "contracts";
  const char* ci = std::getenv("CI");
  if (!fs::is_directory(g_contracts)) {
    if (ci && std::string(ci) == "true") {
      std::cerr << "FAILED: " << g_contracts.string()
                << " not present, and under CI the real contracts must be there\n";
      return 1;
    }
    std::cout << "SKIPPED: ../shared/contracts not present (" << g_contracts.string() << ")\n";
    return 77;
  }

  xc::XMLPlatformUtils::Initialize();
  bool ok = false;
  {
    std::unique_ptr<RealContract> sf1520;
    std::unique_ptr<RealContract> sf1530;
    try {
      sf1520 = std::make_unique<RealContract>(g_contracts, kSf1520);
      sf1530 = std::make_unique<RealContract>(g_contracts, kSf1530);
    } catch (const std::exception& e) {
      std::cerr << "FAILED: " << e.what() << "\n";
      return 1;
    }
    g_sf1520 = sf1520.get();
    g_sf1530 = sf1530.get();

    CppUnit::TestResult controller;
    CppUnit::TestResultCollector result;
    controller.addListener(&result);
    CppUnit::BriefTestProgressListener progress;
    controller.addListener(&progress);
    CppUnit::TestRunner runner;
    runner.addTest(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    try {
      runner.run(controller, argc > 1 ? argv[1] : "");
    } catch (const std::invalid_argument& e) {
      std::cerr << "no such test: " << e.what() << "\n";
      return 2;
    }
    CppUnit::CompilerOutputter(&result, std::cerr).write();
    ok = result.wasSuccessful();
    g_sf1520 = g_sf1530 = nullptr;
  }
  xc::XMLPlatformUtils::Terminate();
  return ok ? 0 : 1;
}
