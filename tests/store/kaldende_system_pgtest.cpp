// The calling systems and their grants as the demo data sets them up (deploy/demo-data.sql),
// looked up through Session::kaldende_system.
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using domain::Operation;

std::vector<std::string> names(const std::vector<Operation>& ops) {
  std::vector<std::string> out;
  for (Operation op : ops) out.emplace_back(domain::to_string(op));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

class KaldendeSystemTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(KaldendeSystemTest);
  CPPUNIT_TEST(testDemoEsdhMayDoEverythingInBothMunicipalities);
  CPPUNIT_TEST(testDemoFagsystemMayReadInAarhusOnly);
  CPPUNIT_TEST(testUnknownSystemIsNullopt);
  CPPUNIT_TEST(testInvalidUuidTextIsNulloptNotAnSqlError);
  CPPUNIT_TEST(testDemoDataIsIdempotent);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    prepare_database();
    store_ = std::make_unique<PgStore>(app_dsn(), 1);
  }

  void tearDown() override { store_.reset(); }

  void testDemoEsdhMayDoEverythingInBothMunicipalities() {
    const auto all = sorted({"Laes", "List", "Opret", "Ret", "Passiver", "Slet", "Importer",
                             "HentKontaktanvisning", "LaesOpgavesprog", "RetOpgavesprog",
                             "ListHaendelser", "ListAdgangslog"});
    auto s = store_->begin();
    for (const char* kommune : {kAarhus, kKoebenhavn}) {
      const auto system = s->kaldende_system(kDemoEsdh, kommune);
      CPPUNIT_ASSERT(system.has_value());
      CPPUNIT_ASSERT_EQUAL(std::string(kDemoEsdh), system->uuid);
      CPPUNIT_ASSERT_EQUAL(std::string("Demo ESDH"), system->navn);
      CPPUNIT_ASSERT(system->ser_beskyttede_adresser);
      CPPUNIT_ASSERT(names(system->tilladte_operationer) == all);
    }
  }

  void testDemoFagsystemMayReadInAarhusOnly() {
    auto s = store_->begin();
    const auto aarhus = s->kaldende_system(kDemoFagsystem, kAarhus);
    CPPUNIT_ASSERT(aarhus.has_value());
    CPPUNIT_ASSERT_EQUAL(std::string("Demo fagsystem"), aarhus->navn);
    CPPUNIT_ASSERT(!aarhus->ser_beskyttede_adresser);
    CPPUNIT_ASSERT(names(aarhus->tilladte_operationer) ==
                   sorted({"HentKontaktanvisning", "Laes", "List"}));

    const auto kbh = s->kaldende_system(kDemoFagsystem, kKoebenhavn);
    CPPUNIT_ASSERT_MESSAGE("known system, nothing granted in København", kbh.has_value());
    CPPUNIT_ASSERT(kbh->tilladte_operationer.empty());

    const auto elsewhere = s->kaldende_system(kDemoFagsystem, "29189846");
    CPPUNIT_ASSERT(elsewhere.has_value());
    CPPUNIT_ASSERT(elsewhere->tilladte_operationer.empty());
  }

  void testUnknownSystemIsNullopt() {
    auto s = store_->begin();
    CPPUNIT_ASSERT(!s->kaldende_system("6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0003", kAarhus));
    CPPUNIT_ASSERT(!s->kaldende_system("00000000-0000-0000-0000-000000000000", kAarhus));
  }

  void testInvalidUuidTextIsNulloptNotAnSqlError() {
    auto s = store_->begin();
    for (const char* text :
         {"", "not-a-uuid", "6A1D5A40-0F0E-4B8E-9A53-3F1A9C0E0001",
          "6a1d5a400f0e4b8e9a533f1a9c0e0001", "{6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001}",
          "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001 ", "'; DROP TABLE part; --"}) {
      CPPUNIT_ASSERT_MESSAGE(std::string("text: ") + text, !s->kaldende_system(text, kAarhus));
    }
    // The transaction is still good: no SQL error happened.
    CPPUNIT_ASSERT(s->kaldende_system(kDemoEsdh, kAarhus).has_value());
    s->commit();
  }

  void testDemoDataIsIdempotent() {
    load_demo_data();
    load_demo_data();
    testDemoEsdhMayDoEverythingInBothMunicipalities();
    testDemoFagsystemMayReadInAarhusOnly();
  }

 private:
  std::unique_ptr<PgStore> store_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(KaldendeSystemTest);

}  // namespace kontaktdata::store::test
