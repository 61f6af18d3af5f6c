// The change feed under concurrent writers: numbered per municipality in commit order without
// gaps, so that a reader paging from 0 while writers are busy never misses an event that
// committed and never sees one twice. Writers in two municipalities create, change, import,
// passivate and erase parts (some of their transactions rolled back) while a reader pages through
// both feeds with small pages, each page in a session of its own.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;

// This file's municipalities (see tom_kommune).
const std::vector<std::string> kKommuner = {"90000030", "90000031"};
constexpr int kWriters = 4;
constexpr int kRounds = 12;
constexpr int kPage = 4;

// An event as the writers know it: part number, version and type.
using Kendt = std::tuple<std::string, std::int64_t, Haendelsestype>;

}  // namespace

class FeedTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(FeedTest);
  CPPUNIT_TEST(testReaderPagingDuringWritesSeesEveryCommittedEventOnce);
  CPPUNIT_TEST(testPagingBoundsAndTenantSeparation);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    prepare_database();
    for (const auto& k : kKommuner) tom_kommune(k);
    store_ = std::make_unique<PgStore>(app_dsn(), kWriters + 2);
  }

  void tearDown() override {
    if (!store_) return;
    store_.reset();
    for (const auto& k : kKommuner) tom_kommune(k);
  }

  void testReaderPagingDuringWritesSeesEveryCommittedEventOnce() {
    std::mutex mutex;
    std::map<std::string, std::vector<Kendt>> committed;  // per municipality
    std::vector<std::string> problems;
    std::atomic<int> writers_left{kWriters};
    std::atomic<std::int64_t> clock{0};
    const Tidspunkt start = tid(2024, 3, 1, 0, 0, 0, 0);
    auto now = [&] { return start + std::chrono::microseconds(clock.fetch_add(1)); };
    auto problem = [&](std::string what) {
      std::lock_guard lock(mutex);
      problems.push_back(std::move(what));
    };

    auto writer = [&](int w) {
      const std::string& kommune = kKommuner[static_cast<std::size_t>(w % 2)];
      int next_part = 1000 * (w + 1);
      for (int round = 0; round < kRounds; ++round) {
        try {
          std::vector<Kendt> events;
          auto s = store_->begin();
          // Create a part, change it, import three more (one batch), and passivate or erase
          // the first: six events from one transaction.
          const Part p = cpr_part(next_part++);
          s->opret(kommune, realistisk(p, round), registrering(now()));
          events.emplace_back(p.nummer, 1, Haendelsestype::Oprettet);
          s->ret(kommune, realistisk(p, round + 1), 1, registrering(now(), Livscyklus::Rettet));
          events.emplace_back(p.nummer, 2, Haendelsestype::Rettet);
          std::vector<Kontaktdata> batch;
          for (int i = 0; i < 3; ++i) batch.push_back(realistisk(cpr_part(next_part++), i));
          for (const auto& r : s->importer(kommune, batch, registrering(now()))) {
            events.emplace_back(r.part.nummer, *r.version, Haendelsestype::Oprettet);
          }
          if (round % 2 == 0) {
            s->passiver(kommune, p, 2, registrering(now(), Livscyklus::Passiveret));
            events.emplace_back(p.nummer, 3, Haendelsestype::Passiveret);
          } else {
            s->slet(kommune, p, now());
            events.emplace_back(p.nummer, 2, Haendelsestype::Slettet);
          }
          if (round % 3 == 2) continue;  // rolled back: none of it may ever be seen
          std::this_thread::yield();
          s->commit();
          std::lock_guard lock(mutex);
          auto& c = committed[kommune];
          c.insert(c.end(), events.begin(), events.end());
        } catch (const std::exception& e) {
          problem(std::string("writer: ") + e.what());
        }
      }
      --writers_left;
    };

    std::map<std::string, std::vector<Haendelse>> seen;
    int pages_during_writes = 0;
    auto reader = [&] {
      std::map<std::string, std::int64_t> next;
      for (const auto& k : kKommuner) next[k] = 0;
      // Until the writers are done, then once more through both feeds to their ends.
      for (bool last_pass = false;;) {
        const bool done = writers_left.load() == 0;
        bool got_any = false;
        for (const auto& k : kKommuner) {
          try {
            auto s = store_->begin();
            const auto page = s->haendelser(k, next[k], kPage);
            for (std::size_t i = 0; i < page.size(); ++i) {
              // Gapless numbering: the page starts at the first number not yet seen (1 at the
              // start) and runs on without a hole; a hole would be a missed event.
              const std::int64_t expected = std::max<std::int64_t>(next[k], 1) + std::int64_t(i);
              if (page[i].sekvensnummer != expected) {
                problem("feed " + k + ": expected " + std::to_string(expected) + ", got " +
                        std::to_string(page[i].sekvensnummer));
                return;
              }
            }
            if (!page.empty()) {
              got_any = true;
              if (!done) ++pages_during_writes;
              next[k] = page.back().sekvensnummer + 1;
              auto& v = seen[k];
              v.insert(v.end(), page.begin(), page.end());
            }
          } catch (const std::exception& e) {
            problem(std::string("reader: ") + e.what());
            return;
          }
        }
        if (last_pass && !got_any) return;
        if (done) last_pass = true;
      }
    };

    std::thread reading(reader);
    std::vector<std::thread> writing;
    for (int w = 0; w < kWriters; ++w) writing.emplace_back(writer, w);
    for (auto& t : writing) t.join();
    reading.join();
    CPPUNIT_ASSERT_MESSAGE(problems.empty() ? "" : problems.front(), problems.empty());
    CPPUNIT_ASSERT_MESSAGE("the reader read while the writers wrote", pages_during_writes > 0);

    for (const auto& k : kKommuner) {
      auto& expected = committed[k];
      const auto& got = seen[k];
      CPPUNIT_ASSERT_MESSAGE("the writers committed something in " + k, !expected.empty());
      CPPUNIT_ASSERT_EQUAL(expected.size(), got.size());
      std::vector<Kendt> got_known;
      for (std::size_t i = 0; i < got.size(); ++i) {
        CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(i + 1), got[i].sekvensnummer);
        got_known.emplace_back(got[i].part.nummer, got[i].version, got[i].type);
      }
      // Exactly the committed events, each once (the order between writers is the commit order,
      // which the writers cannot know; each writer's own events keep their order).
      std::sort(expected.begin(), expected.end());
      std::sort(got_known.begin(), got_known.end());
      CPPUNIT_ASSERT(expected == got_known);
      // And it is the feed as a single read sees it now.
      auto s = store_->begin();
      CPPUNIT_ASSERT(s->haendelser(k, 0, 1000) == got);
    }
  }

  void testPagingBoundsAndTenantSeparation() {
    {
      auto s = store_->begin();
      std::vector<Kontaktdata> batch;
      for (int i = 0; i < 5; ++i) batch.push_back(realistisk(cpr_part(i), i));
      s->importer(kKommuner[0], batch, registrering(tid(2024, 3, 1, 0, 0, 0, 0)));
      s->opret(kKommuner[1], realistisk(cpr_part(0), 9), registrering(tid(2024, 3, 2, 0, 0, 0, 0)));
      s->commit();
    }
    auto s = store_->begin();
    const auto all = s->haendelser(kKommuner[0], 0, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, all.size());
    for (std::size_t i = 0; i < all.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(static_cast<std::int64_t>(i + 1), all[i].sekvensnummer);
      CPPUNIT_ASSERT(all[i].part == cpr_part(static_cast<int>(i)));  // in item order
      CPPUNIT_ASSERT(all[i].type == Haendelsestype::Oprettet);
    }
    // FraSekvensnummer is inclusive; MaksAntal limits; past the end is empty.
    const auto page = s->haendelser(kKommuner[0], 2, 2);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, page.size());
    CPPUNIT_ASSERT(page[0] == all[1] && page[1] == all[2]);
    CPPUNIT_ASSERT(s->haendelser(kKommuner[0], 6, 100).empty());
    CPPUNIT_ASSERT(s->haendelser(kKommuner[0], 1, 0).empty());
    // Each municipality has its own numbers and sees only its own events.
    const auto other = s->haendelser(kKommuner[1], 0, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, other.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, other[0].sekvensnummer);
    CPPUNIT_ASSERT(other[0].tidspunkt == tid(2024, 3, 2, 0, 0, 0, 0));
  }

 private:
  std::unique_ptr<PgStore> store_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(FeedTest);

}  // namespace kontaktdata::store::test
