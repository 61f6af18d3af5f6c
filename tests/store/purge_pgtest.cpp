// The retention job (store::purge, as the owner role) against PostgreSQL: removes superseded
// registrations, events, access-log lines, idempotency keys and register cache entries older
// than their periods, in batches, and never touches current contact data. Its data lies in
// 2001-2002 and it purges as of 2003, so it never reaches the data of the other store tests (all
// from 2020 on), which may run at the same time.
#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <pqxx/connection>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"
#include "store/purge.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;
using std::chrono::hours;

const std::string kKommune = "90000070";  // this file's municipality (see tom_kommune)

const Tidspunkt kNu = tid(2003, 1, 1, 0, 0, 0, 0);

// Each kind its own period, so that each cut-off is seen to apply on its own:
// history from 2002-12-02, events from 2002-11-02, access log from 2002-10-03, keys from
// 2002-12-31, register cache entries from 2002-12-25 on are kept.
Opbevaring opbevaring() {
  Opbevaring o;
  o.historik = hours(24 * 30);
  o.haendelser = hours(24 * 60);
  o.adgangslog = hours(24 * 90);
  o.idempotens = hours(24);
  o.registercache = hours(24 * 7);
  return o;
}

long aktuelle_uden_registrering() {
  pqxx::connection conn(owner_dsn());
  return run_test_sql(conn, "aktuelle_uden_registrering")[0][0].as<long>();
}

// The register cache entries this file writes (the cache belongs to no municipality).
std::vector<Part> cache_parts() {
  std::vector<Part> out;
  for (int i = 0; i < 5; ++i) out.push_back(cpr_part(200 + i));
  return out;
}

bool key_exists(const std::string& noegle) {
  pqxx::connection conn(owner_dsn());
  return run_test_sql(conn, "idempotens_findes", std::string(kDemoEsdh), noegle)[0][0].as<bool>();
}

}  // namespace

class PurgeTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PurgeTest);
  CPPUNIT_TEST(testPurgesOldRecordsAndNeverCurrentData);
  CPPUNIT_TEST(testPurgesExpiredRegisterCacheEntries);
  CPPUNIT_TEST(testAppRoleCannotPurge);
  CPPUNIT_TEST(testNegativePeriodIsRefused);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    prepare_database();
    tom_kommune(kKommune);
    // Leftovers of an interrupted earlier run (idempotency keys belong to no municipality).
    purge(owner_dsn(), opbevaring(), kNu);
    store_ = std::make_unique<PgStore>(app_dsn(), 2);
  }

  void tearDown() override {
    if (!store_) return;
    store_.reset();
    tom_kommune(kKommune);
    slet_registercache(cache_parts());
  }

  void testPurgesOldRecordsAndNeverCurrentData() {
    const Part a = cpr_part(1), b = cpr_part(2), c = cpr_part(3), d = cpr_part(4);
    std::vector<Part> bulk;
    for (int i = 0; i < 50; ++i) bulk.push_back(cpr_part(100 + i));
    const std::string key_pid = std::to_string(::getpid());
    {
      auto s = store_->begin();
      // A: v1 and v2 old, v3 after the history cut-off (v2 was in force until then: kept).
      s->opret(kKommune, realistisk(a, 1), registrering(tid(2001, 1, 1, 0, 0, 0, 0)));
      s->ret(kKommune, realistisk(a, 2), 1,
             registrering(tid(2001, 6, 1, 0, 0, 0, 0), Livscyklus::Rettet));
      s->ret(kKommune, realistisk(a, 3), 2,
             registrering(tid(2002, 12, 20, 0, 0, 0, 0), Livscyklus::Rettet));
      // B: changed and passivated long ago; its current (PASSIVERET) registration is old too.
      s->opret(kKommune, realistisk(b, 1), registrering(tid(2001, 1, 1, 0, 0, 0, 0)));
      s->ret(kKommune, realistisk(b, 2), 1,
             registrering(tid(2001, 2, 1, 0, 0, 0, 0), Livscyklus::Rettet));
      s->passiver(kKommune, b, 2,
                  registrering(tid(2001, 3, 1, 0, 0, 0, 0), Livscyklus::Passiveret));
      // C: one old registration, current. D: erased long ago.
      s->opret(kKommune, realistisk(c, 1), registrering(tid(2001, 1, 1, 0, 0, 0, 0)));
      s->opret(kKommune, realistisk(d, 1), registrering(tid(2001, 1, 1, 0, 0, 0, 0)));
      s->slet(kKommune, d, tid(2001, 2, 1, 0, 0, 0, 0));
      // 50 parts imported three times: 100 superseded registrations, in many batches.
      for (int round = 0; round < 3; ++round) {
        std::vector<Kontaktdata> items;
        for (const auto& p : bulk) items.push_back(realistisk(p, round));
        s->importer(kKommune, items,
                    registrering(tid(2001, 1 + round, 15, 0, 0, 0, 0), Livscyklus::Importeret));
      }
      // Access log: three old lines, one kept.
      Adgangspost gammel{
          tid(2002, 1, 1, 0, 0, 0, 0), Operation::Laes, kDemoEsdh, "u", std::nullopt, std::nullopt};
      s->log_adgang(kKommune, {a, b, d}, gammel);
      Adgangspost ny = gammel;
      ny.tidspunkt = tid(2002, 11, 1, 0, 0, 0, 0);
      s->log_adgang(kKommune, {a}, ny);
      // Keys: two reserved before the cut-off, one after.
      for (const char* k : {"-gammel-1", "-gammel-2"}) {
        s->reserver_idempotens(kKommune, kDemoEsdh, "purge-" + key_pid + k, Operation::Opret,
                               tid(2002, 12, 30, 0, 0, 0, 0), tid(2002, 12, 29, 0, 0, 0, 0));
      }
      s->reserver_idempotens(kKommune, kDemoEsdh, "purge-" + key_pid + "-ny", Operation::Opret,
                             tid(2002, 12, 31, 12, 0, 0, 0), tid(2002, 12, 30, 0, 0, 0, 0));
      s->commit();
    }

    std::vector<Part> all = {a, b, c, d};
    all.insert(all.end(), bulk.begin(), bulk.end());
    std::vector<std::optional<Kontaktdata>> current_before;
    std::optional<Kontaktdata> a_in_december;
    {
      auto s = store_->begin();
      current_before = s->laes_mange(kKommune, all);
      a_in_december = s->laes_paa_tidspunkt(kKommune, a, tid(2002, 12, 5, 0, 0, 0, 0));
    }
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, *a_in_december->version);

    const Oprydning o = purge(owner_dsn(), opbevaring(), kNu, 7);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1 + 2 + 100}, o.registreringer);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2 + 3 + 1 + 2 + 150}, o.haendelser);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, o.adgangslog);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, o.idempotens);

    // Current contact data: exactly as before, for every part.
    auto s = store_->begin();
    const auto current_after = s->laes_mange(kKommune, all);
    CPPUNIT_ASSERT(current_after == current_before);
    CPPUNIT_ASSERT(!current_after[3].has_value());  // D stays erased
    CPPUNIT_ASSERT_EQUAL(0L, aktuelle_uden_registrering());

    // History: what was in force from the cut-off on still answers; older history is gone.
    CPPUNIT_ASSERT(s->laes_paa_tidspunkt(kKommune, a, tid(2002, 12, 5, 0, 0, 0, 0)) ==
                   a_in_december);
    CPPUNIT_ASSERT(!s->laes_paa_tidspunkt(kKommune, a, tid(2001, 3, 1, 0, 0, 0, 0)).has_value());
    std::vector<std::int64_t> versions;
    for (const auto& r : registreringer(kKommune, a)) versions.push_back(r.version);
    CPPUNIT_ASSERT(versions == (std::vector<std::int64_t>{2, 3}));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registreringer(kKommune, b).size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, registreringer(kKommune, bulk[49]).size());

    // The feed keeps the recent event with its number; numbering continues after it.
    const auto events = s->haendelser(kKommune, 0, 1000);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, events.size());
    CPPUNIT_ASSERT(events[0].part == a && events[0].version == 3);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, events[0].sekvensnummer);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1},
                         s->adgangslog(kKommune, a, std::nullopt, std::nullopt, 100).size());
    CPPUNIT_ASSERT(s->adgangslog(kKommune, d, std::nullopt, std::nullopt, 100).empty());
    CPPUNIT_ASSERT(!key_exists("purge-" + key_pid + "-gammel-1"));
    CPPUNIT_ASSERT(key_exists("purge-" + key_pid + "-ny"));

    // A second run finds nothing more.
    const Oprydning again = purge(owner_dsn(), opbevaring(), kNu, 7);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, again.registreringer + again.haendelser +
                                              again.adgangslog + again.idempotens +
                                              again.registercache);
    CPPUNIT_ASSERT(s->laes_mange(kKommune, all) == current_before);
  }

  void testPurgesExpiredRegisterCacheEntries() {
    // Fetched before the cut-off (2002-12-25 00:00): three, one of them a microsecond before it.
    // At the cut-off and after it: kept.
    const std::vector<Part> p = cache_parts();
    const std::vector<Tidspunkt> hentet = {
        tid(2001, 6, 1, 0, 0, 0, 0), tid(2002, 12, 24, 23, 59, 59, 999999),
        tid(2002, 12, 20, 0, 0, 0, 0), tid(2002, 12, 25, 0, 0, 0, 0),
        tid(2002, 12, 31, 12, 0, 0, 0)};
    std::vector<std::pair<Part, Registercachepost>> poster;
    for (std::size_t i = 0; i < p.size(); ++i) {
      Registerdata d;
      d.kendt = true;
      d.navn = "Testperson " + std::to_string(i);
      poster.push_back({p[i], {d, hentet[i]}});
    }
    {
      auto s = store_->begin();
      s->gem_registercache(poster);
      s->commit();
    }

    const Oprydning o = purge(owner_dsn(), opbevaring(), kNu, 2);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, o.registercache);
    CPPUNIT_ASSERT_EQUAL(2L, tael_registercache(p));
    {
      auto s = store_->begin();
      const auto left = s->laes_registercache(p, tid(2000, 1, 1, 0, 0, 0, 0));
      CPPUNIT_ASSERT(!left[0] && !left[1] && !left[2]);
      CPPUNIT_ASSERT(left[3] == poster[3].second);
      CPPUNIT_ASSERT(left[4] == poster[4].second);
    }

    const Oprydning again = purge(owner_dsn(), opbevaring(), kNu, 2);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{0}, again.registercache);
    CPPUNIT_ASSERT_EQUAL(2L, tael_registercache(p));
  }

  void testAppRoleCannotPurge() {
    // The serving role may not delete events or access-log lines: purging as it fails.
    try {
      purge(app_dsn(), opbevaring(), kNu);
      CPPUNIT_FAIL("the app role must not be able to purge");
    } catch (const Error& e) {
      CPPUNIT_ASSERT(e.code() == ErrorCode::InternFejl);
    }
  }

  void testNegativePeriodIsRefused() {
    Opbevaring o = opbevaring();
    o.haendelser = hours(-1);
    CPPUNIT_ASSERT_THROW(purge(owner_dsn(), o, kNu), std::invalid_argument);
    CPPUNIT_ASSERT_THROW(purge(owner_dsn(), opbevaring(), kNu, 0), std::invalid_argument);
  }

 private:
  std::unique_ptr<PgStore> store_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PurgeTest);

}  // namespace kontaktdata::store::test
