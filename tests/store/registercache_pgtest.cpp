// The register cache against PostgreSQL: every member of a register answer round-trips exactly,
// entries older than the wanted age are not returned, many parts are read and written in one
// statement each, an older answer never replaces a newer one (also when written concurrently),
// and the cache is national: shared by the municipalities and untouched by Slet. Its entries are
// fetched from 2020 on, out of reach of purge_pgtest (which purges as of 2003), and its parts are
// its own (cpr_part 31000..32099 and CVR 3999000x), removed before and after each test.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <variant>
#include <vector>

#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;
using std::chrono::microseconds;

// This file's municipalities (see tom_kommune).
const std::string kK1 = "90000100";
const std::string kK2 = "90000101";

using Post = std::pair<Part, Registercachepost>;
using Svar = std::vector<std::optional<Registercachepost>>;

Part cvr_part(int i) { return Part{Part::Type::Cvr, std::to_string(39990000 + i)}; }

// The batch test's parts.
Part batch_part(int i) { return cpr_part(31000 + i); }
// The other tests' persons.
Part person(int i) { return cpr_part(32000 + i); }

// Every part this file writes to the cache.
std::vector<Part> alle_parter() {
  std::vector<Part> out;
  for (int i = 0; i < 1000; ++i) out.push_back(batch_part(i));
  for (int i = 0; i < 100; ++i) out.push_back(person(i));
  for (int i = 0; i < 10; ++i) out.push_back(cvr_part(i));
  return out;
}

// A person with every member set -- the company's members too, so that each one is seen to
// round-trip -- with text that JSON must escape.
Registerdata fuld_person() {
  Registerdata d;
  d.kendt = true;
  d.navn = "Åse \"Lærke\" Bæk-Ødegård \\ tab\there";
  d.aktuel_adresse = DanskAdresse{"Testvej", "12B", "st", "th", "8000", "Aarhus C"};
  d.kontakt_adresse = Adresselinjer{{"c/o Testfirma", "Postboks 12", "8000 Aarhus C"}, "DK"};
  d.kontakt_adresse_fra = Dato{2024, 2, 29};
  d.kontakt_adresse_til = Dato{2025, 1, 1};
  d.udlandsadresse = Adresselinjer{{"Teststraße 5", "10115 Berlin"}, "DE"};
  d.status = kCprStatusAendretNummer;
  d.gaeldende_personnummer = person(99).nummer;
  d.adressebeskyttelse = true;
  d.beskyttelse_fra = Dato{2023, 7, 1};
  d.beskyttelse_til = Dato{2030, 12, 31};
  d.tilmeldt_digitalpost = true;
  d.adresse = DanskAdresse{"Firmavej", "1", "2", "mf", "8200", "Aarhus N"};
  d.ophoert = true;
  return d;
}

// A person with only the members that are not optional (the booleans and status at their
// defaults, nothing else).
Registerdata minimal_person() {
  Registerdata d;
  d.kendt = true;
  return d;
}

// A number the register does not know.
Registerdata ukendt() { return Registerdata{}; }

Registerdata firma_dansk() {
  Registerdata d;
  d.kendt = true;
  d.navn = "Testfirma A/S";
  d.adresse = DanskAdresse{"Industrivej", "7", std::nullopt, std::nullopt, "2600", "Glostrup"};
  return d;
}

Registerdata firma_linjer_ophoert() {
  Registerdata d;
  d.kendt = true;
  d.navn = "Gammelt Testfirma ApS";
  d.adresse = Adresselinjer{{"Testgade 1, 2. sal", "1000 København K"}, "DK"};
  d.ophoert = true;
  return d;
}

Registerdata navngivet(const std::string& navn) {
  Registerdata d;
  d.kendt = true;
  d.navn = navn;
  return d;
}

}  // namespace

class RegistercacheTest : public ToKommunerFixture {
  CPPUNIT_TEST_SUITE(RegistercacheTest);
  CPPUNIT_TEST(testEveryMemberRoundTrips);
  CPPUNIT_TEST(testEntryOlderThanWantedIsNotReturned);
  CPPUNIT_TEST(testAnswersInOrderWithNulloptForAbsentParts);
  CPPUNIT_TEST(testThousandEntriesInOneStatementEach);
  CPPUNIT_TEST(testOlderAnswerNeverReplacesNewer);
  CPPUNIT_TEST(testConcurrentWritersKeepTheNewest);
  CPPUNIT_TEST(testSharedByMunicipalities);
  CPPUNIT_TEST(testSletKeepsCacheEntry);
  CPPUNIT_TEST(testRolledBackWriteLeavesNothing);
  CPPUNIT_TEST_SUITE_END();

 public:
  RegistercacheTest() : ToKommunerFixture(kK1, kK2) {}

  void setUp() override {
    ToKommunerFixture::setUp();
    slet_registercache(alle_parter());
  }

  void tearDown() override {
    slet_registercache(alle_parter());
    ToKommunerFixture::tearDown();
  }

  void testEveryMemberRoundTrips() {
    const std::vector<Post> poster = {
        {person(0), {fuld_person(), tid(2024, 5, 1, 12, 0, 0, 123456)}},
        {person(1), {minimal_person(), tid(2024, 5, 1, 12, 0, 1, 1)}},
        {person(2), {ukendt(), tid(2024, 5, 1, 12, 0, 2, 999999)}},
        {cvr_part(0), {firma_dansk(), tid(2024, 5, 1, 12, 0, 3, 0)}},
        {cvr_part(1), {firma_linjer_ophoert(), tid(2024, 5, 1, 12, 0, 4, 500000)}},
    };
    gem(poster);

    const Svar svar = laes(parts_of(poster), tid(2024, 1, 1, 0, 0, 0, 0));
    CPPUNIT_ASSERT_EQUAL(poster.size(), svar.size());
    for (std::size_t i = 0; i < poster.size(); ++i) {
      CPPUNIT_ASSERT_MESSAGE("entry " + std::to_string(i) + " found", svar[i].has_value());
      CPPUNIT_ASSERT_MESSAGE("entry " + std::to_string(i) + " as written",
                             *svar[i] == poster[i].second);
    }
    // The comparison above is only as strong as the data differs from the defaults.
    CPPUNIT_ASSERT(svar[0]->data.kontakt_adresse_fra == (Dato{2024, 2, 29}));
    CPPUNIT_ASSERT(!svar[1]->data.navn && !svar[1]->data.aktuel_adresse);
    CPPUNIT_ASSERT(!svar[2]->data.kendt);
    CPPUNIT_ASSERT(std::holds_alternative<Adresselinjer>(*svar[4]->data.adresse));
  }

  void testEntryOlderThanWantedIsNotReturned() {
    const Tidspunkt t = tid(2024, 6, 1, 10, 0, 0, 500000);
    const Part a = person(10), b = person(11);
    gem({{a, {navngivet("A"), t}}, {b, {navngivet("B"), t - microseconds(1)}}});

    // Fetched exactly at hentet_fra: returned; one microsecond before it: not.
    const Svar ved_t = laes({a, b}, t);
    CPPUNIT_ASSERT(ved_t[0].has_value() && ved_t[0]->hentet == t);
    CPPUNIT_ASSERT(!ved_t[1].has_value());

    const Svar efter_t = laes({a, b}, t + microseconds(1));
    CPPUNIT_ASSERT(!efter_t[0].has_value() && !efter_t[1].has_value());

    const Svar foer_t = laes({a, b}, t - microseconds(1));
    CPPUNIT_ASSERT(foer_t[0].has_value() && foer_t[1].has_value());
    CPPUNIT_ASSERT(foer_t[1]->data.navn == std::optional<std::string>("B"));
  }

  void testAnswersInOrderWithNulloptForAbsentParts() {
    const Registercachepost p1{navngivet("P1"), tid(2024, 7, 1, 0, 0, 0, 1)};
    const Registercachepost p3{navngivet("P3"), tid(2024, 7, 1, 0, 0, 0, 3)};
    const Registercachepost c1{firma_dansk(), tid(2024, 7, 1, 0, 0, 0, 4)};
    gem({{person(21), p1}, {person(23), p3}, {cvr_part(2), c1}});

    const std::uint64_t before = store_->statements();
    const Svar svar = laes({person(23), person(22), cvr_part(2), person(21), cvr_part(3)},
                           tid(2020, 1, 1, 0, 0, 0, 0));
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, store_->statements() - before);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, svar.size());
    CPPUNIT_ASSERT(svar[0] == p3);
    CPPUNIT_ASSERT(!svar[1].has_value());
    CPPUNIT_ASSERT(svar[2] == c1);
    CPPUNIT_ASSERT(svar[3] == p1);
    CPPUNIT_ASSERT(!svar[4].has_value());

    // The kind of part is part of the key: a CVR entry does not answer for a CPR part asked
    // for by the same number.
    CPPUNIT_ASSERT(
        !laes({Part{Part::Type::Cpr, cvr_part(2).nummer}}, tid(2020, 1, 1, 0, 0, 0, 0))[0]);

    // No parts: no statement.
    const std::uint64_t before_empty = store_->statements();
    CPPUNIT_ASSERT(laes({}, tid(2020, 1, 1, 0, 0, 0, 0)).empty());
    gem({});
    CPPUNIT_ASSERT_EQUAL(before_empty, store_->statements());
  }

  void testThousandEntriesInOneStatementEach() {
    std::vector<Post> poster;
    for (int i = 0; i < 1000; ++i) {
      Registerdata d = navngivet("Testperson " + std::to_string(i));
      d.status = i % 3 == 0 ? kCprStatusUdrejst : 1;
      d.tilmeldt_digitalpost = i % 2 == 0;
      if (i % 5 == 0)
        d.aktuel_adresse = DanskAdresse{"Testvej", std::to_string(i), std::nullopt, std::nullopt,
                                        "8000",    "Aarhus C"};
      poster.push_back({batch_part(i), {d, tid(2024, 8, 1, 0, 0, 0, 0) + microseconds(i)}});
    }

    const std::uint64_t before_write = store_->statements();
    gem(poster);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, store_->statements() - before_write);
    CPPUNIT_ASSERT_EQUAL(1000L, tael_registercache(parts_of(poster)));

    const std::uint64_t before_read = store_->statements();
    const Svar svar = laes(parts_of(poster), tid(2024, 8, 1, 0, 0, 0, 0));
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, store_->statements() - before_read);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, svar.size());
    for (std::size_t i = 0; i < poster.size(); ++i) {
      CPPUNIT_ASSERT_MESSAGE("entry " + std::to_string(i), svar[i] == poster[i].second);
    }

    // Replacing all 1000 is one statement too.
    for (auto& [part, post] : poster) post.hentet += std::chrono::hours(1);
    const std::uint64_t before_replace = store_->statements();
    gem(poster);
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1}, store_->statements() - before_replace);
    const Svar replaced = laes(parts_of(poster), tid(2024, 8, 1, 1, 0, 0, 0));
    for (std::size_t i = 0; i < poster.size(); ++i) {
      CPPUNIT_ASSERT_MESSAGE("replaced entry " + std::to_string(i),
                             replaced[i] == poster[i].second);
    }
  }

  void testOlderAnswerNeverReplacesNewer() {
    const Part p = person(30), q = person(31);
    const Tidspunkt t1 = tid(2024, 9, 1, 0, 0, 0, 0);
    const Tidspunkt t2 = t1 + microseconds(1);
    const Tidspunkt t3 = t1 + std::chrono::minutes(5);
    const Registercachepost nyere{navngivet("Nyere"), t2};
    gem({{p, nyere}, {q, {navngivet("Q gammel"), t1}}});

    // Older: kept out. At the same time: the stored one stays.
    gem({{p, {navngivet("Ældre"), t1}}});
    CPPUNIT_ASSERT(laes({p}, t1)[0] == nyere);
    gem({{p, {navngivet("Samtidig"), t2}}});
    CPPUNIT_ASSERT(laes({p}, t1)[0] == nyere);

    // In one batch, each entry on its own: p's older answer is refused, q's newer one taken.
    const Registercachepost q_ny{navngivet("Q ny"), t3};
    gem({{p, {navngivet("Ældre igen"), t1}}, {q, q_ny}});
    const Svar svar = laes({p, q}, t1);
    CPPUNIT_ASSERT(svar[0] == nyere);
    CPPUNIT_ASSERT(svar[1] == q_ny);

    // Newer: replaces, whatever it holds (here a number the register no longer knows).
    const Registercachepost nyeste{ukendt(), t3};
    gem({{p, nyeste}});
    CPPUNIT_ASSERT(laes({p}, t1)[0] == nyeste);
  }

  void testConcurrentWritersKeepTheNewest() {
    const Tidspunkt t = tid(2024, 10, 1, 0, 0, 0, 0);
    const Registercachepost aeldre{navngivet("Ældre"), t};
    const Registercachepost nyere{navngivet("Nyere"), t + std::chrono::seconds(1)};

    // The newer answer's transaction writes first and commits while the older one's waits on it.
    CPPUNIT_ASSERT(concurrently(person(40), nyere, aeldre) == nyere);
    // The older answer's transaction writes first; the newer one waits, then replaces it.
    CPPUNIT_ASSERT(concurrently(person(41), aeldre, nyere) == nyere);
  }

  void testSharedByMunicipalities() {
    const Part p = person(50);
    const Registercachepost post{fuld_person(), tid(2024, 11, 1, 8, 0, 0, 0)};
    {
      auto s = store_->begin();
      s->opret(kK1, realistisk(p, 1), registrering(tid(2024, 11, 1, 8, 0, 0, 0)));
      s->gem_registercache({{p, post}});
      s->commit();
    }
    // A request for the other municipality, which holds nothing for the part, reads the entry,
    // and its newer answer replaces the entry for both.
    const Registercachepost nyere{navngivet("Ny"), tid(2024, 11, 2, 8, 0, 0, 0)};
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(!s->laes(kK2, p).has_value());
      CPPUNIT_ASSERT(s->laes_registercache({p}, tid(2024, 1, 1, 0, 0, 0, 0))[0] == post);
      s->gem_registercache({{p, nyere}});
      s->commit();
    }
    auto s1 = store_->begin();
    CPPUNIT_ASSERT(s1->laes(kK1, p).has_value());
    CPPUNIT_ASSERT(s1->laes_registercache({p}, tid(2024, 1, 1, 0, 0, 0, 0))[0] == nyere);
    CPPUNIT_ASSERT_EQUAL(1L, tael_registercache({p}));
  }

  void testSletKeepsCacheEntry() {
    const Part p = person(60);
    const Registercachepost post{fuld_person(), tid(2024, 12, 1, 8, 0, 0, 0)};
    {
      auto s = store_->begin();
      s->opret(kK1, realistisk(p, 1), registrering(tid(2024, 12, 1, 8, 0, 0, 0)));
      s->gem_registercache({{p, post}});
      s->commit();
    }
    {
      auto s = store_->begin();
      s->slet(kK1, p, tid(2024, 12, 2, 8, 0, 0, 0));
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(!s->laes(kK1, p).has_value());
    CPPUNIT_ASSERT(s->laes_registercache({p}, tid(2024, 1, 1, 0, 0, 0, 0))[0] == post);
    CPPUNIT_ASSERT_EQUAL(1L, tael_registercache({p}));
  }

  void testRolledBackWriteLeavesNothing() {
    const Part p = person(70);
    {
      auto s = store_->begin();
      s->gem_registercache({{p, {navngivet("Aldrig"), tid(2025, 1, 1, 0, 0, 0, 0)}}});
      CPPUNIT_ASSERT(s->laes_registercache({p}, tid(2020, 1, 1, 0, 0, 0, 0))[0].has_value());
    }  // no commit
    CPPUNIT_ASSERT(!laes({p}, tid(2020, 1, 1, 0, 0, 0, 0))[0].has_value());
    CPPUNIT_ASSERT_EQUAL(0L, tael_registercache({p}));
  }

 private:
  static std::vector<Part> parts_of(const std::vector<Post>& poster) {
    std::vector<Part> out;
    for (const auto& [part, post] : poster) out.push_back(part);
    return out;
  }

  void gem(const std::vector<Post>& poster) {
    auto s = store_->begin();
    s->gem_registercache(poster);
    s->commit();
  }

  Svar laes(const std::vector<Part>& parts, Tidspunkt hentet_fra) {
    auto s = store_->begin();
    return s->laes_registercache(parts, hentet_fra);
  }

  // Writes `foerst` for `p` in one transaction, then `saa` in a second one on another thread
  // (which waits on the first's uncommitted row), commits the first, then the second; returns
  // what the cache holds for `p` afterwards.
  std::optional<Registercachepost> concurrently(const Part& p, const Registercachepost& foerst,
                                                const Registercachepost& saa) {
    auto s1 = store_->begin();
    s1->gem_registercache({{p, foerst}});
    std::exception_ptr failure;
    std::thread other([&] {
      try {
        auto s2 = store_->begin();
        s2->gem_registercache({{p, saa}});
        s2->commit();
      } catch (...) {
        failure = std::current_exception();
      }
    });
    // Give the second transaction time to reach the row and wait on it (the outcome must be the
    // same if it has not).
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    s1->commit();
    other.join();
    if (failure) std::rethrow_exception(failure);
    s1.reset();
    return laes({p}, tid(2020, 1, 1, 0, 0, 0, 0))[0];
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(RegistercacheTest);

}  // namespace kontaktdata::store::test
