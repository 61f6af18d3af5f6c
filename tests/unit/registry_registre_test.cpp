// The register port (src/registry/registre.hpp, afbryder.hpp): the circuit breaker's state
// machine on a fake clock; and Registeropslag end to end against small multi-threaded gSOAP
// servers (the generated CPR and CVR service classes) on 127.0.0.1 that count the calls they get
// and how many are in flight at once: routing and order, the process-wide bound on calls in
// flight, one deadline per list against a slow register, an open breaker answering at once
// without a call, and recovery after the cool-down. Persons and companies are DEMO-DATA.md's
// (fictitious); the bulk lists use synthetic company numbers and synthetic CPR numbers ending in
// 0000. Timing assertions are loose bounds (timeout + 1 s), as the machine may be loaded.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <future>
#include <mutex>
#include <regex>
#include <stdexcept>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "cprsoapPersonBaseDataExtendedBindingService.h"
#include "cvrsoapCvrBindingService.h"
#include "registry/afbryder.hpp"
#include "registry/registre.hpp"

namespace {

using kontaktdata::domain::Part;
using kontaktdata::domain::Registerdata;
using namespace kontaktdata::registry;
using namespace std::chrono_literals;
using Ur = std::chrono::steady_clock;
using Tilstand = Afbryder::Tilstand;

const char kAgreement[] = "0c1b0f7e-5d3a-4c1e-9f2b-1a2b3c4d5e6f";
const char kUserSystem[] = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001";
const char kUser[] = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0effff";
const char kCprService[] = "e6be2436-bf35-4df2-83fe-925142825dc2";
const char kCvrService[] = "c0daecde-e278-43b7-84fd-477bfeeea027";
const char kKommune[] = "55133018";

const Part kAnna{Part::Type::Cpr, "0101701234"};
const Part kBo{Part::Type::Cpr, "0202802345"};
const Part kCarl{Part::Type::Cpr, "0303903456"};
const Part kDorte{Part::Type::Cpr, "0404004567"};
const Part kEmil{Part::Type::Cpr, "0505055678"};
const Part kEksempel{Part::Type::Cvr, "12345674"};
const Part kOphoert{Part::Type::Cvr, "30030036"};
const Part kUkendtVirksomhed{Part::Type::Cvr, "22222222"};

// A synthetic person (DDMM70 + 0000) that the test register does not know.
Part syntetisk_person(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d%02d700000", 1 + i % 28, 1 + (i / 28) % 12);
  return Part{Part::Type::Cpr, buf};
}

// A synthetic company the test register knows as "Virksomhed <number>".
Part syntetisk_virksomhed(int i) { return Part{Part::Type::Cvr, std::to_string(40000000 + i)}; }

// ---------------------------------------------------------------------------------------------
// What the test servers share: their behaviour (set by the test) and what they saw.

struct Registerstatus {
  std::atomic<int> cpr_forsinkelse_ms{0};
  std::atomic<int> cvr_forsinkelse_ms{0};
  std::atomic<bool> cpr_fejler{false};  ///< answer every CPR call with a SOAP fault
  std::atomic<bool> stop{false};

  std::atomic<int> cpr_kald{0};
  std::atomic<int> cvr_kald{0};
  std::atomic<int> i_gang{0};    ///< calls in a handler now, both registers together
  std::atomic<int> hoejeste{0};  ///< the most ever at once

  std::mutex mutex;
  std::vector<std::string> kommuner, call_ids, services;

  void se(const std::string& kommune, const std::string* call_id, const std::string& service) {
    std::lock_guard lock(mutex);
    kommuner.push_back(kommune);
    call_ids.push_back(call_id != nullptr ? *call_id : "");
    services.push_back(service);
  }
};

// Counts a call in flight for as long as it lives.
class IGang {
 public:
  explicit IGang(Registerstatus& s) : s_(s) {
    const int n = ++s_.i_gang;
    int h = s_.hoejeste.load();
    while (n > h && !s_.hoejeste.compare_exchange_weak(h, n)) {
    }
  }
  ~IGang() { --s_.i_gang; }
  IGang(const IGang&) = delete;
  IGang& operator=(const IGang&) = delete;

 private:
  Registerstatus& s_;
};

// Waits `ms`, in small steps so that stopping the servers ends the wait.
void vent(int ms, const std::atomic<bool>& stop) {
  const auto slut = Ur::now() + std::chrono::milliseconds(ms);
  while (!stop && Ur::now() < slut) std::this_thread::sleep_for(5ms);
}

std::string* cpr_str(struct soap* s, const std::string& v) {
  auto* p = cprsoap::soap_new_std__string(s);
  *p = v;
  return p;
}

class CprServer : public cprsoap::PersonBaseDataExtendedBindingService {
 public:
  explicit CprServer(Registerstatus& s)
      : PersonBaseDataExtendedBindingService(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE), s_(s) {}
  cprsoap::PersonBaseDataExtendedBindingService* copy() override { return nullptr; }

  int PersonLookup(cprsoap::pbde__PersonLookupRequestType* req,
                   cprsoap::pbde__PersonLookupResponseType& svar) override {
    IGang i_gang(s_);
    ++s_.cpr_kald;
    const auto* ic = req->invctx__InvocationContext;
    s_.se(req->autctx__AuthorityContext ? req->autctx__AuthorityContext->MunicipalityCVR : "",
          ic ? ic->CallersServiceCallIdentifier : nullptr, ic ? ic->ServiceUUID : "");
    vent(s_.cpr_forsinkelse_ms, s_.stop);
    if (s_.cpr_fejler) return soap_receiverfault("Intern fejl i registret", nullptr);
    static const std::vector<std::pair<std::string, std::pair<const char*, const char*>>> kDemo{
        {"0101701234", {"Anna", "Jensen"}},   {"0202802345", {"Bo", "Hansen"}},
        {"0303903456", {"Carl", "Nielsen"}},  {"0404004567", {"Dorte", "Larsen"}},
        {"0505055678", {"Emil", "Sørensen"}},
    };
    for (const auto& [pnr, navn] : kDemo) {
      if (pnr != req->pnr__PNR) continue;
      auto* p = cprsoap::soap_new_pbde__persondataType(soap);
      p->personnummer = cpr_str(soap, pnr);
      p->gaeldendePersonnummer = cpr_str(soap, pnr);
      p->antalBoernUnder18 = "0";
      p->navn = cprsoap::soap_new_pbde__navnType(soap);
      p->navn->personadresseringsnavn = std::string(navn.second) + "," + navn.first;
      p->navn->fornavn = cpr_str(soap, navn.first);
      p->navn->efternavn = cpr_str(soap, navn.second);
      svar.persondata = p;
      return SOAP_OK;
    }
    return soap_senderfault("PNR not found", nullptr);  // SF1520's answer for an unknown person
  }

 private:
  Registerstatus& s_;
};

class CvrServer : public cvrsoap::CvrBindingService {
 public:
  explicit CvrServer(Registerstatus& s)
      : CvrBindingService(SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE), s_(s) {}
  cvrsoap::CvrBindingService* copy() override { return nullptr; }

  int getLegalUnit(cvrsoap::cvronl__GetLegalUnitRequestType* req,
                   cvrsoap::cvronl__GetLegalUnitResponseType& svar) override {
    IGang i_gang(s_);
    ++s_.cvr_kald;
    const int cvr = req->cvrws__GetLegalUnitRequest->cvr__LegalUnitIdentifier;
    const auto* ic = req->invctx__InvocationContext;
    s_.se("", ic ? ic->CallersServiceCallIdentifier : nullptr, ic ? ic->ServiceUUID : "");
    vent(s_.cvr_forsinkelse_ms, s_.stop);
    if (cvr == 22222222) {
      return soap_receiverfault("Required property '/virksomhed/CVRNummer' missing.", nullptr);
    }
    using namespace cvrsoap;
    svar.cvrws__GetLegalUnitResponse = soap_new__cvrws__GetLegalUnitResponse(soap);
    auto* u = soap_new_cvr__LegalUnitType(soap);
    u->versionIdentifier = "1";
    u->LegalUnitIdentifier = cvr;
    u->LegalUnitName = soap_new_cvr__LegalUnitNameType(soap);
    u->LegalUnitName->name = cvr == 12345674   ? "Eksempel ApS"
                             : cvr == 30030036 ? "Ophørt Handel A/S"
                                               : "Virksomhed " + std::to_string(cvr);
    u->LegalUnitName->sequenceNumber = "1";
    u->LegalUnitName->validFromDate = "2001-01-01";
    u->Lifecycle = soap_new_cvr__LifecycleType(soap);
    u->Lifecycle->StartDate = "2001-01-01";
    if (cvr == 30030036) {
      u->Lifecycle->CessationDate = soap_new_std__string(soap);
      *u->Lifecycle->CessationDate = "2023-12-31";
    }
    svar.cvrws__GetLegalUnitResponse->cvr__LegalUnit = u;
    return SOAP_OK;
  }

 private:
  Registerstatus& s_;
};

// Serves `Service` on 127.0.0.1 on a free port, one thread per connection, so that it takes as
// many calls at once as it is sent. Keeps a connection open between calls when the client asks
// for it (HTTP keep-alive), and counts the connections it accepts.
template <class Service>
class Server {
 public:
  explicit Server(Registerstatus& status) : status_(status), lytter_(soap_new()) {
    lytter_->accept_timeout = -20000;  // 20 ms: the loop sees `stop_` often
    lytter_->bind_flags = SO_REUSEADDR;
    if (!soap_valid_socket(soap_bind(lytter_, "127.0.0.1", 0, 128))) {
      soap_free(lytter_);
      throw std::runtime_error("bind failed");
    }
    sockaddr_in addr{};
    socklen_t len = sizeof addr;
    getsockname(lytter_->master, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      while (!stop_) {
        const SOAP_SOCKET s = soap_accept(lytter_);
        if (!soap_valid_socket(s)) {  // a timeout: free the fault gSOAP made of it
          soap_destroy(lytter_);
          soap_end(lytter_);
          continue;
        }
        lytter_->socket = SOAP_INVALID_SOCKET;  // the connection's thread owns it now
        ++accepteret_;
        std::lock_guard lock(mutex_);
        forbindelser_.emplace_back([this, s] { betjen(s); });
      }
    });
  }
  ~Server() {
    status_.stop = true;
    stop_ = true;
    thread_.join();
    for (auto& t : forbindelser_) t.join();
    soap_force_closesock(lytter_);
    soap_free(lytter_);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/register"; }

  /// Connections accepted so far.
  int accepteret() const { return accepteret_; }
  /// Requests the server read no answer for (it closed the connection instead).
  int uden_svar() const { return uden_svar_; }

  /// Answers at most this many requests on one connection (0: no limit); a request after them
  /// is not answered: the connection is closed when it arrives, as a register does that closes
  /// an idle kept-alive connection just as the client sends on it.
  std::atomic<int> svar_pr_forbindelse{0};
  /// Answers no request: closes every connection when its first request arrives.
  std::atomic<bool> intet_svar{false};

 private:
  // Waits until the connection has something to read (a request or the client's close), in
  // small steps so that stopping the server ends the wait. False when stopped.
  bool vent_paa_data(SOAP_SOCKET s) const {
    while (!stop_) {
      pollfd p{s, POLLIN, 0};
      if (::poll(&p, 1, 20) != 0) return true;
    }
    return false;
  }

  // Every request on one connection, until it closes (as Service::serve(), with the limits).
  void betjen(SOAP_SOCKET s) {
    Service service(status_);
    struct soap* ctx = service.soap;
    ctx->socket = s;
    ctx->socket_flags = MSG_NOSIGNAL;
    ctx->recv_timeout = 5;
    ctx->send_timeout = 5;
    // The register closes a connection only where a test says so, not after gSOAP's default
    // 100 requests.
    ctx->max_keep_alive = 10000;
    ctx->keep_alive = ctx->max_keep_alive + 1;
    int besvaret = 0;
    do {
      if (ctx->keep_alive > 0 && ctx->max_keep_alive > 0) ctx->keep_alive--;
      if (!vent_paa_data(s)) break;
      const int graense = svar_pr_forbindelse;
      if (intet_svar || (graense > 0 && besvaret >= graense)) {
        ++uden_svar_;
        break;  // closed with the request unread
      }
      if (soap_begin_serve(ctx) != SOAP_OK) break;  // the client closed the connection
      if (service.dispatch() != SOAP_OK) {
        soap_send_fault(ctx);  // closes the connection
        break;
      }
      ++besvaret;
      service.destroy();
    } while (ctx->keep_alive && soap_valid_socket(ctx->socket));
    service.destroy();
    soap_force_closesock(ctx);
  }

  Registerstatus& status_;
  struct soap* lytter_;
  std::atomic<bool> stop_{false};
  int port_ = 0;
  std::thread thread_;
  std::mutex mutex_;
  std::vector<std::thread> forbindelser_;
  std::atomic<int> accepteret_{0};
  std::atomic<int> uden_svar_{0};
};

Klientindstillinger klient(const std::string& url, const char* service,
                           std::chrono::milliseconds timeout = 10s) {
  Klientindstillinger k;
  k.endpoint = url;
  k.timeout = timeout;
  k.kontekst = {kAgreement, kUserSystem, kUser, service};
  return k;
}

// The log lines Registeropslag writes.
struct Loglinjer {
  std::mutex mutex;
  std::vector<std::pair<Logniveau, std::string>> linjer;

  Registerlog funktion() {
    return [this](Logniveau n, const std::string& l) {
      std::lock_guard lock(mutex);
      linjer.emplace_back(n, l);
    };
  }
  bool har(Logniveau n, const std::string& del) {
    std::lock_guard lock(mutex);
    for (const auto& [niveau, linje] : linjer) {
      if (niveau == n && linje.find(del) != std::string::npos) return true;
    }
    return false;
  }
  // No line holds a run of six or more digits (a CPR number, whole or in part).
  bool uden_numre() {
    static const std::regex kNumre("[0-9]{6,}");
    std::lock_guard lock(mutex);
    for (const auto& [niveau, linje] : linjer) {
      if (std::regex_search(linje, kNumre)) return false;
    }
    return true;
  }
};

// Two servers (CPR and CVR) sharing one Registerstatus, and a Registeropslag over them.
struct Opstilling {
  explicit Opstilling(Registerindstillinger ind, std::chrono::milliseconds klient_timeout = 10s)
      : cpr_server(status),
        cvr_server(status),
        opslag(CprKlient(klient(cpr_server.url(), kCprService, klient_timeout)),
               CvrKlient(klient(cvr_server.url(), kCvrService, klient_timeout)), ind,
               log.funktion()) {}

  std::vector<std::optional<Registerdata>> slaa_op(const std::vector<Part>& parts,
                                                   const std::string& call_id = "kald-1") {
    return opslag.slaa_op(parts, kKommune, call_id);
  }

  Registerstatus status;
  Loglinjer log;
  Server<CprServer> cpr_server;
  Server<CvrServer> cvr_server;
  Registeropslag opslag;
};

Registerindstillinger indstillinger(std::chrono::milliseconds timeout, int maks_samtidige,
                                    int afbryder_fejl = 5,
                                    std::chrono::milliseconds afbryder_aaben = 30s) {
  Registerindstillinger r;
  r.timeout = timeout;
  r.maks_samtidige = maks_samtidige;
  r.afbryder_fejl = afbryder_fejl;
  r.afbryder_aaben = afbryder_aaben;
  return r;
}

long ms_siden(Ur::time_point start) {
  return static_cast<long>(
      std::chrono::duration_cast<std::chrono::milliseconds>(Ur::now() - start).count());
}

// Waits up to 3 s for `betingelse`. A call that times out ends at the list's deadline, the
// moment slaa_op() returns: its failure reaches the breaker and the log a little later.
bool inden_laenge(const std::function<bool()>& betingelse) {
  const auto slut = Ur::now() + 3s;
  while (!betingelse()) {
    if (Ur::now() > slut) return false;
    std::this_thread::sleep_for(5ms);
  }
  return true;
}

std::string navn(const std::optional<Registerdata>& r) {
  CPPUNIT_ASSERT_MESSAGE("expected an answer, got none", r.has_value());
  return r->navn.value_or("(intet navn)");
}

// ---------------------------------------------------------------------------------------------

class AfbryderTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AfbryderTest);
  CPPUNIT_TEST(testOpensAfterNFailuresInARow);
  CPPUNIT_TEST(testAnAnswerResetsTheCount);
  CPPUNIT_TEST(testUnknownNumberCountsAsAnAnswer);
  CPPUNIT_TEST(testStaysOpenDuringTheCoolDown);
  CPPUNIT_TEST(testHalfOpenLetsOneTrialThrough);
  CPPUNIT_TEST(testTrialSuccessCloses);
  CPPUNIT_TEST(testTrialFailureReopensForAnotherCoolDown);
  CPPUNIT_TEST(testOutcomesOfEarlierStatesDoNotCount);
  CPPUNIT_TEST(testSettingsAreChecked);
  CPPUNIT_TEST_SUITE_END();

 public:
  Ur::time_point nu_ = Ur::time_point{} + std::chrono::hours(1);
  Afbryder::Klokke klokke() {
    return [this] { return nu_; };
  }

  // `n` permitted calls that fail; returns the last change of state.
  std::optional<Afbryder::Overgang> fejl(Afbryder& a, int n) {
    std::optional<Afbryder::Overgang> sidste;
    for (int i = 0; i < n; ++i) {
      const auto t = a.tillad();
      CPPUNIT_ASSERT(t.kald);
      if (auto o = a.udfald(t, false)) sidste = o;
    }
    return sidste;
  }

  void testOpensAfterNFailuresInARow() {
    Afbryder a(3, 30s, klokke());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Lukket);
    CPPUNIT_ASSERT(!fejl(a, 2).has_value());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Lukket);
    CPPUNIT_ASSERT_EQUAL(2, a.fejl_i_traek());
    const auto o = fejl(a, 1);
    CPPUNIT_ASSERT(o.has_value());
    CPPUNIT_ASSERT(o->fra == Tilstand::Lukket && o->til == Tilstand::Aaben);
    CPPUNIT_ASSERT_EQUAL(3, o->fejl_i_traek);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
    CPPUNIT_ASSERT(!a.tillad().kald);
  }

  void testAnAnswerResetsTheCount() {
    Afbryder a(3, 30s, klokke());
    fejl(a, 2);
    const auto t = a.tillad();
    CPPUNIT_ASSERT(!a.udfald(t, true).has_value());
    CPPUNIT_ASSERT_EQUAL(0, a.fejl_i_traek());
    CPPUNIT_ASSERT(!fejl(a, 2).has_value());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Lukket);
    CPPUNIT_ASSERT(fejl(a, 1).has_value());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
  }

  void testUnknownNumberCountsAsAnAnswer() {
    // "Unknown number" is register data with kendt false: an answer, not a failure.
    CPPUNIT_ASSERT(er_svar(Opslag{Registerdata{}}));
    Registerdata kendt;
    kendt.kendt = true;
    CPPUNIT_ASSERT(er_svar(Opslag{kendt}));
    for (auto art : {Fejlart::Timeout, Fejlart::Utilgaengelig, Fejlart::Fejl}) {
      CPPUNIT_ASSERT(!er_svar(Opslag{Registerfejl{art, "x"}}));
    }
    Afbryder a(2, 30s, klokke());
    fejl(a, 1);
    const auto t = a.tillad();
    a.udfald(t, er_svar(Opslag{Registerdata{}}));
    fejl(a, 1);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Lukket);
    fejl(a, 1);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
  }

  void testStaysOpenDuringTheCoolDown() {
    Afbryder a(1, 30s, klokke());
    fejl(a, 1);
    for (int i = 0; i < 5; ++i) {
      nu_ += 5s;
      const auto t = a.tillad();
      CPPUNIT_ASSERT(!t.kald && !t.overgang);
    }
    nu_ += 4999ms;  // 29.999 s after opening
    CPPUNIT_ASSERT(!a.tillad().kald);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
  }

  void testHalfOpenLetsOneTrialThrough() {
    Afbryder a(1, 30s, klokke());
    fejl(a, 1);
    nu_ += 30s;
    const auto proeve = a.tillad();
    CPPUNIT_ASSERT(proeve.kald && proeve.proeve);
    CPPUNIT_ASSERT(proeve.overgang.has_value());
    CPPUNIT_ASSERT(proeve.overgang->fra == Tilstand::Aaben &&
                   proeve.overgang->til == Tilstand::Halvaaben);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Halvaaben);
    // While the trial is in flight nobody else calls, however long it takes.
    for (int i = 0; i < 5; ++i) {
      nu_ += 60s;
      const auto t = a.tillad();
      CPPUNIT_ASSERT(!t.kald && !t.overgang);
    }
  }

  void testTrialSuccessCloses() {
    Afbryder a(2, 30s, klokke());
    fejl(a, 2);
    nu_ += 31s;
    const auto proeve = a.tillad();
    const auto o = a.udfald(proeve, true);
    CPPUNIT_ASSERT(o.has_value());
    CPPUNIT_ASSERT(o->fra == Tilstand::Halvaaben && o->til == Tilstand::Lukket);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Lukket);
    CPPUNIT_ASSERT_EQUAL(0, a.fejl_i_traek());
    const auto t = a.tillad();
    CPPUNIT_ASSERT(t.kald && !t.proeve);
    // Closed again: it takes N new failures to open it.
    a.udfald(t, false);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Lukket);
    fejl(a, 1);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
  }

  void testTrialFailureReopensForAnotherCoolDown() {
    Afbryder a(2, 30s, klokke());
    fejl(a, 2);
    nu_ += 40s;
    const auto proeve = a.tillad();
    nu_ += 2s;  // the trial takes its time
    const auto o = a.udfald(proeve, false);
    CPPUNIT_ASSERT(o.has_value());
    CPPUNIT_ASSERT(o->fra == Tilstand::Halvaaben && o->til == Tilstand::Aaben);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
    // The new cool-down runs from the failed trial.
    nu_ += 29s;
    CPPUNIT_ASSERT(!a.tillad().kald);
    nu_ += 1s;
    const auto ny = a.tillad();
    CPPUNIT_ASSERT(ny.kald && ny.proeve);
  }

  void testOutcomesOfEarlierStatesDoNotCount() {
    Afbryder a(2, 30s, klokke());
    // Four calls in flight while closed; two fail and open the breaker.
    const auto t1 = a.tillad(), t2 = a.tillad(), t3 = a.tillad(), t4 = a.tillad();
    a.udfald(t1, false);
    a.udfald(t2, false);
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
    // A late answer from before the opening does not close it.
    CPPUNIT_ASSERT(!a.udfald(t3, true).has_value());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Aaben);
    nu_ += 30s;
    const auto proeve = a.tillad();
    CPPUNIT_ASSERT(proeve.proeve);
    // A late failure from before does not reopen the half-open breaker.
    CPPUNIT_ASSERT(!a.udfald(t4, false).has_value());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Halvaaben);
    // A refused permission has no outcome to report.
    const auto afvist = a.tillad();
    CPPUNIT_ASSERT(!afvist.kald);
    CPPUNIT_ASSERT(!a.udfald(afvist, false).has_value());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Halvaaben);
    CPPUNIT_ASSERT(a.udfald(proeve, true).has_value());
    CPPUNIT_ASSERT(a.tilstand() == Tilstand::Lukket);
  }

  void testSettingsAreChecked() {
    CPPUNIT_ASSERT_THROW(Afbryder(0, 30s), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(Afbryder(1, -1ms), std::invalid_argument);
    CPPUNIT_ASSERT_EQUAL(std::string("halvåben"), std::string(to_string(Tilstand::Halvaaben)));
  }
};

// ---------------------------------------------------------------------------------------------

class RegisteropslagTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(RegisteropslagTest);
  CPPUNIT_TEST(testPersonsToCprCompaniesToCvrInOrder);
  CPPUNIT_TEST(testDuplicatesMalformedNumbersAndAnEmptyList);
  CPPUNIT_TEST(testAListIsLookedUpInParallel);
  CPPUNIT_TEST(testCallsInFlightNeverExceedTheBound);
  CPPUNIT_TEST(testWholeListReturnsWithinTheTimeoutAgainstASlowRegister);
  CPPUNIT_TEST(testEachCallEndsAtTheListsDeadline);
  CPPUNIT_TEST(testOpenBreakerAnswersAtOnceWithoutACall);
  CPPUNIT_TEST(testUnknownNumberKeepsTheBreakerClosed);
  CPPUNIT_TEST(testRecoveryAfterTheCoolDown);
  CPPUNIT_TEST(testConnectionsAreKeptAliveWithinTheBound);
  CPPUNIT_TEST(testAConnectionTheRegisterClosedIsRetriedOnceOnAFreshOne);
  CPPUNIT_TEST(testAStaleConnectionIsRetriedNeverTwice);
  CPPUNIT_TEST(testATimeoutClosesTheConnectionAndTheNextCallOpensAFreshOne);
  CPPUNIT_TEST(testSettingsAreChecked);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testPersonsToCprCompaniesToCvrInOrder() {
    Opstilling o(indstillinger(5s, 4));
    const auto svar = o.slaa_op(
        {kAnna, kEksempel, kBo, syntetisk_person(0), kUkendtVirksomhed, kEmil, kOphoert, kCarl},
        "kald-rute");
    CPPUNIT_ASSERT_EQUAL(std::size_t(8), svar.size());
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"), navn(svar[0]));
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), navn(svar[1]));
    CPPUNIT_ASSERT_EQUAL(std::string("Bo Hansen"), navn(svar[2]));
    CPPUNIT_ASSERT(svar[3].has_value() && !svar[3]->kendt);  // unknown person: an answer
    CPPUNIT_ASSERT(svar[4].has_value() && !svar[4]->kendt);  // unknown company: an answer
    CPPUNIT_ASSERT_EQUAL(std::string("Emil Sørensen"), navn(svar[5]));
    CPPUNIT_ASSERT_EQUAL(std::string("Ophørt Handel A/S"), navn(svar[6]));
    CPPUNIT_ASSERT(svar[6]->ophoert);
    CPPUNIT_ASSERT_EQUAL(std::string("Carl Nielsen"), navn(svar[7]));
    CPPUNIT_ASSERT_EQUAL(std::string("0202802345"), svar[2]->gaeldende_personnummer.value());

    CPPUNIT_ASSERT_EQUAL(5, o.status.cpr_kald.load());
    CPPUNIT_ASSERT_EQUAL(3, o.status.cvr_kald.load());
    std::lock_guard lock(o.status.mutex);
    int cpr = 0;
    for (std::size_t i = 0; i < o.status.services.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(std::string("kald-rute"), o.status.call_ids[i]);
      if (o.status.services[i] == kCprService) {
        ++cpr;
        CPPUNIT_ASSERT_EQUAL(std::string(kKommune), o.status.kommuner[i]);
      } else {
        CPPUNIT_ASSERT_EQUAL(std::string(kCvrService), o.status.services[i]);
      }
    }
    CPPUNIT_ASSERT_EQUAL(5, cpr);
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Lukket);
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cvr) == Tilstand::Lukket);
  }

  void testDuplicatesMalformedNumbersAndAnEmptyList() {
    Opstilling o(indstillinger(5s, 4, 1));
    CPPUNIT_ASSERT(o.slaa_op({}).empty());
    const auto svar = o.slaa_op({kAnna, Part{Part::Type::Cpr, "12345"}, kAnna,
                                 Part{Part::Type::Cvr, "01234567"}, Part{Part::Type::Cvr, "abc"}});
    CPPUNIT_ASSERT_EQUAL(std::size_t(5), svar.size());
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"), navn(svar[0]));
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"), navn(svar[2]));
    CPPUNIT_ASSERT(!svar[1] && !svar[3] && !svar[4]);
    CPPUNIT_ASSERT_EQUAL(1, o.status.cpr_kald.load());  // Anna once
    CPPUNIT_ASSERT_EQUAL(0, o.status.cvr_kald.load());
    // A malformed number is not the register's failure (the threshold here is 1).
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Lukket);
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cvr) == Tilstand::Lukket);
  }

  void testAListIsLookedUpInParallel() {
    Opstilling o(indstillinger(15s, 8));
    o.status.cvr_forsinkelse_ms = 500;
    std::vector<Part> parts;
    for (int i = 0; i < 8; ++i) parts.push_back(syntetisk_virksomhed(i));
    const auto start = Ur::now();
    const auto svar = o.slaa_op(parts);
    const long ms = ms_siden(start);
    for (std::size_t i = 0; i < parts.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL("Virksomhed " + parts[i].nummer, navn(svar[i]));
    }
    // One after the other they would take 8 x 500 ms.
    CPPUNIT_ASSERT_MESSAGE("took " + std::to_string(ms) + " ms", ms < 3000);
    CPPUNIT_ASSERT(o.status.hoejeste >= 2);
  }

  void testCallsInFlightNeverExceedTheBound() {
    constexpr int kGraense = 4;
    Opstilling o(indstillinger(30s, kGraense));
    o.status.cpr_forsinkelse_ms = 60;
    o.status.cvr_forsinkelse_ms = 60;
    // Three requests at once, each with persons and companies: 36 calls against a bound of 4
    // for the whole process.
    std::vector<std::future<bool>> svar;
    for (int t = 0; t < 3; ++t) {
      svar.push_back(std::async(std::launch::async, [&o, t] {
        std::vector<Part> parts{kAnna, kBo, kCarl, kDorte};
        for (int i = 0; i < 8; ++i) parts.push_back(syntetisk_virksomhed(t * 100 + i));
        const auto r = o.slaa_op(parts, "kald-" + std::to_string(t));
        bool ok = r.size() == parts.size();
        for (std::size_t i = 0; ok && i < r.size(); ++i) ok = r[i].has_value() && r[i]->kendt;
        return ok;
      }));
    }
    for (auto& f : svar) CPPUNIT_ASSERT(f.get());
    CPPUNIT_ASSERT_EQUAL(12, o.status.cpr_kald.load());
    CPPUNIT_ASSERT_EQUAL(24, o.status.cvr_kald.load());
    const int hoejeste = o.status.hoejeste;
    CPPUNIT_ASSERT_MESSAGE("in flight at once: " + std::to_string(hoejeste),
                           hoejeste <= kGraense && hoejeste >= 2);
  }

  void testWholeListReturnsWithinTheTimeoutAgainstASlowRegister() {
    // CPR answers after 5 s, CVR at once; the list may take 600 ms, 4 calls in flight.
    Opstilling o(indstillinger(600ms, 4));
    o.status.cpr_forsinkelse_ms = 5000;
    std::vector<Part> parts{kEksempel, kAnna, kOphoert, kBo, kCarl, kDorte, kEmil};
    for (int i = 0; i < 5; ++i) parts.push_back(syntetisk_person(i));
    const auto start = Ur::now();
    const auto svar = o.slaa_op(parts);
    const long ms = ms_siden(start);
    CPPUNIT_ASSERT_MESSAGE("took " + std::to_string(ms) + " ms", ms <= 600 + 1000);
    CPPUNIT_ASSERT_EQUAL(parts.size(), svar.size());
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), navn(svar[0]));
    CPPUNIT_ASSERT_EQUAL(std::string("Ophørt Handel A/S"), navn(svar[2]));
    for (std::size_t i = 0; i < parts.size(); ++i) {
      if (parts[i].type == Part::Type::Cpr) {
        CPPUNIT_ASSERT_MESSAGE("part " + std::to_string(i), !svar[i].has_value());
      }
    }
    // Calls not started before the deadline were not made: at most 4 of the 10 persons.
    const int kald = o.status.cpr_kald;
    CPPUNIT_ASSERT_MESSAGE("CPR calls: " + std::to_string(kald), kald >= 1 && kald <= 4);
    CPPUNIT_ASSERT(
        inden_laenge([&] { return o.log.har(Logniveau::Advarsel, "CPR-opslag TIMEOUT"); }));
    CPPUNIT_ASSERT(o.log.uden_numre());
  }

  void testEachCallEndsAtTheListsDeadline() {
    Registerstatus status;
    Server<CprServer> server(status);
    status.cpr_forsinkelse_ms = 5000;
    const CprKlient cpr(klient(server.url(), kCprService, 10s));
    // The client's own timeout is 10 s; the deadline 400 ms away ends the call.
    auto start = Ur::now();
    auto o = cpr.slaa_op(kAnna.nummer, kKommune, "kald-f", start + 400ms);
    long ms = ms_siden(start);
    CPPUNIT_ASSERT(std::holds_alternative<Registerfejl>(o));
    CPPUNIT_ASSERT(std::get<Registerfejl>(o).art == Fejlart::Timeout);
    CPPUNIT_ASSERT_MESSAGE("took " + std::to_string(ms) + " ms", ms <= 400 + 1000);
    CPPUNIT_ASSERT_EQUAL(1, status.cpr_kald.load());
    // A deadline already passed: no call at all.
    start = Ur::now();
    o = cpr.slaa_op(kAnna.nummer, kKommune, "kald-g", start - 1ms);
    CPPUNIT_ASSERT(std::get<Registerfejl>(o).art == Fejlart::Timeout);
    CPPUNIT_ASSERT(ms_siden(start) < 500);
    CPPUNIT_ASSERT_EQUAL(1, status.cpr_kald.load());
  }

  void testOpenBreakerAnswersAtOnceWithoutACall() {
    // Threshold 2, cool-down 60 s; CPR is slower than the 1 s timeout.
    Opstilling o(indstillinger(1000ms, 4, 2, 60s));
    o.status.cpr_forsinkelse_ms = 5000;
    CPPUNIT_ASSERT(!o.slaa_op({kAnna})[0]);
    CPPUNIT_ASSERT(inden_laenge([&] { return o.log.har(Logniveau::Advarsel, "CPR-opslag"); }));
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Lukket);
    CPPUNIT_ASSERT(!o.slaa_op({kBo})[0]);
    CPPUNIT_ASSERT(
        inden_laenge([&] { return o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Aaben; }));
    CPPUNIT_ASSERT_EQUAL(2, o.status.cpr_kald.load());
    CPPUNIT_ASSERT(o.log.har(Logniveau::Advarsel, "CPR-afbryder lukket -> åben"));

    // Open: persons get no answer at once, and CPR is not called; CVR still is.
    const auto start = Ur::now();
    const auto svar = o.slaa_op({kAnna, kEksempel, kBo, kEmil});
    const long ms = ms_siden(start);
    CPPUNIT_ASSERT_MESSAGE("took " + std::to_string(ms) + " ms", ms < 500);
    CPPUNIT_ASSERT(!svar[0] && !svar[2] && !svar[3]);
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), navn(svar[1]));
    CPPUNIT_ASSERT_EQUAL(2, o.status.cpr_kald.load());
    CPPUNIT_ASSERT_EQUAL(1, o.status.cvr_kald.load());
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cvr) == Tilstand::Lukket);
    CPPUNIT_ASSERT(o.log.uden_numre());
  }

  void testUnknownNumberKeepsTheBreakerClosed() {
    Opstilling o(indstillinger(5s, 4, 2, 60s));
    o.status.cpr_fejler = true;
    CPPUNIT_ASSERT(!o.slaa_op({kAnna})[0]);
    CPPUNIT_ASSERT(o.log.har(Logniveau::Advarsel, "CPR-opslag FEJL"));
    o.status.cpr_fejler = false;
    const auto ukendt = o.slaa_op({syntetisk_person(3)})[0];
    CPPUNIT_ASSERT(ukendt.has_value() && !ukendt->kendt);
    o.status.cpr_fejler = true;
    CPPUNIT_ASSERT(!o.slaa_op({kAnna})[0]);
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Lukket);
    CPPUNIT_ASSERT(!o.slaa_op({kAnna})[0]);
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Aaben);
    CPPUNIT_ASSERT_EQUAL(4, o.status.cpr_kald.load());
  }

  void testRecoveryAfterTheCoolDown() {
    Opstilling o(indstillinger(5s, 4, 2, 500ms));
    o.status.cpr_fejler = true;
    o.slaa_op({kAnna, kBo});
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Aaben);
    CPPUNIT_ASSERT_EQUAL(2, o.status.cpr_kald.load());

    // After the cool-down one trial call goes through; it fails, and the breaker opens again.
    std::this_thread::sleep_for(700ms);
    CPPUNIT_ASSERT(!o.slaa_op({kAnna})[0]);
    CPPUNIT_ASSERT_EQUAL(3, o.status.cpr_kald.load());
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Aaben);
    CPPUNIT_ASSERT(o.log.har(Logniveau::Info, "CPR-afbryder åben -> halvåben"));
    CPPUNIT_ASSERT(o.log.har(Logniveau::Advarsel, "CPR-afbryder halvåben -> åben"));
    CPPUNIT_ASSERT(!o.slaa_op({kAnna})[0]);  // open again: no call
    CPPUNIT_ASSERT_EQUAL(3, o.status.cpr_kald.load());

    // CPR is back; after the next cool-down the trial succeeds and closes the breaker.
    o.status.cpr_fejler = false;
    std::this_thread::sleep_for(700ms);
    CPPUNIT_ASSERT_EQUAL(std::string("Anna Jensen"), navn(o.slaa_op({kAnna})[0]));
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cpr) == Tilstand::Lukket);
    CPPUNIT_ASSERT(o.log.har(Logniveau::Info, "CPR-afbryder halvåben -> lukket"));
    const auto svar = o.slaa_op({kBo, kEmil});
    CPPUNIT_ASSERT_EQUAL(std::string("Bo Hansen"), navn(svar[0]));
    CPPUNIT_ASSERT_EQUAL(std::string("Emil Sørensen"), navn(svar[1]));
    CPPUNIT_ASSERT_EQUAL(6, o.status.cpr_kald.load());
    CPPUNIT_ASSERT(o.log.uden_numre());
  }

  void testConnectionsAreKeptAliveWithinTheBound() {
    constexpr int kGraense = 4;
    Opstilling o(indstillinger(30s, kGraense));
    // Ten lists of the five known persons and 20 companies, three at a time: 50 CPR and 200
    // CVR calls, each worker reusing its one connection per register.
    for (int runde = 0; runde < 10; runde += 3) {
      std::vector<std::future<bool>> svar;
      for (int t = runde; t < std::min(runde + 3, 10); ++t) {
        svar.push_back(std::async(std::launch::async, [&o, t] {
          std::vector<Part> parts{kAnna, kBo, kCarl, kDorte, kEmil};
          for (int i = 0; i < 20; ++i) parts.push_back(syntetisk_virksomhed(t * 100 + i));
          const auto r = o.slaa_op(parts, "kald-" + std::to_string(t));
          bool ok = r.size() == parts.size();
          ok = ok && r[0] && r[0]->navn == "Anna Jensen" && r[4] && r[4]->navn == "Emil Sørensen";
          for (std::size_t i = 5; ok && i < r.size(); ++i) {
            ok = r[i].has_value() && r[i]->navn == "Virksomhed " + parts[i].nummer;
          }
          return ok;
        }));
      }
      for (auto& f : svar) CPPUNIT_ASSERT(f.get());
    }
    CPPUNIT_ASSERT_EQUAL(50, o.status.cpr_kald.load());
    CPPUNIT_ASSERT_EQUAL(200, o.status.cvr_kald.load());
    const int cpr = o.cpr_server.accepteret();
    const int cvr = o.cvr_server.accepteret();
    CPPUNIT_ASSERT_MESSAGE("CPR connections: " + std::to_string(cpr), cpr >= 1 && cpr <= kGraense);
    CPPUNIT_ASSERT_MESSAGE("CVR connections: " + std::to_string(cvr), cvr >= 1 && cvr <= kGraense);
    CPPUNIT_ASSERT_EQUAL(0, o.cpr_server.uden_svar() + o.cvr_server.uden_svar());
  }

  void testAConnectionTheRegisterClosedIsRetriedOnceOnAFreshOne() {
    // One worker; CVR answers one request per connection and closes the connection when the
    // next one arrives on it: every call after the first finds its kept-alive connection stale.
    Opstilling o(indstillinger(10s, 1));
    o.cvr_server.svar_pr_forbindelse = 1;
    for (int i = 0; i < 10; ++i) {
      const Part p = syntetisk_virksomhed(i);
      CPPUNIT_ASSERT_EQUAL("Virksomhed " + p.nummer, navn(o.slaa_op({p})[0]));
    }
    CPPUNIT_ASSERT_EQUAL(10, o.status.cvr_kald.load());
    CPPUNIT_ASSERT_EQUAL(9, o.cvr_server.uden_svar());
    CPPUNIT_ASSERT_EQUAL(10, o.cvr_server.accepteret());
    CPPUNIT_ASSERT(!o.log.har(Logniveau::Advarsel, "CVR-opslag"));
    CPPUNIT_ASSERT(o.opslag.afbryder(Part::Type::Cvr) == Tilstand::Lukket);
  }

  void testAStaleConnectionIsRetriedNeverTwice() {
    Opstilling o(indstillinger(10s, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), navn(o.slaa_op({kEksempel})[0]));
    CPPUNIT_ASSERT_EQUAL(1, o.cvr_server.accepteret());
    // Now no request is answered: the call on the kept-alive connection gets nothing, its one
    // retry on a fresh connection gets nothing either, and there is no third try.
    o.cvr_server.intet_svar = true;
    const auto start = Ur::now();
    CPPUNIT_ASSERT(!o.slaa_op({syntetisk_virksomhed(1)})[0]);
    CPPUNIT_ASSERT(ms_siden(start) < 5000);
    CPPUNIT_ASSERT_EQUAL(2, o.cvr_server.uden_svar());
    CPPUNIT_ASSERT_EQUAL(2, o.cvr_server.accepteret());
    CPPUNIT_ASSERT(
        inden_laenge([&] { return o.log.har(Logniveau::Advarsel, "CVR-opslag UTILGAENGELIG"); }));
    // A failure on a fresh connection is not retried.
    CPPUNIT_ASSERT(!o.slaa_op({syntetisk_virksomhed(2)})[0]);
    CPPUNIT_ASSERT_EQUAL(3, o.cvr_server.uden_svar());
    CPPUNIT_ASSERT_EQUAL(3, o.cvr_server.accepteret());
    CPPUNIT_ASSERT_EQUAL(1, o.status.cvr_kald.load());
  }

  void testATimeoutClosesTheConnectionAndTheNextCallOpensAFreshOne() {
    Opstilling o(indstillinger(500ms, 1));
    CPPUNIT_ASSERT_EQUAL(std::string("Eksempel ApS"), navn(o.slaa_op({kEksempel})[0]));
    CPPUNIT_ASSERT_EQUAL(std::string("Ophørt Handel A/S"), navn(o.slaa_op({kOphoert})[0]));
    CPPUNIT_ASSERT_EQUAL(1, o.cvr_server.accepteret());
    // A slow answer on the kept-alive connection ends at the list's deadline.
    o.status.cvr_forsinkelse_ms = 1500;
    auto start = Ur::now();
    CPPUNIT_ASSERT(!o.slaa_op({syntetisk_virksomhed(7)})[0]);
    CPPUNIT_ASSERT_MESSAGE("took " + std::to_string(ms_siden(start)) + " ms",
                           ms_siden(start) <= 500 + 400);
    CPPUNIT_ASSERT(
        inden_laenge([&] { return o.log.har(Logniveau::Advarsel, "CVR-opslag TIMEOUT"); }));
    // The next call does not get the late answer on the old connection: a fresh one, its own
    // answer, while the old call is still being answered.
    o.status.cvr_forsinkelse_ms = 0;
    start = Ur::now();
    const Part p = syntetisk_virksomhed(8);
    CPPUNIT_ASSERT_EQUAL("Virksomhed " + p.nummer, navn(o.slaa_op({p})[0]));
    CPPUNIT_ASSERT(ms_siden(start) < 400);
    CPPUNIT_ASSERT_EQUAL(2, o.cvr_server.accepteret());
    CPPUNIT_ASSERT_EQUAL(4, o.status.cvr_kald.load());
  }

  void testSettingsAreChecked() {
    auto lav = [](Registerindstillinger ind) {
      Registeropslag r(CprKlient(klient("http://127.0.0.1:9/", kCprService)),
                       CvrKlient(klient("http://127.0.0.1:9/", kCvrService)), ind);
    };
    CPPUNIT_ASSERT_THROW(lav(indstillinger(0ms, 4)), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(lav(indstillinger(1s, 0)), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(lav(indstillinger(1s, 4, 0)), std::invalid_argument);
    lav(indstillinger(1s, 1));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(AfbryderTest);
CPPUNIT_TEST_SUITE_REGISTRATION(RegisteropslagTest);

}  // namespace
