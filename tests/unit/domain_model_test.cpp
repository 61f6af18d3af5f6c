// The model's small helpers: the wire names of operations (the access log's `Operation`), channels
// and address types and the order of dates (GyldigFra before GyldigTil).
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "domain/model.hpp"

using kontaktdata::domain::Adressetype;
using kontaktdata::domain::Dato;
using kontaktdata::domain::Kanal;
using kontaktdata::domain::Operation;
using kontaktdata::domain::to_string;

class ModelTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ModelTest);
  CPPUNIT_TEST(testOperationWireNames);
  CPPUNIT_TEST(testKanalAndAdressetypeWireNames);
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

  void testKanalAndAdressetypeWireNames() {
    CPPUNIT_ASSERT_EQUAL(std::string("DIGITAL_POST"), std::string(to_string(Kanal::DigitalPost)));
    CPPUNIT_ASSERT_EQUAL(std::string("BREVPOST"), std::string(to_string(Kanal::Brevpost)));
    CPPUNIT_ASSERT_EQUAL(std::string("EMAIL"), std::string(to_string(Kanal::Email)));
    CPPUNIT_ASSERT_EQUAL(std::string("SMS"), std::string(to_string(Kanal::Sms)));
    CPPUNIT_ASSERT_EQUAL(std::string("TELEFON"), std::string(to_string(Kanal::Telefon)));
    CPPUNIT_ASSERT_EQUAL(std::string("PERSONLIGT_FREMMOEDE"),
                         std::string(to_string(Kanal::PersonligtFremmoede)));
    CPPUNIT_ASSERT_EQUAL(std::string("POSTADRESSE"),
                         std::string(to_string(Adressetype::Postadresse)));
    CPPUNIT_ASSERT_EQUAL(std::string("EMAIL"), std::string(to_string(Adressetype::Email)));
    CPPUNIT_ASSERT_EQUAL(std::string("MOBILTELEFON"),
                         std::string(to_string(Adressetype::Mobiltelefon)));
    CPPUNIT_ASSERT_EQUAL(std::string("DIGITAL_POST"),
                         std::string(to_string(Adressetype::DigitalPost)));
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
