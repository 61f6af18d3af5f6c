// Importer against PostgreSQL: a 1000-item batch that mixes new, active, passivated and erased
// parts creates or replaces each without a version check (OPSTAAET/Oprettet for a part held
// without active data, IMPORTERET/Rettet for an active one), with one event per item in item
// order, in a fixed number of statements whatever the batch size; and it stays in its
// municipality.
#include <cppunit/extensions/HelperMacros.h>

#include <memory>
#include <string>
#include <vector>

#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;

// This file's municipalities (see tom_kommune).
const std::string kK1 = "90000060";
const std::string kK2 = "90000061";

// importer() sends importer_laas.sql and importer.sql, whatever the batch size, after the
// statement that sets the transaction's municipality (row-level security).
constexpr std::uint64_t kImportStatements = 1 + 2;

}  // namespace

class ImportTest : public ToKommunerFixture {
  CPPUNIT_TEST_SUITE(ImportTest);
  CPPUNIT_TEST(testThousandMixedItems);
  CPPUNIT_TEST(testStatementsDoNotGrowWithTheBatch);
  CPPUNIT_TEST(testAddressWithoutIdGetsOne);
  CPPUNIT_TEST(testRolledBackImportLeavesNothing);
  CPPUNIT_TEST(testTenantSeparation);
  CPPUNIT_TEST_SUITE_END();

 public:
  ImportTest() : ToKommunerFixture(kK1, kK2) {}

  void testThousandMixedItems() {
    // Before: 0..249 active (0..99 at version 2), 250..374 passivated (version 2), 375..499
    // erased (last version 1), 500..999 never held.
    std::vector<Part> parts;
    for (int i = 0; i < 1000; ++i) parts.push_back(cpr_part(i));
    {
      auto s = store_->begin();
      std::vector<Kontaktdata> first;
      for (int i = 0; i < 500; ++i) first.push_back(realistisk(parts[i], i));
      s->importer(kK1, first, registrering(tid(2024, 1, 1, 0, 0, 0, 0)));
      const Tidspunkt t = tid(2024, 1, 2, 0, 0, 0, 0);
      for (int i = 0; i < 100; ++i) {
        s->ret(kK1, realistisk(parts[i], 100 + i), 1, registrering(t, Livscyklus::Rettet));
      }
      for (int i = 250; i < 375; ++i) {
        s->passiver(kK1, parts[i], 1, registrering(t, Livscyklus::Passiveret));
      }
      for (int i = 375; i < 500; ++i) s->slet(kK1, parts[i], t);
      s->commit();
    }
    const std::int64_t events_before = tael_kommune(kK1).haendelser;

    std::vector<Kontaktdata> items;
    for (int i = 0; i < 1000; ++i) items.push_back(realistisk(parts[i], 5000 + i));
    Registrering r = registrering(tid(2024, 2, 1, 12, 0, 0, 999999));
    r.note = "årlig indlæsning";
    r.on_behalf_of_user = "Import-job";

    const std::uint64_t before = store_->statements();
    std::vector<Skriveresultat> results;
    {
      auto s = store_->begin();
      results = s->importer(kK1, items, r);
      s->commit();
    }
    CPPUNIT_ASSERT_EQUAL(kImportStatements, store_->statements() - before);

    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, results.size());
    auto expected_version = [](int i) -> std::int64_t {
      if (i < 100) return 3;
      if (i < 250) return 2;
      if (i < 375) return 3;
      if (i < 500) return 2;
      return 1;
    };
    for (int i = 0; i < 1000; ++i) {
      const auto& res = results[static_cast<std::size_t>(i)];
      CPPUNIT_ASSERT(res.part == parts[i]);
      CPPUNIT_ASSERT_MESSAGE(std::to_string(i), res.status == (i < 250 ? Skrivestatus::Rettet
                                                                       : Skrivestatus::Oprettet));
      CPPUNIT_ASSERT_EQUAL(expected_version(i), *res.version);
      CPPUNIT_ASSERT(!res.fejl_kode && !res.fejl_tekst);
    }

    auto s = store_->begin();
    const std::uint64_t before_read = store_->statements();
    const auto read = s->laes_mange(kK1, parts);
    // The municipality (row-level security), then one statement.
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{1 + 1}, store_->statements() - before_read);
    for (int i = 0; i < 1000; ++i) {
      Registrering ri = r;
      ri.livscyklus = i < 250 ? Livscyklus::Importeret : Livscyklus::Opstaaet;
      CPPUNIT_ASSERT_MESSAGE(std::to_string(i), *read[static_cast<std::size_t>(i)] ==
                                                    som_laest(items[static_cast<std::size_t>(i)],
                                                              expected_version(i), ri));
    }

    const auto events = s->haendelser(kK1, events_before + 1, 1000);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, events.size());
    for (int i = 0; i < 1000; ++i) {
      const auto& e = events[static_cast<std::size_t>(i)];
      CPPUNIT_ASSERT_EQUAL(events_before + 1 + i, e.sekvensnummer);
      CPPUNIT_ASSERT(e.part == parts[i]);
      CPPUNIT_ASSERT(e.type == (i < 250 ? Haendelsestype::Importeret : Haendelsestype::Oprettet));
      CPPUNIT_ASSERT_EQUAL(expected_version(i), e.version);
      CPPUNIT_ASSERT(e.tidspunkt == r.tidspunkt);
    }
  }

  void testStatementsDoNotGrowWithTheBatch() {
    for (int size : {1, 3, 250}) {
      std::vector<Kontaktdata> items;
      for (int i = 0; i < size; ++i) items.push_back(realistisk(cpr_part(2000 + size + i), i));
      const std::uint64_t before = store_->statements();
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(
          static_cast<std::size_t>(size),
          s->importer(kK1, items, registrering(tid(2024, 1, 1, 0, 0, 0, 0))).size());
      s->commit();
      CPPUNIT_ASSERT_EQUAL(kImportStatements, store_->statements() - before);
    }
    const std::uint64_t before = store_->statements();
    auto s = store_->begin();
    CPPUNIT_ASSERT(s->importer(kK1, {}, registrering(tid(2024, 1, 1, 0, 0, 0, 0))).empty());
    CPPUNIT_ASSERT_EQUAL(std::uint64_t{0}, store_->statements() - before);
  }

  void testAddressWithoutIdGetsOne() {
    Kontaktdata kd = realistisk(cpr_part(7), 7);
    kd.kanaler.clear();  // a channel cannot name an address that has no ID yet
    kd.adresser[0].adresse_id.clear();
    auto s = store_->begin();
    s->importer(kK1, {kd}, registrering(tid(2024, 1, 1, 0, 0, 0, 0)));
    const auto read = s->laes(kK1, kd.part);
    CPPUNIT_ASSERT_EQUAL(std::size_t{36}, read->adresser[0].adresse_id.size());
    CPPUNIT_ASSERT(read->adresser[1].adresse_id == kd.adresser[1].adresse_id);
  }

  void testRolledBackImportLeavesNothing() {
    {
      auto s = store_->begin();
      s->importer(kK1, {realistisk(cpr_part(1), 1), realistisk(cpr_part(2), 2)},
                  registrering(tid(2024, 1, 1, 0, 0, 0, 0)));
    }
    CPPUNIT_ASSERT(tael_kommune(kK1) == Kommuneantal{});
    auto s = store_->begin();
    s->opret(kK1, realistisk(cpr_part(3), 3), registrering(tid(2024, 1, 2, 0, 0, 0, 0)));
    CPPUNIT_ASSERT_EQUAL_MESSAGE("the rolled-back batch took no feed numbers", std::int64_t{1},
                                 s->haendelser(kK1, 0, 10).at(0).sekvensnummer);
  }

  void testTenantSeparation() {
    const Part p = cpr_part(42);
    const Registrering r2 = registrering(tid(2024, 1, 1, 0, 0, 0, 0));
    {
      auto s = store_->begin();
      s->opret(kK2, realistisk(p, 1), r2);
      s->ret(kK2, realistisk(p, 2), 1,
             registrering(tid(2024, 1, 2, 0, 0, 0, 0), Livscyklus::Rettet));
      s->commit();
    }
    const Kommuneantal k2_before = tael_kommune(kK2);
    const Registrering r1 = registrering(tid(2024, 1, 3, 0, 0, 0, 0));
    std::vector<Skriveresultat> results;
    {
      auto s = store_->begin();
      results = s->importer(kK1, {realistisk(p, 3)}, r1);
      s->commit();
    }
    auto s = store_->begin();
    CPPUNIT_ASSERT_MESSAGE(
        "a new part in K1, whatever K2 holds",
        results.at(0).status == Skrivestatus::Oprettet && results.at(0).version == std::int64_t{1});
    CPPUNIT_ASSERT(tael_kommune(kK2) == k2_before);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, *s->laes(kK2, p)->version);
    CPPUNIT_ASSERT(*s->laes(kK1, p) == som_laest(realistisk(p, 3), 1, r1));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ImportTest);

}  // namespace kontaktdata::store::test
