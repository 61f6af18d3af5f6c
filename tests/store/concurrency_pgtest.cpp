// Optimistic concurrency under load: 8 threads each read a part's current version and Ret it at
// that version, in a loop, on the same 3 parts, each write its own transaction. Afterwards every
// accepted write is in the history exactly once with consecutive versions 1..N, every refused
// one got VERSIONSKONFLIKT (and nothing else went wrong), the feed holds one event per accepted
// write, and each part's data is that of its last accepted write.
#include <cppunit/extensions/HelperMacros.h>

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;

const std::string kKommune = "90000020";  // this file's municipality (see tom_kommune)
constexpr int kThreads = 8;
constexpr int kRounds = 25;
constexpr int kParts = 3;

struct Accepted {
  int part = 0;
  std::int64_t version = 0;
  int variant = 0;
  Registrering registrering;
};

}  // namespace

class ConcurrencyTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ConcurrencyTest);
  CPPUNIT_TEST(testConcurrentRetNeverLosesOrDuplicatesAWrite);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    prepare_database();
    tom_kommune(kKommune);
    store_ = std::make_unique<PgStore>(app_dsn(), kThreads);
  }

  void tearDown() override {
    if (!store_) return;
    store_.reset();
    tom_kommune(kKommune);
  }

  void testConcurrentRetNeverLosesOrDuplicatesAWrite() {
    std::vector<Part> parts;
    for (int p = 0; p < kParts; ++p) {
      parts.push_back(cpr_part(100 + p));
      auto s = store_->begin();
      s->opret(kKommune, realistisk(parts.back(), 0),
               registrering(tid(2024, 1, 1, 0, 0, 0, p), Livscyklus::Opstaaet, "opret"));
      s->commit();
    }

    std::mutex mutex;
    std::vector<Accepted> accepted;
    std::vector<std::string> unexpected;
    std::atomic<int> refused{0};
    std::atomic<std::int64_t> clock{0};
    const Tidspunkt start = tid(2024, 2, 1, 0, 0, 0, 0);

    auto writer = [&](int thread) {
      for (int round = 0; round < kRounds; ++round) {
        const int p = (thread + round) % kParts;
        const int variant = thread * 1000 + round + 1;
        try {
          std::int64_t version = 0;
          {
            auto read = store_->begin();
            version = *read->laes(kKommune, parts[p])->version;
          }
          std::this_thread::yield();
          // (Appended rather than "t" + ...: GCC 12 warns falsely (-Wrestrict) on the latter.)
          std::string note = std::to_string(thread);
          note.append("-").append(std::to_string(round));
          const Registrering r = registrering(start + std::chrono::microseconds(clock.fetch_add(1)),
                                              Livscyklus::Rettet, note);
          auto write = store_->begin();
          const std::int64_t ny = write->ret(kKommune, realistisk(parts[p], variant), version, r);
          write->commit();
          std::lock_guard lock(mutex);
          accepted.push_back({p, ny, variant, r});
        } catch (const Error& e) {
          if (e.code() == ErrorCode::Versionskonflikt) {
            ++refused;
          } else {
            std::lock_guard lock(mutex);
            unexpected.push_back(std::string(to_string(e.code())) + ": " + e.what());
          }
        } catch (const std::exception& e) {
          std::lock_guard lock(mutex);
          unexpected.push_back(e.what());
        }
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) threads.emplace_back(writer, t);
    for (auto& t : threads) t.join();

    CPPUNIT_ASSERT_MESSAGE(unexpected.empty() ? "" : unexpected.front(), unexpected.empty());
    CPPUNIT_ASSERT_EQUAL(kThreads * kRounds, static_cast<int>(accepted.size()) + refused.load());
    CPPUNIT_ASSERT_MESSAGE("some writes won", !accepted.empty());
    CPPUNIT_ASSERT_MESSAGE("some writes collided (else the test proves nothing)", refused > 0);

    auto s = store_->begin();
    std::size_t total_events = 0;
    for (int p = 0; p < kParts; ++p) {
      std::map<std::int64_t, const Accepted*> by_version;
      for (const auto& a : accepted) {
        if (a.part != p) continue;
        CPPUNIT_ASSERT_MESSAGE("two accepted writes got the same version",
                               by_version.emplace(a.version, &a).second);
      }
      // The history: versions 1..N without gaps, version 1 the Opret, every other version exactly
      // one accepted write (same note), and nothing else.
      const auto regs = registreringer(kKommune, parts[p]);
      CPPUNIT_ASSERT_EQUAL(by_version.size() + 1, regs.size());
      for (std::size_t i = 0; i < regs.size(); ++i) {
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(i + 1), regs[i].version);
        if (i == 0) {
          CPPUNIT_ASSERT(regs[i].note == std::optional<std::string>("opret"));
          continue;
        }
        const auto it = by_version.find(regs[i].version);
        CPPUNIT_ASSERT(it != by_version.end());
        CPPUNIT_ASSERT(regs[i].note == it->second->registrering.note);
        CPPUNIT_ASSERT_EQUAL(std::string("RETTET"), regs[i].livscyklus);
      }
      // The final state equals the last accepted write.
      const std::int64_t last = static_cast<std::int64_t>(regs.size());
      const auto current = s->laes(kKommune, parts[p]);
      if (by_version.empty()) {
        CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, *current->version);
      } else {
        const Accepted& a = *by_version.rbegin()->second;
        CPPUNIT_ASSERT_EQUAL(last, a.version);
        CPPUNIT_ASSERT(*current ==
                       som_laest(realistisk(parts[p], a.variant), last, a.registrering));
      }
      total_events += regs.size();
    }

    // One event per accepted write, numbered 1..M without gaps, each part's versions ascending.
    const auto events = s->haendelser(kKommune, 0, 1000);
    CPPUNIT_ASSERT_EQUAL(total_events, events.size());
    std::map<std::string, std::int64_t> last_version;
    for (std::size_t i = 0; i < events.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(i + 1), events[i].sekvensnummer);
      std::int64_t& v = last_version[events[i].part.nummer];
      CPPUNIT_ASSERT_EQUAL(v + 1, events[i].version);
      v = events[i].version;
    }
  }

 private:
  std::unique_ptr<PgStore> store_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ConcurrencyTest);

}  // namespace kontaktdata::store::test
