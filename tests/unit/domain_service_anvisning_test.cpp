// KontaktdataService::hent_kontaktanvisning and address protection in Laes and List, against the
// in-memory Store and a fake of the registers: which parts are looked up and when (the register
// cache's freshness and time to live, one call for all misses), what an unanswered lookup gives
// (the cached answer with REGISTER_UTILGAENGELIG, or nothing), batches in request order, the
// context and value faults, and protection failing closed. The resolution's own rules are
// tested in domain_kontaktanvisning_test.cpp.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/kontaktanvisning.hpp"
#include "domain/kontaktdata_service.hpp"
#include "domain/ports.hpp"
#include "domain_demo_register.hpp"
#include "domain_fake_store.hpp"

namespace kontaktdata::domain {

using namespace test;
using namespace test::demo;
using std::chrono::minutes;
using std::chrono::seconds;

namespace {

constexpr const char* kBo = "0202802345";      // address protection in CPR
constexpr const char* kEksempel = "12345674";  // active company (= test::kFirma)
constexpr const char* kUkendt = "1111111111";  // synthetic: CPR does not know it
constexpr const char* kBoPostId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2010";
constexpr const char* kAnnaMobilId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2011";

/// The registers as the use cases see them: answers from a table, or none for numbers marked
/// as failing (or for all while `nede`). Records every call.
class FakeRegistre : public Registre {
 public:
  std::vector<std::optional<Registerdata>> slaa_op(
      const std::vector<Part>& parts, const std::string& kommune_cvr,
      const std::optional<std::string>& callers_service_call_identifier) override {
    kald.push_back(parts);
    kommuner.push_back(kommune_cvr);
    kald_id.push_back(callers_service_call_identifier);
    std::vector<std::optional<Registerdata>> out;
    for (const auto& p : parts) {
      if (nede || fejler.count(p.nummer) != 0) {
        out.emplace_back(std::nullopt);
      } else if (const auto found = svar.find(p.nummer); found != svar.end()) {
        out.emplace_back(found->second);
      } else {
        out.emplace_back(Registerdata{});  // the register does not know the number
      }
    }
    return out;
  }

  std::map<std::string, Registerdata> svar;
  std::set<std::string> fejler;
  bool nede = false;
  std::vector<std::vector<Part>> kald;
  std::vector<std::string> kommuner;
  std::vector<std::optional<std::string>> kald_id;
};

Kontaktadresse bo_post() {
  Kontaktadresse a;
  a.adresse_id = kBoPostId;
  a.postadresse = DanskAdresse{"Skjultvej", "9", std::nullopt, std::nullopt, "8000", "Aarhus C"};
  return a;
}

/// Bo's stored data: a postal address and a BREVPOST channel to it.
Kontaktdata bo_med_post() {
  Kontaktdata d;
  d.part = cpr(kBo);
  d.adresser = {bo_post()};
  Kontaktkanal k;
  k.kanal = Kanal::Brevpost;
  k.adresse_id = kBoPostId;
  k.prioritet = 1;
  d.kanaler = {k};
  return d;
}

Kontaktkanal kanal(Kanal type, const std::optional<std::string>& adresse_id,
                   const std::optional<std::string>& sagsomraade, int prioritet) {
  Kontaktkanal k;
  k.kanal = type;
  k.adresse_id = adresse_id;
  k.sagsomraade = sagsomraade;
  k.prioritet = prioritet;
  return k;
}

Anvisningsforespoergsel foresp(std::vector<Part> parts,
                               std::optional<std::string> sagsomraade = std::nullopt) {
  Anvisningsforespoergsel f;
  f.parts = std::move(parts);
  f.sagsomraade = std::move(sagsomraade);
  return f;
}

bool har_advarsel(const Kontaktanvisning& a, Advarselskode kode) {
  return std::any_of(a.advarsler.begin(), a.advarsler.end(),
                     [&](const Advarsel& adv) { return adv.kode == kode; });
}

std::vector<Kanal> kanaler(const Kontaktanvisning& a) {
  std::vector<Kanal> out;
  for (const auto& k : a.kanaler) out.push_back(k.kanal);
  return out;
}

}  // namespace

class AnvisningServiceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(AnvisningServiceTest);
  CPPUNIT_TEST(testAnnaWithoutStoredData);
  CPPUNIT_TEST(testStoredScopeBeforeRegister);
  CPPUNIT_TEST(testFreshCacheAsksNoRegister);
  CPPUNIT_TEST(testCacheSharedByMunicipalities);
  CPPUNIT_TEST(testStaleCacheRefreshed);
  CPPUNIT_TEST(testStaleCacheUsedWhenRegisterFails);
  CPPUNIT_TEST(testExpiredCacheNotUsed);
  CPPUNIT_TEST(testNoRegisterConfigured);
  CPPUNIT_TEST(testUnknownNumberCached);
  CPPUNIT_TEST(testBatchOrderDuplicatesAndInvalid);
  CPPUNIT_TEST(testOneLookupForAllMisses);
  CPPUNIT_TEST(testCountBounds);
  CPPUNIT_TEST(testInvalidSagsomraade);
  CPPUNIT_TEST(testNotGranted);
  CPPUNIT_TEST(testOpgavesprogOfTheMunicipality);
  CPPUNIT_TEST(testFortroligAndVirkningstidspunkt);
  CPPUNIT_TEST(testPassivatedIsKunRegister);
  CPPUNIT_TEST(testProtectedPersonSeenByBothSystems);
  CPPUNIT_TEST(testAccessLog);
  CPPUNIT_TEST(testLaesUnprotectedPersonShownToFagsystem);
  CPPUNIT_TEST(testLaesProtectedPersonWithheldFromFagsystem);
  CPPUNIT_TEST(testLaesFailsClosedWithoutCpr);
  CPPUNIT_TEST(testLaesUsesCacheWhenCprFails);
  CPPUNIT_TEST(testLaesAsksNoRegisterWhenNotNeeded);
  CPPUNIT_TEST(testLaesProtectionEndedIsShown);
  CPPUNIT_TEST(testListProtectionPerPerson);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    store_ = std::make_unique<FakeStore>();
    registre_ = std::make_unique<FakeRegistre>();
    registre_->svar = {
        {kAnna, anna_reg()}, {kBo, bo_reg()}, {kEmil, emil_reg()}, {kEksempel, eksempel_reg()}};
    clock_ = kNow;
    Indstillinger ind;
    ind.register_ttl = minutes(24 * 60);
    ind.register_forny_efter = minutes(15);
    service_ = std::make_unique<KontaktdataService>(
        *store_, [this] { return clock_; }, ind, registre_.get());
  }

  void tearDown() override {
    service_.reset();
    registre_.reset();
    store_.reset();
  }

  // ---- HentKontaktanvisning -------------------------------------------------------------------

  void testAnnaWithoutStoredData() {
    const auto svar = service_->hent_kontaktanvisning(kontekst(kFagsystem), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, svar.size());
    const Kontaktanvisning& a = svar[0];
    CPPUNIT_ASSERT(a.part == cpr(kAnna));
    CPPUNIT_ASSERT(a.status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT(kanaler(a) == (std::vector<Kanal>{Kanal::DigitalPost, Kanal::Brevpost}));
    CPPUNIT_ASSERT(a.kanaler[1].kilde == Kilde::Cpr);
    CPPUNIT_ASSERT(a.kanaler[1].postadresse == std::optional<Postadresse>(annas_bopael()));
    CPPUNIT_ASSERT(a.registreret_adresse.has_value());
    CPPUNIT_ASSERT(a.advarsler.empty());
    // Asked once, for Aarhus, with the caller's call identifier; the answer cached at now.
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registre_->kald.size());
    CPPUNIT_ASSERT_EQUAL(std::string(kAarhus), registre_->kommuner[0]);
    CPPUNIT_ASSERT(registre_->kald_id[0].has_value());
    const auto& cache = store_->data.state.registercache;
    const auto found = cache.find({Part::Type::Cpr, kAnna});
    CPPUNIT_ASSERT(found != cache.end());
    CPPUNIT_ASSERT(found->second.data == anna_reg());
    CPPUNIT_ASSERT(found->second.hentet == kNow);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.commits);
  }

  void testStoredScopeBeforeRegister() {
    Kontaktdata d = anna();  // EMAIL (all areas, priority 1)
    Kontaktadresse mobil;
    mobil.adresse_id = kAnnaMobilId;
    mobil.type = Adressetype::Mobiltelefon;
    mobil.mobilnummer = "+4520123456";
    d.adresser = {d.adresser[1], mobil};
    d.kanaler.push_back(kanal(Kanal::Sms, kAnnaMobilId, "32.18", 1));
    d.kanaler.push_back(kanal(Kanal::Telefon, kAnnaMobilId, "32.18", 2));
    service_->opret(kontekst(), d, std::nullopt);

    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}, "32.18.04"));
    const Kontaktanvisning& a = svar[0];
    CPPUNIT_ASSERT(a.status == AnvisningStatus::Kontaktdata);
    // The 32.18 channels replace the unscoped EMAIL, then Digital Post and CPR's address.
    CPPUNIT_ASSERT(kanaler(a) == (std::vector<Kanal>{Kanal::Sms, Kanal::Telefon, Kanal::DigitalPost,
                                                     Kanal::Brevpost}));
    CPPUNIT_ASSERT(a.kanaler[0].kilde == Kilde::Kontaktdata);
    CPPUNIT_ASSERT_EQUAL(3, a.kanaler[2].prioritet);
    // Without a case area only the unscoped channel is used.
    const auto alle = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT(kanaler(alle[0]) ==
                   (std::vector<Kanal>{Kanal::Email, Kanal::DigitalPost, Kanal::Brevpost}));
  }

  void testFreshCacheAsksNoRegister() {
    service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    clock_ += minutes(15) - std::chrono::microseconds(1);
    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registre_->kald.size());
    CPPUNIT_ASSERT(svar[0].advarsler.empty());
    CPPUNIT_ASSERT(kanaler(svar[0]) == (std::vector<Kanal>{Kanal::DigitalPost, Kanal::Brevpost}));
  }

  void testCacheSharedByMunicipalities() {
    service_->hent_kontaktanvisning(kontekst(kEsdh, kAarhus), foresp({cpr(kAnna)}));
    const auto svar =
        service_->hent_kontaktanvisning(kontekst(kEsdh, kKoebenhavn), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registre_->kald.size());
    CPPUNIT_ASSERT(svar[0].registreret_adresse.has_value());
  }

  void testStaleCacheRefreshed() {
    service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    clock_ += minutes(15);
    Registerdata flyttet = anna_reg();
    flyttet.aktuel_adresse =
        DanskAdresse{"Nygade", "3", std::nullopt, std::nullopt, "8000", "Aarhus C"};
    registre_->svar[kAnna] = flyttet;
    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, registre_->kald.size());
    CPPUNIT_ASSERT(svar[0].kanaler[1].postadresse ==
                   std::optional<Postadresse>(*flyttet.aktuel_adresse));
    const auto& post = store_->data.state.registercache.at({Part::Type::Cpr, kAnna});
    CPPUNIT_ASSERT(post.data == flyttet);
    CPPUNIT_ASSERT(post.hentet == clock_);
  }

  void testStaleCacheUsedWhenRegisterFails() {
    service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    clock_ += minutes(60);
    registre_->nede = true;
    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, registre_->kald.size());
    const Kontaktanvisning& a = svar[0];
    CPPUNIT_ASSERT(har_advarsel(a, Advarselskode::RegisterUtilgaengelig));
    CPPUNIT_ASSERT(kanaler(a) == (std::vector<Kanal>{Kanal::DigitalPost, Kanal::Brevpost}));
    CPPUNIT_ASSERT(a.kanaler[1].postadresse == std::optional<Postadresse>(annas_bopael()));
    // The old entry stays as it was.
    CPPUNIT_ASSERT(store_->data.state.registercache.at({Part::Type::Cpr, kAnna}).hentet == kNow);
  }

  void testExpiredCacheNotUsed() {
    service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    clock_ += minutes(24 * 60) + seconds(1);
    registre_->nede = true;
    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    const Kontaktanvisning& a = svar[0];
    CPPUNIT_ASSERT(har_advarsel(a, Advarselskode::RegisterUtilgaengelig));
    CPPUNIT_ASSERT(kanaler(a).empty());
    CPPUNIT_ASSERT(!a.registreret_adresse.has_value());
  }

  void testNoRegisterConfigured() {
    KontaktdataService uden(*store_, [this] { return clock_; });
    const auto svar = uden.hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna), cvr(kEksempel)}));
    CPPUNIT_ASSERT(har_advarsel(svar[0], Advarselskode::RegisterUtilgaengelig));
    CPPUNIT_ASSERT(har_advarsel(svar[1], Advarselskode::RegisterUtilgaengelig));
    CPPUNIT_ASSERT(store_->data.state.registercache.empty());
  }

  void testUnknownNumberCached() {
    service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kUkendt)}));
    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kUkendt)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registre_->kald.size());
    CPPUNIT_ASSERT(har_advarsel(svar[0], Advarselskode::UkendtIRegister));
    CPPUNIT_ASSERT(!har_advarsel(svar[0], Advarselskode::RegisterUtilgaengelig));
  }

  void testBatchOrderDuplicatesAndInvalid() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const std::vector<Part> parts = {cvr(kEksempel), cpr("3213001234"), cpr(kAnna),
                                     cpr(kEmil),     cpr(kAnna),        cvr("12345678")};
    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp(parts));
    CPPUNIT_ASSERT_EQUAL(parts.size(), svar.size());
    for (std::size_t i = 0; i < parts.size(); ++i) CPPUNIT_ASSERT(svar[i].part == parts[i]);
    CPPUNIT_ASSERT(svar[0].status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT(svar[1].status == AnvisningStatus::Ugyldig);
    CPPUNIT_ASSERT(svar[1] == ugyldig_anvisning(parts[1]));
    CPPUNIT_ASSERT(svar[2].status == AnvisningStatus::Kontaktdata);
    CPPUNIT_ASSERT(svar[3].status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT(svar[4] == svar[2]);
    CPPUNIT_ASSERT(svar[5].status == AnvisningStatus::Ugyldig);
    // The company: Digital Post (active company) then its CVR address.
    CPPUNIT_ASSERT(kanaler(svar[0]) == (std::vector<Kanal>{Kanal::DigitalPost, Kanal::Brevpost}));
    CPPUNIT_ASSERT(svar[0].kanaler[1].kilde == Kilde::Cvr);
  }

  void testOneLookupForAllMisses() {
    service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));  // cached now
    const int laes_mange = store_->data.laes_mange_calls;
    const std::vector<Part> parts = {cpr(kAnna), cpr(kBo), cvr(kEksempel), cpr(kBo), cpr(kEmil)};
    service_->hent_kontaktanvisning(kontekst(), foresp(parts));
    CPPUNIT_ASSERT_EQUAL(laes_mange + 1, store_->data.laes_mange_calls);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, registre_->kald.size());
    // Only the misses, each once, in request order.
    CPPUNIT_ASSERT(registre_->kald[1] == (std::vector<Part>{cpr(kBo), cvr(kEksempel), cpr(kEmil)}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, store_->data.state.registercache.size());
  }

  void testCountBounds() {
    std::vector<Part> mange(1000, cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000},
                         service_->hent_kontaktanvisning(kontekst(), foresp(mange)).size());
    mange.push_back(cpr(kAnna));
    const int commits = store_->data.commits;
    EXPECT_ERROR(ForMange, service_->hent_kontaktanvisning(kontekst(), foresp(mange)));
    EXPECT_ERROR(UgyldigForespoergsel, service_->hent_kontaktanvisning(kontekst(), foresp({})));
    CPPUNIT_ASSERT_EQUAL(commits, store_->data.commits);
  }

  void testInvalidSagsomraade() {
    const Error e = EXPECT_ERROR(UgyldigSagsomraade, service_->hent_kontaktanvisning(
                                                         kontekst(), foresp({cpr(kAnna)}, "32.1")));
    CPPUNIT_ASSERT(text(e).find("Sagsomraade") != std::string::npos);
    CPPUNIT_ASSERT(registre_->kald.empty());
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
  }

  void testNotGranted() {
    EXPECT_ERROR(AdgangNaegtet, service_->hent_kontaktanvisning(kontekst(kFagsystem, kKoebenhavn),
                                                                foresp({cpr(kAnna)})));
    Kaldkontekst ctx = kontekst();
    ctx.har_invocation_context = false;
    EXPECT_ERROR(ManglendeKontekst, service_->hent_kontaktanvisning(ctx, foresp({cpr(kAnna)})));
    CPPUNIT_ASSERT(registre_->kald.empty());
  }

  void testOpgavesprogOfTheMunicipality() {
    Kontaktdata d = anna();
    d.former[0].sprog = "en";
    service_->opret(kontekst(), d, std::nullopt);
    service_->ret_opgavesprog(kontekst(), "32", {"da", "en"});
    service_->ret_opgavesprog(kontekst(kEsdh, kKoebenhavn), "27", {"en"});

    auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}, "32.18"));
    CPPUNIT_ASSERT_EQUAL(std::string("en"), svar[0].kontaktform->sprog);
    CPPUNIT_ASSERT(!har_advarsel(svar[0], Advarselskode::SprogIkkeTilladt));
    // 27 has a rule only in København: in Aarhus Danish alone is allowed.
    svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}, "27.12"));
    CPPUNIT_ASSERT_EQUAL(std::string("da"), svar[0].kontaktform->sprog);
    CPPUNIT_ASSERT(svar[0].kontaktform->tolkebehov);
    CPPUNIT_ASSERT(svar[0].kontaktform->tolkesprog == std::optional<std::string>("en"));
    CPPUNIT_ASSERT(har_advarsel(svar[0], Advarselskode::SprogIkkeTilladt));
    // Without a case area no rule applies: the stored language as it is.
    svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT_EQUAL(std::string("en"), svar[0].kontaktform->sprog);
  }

  void testFortroligAndVirkningstidspunkt() {
    Kontaktdata d = anna();
    d.kanaler[0].gyldig_til = Dato{2025, 6, 30};  // kNow is 15 June 2025
    service_->opret(kontekst(), d, std::nullopt);
    Anvisningsforespoergsel f = foresp({cpr(kAnna)});
    auto svar = service_->hent_kontaktanvisning(kontekst(), f);
    CPPUNIT_ASSERT(svar[0].kanaler[0].kanal == Kanal::Email);
    f.fortrolig = true;
    svar = service_->hent_kontaktanvisning(kontekst(), f);
    CPPUNIT_ASSERT(kanaler(svar[0]) == (std::vector<Kanal>{Kanal::DigitalPost, Kanal::Brevpost}));
    f.fortrolig = false;
    f.virkningstidspunkt = kNow + std::chrono::hours(24 * 30);
    svar = service_->hent_kontaktanvisning(kontekst(), f);
    CPPUNIT_ASSERT(kanaler(svar[0]) == (std::vector<Kanal>{Kanal::DigitalPost, Kanal::Brevpost}));
    // The register is still asked as of now, and the cache stays fresh by the clock.
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registre_->kald.size());
  }

  void testPassivatedIsKunRegister() {
    service_->opret(kontekst(), anna(), std::nullopt);
    service_->passiver(kontekst(), cpr(kAnna), 1, std::nullopt);
    const auto svar = service_->hent_kontaktanvisning(kontekst(), foresp({cpr(kAnna)}));
    CPPUNIT_ASSERT(svar[0].status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT(kanaler(svar[0]) == (std::vector<Kanal>{Kanal::DigitalPost, Kanal::Brevpost}));
  }

  void testProtectedPersonSeenByBothSystems() {
    service_->opret(kontekst(), bo_med_post(), std::nullopt);
    for (const char* system : {kEsdh, kFagsystem}) {
      const auto svar = service_->hent_kontaktanvisning(kontekst(system), foresp({cpr(kBo)}));
      const Kontaktanvisning& a = svar[0];
      CPPUNIT_ASSERT(har_advarsel(a, Advarselskode::Adressebeskyttelse));
      CPPUNIT_ASSERT(!a.registreret_adresse.has_value());
      for (const auto& k : a.kanaler)
        CPPUNIT_ASSERT(k.kilde == Kilde::Kontaktdata || !k.postadresse);
      // The ESDH gets the stored BREVPOST; the fagsystem does not. Digital Post from CPR for both.
      const bool esdh = std::string(system) == kEsdh;
      CPPUNIT_ASSERT(kanaler(a) == (esdh ? std::vector<Kanal>{Kanal::Brevpost, Kanal::DigitalPost}
                                         : std::vector<Kanal>{Kanal::DigitalPost}));
      CPPUNIT_ASSERT(a.kanaler.back().kilde == Kilde::Cpr);
    }
  }

  void testAccessLog() {
    service_->hent_kontaktanvisning(kontekst(kFagsystem),
                                    foresp({cpr(kAnna), cpr("3213001234"), cpr(kAnna), cpr(kBo)}));
    for (const char* n : {kAnna, kBo}) {
      const auto log = store_->data.log_for(kAarhus, cpr(n));
      CPPUNIT_ASSERT_EQUAL(std::size_t{1}, log.size());
      CPPUNIT_ASSERT(log[0].operation == Operation::HentKontaktanvisning);
      CPPUNIT_ASSERT_EQUAL(std::string(kFagsystem), log[0].user_system_uuid);
    }
    CPPUNIT_ASSERT(store_->data.log_for(kAarhus, cpr("3213001234")).empty());
  }

  // ---- Address protection in Laes and List ----------------------------------------------------

  void testLaesUnprotectedPersonShownToFagsystem() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    const Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kAnna));
    CPPUNIT_ASSERT(d.adresser[2].postadresse.has_value());
    CPPUNIT_ASSERT(!d.adresser[2].tilbageholdt.has_value());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registre_->kald.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, store_->data.state.registercache.size());
  }

  void testLaesProtectedPersonWithheldFromFagsystem() {
    service_->opret(kontekst(), bo_med_post(), std::nullopt);
    const Kontaktdata fagsystem = service_->laes(kontekst(kFagsystem), cpr(kBo));
    CPPUNIT_ASSERT(!fagsystem.adresser[0].postadresse.has_value());
    CPPUNIT_ASSERT(fagsystem.adresser[0].tilbageholdt == std::optional<bool>(true));
    const Kontaktdata esdh = service_->laes(kontekst(kEsdh), cpr(kBo));
    CPPUNIT_ASSERT(esdh.adresser[0].postadresse == bo_post().postadresse);
    CPPUNIT_ASSERT(!esdh.adresser[0].tilbageholdt.has_value());
  }

  void testLaesFailsClosedWithoutCpr() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    registre_->nede = true;
    const Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kAnna));
    CPPUNIT_ASSERT(!d.adresser[2].postadresse.has_value());
    CPPUNIT_ASSERT(d.adresser[2].tilbageholdt == std::optional<bool>(true));
    CPPUNIT_ASSERT(d.adresser[1].email.has_value());  // only postal addresses are withheld
  }

  void testLaesUsesCacheWhenCprFails() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    service_->laes(kontekst(kFagsystem), cpr(kAnna));  // caches "not protected"
    clock_ += minutes(30);
    registre_->nede = true;
    const Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, registre_->kald.size());
    CPPUNIT_ASSERT(d.adresser[2].postadresse.has_value());
  }

  void testLaesAsksNoRegisterWhenNotNeeded() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    service_->opret(kontekst(), anna_uden_post(kEmil), std::nullopt);
    Kontaktdata firma = minimal(cvr(kEksempel));
    Kontaktadresse post;
    post.adresse_id = kAnnaPostId;
    post.postadresse =
        DanskAdresse{"Industrivej", "7", std::nullopt, std::nullopt, "7100", "Vejle"};
    firma.adresser.push_back(post);
    service_->opret(kontekst(), firma, std::nullopt);
    service_->laes(kontekst(kEsdh), cpr(kAnna));           // may see protected addresses
    service_->laes(kontekst(kFagsystem), cpr(kEmil));      // no postal address
    service_->laes(kontekst(kFagsystem), cvr(kEksempel));  // a company
    CPPUNIT_ASSERT(registre_->kald.empty());
  }

  void testLaesProtectionEndedIsShown() {
    Registerdata bo = bo_reg();
    bo.beskyttelse_til = Dato{2025, 6, 15};  // kNow is 15 June 2025 (Danish date): ended
    registre_->svar[kBo] = bo;
    service_->opret(kontekst(), bo_med_post(), std::nullopt);
    Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kBo));
    CPPUNIT_ASSERT(d.adresser[0].postadresse.has_value());
    bo.beskyttelse_til = Dato{2025, 6, 16};
    registre_->svar[kBo] = bo;
    clock_ += minutes(15);  // the cached answer is due for refresh
    d = service_->laes(kontekst(kFagsystem), cpr(kBo));
    CPPUNIT_ASSERT(!d.adresser[0].postadresse.has_value());
  }

  void testListProtectionPerPerson() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    service_->opret(kontekst(), bo_med_post(), std::nullopt);
    registre_->fejler = {kUkendt};
    Kontaktdata ukendt = bo_med_post();
    ukendt.part = cpr(kUkendt);
    service_->opret(kontekst(), ukendt, std::nullopt);
    const auto svar =
        service_->list(kontekst(kFagsystem), {cpr(kAnna), cpr(kBo), cpr(kUkendt), cpr(kEmil)});
    CPPUNIT_ASSERT(svar[0].data->adresser[2].postadresse.has_value());
    CPPUNIT_ASSERT(!svar[1].data->adresser[0].postadresse.has_value());
    CPPUNIT_ASSERT(!svar[2].data->adresser[0].postadresse.has_value());  // fails closed
    CPPUNIT_ASSERT(svar[3].status == ListStatus::IkkeFundet);
    // One lookup for the three persons with a postal address.
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registre_->kald.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, registre_->kald[0].size());
  }

 private:
  static Kontaktdata anna_uden_post(const char* nummer) {
    Kontaktdata d = anna();
    d.part = cpr(nummer);
    return d;
  }

  std::unique_ptr<FakeStore> store_;
  std::unique_ptr<FakeRegistre> registre_;
  std::unique_ptr<KontaktdataService> service_;
  Tidspunkt clock_{};
};

CPPUNIT_TEST_SUITE_REGISTRATION(AnvisningServiceTest);

}  // namespace kontaktdata::domain
