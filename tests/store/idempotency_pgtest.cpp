// Safe retries against PostgreSQL: a calling system's key (CallersServiceCallIdentifier) reserved
// by a committed write answers that write's stored result within the retry window; another
// system's same key is independent; an expired key, or one committed without an answer, is taken
// over; a concurrent holder of the key is waited for.
#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>
#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <string>
#include <thread>

#include <pqxx/connection>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;
using namespace std::chrono_literals;

const std::string kKommune = "90000050";  // this file's municipality (see tom_kommune)
const Part kAnna{Part::Type::Cpr, "0101701234"};
const Part kFirma{Part::Type::Cvr, "12345674"};

const Tidspunkt kNu = tid(2024, 6, 1, 12, 0, 0, 500000);
const Tidspunkt kVindue = kNu - std::chrono::hours(24);

// A key no other run or test uses.
std::string ny_noegle() {
  static std::atomic<int> n{0};
  return "kald-" + std::to_string(::getpid()) + "-" + std::to_string(++n) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count());
}

using Svar = std::vector<Skriveresultat>;

Svar oprettet(const Part& p, std::int64_t version) {
  return {Skriveresultat{p, Skrivestatus::Oprettet, version, std::nullopt, std::nullopt}};
}

bool key_exists(const std::string& system, const std::string& noegle) {
  pqxx::connection conn(owner_dsn());
  return run_test_sql(conn, "idempotens_findes", system, noegle)[0][0].as<bool>();
}

}  // namespace

class IdempotencyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(IdempotencyTest);
  CPPUNIT_TEST(testRepeatGetsTheStoredAnswer);
  CPPUNIT_TEST(testBatchAnswerRoundTrips);
  CPPUNIT_TEST(testAnotherSystemsSameKeyIsIndependent);
  CPPUNIT_TEST(testExpiredKeyIsTakenOver);
  CPPUNIT_TEST(testKeyCommittedWithoutAnswerIsTakenOver);
  CPPUNIT_TEST(testConcurrentHolderIsWaitedFor);
  CPPUNIT_TEST(testRolledBackHolderLeavesTheKeyFree);
  CPPUNIT_TEST(testStoringAnUnreservedKeyFails);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    prepare_database();
    tom_kommune(kKommune);
    store_ = std::make_unique<PgStore>(app_dsn(), 3);
  }

  void tearDown() override {
    if (!store_) return;
    store_.reset();
    tom_kommune(kKommune);
  }

  void testRepeatGetsTheStoredAnswer() {
    const std::string key = ny_noegle();
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(
          !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu, kVindue));
      const auto v = s->opret(kKommune, realistisk(kAnna, 1), registrering(kNu));
      s->gem_idempotens(kKommune, kDemoEsdh, key, oprettet(kAnna, v));
      s->commit();
    }
    // The retry, a minute later: the original answer, and the write is not applied again.
    for (int i = 0; i < 2; ++i) {
      auto s = store_->begin();
      const auto svar = s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret,
                                               kNu + 1min, kVindue + 1min);
      CPPUNIT_ASSERT(svar.has_value());
      CPPUNIT_ASSERT(*svar == oprettet(kAnna, 1));
      s->commit();
    }
    CPPUNIT_ASSERT_EQUAL(1L, tael_kommune(kKommune).registreringer);
    // An answer stored exactly at the start of the window still counts.
    auto s = store_->begin();
    CPPUNIT_ASSERT(
        s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu + 24h, kNu));
  }

  void testBatchAnswerRoundTrips() {
    const std::string key = ny_noegle();
    const Svar svar = {
        Skriveresultat{kAnna, Skrivestatus::Rettet, 7, std::nullopt, std::nullopt},
        Skriveresultat{Part{Part::Type::Cpr, "3213999999"}, Skrivestatus::Afvist, std::nullopt,
                       "UGYLDIG_CPR", "CPRNummer er ikke gyldigt: \"æøå\"\n"},
        Skriveresultat{kFirma, Skrivestatus::Oprettet, 1, std::nullopt, std::nullopt},
    };
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(
          !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Importer, kNu, kVindue));
      s->gem_idempotens(kKommune, kDemoEsdh, key, svar);
      s->commit();
    }
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(*s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Importer, kNu,
                                             kVindue) == svar);
    }
    // An empty answer is an answer too.
    const std::string tom = ny_noegle();
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(
          !s->reserver_idempotens(kKommune, kDemoEsdh, tom, Operation::Importer, kNu, kVindue));
      s->gem_idempotens(kKommune, kDemoEsdh, tom, {});
      s->commit();
    }
    auto s = store_->begin();
    const auto again =
        s->reserver_idempotens(kKommune, kDemoEsdh, tom, Operation::Importer, kNu, kVindue);
    CPPUNIT_ASSERT(again.has_value() && again->empty());
  }

  void testAnotherSystemsSameKeyIsIndependent() {
    const std::string key = ny_noegle();
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(
          !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu, kVindue));
      s->gem_idempotens(kKommune, kDemoEsdh, key, oprettet(kAnna, 1));
      s->commit();
    }
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_MESSAGE(
          "another system's key of the same text is its own",
          !s->reserver_idempotens(kKommune, kDemoFagsystem, key, Operation::Opret, kNu, kVindue));
      s->gem_idempotens(kKommune, kDemoFagsystem, key, oprettet(kFirma, 3));
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(*s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu,
                                           kVindue) == oprettet(kAnna, 1));
    CPPUNIT_ASSERT(*s->reserver_idempotens(kKommune, kDemoFagsystem, key, Operation::Opret, kNu,
                                           kVindue) == oprettet(kFirma, 3));
  }

  void testExpiredKeyIsTakenOver() {
    const std::string key = ny_noegle();
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(
          !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu, kVindue));
      s->gem_idempotens(kKommune, kDemoEsdh, key, oprettet(kAnna, 1));
      s->commit();
    }
    // 25 hours later the window (24 h) starts after the stored answer: the key is reserved anew.
    const Tidspunkt senere = kNu + 25h;
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(
          !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Ret, senere, senere - 24h));
      s->gem_idempotens(kKommune, kDemoEsdh, key, oprettet(kAnna, 2));
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(*s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Ret, senere + 1s,
                                           senere - 24h) == oprettet(kAnna, 2));
  }

  void testKeyCommittedWithoutAnswerIsTakenOver() {
    const std::string key = ny_noegle();
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(
          !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Ret, kNu, kVindue));
      s->commit();  // e.g. the write was refused, and its access-log line kept
    }
    CPPUNIT_ASSERT(key_exists(kDemoEsdh, key));
    auto s = store_->begin();
    CPPUNIT_ASSERT(
        !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Ret, kNu + 1s, kVindue));
  }

  void testConcurrentHolderIsWaitedFor() {
    const std::string key = ny_noegle();
    auto holder = store_->begin();
    CPPUNIT_ASSERT(
        !holder->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu, kVindue));
    holder->opret(kKommune, realistisk(kAnna, 1), registrering(kNu));

    std::promise<std::optional<Svar>> outcome;
    std::thread repeat([&] {
      try {
        auto s = store_->begin();
        outcome.set_value(
            s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu + 1s, kVindue));
      } catch (...) {
        outcome.set_exception(std::current_exception());
      }
    });
    auto result = outcome.get_future();
    CPPUNIT_ASSERT_MESSAGE("the repeat waits for the holder",
                           result.wait_for(300ms) == std::future_status::timeout);
    holder->gem_idempotens(kKommune, kDemoEsdh, key, oprettet(kAnna, 1));
    holder->commit();
    repeat.join();
    const auto svar = result.get();
    CPPUNIT_ASSERT(svar.has_value() && *svar == oprettet(kAnna, 1));
    CPPUNIT_ASSERT_EQUAL(1L, tael_kommune(kKommune).registreringer);
  }

  void testRolledBackHolderLeavesTheKeyFree() {
    const std::string key = ny_noegle();
    auto holder = store_->begin();
    CPPUNIT_ASSERT(
        !holder->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu, kVindue));

    std::promise<bool> reserved;
    std::promise<void> may_finish;
    std::thread repeat([&] {
      try {
        auto s = store_->begin();
        const bool fri =
            !s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu + 1s, kVindue);
        if (fri) s->gem_idempotens(kKommune, kDemoEsdh, key, oprettet(kAnna, 9));
        s->commit();
        reserved.set_value(fri);
      } catch (...) {
        reserved.set_exception(std::current_exception());
      }
    });
    auto result = reserved.get_future();
    CPPUNIT_ASSERT(result.wait_for(300ms) == std::future_status::timeout);
    holder.reset();  // rolled back
    repeat.join();
    CPPUNIT_ASSERT_MESSAGE("the key went to the waiting repeat", result.get());
    auto s = store_->begin();
    CPPUNIT_ASSERT(*s->reserver_idempotens(kKommune, kDemoEsdh, key, Operation::Opret, kNu + 2s,
                                           kVindue) == oprettet(kAnna, 9));
  }

  void testStoringAnUnreservedKeyFails() {
    auto s = store_->begin();
    try {
      s->gem_idempotens(kKommune, kDemoEsdh, ny_noegle(), oprettet(kAnna, 1));
      CPPUNIT_FAIL("storing an answer for a key that is not reserved must fail");
    } catch (const Error& e) {
      CPPUNIT_ASSERT(e.code() == ErrorCode::InternFejl);
    }
  }

 private:
  std::unique_ptr<PgStore> store_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(IdempotencyTest);

}  // namespace kontaktdata::store::test
