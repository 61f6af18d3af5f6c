// The error-code table of the contract, row by row: the wire name and the fault class
// (soap:Client for the caller's errors, soap:Server for the service's own).
#include <cppunit/extensions/HelperMacros.h>

#include <iterator>
#include <set>
#include <string>

#include "domain/error.hpp"

namespace {

using kontaktdata::domain::Error;
using kontaktdata::domain::ErrorCode;
using kontaktdata::domain::kAllErrorCodes;

struct Row {
  ErrorCode code;
  const char* wire;
  bool client;
};

// The contract's table, in its order.
constexpr Row kTable[] = {
    {ErrorCode::UgyldigForespoergsel, "UGYLDIG_FORESPOERGSEL", true},
    {ErrorCode::ManglendeKontekst, "MANGLENDE_KONTEKST", true},
    {ErrorCode::AdgangNaegtet, "ADGANG_NAEGTET", true},
    {ErrorCode::UgyldigCpr, "UGYLDIG_CPR", true},
    {ErrorCode::UgyldigCvr, "UGYLDIG_CVR", true},
    {ErrorCode::UgyldigSagsomraade, "UGYLDIG_SAGSOMRAADE", true},
    {ErrorCode::UgyldigSprog, "UGYLDIG_SPROG", true},
    {ErrorCode::UgyldigVaerdi, "UGYLDIG_VAERDI", true},
    {ErrorCode::UgyldigReference, "UGYLDIG_REFERENCE", true},
    {ErrorCode::PartFindesIkke, "PART_FINDES_IKKE", true},
    {ErrorCode::PartFindesAllerede, "PART_FINDES_ALLEREDE", true},
    {ErrorCode::Versionskonflikt, "VERSIONSKONFLIKT", true},
    {ErrorCode::ForMange, "FOR_MANGE", true},
    {ErrorCode::MidlertidigFejl, "MIDLERTIDIG_FEJL", false},
    {ErrorCode::InternFejl, "INTERN_FEJL", false},
};

}  // namespace

class ErrorTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ErrorTest);
  CPPUNIT_TEST(testAllCodesInContractOrder);
  CPPUNIT_TEST(testWireNames);
  CPPUNIT_TEST(testFaultClass);
  CPPUNIT_TEST(testWireNamesUnique);
  CPPUNIT_TEST(testErrorCarriesCodeAndText);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testAllCodesInContractOrder() {
    CPPUNIT_ASSERT_EQUAL(std::size(kTable), std::size(kAllErrorCodes));
    for (std::size_t i = 0; i < std::size(kTable); ++i) {
      CPPUNIT_ASSERT_MESSAGE(kTable[i].wire, kAllErrorCodes[i] == kTable[i].code);
    }
  }

  void testWireNames() {
    for (const auto& row : kTable) {
      CPPUNIT_ASSERT_EQUAL(std::string(row.wire), std::string(to_string(row.code)));
    }
  }

  void testFaultClass() {
    for (const auto& row : kTable) {
      CPPUNIT_ASSERT_EQUAL_MESSAGE(row.wire, row.client, is_client_error(row.code));
    }
  }

  void testWireNamesUnique() {
    std::set<std::string> seen;
    for (ErrorCode code : kAllErrorCodes) seen.emplace(to_string(code));
    CPPUNIT_ASSERT_EQUAL(std::size(kAllErrorCodes), seen.size());
  }

  void testErrorCarriesCodeAndText() {
    try {
      throw Error(ErrorCode::UgyldigCpr, "CPRNummer: ugyldig dato");
    } catch (const std::exception& e) {
      const auto* error = dynamic_cast<const Error*>(&e);
      CPPUNIT_ASSERT(error != nullptr);
      CPPUNIT_ASSERT(error->code() == ErrorCode::UgyldigCpr);
      CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: ugyldig dato"), std::string(e.what()));
    }
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ErrorTest);
