// migrate(): applies every embedded migration once, is idempotent, is safe to run concurrently,
// and refuses a migration that changed after it was applied. These tests migrate a schema of
// their own (kd_migrate_test, via PGOPTIONS search_path) so that they never disturb the schema
// the other store tests use.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <cstdlib>
#include <latch>
#include <thread>

#include <pqxx/connection>

#include "pg_test_support.hpp"
#include "store/migrate.hpp"

namespace kontaktdata::store::test {
namespace {

std::vector<std::pair<std::string, long>> recorded(pqxx::connection& conn) {
  std::vector<std::pair<std::string, long>> out;
  for (const auto& row : run_test_sql(conn, "migrate_anvendte")) {
    out.emplace_back(row["name"].as<std::string>(), row["antal"].as<long>());
  }
  return out;
}

std::vector<std::pair<std::string, long>> each_once(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, long>> out;
  for (const auto& n : names) out.emplace_back(n, 1);
  return out;
}

}  // namespace

class MigrateTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(MigrateTest);
  CPPUNIT_TEST(testAppliesAllThenNone);
  CPPUNIT_TEST(testConcurrentMigrateAppliesEachOnce);
  CPPUNIT_TEST(testChangedChecksumIsRefused);
  CPPUNIT_TEST(testUnreachableDatabaseIsUnavailable);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    dsn_ = owner_dsn();
    // Every connection of this process (libpq reads PGOPTIONS) works in kd_migrate_test.
    ::setenv("PGOPTIONS", "-c search_path=kd_migrate_test", 1);
    pqxx::connection conn(dsn_);
    exec_test_sql(conn, "migrate_nyt_skema");
  }

  void tearDown() override {
    if (dsn_.empty()) return;
    pqxx::connection conn(dsn_);
    exec_test_sql(conn, "migrate_fjern_skema");
  }

  void testAppliesAllThenNone() {
    const auto all = embedded_migrations();
    CPPUNIT_ASSERT_MESSAGE("at least V001 is embedded", !all.empty());
    CPPUNIT_ASSERT_EQUAL(std::string("V001__grundskema"), all.front());
    CPPUNIT_ASSERT(std::is_sorted(all.begin(), all.end()));

    const auto first = migrate(dsn_);
    CPPUNIT_ASSERT(first == all);
    const auto second = migrate(dsn_);
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, second.size());

    pqxx::connection conn(dsn_);
    CPPUNIT_ASSERT(recorded(conn) == each_once(all));
    std::vector<std::string> tables;
    for (const auto& row : run_test_sql(conn, "migrate_tabeller")) {
      tables.push_back(row[0].as<std::string>());
    }
    for (const char* t :
         {"kommune", "kaldende_system", "bevilling", "part", "registrering", "kontaktadresse",
          "kontaktkanal", "kontaktform", "haendelse", "adgangslog", "idempotensnoegle",
          "opgavesprog", "registercache", "registrering_raekker", "schema_migrations"}) {
      CPPUNIT_ASSERT_MESSAGE(std::string("table or view ") + t + " created",
                             std::find(tables.begin(), tables.end(), t) != tables.end());
    }
  }

  void testConcurrentMigrateAppliesEachOnce() {
    constexpr int kInstances = 4;
    std::vector<std::vector<std::string>> applied(kInstances);
    std::vector<std::string> errors(kInstances);
    std::latch start(kInstances);
    std::vector<std::thread> threads;
    for (int i = 0; i < kInstances; ++i) {
      threads.emplace_back([&, i] {
        start.arrive_and_wait();
        try {
          applied[i] = migrate(dsn_);
        } catch (const std::exception& e) {
          errors[i] = e.what();
        }
      });
    }
    for (auto& t : threads) t.join();

    std::vector<std::string> together;
    for (int i = 0; i < kInstances; ++i) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE("instance " + std::to_string(i) + " failed", std::string(),
                                   errors[i]);
      together.insert(together.end(), applied[i].begin(), applied[i].end());
    }
    std::sort(together.begin(), together.end());
    CPPUNIT_ASSERT_MESSAGE("each migration applied by exactly one instance",
                           together == embedded_migrations());
    pqxx::connection conn(dsn_);
    CPPUNIT_ASSERT(recorded(conn) == each_once(embedded_migrations()));
  }

  void testChangedChecksumIsRefused() {
    migrate(dsn_);
    {
      pqxx::connection conn(dsn_);
      run_test_sql(conn, "migrate_foerfalsk_checksum", std::string("V001__grundskema"));
    }
    try {
      migrate(dsn_);
      CPPUNIT_FAIL("a changed migration must be refused");
    } catch (const MigrationError& e) {
      CPPUNIT_ASSERT(std::string(e.what()).find("V001__grundskema") != std::string::npos);
      CPPUNIT_ASSERT(!e.unavailable());
    }
  }

  void testUnreachableDatabaseIsUnavailable() {
    try {
      migrate("host=127.0.0.1 port=1 connect_timeout=2 dbname=kontaktdata");
      CPPUNIT_FAIL("migrate without a database must fail");
    } catch (const MigrationError& e) {
      CPPUNIT_ASSERT_MESSAGE(e.what(), e.unavailable());
    }
  }

 private:
  std::string dsn_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(MigrateTest);

}  // namespace kontaktdata::store::test
