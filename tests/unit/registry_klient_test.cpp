// The register clients (src/registry): the mapping of SF1520/SF1530 answers, built by hand from
// the generated types, to the domain's Registerdata for every demo person and company of
// DEMO-DATA.md and for unknown numbers; and CprKlient/CvrKlient::slaa_op end to end against tiny
// gSOAP servers (the generated service classes) on 127.0.0.1: canned answers, unknown numbers,
// faults, an HTTP 503, a server slower than the timeout and a closed port; and over https with a
// TLS client certificate against a server that requires one (test certificates made per test run
// by deploy/make-test-certs.sh into KONTAKTDATA_TEST_CERT_DIR).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cppunit/extensions/HelperMacros.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <fstream>
#include <functional>
#include <future>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "cprsoapPersonBaseDataExtendedBindingService.h"
#include "cvrsoapCvrBindingService.h"
#include "registry/cpr_klient.hpp"
#include "registry/cvr_klient.hpp"

namespace {

// OpenSSL writes with write(2), not send(MSG_NOSIGNAL): a peer that hangs up during a TLS
// handshake (the tests with certificates of another CA) raises SIGPIPE. The server process
// ignores it (src/main.cpp), and so does this test.
[[maybe_unused]] const bool kSigpipeIgnoreret = [] {
  std::signal(SIGPIPE, SIG_IGN);
  return true;
}();

using kontaktdata::domain::Adresselinjer;
using kontaktdata::domain::DanskAdresse;
using kontaktdata::domain::Dato;
using kontaktdata::domain::Registerdata;
using namespace kontaktdata::registry;
using Ur = std::chrono::steady_clock;

const char kAgreement[] = "0c1b0f7e-5d3a-4c1e-9f2b-1a2b3c4d5e6f";
const char kUserSystem[] = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001";
const char kUser[] = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0effff";
const char kCprService[] = "e6be2436-bf35-4df2-83fe-925142825dc2";
const char kCvrService[] = "c0daecde-e278-43b7-84fd-477bfeeea027";

// ---------------------------------------------------------------------------------------------
// The demo register, as the generated types hold it (DEMO-DATA.md).

template <class T>
T* ny(struct soap* s, const T& v) {
  T* p = static_cast<T*>(soap_malloc(s, sizeof(T)));
  new (p) T(v);
  return p;
}

std::string* cpr_str(struct soap* s, const std::string& v) {
  auto* p = cprsoap::soap_new_std__string(s);
  *p = v;
  return p;
}

std::string* cvr_str(struct soap* s, const std::string& v) {
  auto* p = cvrsoap::soap_new_std__string(s);
  *p = v;
  return p;
}

cprsoap::pbde__adresseType* cpr_adresse(struct soap* s, const char* vej, const char* hus,
                                        const char* etage, const char* doer, const char* postnr,
                                        const char* by) {
  auto* a = cprsoap::soap_new_pbde__adresseType(s);
  a->kommuneCvr = cpr_str(s, "55133018");
  a->vejnavn = cpr_str(s, vej);
  a->husnummer = cpr_str(s, hus);
  if (etage) a->etage = cpr_str(s, etage);
  if (doer) a->sidedoer = cpr_str(s, doer);
  a->postnummer = cpr_str(s, postnr);
  a->postdistrikt = cpr_str(s, by);
  return a;
}

// Fills `svar` for a demo person; false for a number CPR does not know.
bool cpr_person(struct soap* s, const std::string& pnr,
                cprsoap::pbde__PersonLookupResponseType& svar) {
  using namespace cprsoap;
  auto* p = soap_new_pbde__persondataType(s);
  p->personnummer = cpr_str(s, pnr);
  p->antalBoernUnder18 = "0";
  p->navn = soap_new_pbde__navnType(s);
  p->status = soap_new_pbde__statusType(s);
  p->status->status = ny(s, 1);
  p->tilmeldtDigitalpost = ny(s, false);
  auto* adr = soap_new_pbde__adressedataType(s);
  auto navn = [&](const char* adresseringsnavn, const char* fornavn, const char* efternavn) {
    p->navn->personadresseringsnavn = adresseringsnavn;
    p->navn->fornavn = cpr_str(s, fornavn);
    p->navn->efternavn = cpr_str(s, efternavn);
  };
  if (pnr == "0101701234") {
    navn("Jensen,Anna", "Anna", "Jensen");
    *p->tilmeldtDigitalpost = true;
    adr->aktuelAdresse = cpr_adresse(s, "Vestergade", "012", "01", "th", "8000", "Aarhus C");
    adr->kontaktAdresse = soap_new_pbde__kontaktAdresseType(s);
    adr->kontaktAdresse->kontaktAdr1 = cpr_str(s, "Anna Jensen");
    adr->kontaktAdresse->kontaktAdr2 = cpr_str(s, "Sommerhusvej 3");
    adr->kontaktAdresse->kontaktAdr3 = cpr_str(s, "9990 Skagen");
    adr->kontaktAdresse->startdato = cpr_str(s, "2024-06-01");
    adr->kontaktAdresse->slettedato = cpr_str(s, "2024-08-31+02:00");
  } else if (pnr == "0202802345") {
    navn("Hansen,Bo", "Bo", "Hansen");
    p->adressebeskyttelse = soap_new_pbde__beskyttelseType(s);
    p->adressebeskyttelse->startdato = cpr_str(s, "2019-03-01");
    p->adressebeskyttelse->beskyttet = ny(s, true);
    adr->aktuelAdresse = cpr_adresse(s, "Nørregade", "5", nullptr, nullptr, "1165", "København K");
  } else if (pnr == "0303903456") {
    navn("Nielsen,Carl", "Carl", "Nielsen");
    *p->status->status = 90;
  } else if (pnr == "0404004567") {
    navn("Larsen,Dorte", "Dorte", "Larsen");
    *p->status->status = 80;
    auto* u = soap_new_pbde__udrejseoplysningerType(s);
    u->udrejselandekode = cpr_str(s, "5150");
    u->udlandsadresse1 = cpr_str(s, "Calle Mayor 3");
    u->udlandsadresse2 = cpr_str(s, "28013 Madrid");
    u->udlandsadresse3 = cpr_str(s, "Spanien");
    adr->udrejseoplysninger = u;
  } else if (pnr == "0505055678") {
    navn("Sørensen,Emil", "Emil", "Sørensen");
    adr->aktuelAdresse = cpr_adresse(s, "Søndergade", "001", nullptr, nullptr, "8000", "Aarhus C");
  } else {
    return false;
  }
  svar.persondata = p;
  svar.adresse = adr;
  return true;
}

cvrsoap::cvr__AddressDescriptionType* cvr_adresse(struct soap* s, const char* vej, const char* hus,
                                                  const char* postnr, const char* by,
                                                  const char* land = "DK") {
  using namespace cvrsoap;
  auto* a = soap_new_cvr__AddressDescriptionType(s);
  a->validFromDate = "2001-01-01";
  a->AddressPostalExtended = soap_new_cvr__AddressPostalExtendedType(s);
  a->AddressPostalExtended->dkcc2005__StreetName = vej;
  a->AddressPostalExtended->dkcc2003__StreetBuildingIdentifier = hus;
  a->AddressPostalExtended->dkcc2005__PostCodeIdentifier = postnr;
  a->AddressPostalExtended->dkcc2005__DistrictName = by;
  a->dkcc2003__CountryIdentificationCode = soap_new_dkcc2003__CountryIdentificationCodeType(s);
  a->dkcc2003__CountryIdentificationCode->__item = land;
  a->dkcc2003__CountryIdentificationCode->scheme = "iso3166-alpha2";
  return a;
}

// Fills `svar` for a demo company (an empty answer for any other number).
void cvr_virksomhed(struct soap* s, int cvr, cvrsoap::cvronl__GetLegalUnitResponseType& svar) {
  using namespace cvrsoap;
  svar.cvrws__GetLegalUnitResponse = soap_new__cvrws__GetLegalUnitResponse(s);
  if (cvr != 12345674 && cvr != 30030036) return;
  const bool ophoert = cvr == 30030036;
  auto* u = soap_new_cvr__LegalUnitType(s);
  u->versionIdentifier = "1";
  u->LegalUnitIdentifier = cvr;
  u->LegalUnitName = soap_new_cvr__LegalUnitNameType(s);
  u->LegalUnitName->name = ophoert ? "Ophørt Handel A/S" : "Eksempel ApS";
  u->LegalUnitName->sequenceNumber = "1";
  u->LegalUnitName->validFromDate = "2001-01-01";
  u->Lifecycle = soap_new_cvr__LifecycleType(s);
  u->Lifecycle->StartDate = "2001-01-01";
  if (ophoert) {
    u->Lifecycle->CessationDate = cvr_str(s, "2023-12-31");
    u->AddressOfficial = cvr_adresse(s, "Havnegade", "2", "5000", "Odense C");
  } else {
    u->AddressOfficial = cvr_adresse(s, "Industrivej", "7", "7100", "Vejle");
    u->AddressPostal = cvr_adresse(s, "Industrivej", "7", "7100", "Vejle");
  }
  svar.cvrws__GetLegalUnitResponse->cvr__LegalUnit = u;
}

// ---------------------------------------------------------------------------------------------
// Tiny servers on 127.0.0.1: the generated service classes serving the demo register.

struct Sete {
  std::mutex mutex;
  std::vector<std::string> numre, call_ids_cc, call_ids_ic, kommuner, aftaler, services;
  /// Per request over TLS: the CN of the client certificate the server verified.
  std::vector<std::string> klientcertifikater;
};

// The CN of the verified client certificate of the TLS connection of `s`; empty without TLS.
std::string klient_cn(struct soap* s) {
  if (s->ssl == nullptr) return "";
  X509* cert = SSL_get1_peer_certificate(s->ssl);
  if (cert == nullptr) return "(intet certifikat)";
  char cn[256] = "";
  X509_NAME_get_text_by_NID(X509_get_subject_name(cert), NID_commonName, cn, sizeof cn);
  X509_free(cert);
  return SSL_get_verify_result(s->ssl) == X509_V_OK ? cn : std::string("(ikke verificeret)");
}

// Waits `ms`, in small steps so that stopping the server ends the wait.
void vent(std::chrono::milliseconds ms, const std::atomic<bool>& stop) {
  const auto slut = Ur::now() + ms;
  while (!stop && Ur::now() < slut) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

class CprServer : public cprsoap::PersonBaseDataExtendedBindingService {
 public:
  CprServer() : PersonBaseDataExtendedBindingService(SOAP_C_UTFSTRING) {}
  cprsoap::PersonBaseDataExtendedBindingService* copy() override { return nullptr; }

  int PersonLookup(cprsoap::pbde__PersonLookupRequestType* req,
                   cprsoap::pbde__PersonLookupResponseType& svar) override {
    {
      std::lock_guard lock(sete.mutex);
      sete.numre.push_back(req->pnr__PNR);
      const auto* cc = req->callctx__CallContext;
      sete.call_ids_cc.push_back(
          cc && cc->CallersServiceCallIdentifier ? *cc->CallersServiceCallIdentifier : "");
      const auto* ic = req->invctx__InvocationContext;
      sete.call_ids_ic.push_back(
          ic && ic->CallersServiceCallIdentifier ? *ic->CallersServiceCallIdentifier : "");
      sete.aftaler.push_back(ic ? ic->ServiceAgreementUUID : "");
      sete.services.push_back(ic ? ic->ServiceUUID : "");
      sete.kommuner.push_back(
          req->autctx__AuthorityContext ? req->autctx__AuthorityContext->MunicipalityCVR : "");
      sete.klientcertifikater.push_back(klient_cn(soap));
    }
    vent(forsinkelse, *stop);
    if (req->pnr__PNR == "0909090909") {
      return soap_senderfault("Adgang nægtet", nullptr);
    }
    if (!cpr_person(soap, req->pnr__PNR, svar)) {
      return soap_senderfault(
          "PNR not found",
          "<spf:ServiceplatformFault xmlns:spf=\"http://serviceplatformen.dk/xml/schemas/"
          "ServiceplatformFault/1/\"><spf:ErrorList><spf:Error><spf:ErrorCode>PNR_NOT_FOUND"
          "</spf:ErrorCode><spf:ErrorText>PNR not found</spf:ErrorText></spf:Error>"
          "</spf:ErrorList></spf:ServiceplatformFault>");
    }
    return SOAP_OK;
  }

  std::chrono::milliseconds forsinkelse{0};
  const std::atomic<bool>* stop = nullptr;
  Sete sete;
};

class CvrServer : public cvrsoap::CvrBindingService {
 public:
  CvrServer() : CvrBindingService(SOAP_C_UTFSTRING) {}
  cvrsoap::CvrBindingService* copy() override { return nullptr; }

  int getLegalUnit(cvrsoap::cvronl__GetLegalUnitRequestType* req,
                   cvrsoap::cvronl__GetLegalUnitResponseType& svar) override {
    const int cvr = req->cvrws__GetLegalUnitRequest->cvr__LegalUnitIdentifier;
    {
      std::lock_guard lock(sete.mutex);
      sete.numre.push_back(std::to_string(cvr) + "/" + req->cvrws__GetLegalUnitRequest->level);
      const auto* cc = req->callctx__CallContext;
      sete.call_ids_cc.push_back(
          cc && cc->CallersServiceCallIdentifier ? *cc->CallersServiceCallIdentifier : "");
      const auto* ic = req->invctx__InvocationContext;
      sete.call_ids_ic.push_back(
          ic && ic->CallersServiceCallIdentifier ? *ic->CallersServiceCallIdentifier : "");
      sete.services.push_back(ic ? ic->ServiceUUID : "");
    }
    vent(forsinkelse, *stop);
    if (cvr == 22222222) {
      // What CVR Online's source system says for a number it does not know.
      return soap_receiverfault("Required property '/virksomhed/CVRNummer' missing.", nullptr);
    }
    cvr_virksomhed(soap, cvr, svar);
    return SOAP_OK;
  }

  std::chrono::milliseconds forsinkelse{0};
  const std::atomic<bool>* stop = nullptr;
  Sete sete;
};

// The folder with the test certificates (deploy/make-test-certs.sh), and a file in it.
std::string certfil(const std::string& navn) {
  const std::string sti = std::string(KONTAKTDATA_TEST_CERT_DIR) + "/" + navn;
  if (!std::ifstream(sti)) {
    throw std::runtime_error(sti + " mangler: run deploy/make-test-certs.sh " +
                             KONTAKTDATA_TEST_CERT_DIR + " (the CTest fixture does)");
  }
  return sti;
}

/// CprServer that keeps a connection open between requests when the client asks for it.
class CprServerHoldtILive : public CprServer {
 public:
  CprServerHoldtILive() { soap_set_mode(soap, SOAP_IO_KEEPALIVE); }
};

/// An https server: its certificate and key in one PEM file, and the CA that must have signed
/// the client's certificate (a client certificate is required).
struct TlsServer {
  std::string noegle_pem;
  std::string ca_pem;
};

// Runs `Service` on 127.0.0.1 on a free port in a thread, one request at a time; with `tls`,
// https that requires a client certificate signed by its CA.
template <class Service>
class Server {
 public:
  explicit Server(std::optional<TlsServer> tls = std::nullopt) : tls_(tls.has_value()) {
    service.stop = &stop_;
    service.soap->accept_timeout = -20000;  // 20 ms: the loop sees `stop_` often
    service.soap->socket_flags = MSG_NOSIGNAL;
    service.soap->bind_flags = SO_REUSEADDR;
    if (tls_) {
      // Bounded handshake and reads: a client that gives up does not hold the server.
      service.soap->recv_timeout = 5;
      service.soap->send_timeout = 5;
      if (soap_ssl_server_context(service.soap, SOAP_SSL_REQUIRE_CLIENT_AUTHENTICATION,
                                  tls->noegle_pem.c_str(), nullptr, tls->ca_pem.c_str(), nullptr,
                                  nullptr, nullptr, nullptr) != SOAP_OK) {
        char buf[512];
        soap_sprint_fault(service.soap, buf, sizeof buf);
        throw std::runtime_error(std::string("TLS server context: ") + buf);
      }
    }
    if (!soap_valid_socket(soap_bind(service.soap, "127.0.0.1", 0, 64))) {
      throw std::runtime_error("bind failed");
    }
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    getsockname(service.soap->master, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        if (!soap_valid_socket(soap_accept(service.soap))) {  // a timeout: free its fault
          soap_destroy(service.soap);
          soap_end(service.soap);
          continue;
        }
        ++accepteret;
        if (tls_ && soap_ssl_accept(service.soap) != SOAP_OK) {
          ++tls_afvist;  // no certificate, or one its CA did not sign
          soap_closesock(service.soap);
          service.destroy();
          continue;
        }
        service.serve();
        service.destroy();
      }
    });
  }
  ~Server() {
    stop_ = true;
    thread_.join();
  }
  std::string url() const {
    return std::string(tls_ ? "https" : "http") + "://127.0.0.1:" + std::to_string(port_) +
           "/register";
  }

  Service service;
  /// TLS handshakes the server refused.
  std::atomic<int> tls_afvist{0};
  /// Connections accepted.
  std::atomic<int> accepteret{0};

 private:
  const bool tls_;
  std::atomic<bool> stop_{false};
  int port_ = 0;
  std::thread thread_;
};

// A port nothing listens on.
int lukket_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Answers one connection with HTTP 503 (as the simulator does when made unavailable).
class Svarer503 {
 public:
  Svarer503() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 4);
    socklen_t len = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      const int c = accept(fd_, nullptr, nullptr);
      if (c < 0) return;
      char buf[4096];
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      [[maybe_unused]] auto n = recv(c, buf, sizeof buf, MSG_DONTWAIT);
      const char svar[] =
          "HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
          "Content-Length: 0\r\nConnection: close\r\n\r\n";
      [[maybe_unused]] auto m = send(c, svar, sizeof svar - 1, MSG_NOSIGNAL);
      close(c);
    });
  }
  ~Svarer503() {
    thread_.join();
    close(fd_);
  }
  int port = 0;

 private:
  int fd_ = -1;
  std::thread thread_;
};

Klientindstillinger indstillinger(
    const std::string& url, const char* service_uuid,
    std::chrono::milliseconds timeout = std::chrono::milliseconds(2000)) {
  Klientindstillinger k;
  k.endpoint = url;
  k.timeout = timeout;
  k.kontekst = {kAgreement, kUserSystem, kUser, service_uuid};
  return k;
}

// By value: the Opslag is often a temporary.
Registerdata data(const Opslag& o) {
  if (const auto* f = std::get_if<Registerfejl>(&o)) {
    CPPUNIT_FAIL("expected register data, got " + std::string(to_string(f->art)) + ": " + f->tekst);
  }
  return std::get<Registerdata>(o);
}

Registerfejl fejl(const Opslag& o) {
  CPPUNIT_ASSERT_MESSAGE("expected a failure, got register data",
                         std::holds_alternative<Registerfejl>(o));
  return std::get<Registerfejl>(o);
}

const Dato kIDag{2025, 6, 15};

// ---------------------------------------------------------------------------------------------

class RegistryKlientTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RegistryKlientTest);
  CPPUNIT_TEST(testAnnaDigitalPostAddressAndContactAddress);
  CPPUNIT_TEST(testBoProtected);
  CPPUNIT_TEST(testCarlDead);
  CPPUNIT_TEST(testDorteEmigratedToSpain);
  CPPUNIT_TEST(testEmilNoDigitalPost);
  CPPUNIT_TEST(testUnknownPersonIsAnEmptyAnswer);
  CPPUNIT_TEST(testChangedNumberAndNameFallbacks);
  CPPUNIT_TEST(testProtectionWithoutFlagAndWithEnd);
  CPPUNIT_TEST(testCountryCodes);
  CPPUNIT_TEST(testUnknownPersonFaults);
  CPPUNIT_TEST(testCompanyActive);
  CPPUNIT_TEST(testCompanyCeased);
  CPPUNIT_TEST(testCompanyCessationInTheFutureAndForeignAddress);
  CPPUNIT_TEST(testUnknownCompany);
  CPPUNIT_TEST(testHelpers);
  CPPUNIT_TEST(testSettingsAreChecked);
  CPPUNIT_TEST(testCprCallEndToEnd);
  CPPUNIT_TEST(testCprCallsFromManyThreads);
  CPPUNIT_TEST(testCprUnknownAndFault);
  CPPUNIT_TEST(testCvrCallEndToEnd);
  CPPUNIT_TEST(testSlowServerIsATimeout);
  CPPUNIT_TEST(testClosedPortIsUnavailable);
  CPPUNIT_TEST(testHttp503IsUnavailable);
  CPPUNIT_TEST(testInvalidNumbersAreNotSent);
  CPPUNIT_TEST(testHttpsWithClientCertificate);
  CPPUNIT_TEST(testHttpsConnectionIsKeptAliveOnAThreadWithConnections);
  CPPUNIT_TEST(testHttpsClientCertificateOfAnotherCaIsUnavailable);
  CPPUNIT_TEST(testHttpsServerCertificateOfAnotherCaIsUnavailable);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { s_ = soap_new1(SOAP_C_UTFSTRING); }
  void tearDown() override {
    soap_destroy(s_);
    soap_end(s_);
    soap_free(s_);
  }

  Registerdata person(const std::string& pnr) {
    cprsoap::pbde__PersonLookupResponseType svar;
    cpr_person(s_, pnr, svar);
    return fra_person_lookup(svar);
  }

  Registerdata virksomhed(int cvr, const Dato& i_dag = kIDag) {
    cvrsoap::cvronl__GetLegalUnitResponseType svar;
    cvr_virksomhed(s_, cvr, svar);
    return fra_get_legal_unit(svar, i_dag);
  }

  void testAnnaDigitalPostAddressAndContactAddress() {
    const auto r = person("0101701234");
    CPPUNIT_ASSERT(r.kendt);
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"), r.navn.value());
    CPPUNIT_ASSERT_EQUAL(1, r.status);
    CPPUNIT_ASSERT(r.tilmeldt_digitalpost);
    CPPUNIT_ASSERT(!r.adressebeskyttelse);
    const DanskAdresse forventet{"Vestergade", "12", "1", "th", "8000", "Aarhus C"};
    CPPUNIT_ASSERT(r.aktuel_adresse == forventet);
    const Adresselinjer kontakt{{"Anna Jensen", "Sommerhusvej 3", "9990 Skagen"}, "DK"};
    CPPUNIT_ASSERT(r.kontakt_adresse == kontakt);
    CPPUNIT_ASSERT(r.kontakt_adresse_fra == (Dato{2024, 6, 1}));
    CPPUNIT_ASSERT(r.kontakt_adresse_til == (Dato{2024, 8, 31}));
    CPPUNIT_ASSERT(!r.udlandsadresse && !r.gaeldende_personnummer);
  }

  void testBoProtected() {
    const auto r = person("0202802345");
    CPPUNIT_ASSERT(r.kendt);
    CPPUNIT_ASSERT(r.adressebeskyttelse);
    CPPUNIT_ASSERT(r.beskyttelse_fra == (Dato{2019, 3, 1}));
    CPPUNIT_ASSERT(!r.beskyttelse_til);
    // The register's address is handed over; the resolution keeps it inside the service.
    const DanskAdresse forventet{"Nørregade",  "5",    std::nullopt,
                                 std::nullopt, "1165", "København K"};
    CPPUNIT_ASSERT(r.aktuel_adresse == forventet);
  }

  void testCarlDead() {
    const auto r = person("0303903456");
    CPPUNIT_ASSERT(r.kendt);
    CPPUNIT_ASSERT_EQUAL(kontaktdata::domain::kCprStatusDoed, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("Carl Nielsen"), *r.navn);
    CPPUNIT_ASSERT(!r.aktuel_adresse && !r.kontakt_adresse && !r.udlandsadresse);
    CPPUNIT_ASSERT(!r.tilmeldt_digitalpost);
  }

  void testDorteEmigratedToSpain() {
    const auto r = person("0404004567");
    CPPUNIT_ASSERT_EQUAL(kontaktdata::domain::kCprStatusUdrejst, r.status);
    const Adresselinjer forventet{{"Calle Mayor 3", "28013 Madrid", "Spanien"}, "ES"};
    CPPUNIT_ASSERT(r.udlandsadresse == forventet);
    CPPUNIT_ASSERT(!r.aktuel_adresse);
    // Without udrejselandekode (as the simulator's fixture has it) the last line names Spain.
    cprsoap::pbde__PersonLookupResponseType svar;
    cpr_person(s_, "0404004567", svar);
    svar.adresse->udrejseoplysninger->udrejselandekode = nullptr;
    svar.adresse->udrejseoplysninger->udlandsadresse3 = cpr_str(s_, " SPANIEN ");
    CPPUNIT_ASSERT_EQUAL(std::string("ES"),
                         fra_person_lookup(svar).udlandsadresse.value().landekode);
    // A country that cannot be told: no foreign address (Landekode is required), still known.
    svar.adresse->udrejseoplysninger->udlandsadresse3 = cpr_str(s_, "Atlantis");
    const auto ukendt_land = fra_person_lookup(svar);
    CPPUNIT_ASSERT(ukendt_land.kendt && !ukendt_land.udlandsadresse);
  }

  void testEmilNoDigitalPost() {
    const auto r = person("0505055678");
    CPPUNIT_ASSERT(r.kendt);
    CPPUNIT_ASSERT(!r.tilmeldt_digitalpost);
    CPPUNIT_ASSERT_EQUAL(std::string("Emil Sørensen"), *r.navn);
    const DanskAdresse forventet{"Søndergade", "1", std::nullopt, std::nullopt, "8000", "Aarhus C"};
    CPPUNIT_ASSERT(r.aktuel_adresse == forventet);
  }

  void testUnknownPersonIsAnEmptyAnswer() {
    cprsoap::pbde__PersonLookupResponseType svar;
    CPPUNIT_ASSERT(!cpr_person(s_, "0101010101", svar));
    const auto r = fra_person_lookup(svar);
    CPPUNIT_ASSERT(r == Registerdata{});
    CPPUNIT_ASSERT(!r.kendt);
  }

  void testChangedNumberAndNameFallbacks() {
    cprsoap::pbde__PersonLookupResponseType svar;
    cpr_person(s_, "0101701234", svar);
    *svar.persondata->status->status = 60;
    svar.persondata->gaeldendePersonnummer = cpr_str(s_, "0101701235");
    svar.persondata->navn->mellemnavn = cpr_str(s_, "Marie");
    auto r = fra_person_lookup(svar);
    CPPUNIT_ASSERT_EQUAL(60, r.status);
    CPPUNIT_ASSERT_EQUAL(std::string("0101701235"), r.gaeldende_personnummer.value());
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Marie Jensen"), *r.navn);
    svar.persondata->navn->fornavn = svar.persondata->navn->mellemnavn =
        svar.persondata->navn->efternavn = nullptr;
    svar.persondata->navn->personadresseringsnavn = "Jensen,Anna Marie";
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Marie Jensen"), *fra_person_lookup(svar).navn);
    // No status element: an ordinary person.
    svar.persondata->status = nullptr;
    CPPUNIT_ASSERT_EQUAL(1, fra_person_lookup(svar).status);
    // An incomplete residence gives no address rather than a broken one.
    svar.adresse->aktuelAdresse->postnummer = nullptr;
    CPPUNIT_ASSERT(!fra_person_lookup(svar).aktuel_adresse);
  }

  void testProtectionWithoutFlagAndWithEnd() {
    cprsoap::pbde__PersonLookupResponseType svar;
    cpr_person(s_, "0202802345", svar);
    svar.persondata->adressebeskyttelse->beskyttet = nullptr;
    svar.persondata->adressebeskyttelse->slutdato = cpr_str(s_, "2030-01-01Z");
    auto r = fra_person_lookup(svar);
    CPPUNIT_ASSERT(r.adressebeskyttelse);  // present without the flag: protected
    CPPUNIT_ASSERT(r.beskyttelse_til == (Dato{2030, 1, 1}));
    svar.persondata->adressebeskyttelse->beskyttet = ny(s_, false);
    CPPUNIT_ASSERT(!fra_person_lookup(svar).adressebeskyttelse);
  }

  void testCountryCodes() {
    CPPUNIT_ASSERT_EQUAL(std::string("ES"), landekode_fra_cpr("5150", std::nullopt).value());
    CPPUNIT_ASSERT_EQUAL(std::string("DK"), landekode_fra_cpr(" 5100 ", std::nullopt).value());
    CPPUNIT_ASSERT_EQUAL(std::string("ES"), landekode_fra_cpr("724", "Spanien").value());
    CPPUNIT_ASSERT_EQUAL(std::string("DE"), landekode_fra_cpr(std::nullopt, "TYSKLAND").value());
    CPPUNIT_ASSERT_EQUAL(std::string("AT"), landekode_fra_cpr(std::nullopt, "ØSTRIG").value());
    CPPUNIT_ASSERT_EQUAL(std::string("GL"), landekode_fra_cpr(std::nullopt, "Grønland.").value());
    CPPUNIT_ASSERT(!landekode_fra_cpr("9999", "Atlantis"));
    CPPUNIT_ASSERT(!landekode_fra_cpr(std::nullopt, std::nullopt));
  }

  void testUnknownPersonFaults() {
    CPPUNIT_ASSERT(er_ukendt_person_fault("PNR not found", ""));
    CPPUNIT_ASSERT(er_ukendt_person_fault("Fejl", "<ErrorCode>PNR_NOT_FOUND</ErrorCode>"));
    CPPUNIT_ASSERT(er_ukendt_person_fault("Person ikke fundet", ""));
    CPPUNIT_ASSERT(!er_ukendt_person_fault("Invalid PNR", ""));
    CPPUNIT_ASSERT(!er_ukendt_person_fault("Serviceaftale ikke fundet", ""));
    CPPUNIT_ASSERT(!er_ukendt_person_fault("Adgang nægtet", ""));
  }

  void testCompanyActive() {
    const auto r = virksomhed(12345674);
    CPPUNIT_ASSERT(r.kendt);
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), *r.navn);
    CPPUNIT_ASSERT(!r.ophoert);
    const DanskAdresse forventet{"Industrivej", "7", std::nullopt, std::nullopt, "7100", "Vejle"};
    CPPUNIT_ASSERT(r.adresse == kontaktdata::domain::Postadresse(forventet));
    CPPUNIT_ASSERT(!r.aktuel_adresse && !r.tilmeldt_digitalpost);
  }

  void testCompanyCeased() {
    const auto r = virksomhed(30030036);
    CPPUNIT_ASSERT(r.kendt);
    CPPUNIT_ASSERT_EQUAL(std::string("Ophørt Handel A/S"), *r.navn);
    CPPUNIT_ASSERT(r.ophoert);
    // No AddressPostal: the official address.
    const DanskAdresse forventet{"Havnegade", "2", std::nullopt, std::nullopt, "5000", "Odense C"};
    CPPUNIT_ASSERT(r.adresse == kontaktdata::domain::Postadresse(forventet));
    // Ceased on the very day: ceased.
    CPPUNIT_ASSERT(virksomhed(30030036, Dato{2023, 12, 31}).ophoert);
  }

  void testCompanyCessationInTheFutureAndForeignAddress() {
    CPPUNIT_ASSERT(!virksomhed(30030036, Dato{2023, 12, 30}).ophoert);
    cvrsoap::cvronl__GetLegalUnitResponseType svar;
    cvr_virksomhed(s_, 12345674, svar);
    auto* u = svar.cvrws__GetLegalUnitResponse->cvr__LegalUnit;
    u->AddressPostal = cvr_adresse(s_, "Hauptstraße", "5", "20095", "Hamburg", "de");
    const auto r = fra_get_legal_unit(svar, kIDag);
    const Adresselinjer forventet{{"Hauptstraße 5", "20095 Hamburg"}, "DE"};
    CPPUNIT_ASSERT(r.adresse == kontaktdata::domain::Postadresse(forventet));
  }

  void testUnknownCompany() {
    const auto r = virksomhed(11111111);
    CPPUNIT_ASSERT(r == Registerdata{});
    cvrsoap::cvronl__GetLegalUnitResponseType tomt;  // not even GetLegalUnitResponse
    CPPUNIT_ASSERT(!fra_get_legal_unit(tomt, kIDag).kendt);
    CPPUNIT_ASSERT(
        er_ukendt_virksomhed_fault("Required property '/virksomhed/CVRNummer' missing.", ""));
    CPPUNIT_ASSERT(!er_ukendt_virksomhed_fault("Internal error", ""));
  }

  void testHelpers() {
    using detail::dato_fra_xsd;
    CPPUNIT_ASSERT(dato_fra_xsd("2024-02-29") == (Dato{2024, 2, 29}));
    CPPUNIT_ASSERT(dato_fra_xsd("2024-06-01T00:00:00.000+01:00") == (Dato{2024, 6, 1}));
    CPPUNIT_ASSERT(!dato_fra_xsd("2023-02-29"));
    CPPUNIT_ASSERT(!dato_fra_xsd("2023-13-01"));
    CPPUNIT_ASSERT(!dato_fra_xsd("20230101"));
    CPPUNIT_ASSERT_EQUAL(std::string("PNR # not found, code 12345"),
                         detail::uden_numre("PNR 0101701234 not found, code 12345"));
  }

  void testSettingsAreChecked() {
    CPPUNIT_ASSERT_THROW(CprKlient(indstillinger("", kCprService)), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(
        CvrKlient(indstillinger("http://x", kCvrService, std::chrono::milliseconds(0))),
        std::invalid_argument);
    // gSOAP is built with OpenSSL: an https endpoint is a valid setting.
    CPPUNIT_ASSERT_NO_THROW(CprKlient(indstillinger("https://sp.example/cpr", kCprService)));
  }

  void testCprCallEndToEnd() {
    Server<CprServer> server;
    const CprKlient klient(indstillinger(server.url(), kCprService));
    const auto anna = data(klient.slaa_op("0101701234", "55133018", "kald-4711"));
    CPPUNIT_ASSERT(anna.kendt && anna.tilmeldt_digitalpost);
    CPPUNIT_ASSERT(anna.aktuel_adresse ==
                   (DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"}));
    CPPUNIT_ASSERT(anna.kontakt_adresse_til == (Dato{2024, 8, 31}));
    // UTF-8 survives the wire both ways.
    const auto bo = data(klient.slaa_op("0202802345", "64942212", std::nullopt));
    CPPUNIT_ASSERT(bo.adressebeskyttelse);
    CPPUNIT_ASSERT_EQUAL(std::string("København K"), bo.aktuel_adresse.value().postdistrikt);
    CPPUNIT_ASSERT_EQUAL(std::string("Nørregade"), bo.aktuel_adresse->vejnavn);
    const auto dorte = data(klient.slaa_op("0404004567", "55133018", "kald-3"));
    CPPUNIT_ASSERT_EQUAL(std::string("ES"), dorte.udlandsadresse.value().landekode);
    CPPUNIT_ASSERT_EQUAL(std::string("Emil Sørensen"),
                         *data(klient.slaa_op("0505055678", "55133018", "kald-5")).navn);
    CPPUNIT_ASSERT_EQUAL(90, data(klient.slaa_op("0303903456", "55133018", "kald-4")).status);

    auto& sete = server.service.sete;
    std::lock_guard lock(sete.mutex);
    CPPUNIT_ASSERT_EQUAL(std::size_t(5), sete.numre.size());
    CPPUNIT_ASSERT_EQUAL(std::string("0101701234"), sete.numre[0]);
    CPPUNIT_ASSERT_EQUAL(std::string("kald-4711"), sete.call_ids_cc[0]);
    CPPUNIT_ASSERT_EQUAL(std::string("kald-4711"), sete.call_ids_ic[0]);
    CPPUNIT_ASSERT_EQUAL(std::string(""), sete.call_ids_ic[1]);  // none given, none sent
    CPPUNIT_ASSERT_EQUAL(std::string("55133018"), sete.kommuner[0]);
    CPPUNIT_ASSERT_EQUAL(std::string("64942212"), sete.kommuner[1]);
    CPPUNIT_ASSERT_EQUAL(std::string(kAgreement), sete.aftaler[0]);
    CPPUNIT_ASSERT_EQUAL(std::string(kCprService), sete.services[0]);
  }

  void testCprCallsFromManyThreads() {
    Server<CprServer> server;
    const CprKlient klient(indstillinger(server.url(), kCprService));
    const std::vector<std::string> numre{"0101701234", "0202802345", "0303903456",
                                         "0404004567", "0505055678", "0101010101"};
    std::vector<std::future<bool>> svar;
    for (int t = 0; t < 8; ++t) {
      svar.push_back(std::async(std::launch::async, [&, t] {
        bool ok = true;
        for (int i = 0; i < 6; ++i) {
          const std::string& nr = numre[(t + i) % numre.size()];
          const auto o = klient.slaa_op(nr, "55133018", "kald-" + std::to_string(t));
          const auto* r = std::get_if<Registerdata>(&o);
          ok = ok && r != nullptr && r->kendt == (nr != "0101010101");
          if (r != nullptr && nr == "0505055678") ok = ok && r->navn == "Emil Sørensen";
        }
        return ok;
      }));
    }
    for (auto& f : svar) CPPUNIT_ASSERT(f.get());
  }

  void testCprUnknownAndFault() {
    Server<CprServer> server;
    const CprKlient klient(indstillinger(server.url(), kCprService));
    // SF1520 answers an unknown number with a fault "PNR not found": unknown, not a failure.
    const auto ukendt = data(klient.slaa_op("0101010101", "55133018", "kald-9"));
    CPPUNIT_ASSERT(!ukendt.kendt);
    // Any other fault is a failure, and its text holds no CPR number.
    const auto f = fejl(klient.slaa_op("0909090909", "55133018", "kald-10"));
    CPPUNIT_ASSERT_EQUAL(std::string("FEJL"), std::string(to_string(f.art)));
    CPPUNIT_ASSERT(f.tekst.find("Adgang") != std::string::npos);
    CPPUNIT_ASSERT(f.tekst.find("0909090909") == std::string::npos);
  }

  void testCvrCallEndToEnd() {
    Server<CvrServer> server;
    const CvrKlient klient(indstillinger(server.url(), kCvrService));
    const auto aktiv = data(klient.slaa_op("12345674", "55133018", "kald-c1"));
    CPPUNIT_ASSERT(aktiv.kendt && !aktiv.ophoert);
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), *aktiv.navn);
    const auto ophoert = data(klient.slaa_op("30030036", "55133018", std::nullopt));
    CPPUNIT_ASSERT(ophoert.kendt && ophoert.ophoert);
    CPPUNIT_ASSERT_EQUAL(std::string("Ophørt Handel A/S"), *ophoert.navn);
    CPPUNIT_ASSERT(!data(klient.slaa_op("11111111", "55133018", "kald-c3")).kendt);  // empty answer
    CPPUNIT_ASSERT(!data(klient.slaa_op("22222222", "55133018", "kald-c4")).kendt);  // its fault
    auto& sete = server.service.sete;
    std::lock_guard lock(sete.mutex);
    CPPUNIT_ASSERT_EQUAL(std::string("12345674/1"), sete.numre[0]);
    CPPUNIT_ASSERT_EQUAL(std::string("kald-c1"), sete.call_ids_cc[0]);
    CPPUNIT_ASSERT_EQUAL(std::string("kald-c1"), sete.call_ids_ic[0]);
    CPPUNIT_ASSERT_EQUAL(std::string(kCvrService), sete.services[0]);
  }

  void testSlowServerIsATimeout() {
    const auto timeout = std::chrono::milliseconds(300);
    {
      Server<CprServer> server;
      server.service.forsinkelse = std::chrono::milliseconds(3000);
      const CprKlient klient(indstillinger(server.url(), kCprService, timeout));
      const auto start = Ur::now();
      const auto o = klient.slaa_op("0101701234", "55133018", "kald-slow");
      const auto brugt = Ur::now() - start;
      CPPUNIT_ASSERT_EQUAL(std::string("TIMEOUT"), std::string(to_string(fejl(o).art)));
      CPPUNIT_ASSERT(brugt >= timeout - std::chrono::milliseconds(20));
      CPPUNIT_ASSERT_MESSAGE("took " + std::to_string(brugt.count() / 1000000) + " ms",
                             brugt < timeout + std::chrono::seconds(1));
    }
    {
      Server<CvrServer> server;
      server.service.forsinkelse = std::chrono::milliseconds(3000);
      const CvrKlient klient(indstillinger(server.url(), kCvrService, timeout));
      const auto start = Ur::now();
      const auto o = klient.slaa_op("12345674", "55133018", std::nullopt);
      CPPUNIT_ASSERT(fejl(o).art == Fejlart::Timeout);
      CPPUNIT_ASSERT(Ur::now() - start < timeout + std::chrono::seconds(1));
    }
  }

  void testClosedPortIsUnavailable() {
    const std::string url = "http://127.0.0.1:" + std::to_string(lukket_port()) + "/x";
    const auto start = Ur::now();
    const auto f = fejl(
        CprKlient(indstillinger(url, kCprService)).slaa_op("0101701234", "55133018", std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("UTILGAENGELIG"), std::string(to_string(f.art)));
    CPPUNIT_ASSERT(Ur::now() - start < std::chrono::milliseconds(1000));
    CPPUNIT_ASSERT(
        fejl(CvrKlient(indstillinger(url, kCvrService)).slaa_op("12345674", "", std::nullopt))
            .art == Fejlart::Utilgaengelig);
  }

  void testHttp503IsUnavailable() {
    Svarer503 svarer;
    const std::string url = "http://127.0.0.1:" + std::to_string(svarer.port) + "/x";
    const auto f = fejl(
        CprKlient(indstillinger(url, kCprService)).slaa_op("0101701234", "55133018", std::nullopt));
    CPPUNIT_ASSERT_EQUAL_MESSAGE(f.tekst, std::string("UTILGAENGELIG"),
                                 std::string(to_string(f.art)));
  }

  void testInvalidNumbersAreNotSent() {
    const std::string url = "http://127.0.0.1:" + std::to_string(lukket_port()) + "/x";
    CPPUNIT_ASSERT(
        fejl(CprKlient(indstillinger(url, kCprService)).slaa_op("01017012", "", std::nullopt))
            .art == Fejlart::Fejl);
    CPPUNIT_ASSERT(
        fejl(CvrKlient(indstillinger(url, kCvrService)).slaa_op("0234567", "", std::nullopt)).art ==
        Fejlart::Fejl);
  }

  // The client's TLS settings with the test certificates.
  static Klientindstillinger https(const std::string& url, const char* service_uuid,
                                   const Tlsindstillinger& tls) {
    auto k = indstillinger(url, service_uuid);
    k.tls = tls;
    return k;
  }

  // A failed https lookup: UTILGAENGELIG, well within the timeout (not a hang, not a timeout).
  static void forvent_utilgaengelig(const CprKlient& klient) {
    const auto start = Ur::now();
    const auto f = fejl(klient.slaa_op("0101701234", "55133018", "kald-tls"));
    const auto brugt = Ur::now() - start;
    CPPUNIT_ASSERT_EQUAL_MESSAGE(f.tekst, std::string("UTILGAENGELIG"),
                                 std::string(to_string(f.art)));
    CPPUNIT_ASSERT_MESSAGE(
        "took " + std::to_string(brugt.count() / 1000000) + " ms",
        brugt < std::chrono::milliseconds(1500));  // the lookups' timeout is 2000 ms
    CPPUNIT_ASSERT(f.tekst.find("0101701234") == std::string::npos);
  }

  void testHttpsWithClientCertificate() {
    Server<CprServer> server(TlsServer{certfil("server.pem"), certfil("ca.pem")});
    CPPUNIT_ASSERT(server.url().rfind("https://", 0) == 0);
    // Certificate and key in one file (registry.tls_certificate alone).
    const CprKlient klient(
        https(server.url(), kCprService, {certfil("client.pem"), "", "", certfil("ca.pem")}));
    const auto anna = data(klient.slaa_op("0101701234", "55133018", "kald-tls-1"));
    CPPUNIT_ASSERT(anna.kendt && anna.tilmeldt_digitalpost);
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"), anna.navn.value());
    CPPUNIT_ASSERT(anna.aktuel_adresse ==
                   (DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"}));
    // Certificate and encrypted key in separate files, with the key's password
    // (registry.tls_key, registry.tls_key_password).
    std::string kodeord;
    std::getline(std::ifstream(certfil("client-key.password")), kodeord);
    CPPUNIT_ASSERT(!kodeord.empty());
    const CprKlient klient2(
        https(server.url(), kCprService,
              {certfil("client.crt"), certfil("client-key.pem"), kodeord, certfil("ca.pem")}));
    const auto bo = data(klient2.slaa_op("0202802345", "64942212", "kald-tls-2"));
    CPPUNIT_ASSERT(bo.adressebeskyttelse);
    CPPUNIT_ASSERT_EQUAL(std::string("København K"), bo.aktuel_adresse.value().postdistrikt);
    {
      // Both requests came over TLS with the verified test client certificate.
      auto& sete = server.service.sete;
      std::lock_guard lock(sete.mutex);
      CPPUNIT_ASSERT_EQUAL(std::size_t(2), sete.klientcertifikater.size());
      CPPUNIT_ASSERT_EQUAL(std::string("Kontaktdata test client"), sete.klientcertifikater[0]);
      CPPUNIT_ASSERT_EQUAL(std::string("Kontaktdata test client"), sete.klientcertifikater[1]);
      CPPUNIT_ASSERT_EQUAL(std::string("kald-tls-1"), sete.call_ids_cc[0]);
    }
    CPPUNIT_ASSERT_EQUAL(0, server.tls_afvist.load());
    // The CVR client takes the same settings.
    Server<CvrServer> cvr(TlsServer{certfil("server.pem"), certfil("ca.pem")});
    const CvrKlient cvr_klient(
        https(cvr.url(), kCvrService, {certfil("client.pem"), "", "", certfil("ca.pem")}));
    const auto aktiv = data(cvr_klient.slaa_op("12345674", "55133018", "kald-tls-c"));
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), aktiv.navn.value());
  }

  void testHttpsConnectionIsKeptAliveOnAThreadWithConnections() {
    Server<CprServerHoldtILive> server(TlsServer{certfil("server.pem"), certfil("ca.pem")});
    const CprKlient klient(
        https(server.url(), kCprService, {certfil("client.pem"), "", "", certfil("ca.pem")}));
    {
      // As on a Registeropslag worker: the calls share one kept-alive TLS connection.
      kontaktdata::registry::detail::Forbindelser forbindelser;
      CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"),
                           data(klient.slaa_op("0101701234", "55133018", "kald-k1")).navn.value());
      CPPUNIT_ASSERT_EQUAL(std::string("Bo Hansen"),
                           data(klient.slaa_op("0202802345", "64942212", "kald-k2")).navn.value());
      CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"),
                           data(klient.slaa_op("0101701234", "55133018", "kald-k3")).navn.value());
      CPPUNIT_ASSERT_EQUAL(1, server.accepteret.load());
    }
    // Elsewhere a connection per call.
    CPPUNIT_ASSERT(data(klient.slaa_op("0202802345", "64942212", "kald-k4")).kendt);
    CPPUNIT_ASSERT(data(klient.slaa_op("0202802345", "64942212", "kald-k5")).kendt);
    CPPUNIT_ASSERT_EQUAL(3, server.accepteret.load());
    CPPUNIT_ASSERT_EQUAL(0, server.tls_afvist.load());
    auto& sete = server.service.sete;
    std::lock_guard lock(sete.mutex);
    CPPUNIT_ASSERT_EQUAL(std::size_t(5), sete.klientcertifikater.size());
    for (const auto& cn : sete.klientcertifikater) {
      CPPUNIT_ASSERT_EQUAL(std::string("Kontaktdata test client"), cn);
    }
  }

  void testHttpsClientCertificateOfAnotherCaIsUnavailable() {
    Server<CprServer> server(TlsServer{certfil("server.pem"), certfil("ca.pem")});
    // A client certificate from a CA the server does not trust.
    forvent_utilgaengelig(CprKlient(https(
        server.url(), kCprService, {certfil("other-client.pem"), "", "", certfil("ca.pem")})));
    // No client certificate at all.
    forvent_utilgaengelig(
        CprKlient(https(server.url(), kCprService, {"", "", "", certfil("ca.pem")})));
    // The right certificate, but its encrypted key with a wrong password, or with none: the key
    // cannot be read, and no terminal is ever asked for a pass phrase.
    forvent_utilgaengelig(CprKlient(
        https(server.url(), kCprService,
              {certfil("client.crt"), certfil("client-key.pem"), "forkert", certfil("ca.pem")})));
    forvent_utilgaengelig(CprKlient(
        https(server.url(), kCprService,
              {certfil("client.crt"), certfil("client-key.pem"), "", certfil("ca.pem")})));
    CPPUNIT_ASSERT(server.tls_afvist.load() >= 1);
    std::lock_guard lock(server.service.sete.mutex);
    CPPUNIT_ASSERT(server.service.sete.numre.empty());  // no request reached the service
  }

  void testHttpsServerCertificateOfAnotherCaIsUnavailable() {
    // The server's certificate is signed by a CA the client does not trust.
    Server<CprServer> server(TlsServer{certfil("other-server.pem"), certfil("ca.pem")});
    forvent_utilgaengelig(CprKlient(
        https(server.url(), kCprService, {certfil("client.pem"), "", "", certfil("ca.pem")})));
    std::lock_guard lock(server.service.sete.mutex);
    CPPUNIT_ASSERT(server.service.sete.numre.empty());
  }

 private:
  struct soap* s_ = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(RegistryKlientTest);

}  // namespace
