// Ret, Passiver, Slet and the history against PostgreSQL: optimistic concurrency (a stale
// version changes nothing), every write a new registration with its event, Laes at an instant,
// erasure of every value of a part's history (its events and access log kept), List's many
// parts in one read, and tenant separation for each of them.
#include <cppunit/extensions/HelperMacros.h>

#include <unistd.h>
#include <chrono>
#include <memory>
#include <string>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;
using std::chrono::microseconds;

// This file's municipalities (see tom_kommune).
const std::string kK1 = "90000010";
const std::string kK2 = "90000011";

const Part kAnna{Part::Type::Cpr, "0101701234"};
const Part kBo{Part::Type::Cpr, "0202802345"};
const Part kFirma{Part::Type::Cvr, "12345674"};

template <class F>
ErrorCode error_of(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.code();
  }
  CPPUNIT_FAIL("expected an Error");
  return ErrorCode::InternFejl;
}

}  // namespace

class HistoryTest : public ToKommunerFixture {
  CPPUNIT_TEST_SUITE(HistoryTest);
  CPPUNIT_TEST(testRetStoresANewRegistrationAndEvent);
  CPPUNIT_TEST(testStaleVersionIsVersionskonfliktAndChangesNothing);
  CPPUNIT_TEST(testUnknownPartIsPartFindesIkke);
  CPPUNIT_TEST(testPassiverKeepsTheDataAndEndsItsUse);
  CPPUNIT_TEST(testLaesPaaTidspunkt);
  CPPUNIT_TEST(testSletErasesEveryValueAndKeepsEventsAndLog);
  CPPUNIT_TEST(testUncommittedRetLeavesNothing);
  CPPUNIT_TEST(testLaesMange);
  CPPUNIT_TEST(testTenantSeparation);
  CPPUNIT_TEST_SUITE_END();

 public:
  HistoryTest() : ToKommunerFixture(kK1, kK2) {}

  void testRetStoresANewRegistrationAndEvent() {
    const Registrering r1 = registrering(tid(2024, 5, 1, 8, 0, 0, 1));
    opret(kK1, realistisk(kAnna, 1), r1);

    const Kontaktdata ny = realistisk(kAnna, 2);
    Registrering r2 = registrering(tid(2024, 5, 2, 9, 30, 0, 654321), Livscyklus::Rettet,
                                   "flyttet til ny adresse");
    r2.on_behalf_of_user = "Sagsbehandler Ø";
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, s->ret(kK1, ny, 1, r2));
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(*s->laes(kK1, kAnna) == som_laest(ny, 2, r2));

    const auto regs = registreringer(kK1, kAnna);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, regs.size());
    CPPUNIT_ASSERT_EQUAL(std::string("OPSTAAET"), regs[0].livscyklus);
    CPPUNIT_ASSERT_EQUAL(std::string("RETTET"), regs[1].livscyklus);
    CPPUNIT_ASSERT(regs[1].note == r2.note);

    const auto events = s->haendelser(kK1, 0, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, events.size());
    CPPUNIT_ASSERT(events[0] == (Haendelse{1, r1.tidspunkt, kAnna, Haendelsestype::Oprettet, 1}));
    CPPUNIT_ASSERT(events[1] == (Haendelse{2, r2.tidspunkt, kAnna, Haendelsestype::Rettet, 2}));
    CPPUNIT_ASSERT(tael_kommune(kK1) == (Kommuneantal{1, 2, 6, 8, 4, 2, 0}));
  }

  void testStaleVersionIsVersionskonfliktAndChangesNothing() {
    opret(kK1, realistisk(kAnna, 1), registrering(tid(2024, 5, 1, 8, 0, 0, 0)));
    const Registrering r2 = registrering(tid(2024, 5, 2, 8, 0, 0, 0), Livscyklus::Rettet);
    {
      auto s = store_->begin();
      s->ret(kK1, realistisk(kAnna, 2), 1, r2);
      s->commit();
    }
    const Kommuneantal before = tael_kommune(kK1);
    const Registrering r3 = registrering(tid(2024, 5, 3, 8, 0, 0, 0), Livscyklus::Rettet);
    {
      auto s = store_->begin();
      for (std::int64_t stale : {0, 1, 3, 99}) {
        CPPUNIT_ASSERT(error_of([&] { s->ret(kK1, realistisk(kAnna, 3), stale, r3); }) ==
                       ErrorCode::Versionskonflikt);
        CPPUNIT_ASSERT(error_of([&] { s->passiver(kK1, kAnna, stale, r3); }) ==
                       ErrorCode::Versionskonflikt);
      }
      // The session stays usable, and committing it changes nothing.
      s->commit();
    }
    CPPUNIT_ASSERT(tael_kommune(kK1) == before);
    auto s = store_->begin();
    CPPUNIT_ASSERT(*s->laes(kK1, kAnna) == som_laest(realistisk(kAnna, 2), 2, r2));
  }

  void testUnknownPartIsPartFindesIkke() {
    auto s = store_->begin();
    const Registrering r = registrering(tid(2024, 5, 1, 8, 0, 0, 0), Livscyklus::Rettet);
    CPPUNIT_ASSERT(error_of([&] { s->ret(kK1, realistisk(kBo, 1), 1, r); }) ==
                   ErrorCode::PartFindesIkke);
    CPPUNIT_ASSERT(error_of([&] { s->passiver(kK1, kBo, 1, r); }) == ErrorCode::PartFindesIkke);
    CPPUNIT_ASSERT(error_of([&] { s->slet(kK1, kBo, r.tidspunkt); }) == ErrorCode::PartFindesIkke);
    s->commit();
    CPPUNIT_ASSERT(tael_kommune(kK1) == Kommuneantal{});
  }

  void testPassiverKeepsTheDataAndEndsItsUse() {
    const Kontaktdata data = realistisk(kFirma, 7);
    opret(kK1, data, registrering(tid(2024, 5, 1, 8, 0, 0, 0)));
    Registrering rp =
        registrering(tid(2024, 6, 1, 8, 0, 0, 5), Livscyklus::Passiveret, "virksomheden er ophørt");
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, s->passiver(kK1, kFirma, 1, rp));
      s->commit();
    }
    {
      auto s = store_->begin();
      // Laes still answers it, with lifecycle PASSIVERET and the same data.
      CPPUNIT_ASSERT(*s->laes(kK1, kFirma) == som_laest(data, 2, rp));
      // Ret and Passiver of a passivated part: it holds no active data.
      const Registrering r = registrering(tid(2024, 6, 2, 8, 0, 0, 0), Livscyklus::Rettet);
      CPPUNIT_ASSERT(error_of([&] { s->ret(kK1, realistisk(kFirma, 8), 2, r); }) ==
                     ErrorCode::PartFindesIkke);
      CPPUNIT_ASSERT(error_of([&] { s->passiver(kK1, kFirma, 2, r); }) ==
                     ErrorCode::PartFindesIkke);
    }
    // Opret creates it again; its numbering continues.
    const Registrering r3 = registrering(tid(2024, 7, 1, 8, 0, 0, 0));
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, s->opret(kK1, realistisk(kFirma, 9), r3));
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(*s->laes(kK1, kFirma) == som_laest(realistisk(kFirma, 9), 3, r3));
    const auto events = s->haendelser(kK1, 1, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, events.size());
    CPPUNIT_ASSERT(events[1] ==
                   (Haendelse{2, rp.tidspunkt, kFirma, Haendelsestype::Passiveret, 2}));
    CPPUNIT_ASSERT(events[2] == (Haendelse{3, r3.tidspunkt, kFirma, Haendelsestype::Oprettet, 3}));
    const auto regs = registreringer(kK1, kFirma);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, regs.size());
    CPPUNIT_ASSERT_EQUAL(std::string("PASSIVERET"), regs[1].livscyklus);
    // The passivated registration has its own copy of the children: three registrations of
    // 3 addresses, 4 channels and 2 forms each.
    CPPUNIT_ASSERT(tael_kommune(kK1) == (Kommuneantal{1, 3, 9, 12, 6, 3, 0}));
  }

  void testLaesPaaTidspunkt() {
    const Tidspunkt t1 = tid(2024, 1, 10, 10, 0, 0, 100001);
    const Tidspunkt t2 = tid(2024, 2, 10, 10, 0, 0, 200002);
    const Tidspunkt t3 = tid(2024, 3, 10, 10, 0, 0, 300003);
    const Tidspunkt t4 = tid(2024, 4, 10, 10, 0, 0, 400004);
    const Registrering r1 = registrering(t1);
    const Registrering r2 = registrering(t2, Livscyklus::Rettet, "første ret");
    const Registrering r3 = registrering(t3, Livscyklus::Rettet, "anden ret");
    const Registrering r4 = registrering(t4, Livscyklus::Passiveret);
    opret(kK1, realistisk(kAnna, 1), r1);
    {
      auto s = store_->begin();
      s->ret(kK1, realistisk(kAnna, 2), 1, r2);
      s->commit();
    }
    {
      auto s = store_->begin();
      s->ret(kK1, realistisk(kAnna, 3), 2, r3);
      s->commit();
    }
    {
      auto s = store_->begin();
      s->passiver(kK1, kAnna, 3, r4);
      s->commit();
    }
    auto s = store_->begin();
    const microseconds us{1};
    CPPUNIT_ASSERT_MESSAGE("before creation: none",
                           !s->laes_paa_tidspunkt(kK1, kAnna, t1 - us).has_value());
    CPPUNIT_ASSERT(*s->laes_paa_tidspunkt(kK1, kAnna, t1) ==
                   som_laest(realistisk(kAnna, 1), 1, r1));
    CPPUNIT_ASSERT(*s->laes_paa_tidspunkt(kK1, kAnna, t2 - us) ==
                   som_laest(realistisk(kAnna, 1), 1, r1));
    CPPUNIT_ASSERT_MESSAGE("between two Rets: the first",
                           *s->laes_paa_tidspunkt(kK1, kAnna, t2 + (t3 - t2) / 2) ==
                               som_laest(realistisk(kAnna, 2), 2, r2));
    CPPUNIT_ASSERT(*s->laes_paa_tidspunkt(kK1, kAnna, t3 - us) ==
                   som_laest(realistisk(kAnna, 2), 2, r2));
    CPPUNIT_ASSERT(*s->laes_paa_tidspunkt(kK1, kAnna, t3) ==
                   som_laest(realistisk(kAnna, 3), 3, r3));
    CPPUNIT_ASSERT_MESSAGE(
        "after passivation: PASSIVERET with the data it had",
        *s->laes_paa_tidspunkt(kK1, kAnna, t4) == som_laest(realistisk(kAnna, 3), 4, r4));
    CPPUNIT_ASSERT(*s->laes_paa_tidspunkt(kK1, kAnna, tid(2099, 1, 1, 0, 0, 0, 0)) ==
                   som_laest(realistisk(kAnna, 3), 4, r4));
    CPPUNIT_ASSERT(!s->laes_paa_tidspunkt(kK1, kBo, t4).has_value());
  }

  void testSletErasesEveryValueAndKeepsEventsAndLog() {
    // Values found nowhere else in the database, so that a search for them proves erasure.
    const std::string marker = "slet" + std::to_string(::getpid());
    Kontaktdata data = realistisk(kAnna, 11);
    std::get<DanskAdresse>(*data.adresser[0].postadresse).vejnavn = marker + "vej";
    data.adresser[1].email = marker + "@example.dk";
    Kontaktadresse linjer;
    linjer.adresse_id = "7e57da7a-0000-4000-8000-00000000aaaa";
    linjer.type = Adressetype::Postadresse;
    linjer.postadresse = Adresselinjer{{marker + " linje", "Madrid"}, "ES"};
    data.adresser.push_back(linjer);
    const Tidspunkt t1 = tid(2024, 5, 1, 8, 0, 0, 0);
    opret(kK1, data, registrering(t1, Livscyklus::Opstaaet, marker + " note"));
    Kontaktdata ret_data = data;
    ret_data.adresser[1].email = marker + ".ny@example.dk";
    {
      auto s = store_->begin();
      s->ret(kK1, ret_data, 1,
             registrering(tid(2024, 5, 2, 8, 0, 0, 0), Livscyklus::Rettet, marker + " note 2"));
      s->passiver(kK1, kAnna, 2, registrering(tid(2024, 5, 3, 8, 0, 0, 0), Livscyklus::Passiveret));
      Adgangspost post{tid(2024, 5, 3, 9, 0, 0, 0),
                       Operation::Laes,
                       kDemoEsdh,
                       "bruger",
                       std::nullopt,
                       "kald-1"};
      s->log_adgang(kK1, {kAnna}, post);
      s->commit();
    }
    // A second part whose data must survive.
    opret(kK1, realistisk(kBo, 12), registrering(t1));
    for (const std::string& v : {marker + "vej", marker + "@example.dk", marker + ".ny@example.dk",
                                 marker + " linje", marker + " note", marker + " note 2"}) {
      CPPUNIT_ASSERT_MESSAGE(v, find_vaerdi(v) > 0);
    }

    const Tidspunkt ts = tid(2024, 6, 1, 8, 0, 0, 777);
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL_MESSAGE("Slet answers the last version", std::int64_t{3},
                                   s->slet(kK1, kAnna, ts));
      Adgangspost post{ts, Operation::Slet, kDemoEsdh, "bruger", std::nullopt, "kald-2"};
      s->log_adgang(kK1, {kAnna}, post);
      s->commit();
    }
    for (const std::string& v : {marker + "vej", marker + "@example.dk", marker + ".ny@example.dk",
                                 marker + " linje", marker + " note", marker + " note 2"}) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(v, 0L, find_vaerdi(v));
    }
    CPPUNIT_ASSERT(registreringer(kK1, kAnna).empty());
    // Only Bo's registration and children are left; both part rows stay.
    const Kommuneantal a = tael_kommune(kK1);
    CPPUNIT_ASSERT_EQUAL(2L, a.parter);
    CPPUNIT_ASSERT_EQUAL(1L, a.registreringer);
    CPPUNIT_ASSERT_EQUAL(3L, a.adresser);

    auto s = store_->begin();
    CPPUNIT_ASSERT(!s->laes(kK1, kAnna).has_value());
    CPPUNIT_ASSERT(!s->laes_paa_tidspunkt(kK1, kAnna, tid(2024, 5, 2, 12, 0, 0, 0)).has_value());
    CPPUNIT_ASSERT(!s->laes_paa_tidspunkt(kK1, kAnna, tid(2099, 1, 1, 0, 0, 0, 0)).has_value());
    CPPUNIT_ASSERT(s->laes(kK1, kBo).has_value());

    // The events keep the part and the SLETTET one carries the last version.
    const auto events = s->haendelser(kK1, 1, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, events.size());
    CPPUNIT_ASSERT(events[0] == (Haendelse{1, t1, kAnna, Haendelsestype::Oprettet, 1}));
    CPPUNIT_ASSERT(events[4] == (Haendelse{5, ts, kAnna, Haendelsestype::Slettet, 3}));
    // The access log still answers for the erased part.
    const auto log = s->adgangslog(kK1, kAnna, std::nullopt, std::nullopt, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, log.size());
    CPPUNIT_ASSERT(log[1].operation == Operation::Slet);

    // Nothing is held any more: a second Slet is PART_FINDES_IKKE; Opret continues the numbering.
    CPPUNIT_ASSERT(error_of([&] { s->slet(kK1, kAnna, ts); }) == ErrorCode::PartFindesIkke);
    CPPUNIT_ASSERT(error_of([&] {
                     s->ret(kK1, realistisk(kAnna, 1), 3, registrering(ts, Livscyklus::Rettet));
                   }) == ErrorCode::PartFindesIkke);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{4},
                         s->opret(kK1, realistisk(kAnna, 13), registrering(ts + microseconds{1})));
    s->commit();
  }

  void testUncommittedRetLeavesNothing() {
    opret(kK1, realistisk(kAnna, 1), registrering(tid(2024, 5, 1, 8, 0, 0, 0)));
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{2},
                           s->ret(kK1, realistisk(kAnna, 2), 1,
                                  registrering(tid(2024, 5, 2, 8, 0, 0, 0), Livscyklus::Rettet)));
    }  // rolled back
    const Registrering r = registrering(tid(2024, 5, 3, 8, 0, 0, 0), Livscyklus::Rettet);
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, s->ret(kK1, realistisk(kAnna, 3), 1, r));
      s->commit();
    }
    // The rolled-back write took no feed number: the feed is 1, 2.
    auto s = store_->begin();
    const auto events = s->haendelser(kK1, 0, 100);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, events.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, events[1].sekvensnummer);
    CPPUNIT_ASSERT_EQUAL(2L, tael_kommune(kK1).registreringer);
  }

  void testLaesMange() {
    const Registrering r1 = registrering(tid(2024, 5, 1, 8, 0, 0, 0));
    opret(kK1, realistisk(kAnna, 1), r1);
    opret(kK1, realistisk(kBo, 2), r1);
    opret(kK1, realistisk(kFirma, 3), r1);
    const Registrering rp = registrering(tid(2024, 5, 2, 8, 0, 0, 0), Livscyklus::Passiveret);
    {
      auto s = store_->begin();
      s->passiver(kK1, kBo, 1, rp);
      s->slet(kK1, kFirma, rp.tidspunkt);
      s->commit();
    }
    const Part ukendt{Part::Type::Cpr, "3112999999"};
    const std::uint64_t before = store_->statements();
    auto s = store_->begin();
    const auto read = s->laes_mange(kK1, {kFirma, kBo, ukendt, kAnna, kBo});
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the municipality (row-level security), then one round trip",
                                 std::uint64_t{1 + 1}, store_->statements() - before);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, read.size());
    CPPUNIT_ASSERT_MESSAGE("erased: none", !read[0].has_value());
    CPPUNIT_ASSERT(*read[1] == som_laest(realistisk(kBo, 2), 2, rp));
    CPPUNIT_ASSERT(!read[2].has_value());
    CPPUNIT_ASSERT(*read[3] == som_laest(realistisk(kAnna, 1), 1, r1));
    CPPUNIT_ASSERT_MESSAGE("asked twice, answered twice", read[4] == read[1]);
    CPPUNIT_ASSERT(s->laes_mange(kK1, {}).empty());
    // Another municipality holds none of them.
    for (const auto& kd : s->laes_mange(kK2, {kFirma, kBo, kAnna})) {
      CPPUNIT_ASSERT(!kd.has_value());
    }
  }

  void testTenantSeparation() {
    const Registrering r1 = registrering(tid(2024, 5, 1, 8, 0, 0, 0));
    opret(kK1, realistisk(kAnna, 1), r1);
    const Kommuneantal k1_before = tael_kommune(kK1);
    const Registrering r = registrering(tid(2024, 5, 2, 8, 0, 0, 0), Livscyklus::Rettet);
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT(error_of([&] { s->ret(kK2, realistisk(kAnna, 2), 1, r); }) ==
                     ErrorCode::PartFindesIkke);
      CPPUNIT_ASSERT(error_of([&] { s->passiver(kK2, kAnna, 1, r); }) == ErrorCode::PartFindesIkke);
      CPPUNIT_ASSERT(error_of([&] { s->slet(kK2, kAnna, r.tidspunkt); }) ==
                     ErrorCode::PartFindesIkke);
      CPPUNIT_ASSERT(!s->laes_paa_tidspunkt(kK2, kAnna, r.tidspunkt).has_value());
      CPPUNIT_ASSERT(!s->laes_mange(kK2, {kAnna})[0].has_value());
      CPPUNIT_ASSERT(s->haendelser(kK2, 0, 100).empty());
      s->commit();
    }
    CPPUNIT_ASSERT(tael_kommune(kK1) == k1_before);
    CPPUNIT_ASSERT(tael_kommune(kK2) == Kommuneantal{});

    // The same part in K2 is another part: its own versions, history and feed.
    const Registrering r2 = registrering(tid(2024, 5, 3, 8, 0, 0, 0));
    opret(kK2, realistisk(kAnna, 5), r2);
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, s->ret(kK2, realistisk(kAnna, 6), 1, r));
      CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, s->slet(kK2, kAnna, r2.tidspunkt));
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT(*s->laes(kK1, kAnna) == som_laest(realistisk(kAnna, 1), 1, r1));
    CPPUNIT_ASSERT(*s->laes_paa_tidspunkt(kK1, kAnna, r2.tidspunkt) ==
                   som_laest(realistisk(kAnna, 1), 1, r1));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, s->haendelser(kK1, 0, 100).size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, s->haendelser(kK2, 0, 100).size());
    CPPUNIT_ASSERT(tael_kommune(kK1) == k1_before);
  }

 private:
  void opret(const std::string& kommune, const Kontaktdata& data, const Registrering& r) {
    auto s = store_->begin();
    s->opret(kommune, data, r);
    s->commit();
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(HistoryTest);

}  // namespace kontaktdata::store::test
