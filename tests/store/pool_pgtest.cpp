// The connection pool and PgStore's handling of connections: bounded, thread-safe, a broken
// connection is dropped and replaced, a dead idle connection does not fail a request, and a
// database that cannot be reached is MIDLERTIDIG_FEJL.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <cstdlib>
#include <optional>
#include <thread>

#include <unistd.h>

#include <pqxx/except>
#include <pqxx/nontransaction>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace std::chrono_literals;

// Every connection this process opens carries this application_name (libpq reads PGAPPNAME), so
// the test can kill its own connections and no one else's.
const std::string& application_name() {
  static const std::string name = "kd-pool-pgtest-" + std::to_string(::getpid());
  return name;
}

bool works(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  return !tx.exec_prepared("kaldende_system", std::string(kDemoEsdh), std::string(kAarhus)).empty();
}

}  // namespace

class PoolTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(PoolTest);
  CPPUNIT_TEST(testBoundedAndWaitsThenTimesOut);
  CPPUNIT_TEST(testConnectionsAreReused);
  CPPUNIT_TEST(testBrokenConnectionIsDroppedAndReplaced);
  CPPUNIT_TEST(testDeadIdleConnectionsDoNotFailBegin);
  CPPUNIT_TEST(testManyThreadsShareABoundedPool);
  CPPUNIT_TEST(testUnreachableDatabaseIsMidlertidigFejl);
  CPPUNIT_TEST(testExhaustedPoolIsMidlertidigFejl);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    prepare_database();
    dsn_ = app_dsn();
    ::setenv("PGAPPNAME", application_name().c_str(), 1);
  }

  void testBoundedAndWaitsThenTimesOut() {
    auto pool = ConnectionPool::create(dsn_, 2, prepare_queries, 200ms);
    auto a = pool->acquire();
    auto b = pool->acquire();
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, pool->open_connections());
    CPPUNIT_ASSERT_THROW(pool->acquire(), PoolTimeout);

    // A waiter gets the connection as soon as one is given back.
    std::atomic<bool> got{false};
    auto pool2 = ConnectionPool::create(dsn_, 1, prepare_queries, 5s);
    std::optional<ConnectionPool::Lease> held(pool2->acquire());
    std::thread t([&] {
      auto lease = pool2->acquire();
      got = works(lease.connection());
    });
    std::this_thread::sleep_for(100ms);
    CPPUNIT_ASSERT(!got);
    held.reset();
    t.join();
    CPPUNIT_ASSERT(got);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, pool2->open_connections());
  }

  void testConnectionsAreReused() {
    auto pool = ConnectionPool::create(dsn_, 2, prepare_queries, 1s);
    pqxx::connection* first = nullptr;
    {
      auto lease = pool->acquire();
      CPPUNIT_ASSERT(lease.fresh());
      first = &lease.connection();
      CPPUNIT_ASSERT(works(lease.connection()));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, pool->idle_connections());
    auto lease = pool->acquire();
    CPPUNIT_ASSERT(!lease.fresh());
    CPPUNIT_ASSERT(first == &lease.connection());
    CPPUNIT_ASSERT(works(lease.connection()));
  }

  void testBrokenConnectionIsDroppedAndReplaced() {
    auto pool = ConnectionPool::create(dsn_, 1, prepare_queries, 1s);
    {
      auto lease = pool->acquire();
      try {
        run_test_sql(lease.connection(), "afbryd_egen_forbindelse");
        works(lease.connection());
        CPPUNIT_FAIL("a killed connection must fail");
      } catch (const pqxx::broken_connection&) {
      } catch (const pqxx::sql_error& e) {
        CPPUNIT_ASSERT_EQUAL(std::string("57P01"), e.sqlstate());
      }
    }
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the broken connection was dropped", std::size_t{0},
                                 pool->open_connections());
    auto lease = pool->acquire();
    CPPUNIT_ASSERT(lease.fresh());
    CPPUNIT_ASSERT(works(lease.connection()));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, pool->open_connections());
  }

  void testDeadIdleConnectionsDoNotFailBegin() {
    PgStore store(dsn_, 3);
    {
      // Three connections, all idle afterwards.
      auto s1 = store.begin();
      auto s2 = store.begin();
      auto s3 = store.begin();
      CPPUNIT_ASSERT(s1->kommune_findes(kAarhus) && s2->kommune_findes(kAarhus) &&
                     s3->kommune_findes(kAarhus));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, store.pool().idle_connections());
    {
      // As after a database restart: every idle connection is dead.
      pqxx::connection killer(dsn_);
      const auto killed = run_test_sql(killer, "afbryd_andre_forbindelser", application_name());
      CPPUNIT_ASSERT_EQUAL(3L, killed[0][0].as<long>());
    }
    std::this_thread::sleep_for(100ms);
    auto s = store.begin();
    CPPUNIT_ASSERT(s->kommune_findes(kAarhus));
    s->commit();
    CPPUNIT_ASSERT(store.pool().open_connections() <= 3);
  }

  void testManyThreadsShareABoundedPool() {
    PgStore store(dsn_, 2, 10s);
    std::atomic<int> ok{0};
    std::atomic<std::size_t> most{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < 8; ++i) {
      threads.emplace_back([&] {
        for (int j = 0; j < 20; ++j) {
          auto s = store.begin();
          const std::size_t open = store.pool().open_connections();
          std::size_t seen = most.load();
          while (open > seen && !most.compare_exchange_weak(seen, open)) {
          }
          if (s->kaldende_system(kDemoEsdh, kAarhus).has_value()) ++ok;
          s->commit();
        }
      });
    }
    for (auto& t : threads) t.join();
    CPPUNIT_ASSERT_EQUAL(160, ok.load());
    CPPUNIT_ASSERT(most.load() <= 2);
  }

  void testUnreachableDatabaseIsMidlertidigFejl() {
    PgStore store("host=127.0.0.1 port=1 connect_timeout=2 dbname=kontaktdata", 1);
    try {
      store.begin();
      CPPUNIT_FAIL("begin() without a database must fail");
    } catch (const domain::Error& e) {
      CPPUNIT_ASSERT(e.code() == domain::ErrorCode::MidlertidigFejl);
      CPPUNIT_ASSERT_EQUAL(std::string("databasen er ikke tilgængelig"), std::string(e.what()));
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{0}, store.pool().open_connections());
  }

  void testExhaustedPoolIsMidlertidigFejl() {
    PgStore store(dsn_, 1, 100ms);
    auto held = store.begin();
    try {
      store.begin();
      CPPUNIT_FAIL("begin() with the pool exhausted must fail");
    } catch (const domain::Error& e) {
      CPPUNIT_ASSERT(e.code() == domain::ErrorCode::MidlertidigFejl);
    }
  }

 private:
  std::string dsn_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(PoolTest);

}  // namespace kontaktdata::store::test
