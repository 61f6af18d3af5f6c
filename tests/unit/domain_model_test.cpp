// The model's small helpers: operation wire names (the access log's `Operation`) and the order
// of dates (GyldigFra before GyldigTil).
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "domain/model.hpp"

using kontaktdata::domain::Dato;
using kontaktdata::domain::Operation;

class ModelTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ModelTest);
  CPPUNIT_TEST(testOperationWireNames);
  CPPUNIT_TEST(testDatoOrder);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testOperationWireNames() {
    const std::pair<Operation, const char*> rows[] = {
        {Operation::Laes, "Laes"},
        {Operation::List, "List"},
        {Operation::Opret, "Opret"},
        {Operation::Ret, "Ret"},
        {Operation::Passiver, "Passiver"},
        {Operation::Slet, "Slet"},
        {Operation::Importer, "Importer"},
        {Operation::HentKontaktanvisning, "HentKontaktanvisning"},
        {Operation::LaesOpgavesprog, "LaesOpgavesprog"},
        {Operation::RetOpgavesprog, "RetOpgavesprog"},
        {Operation::ListHaendelser, "ListHaendelser"},
        {Operation::ListAdgangslog, "ListAdgangslog"},
    };
    for (const auto& [op, name] : rows) {
      CPPUNIT_ASSERT_EQUAL(std::string(name), std::string(to_string(op)));
    }
  }

  void testDatoOrder() {
    CPPUNIT_ASSERT(Dato({2024, 12, 31}) < Dato({2025, 1, 1}));
    CPPUNIT_ASSERT(Dato({2025, 1, 31}) < Dato({2025, 2, 1}));
    CPPUNIT_ASSERT(Dato({2025, 2, 1}) < Dato({2025, 2, 2}));
    CPPUNIT_ASSERT(!(Dato({2025, 2, 2}) < Dato({2025, 2, 2})));
    CPPUNIT_ASSERT(Dato({2025, 2, 2}) == Dato({2025, 2, 2}));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ModelTest);
