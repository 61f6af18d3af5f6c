// Sagsomraade (KLE numbers) and the scope rule: a scope matches a case area when it is a prefix
// of it at a dot.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "domain/error.hpp"
#include "domain/kle.hpp"
#include "domain_test_support.hpp"

namespace kontaktdata::domain {
namespace {

using test::text;

}  // namespace

class KleTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(KleTest);
  CPPUNIT_TEST(testValidForms);
  CPPUNIT_TEST(testInvalidFormsRefused);
  CPPUNIT_TEST(testLevels);
  CPPUNIT_TEST(testScopeMatchesAtDot);
  CPPUNIT_TEST(testScopeDoesNotMatch);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testValidForms() {
    for (const char* s : {"32", "32.18", "32.18.04", "00", "00.00.00", "85.99.99"}) {
      CPPUNIT_ASSERT_MESSAGE(s, is_valid_sagsomraade(s));
      validate_sagsomraade(s);
    }
  }

  void testInvalidFormsRefused() {
    for (const char* s :
         {"", "3", "32.1", "32.18.4", "321", "32.", "32.18.", "32.18.04.01", "32-18", "3a", " 32",
          "32 ", "32..18", "32.1804", ".32", "32,18", "32.18.044"}) {
      CPPUNIT_ASSERT_MESSAGE(s, !is_valid_sagsomraade(s));
      const Error e = EXPECT_ERROR(UgyldigSagsomraade, validate_sagsomraade(s));
      CPPUNIT_ASSERT_EQUAL(
          std::string("Sagsomraade: skal være et KLE-nummer (NN, NN.NN eller NN.NN.NN)"), text(e));
    }
    const Error e = EXPECT_ERROR(UgyldigSagsomraade,
                                 validate_sagsomraade("32.1", "Kontaktkanal[2]/Sagsomraade"));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktkanal[2]/Sagsomraade: "));
  }

  void testLevels() {
    CPPUNIT_ASSERT_EQUAL(1, sagsomraade_niveau("32"));
    CPPUNIT_ASSERT_EQUAL(2, sagsomraade_niveau("32.18"));
    CPPUNIT_ASSERT_EQUAL(3, sagsomraade_niveau("32.18.04"));
    CPPUNIT_ASSERT_EQUAL(0, sagsomraade_niveau("32.1"));
    CPPUNIT_ASSERT_EQUAL(0, sagsomraade_niveau(""));
  }

  void testScopeMatchesAtDot() {
    CPPUNIT_ASSERT(scope_matches("32.18", "32.18.04"));
    CPPUNIT_ASSERT(scope_matches("32", "32.18.04"));
    CPPUNIT_ASSERT(scope_matches("32", "32.18"));
    CPPUNIT_ASSERT(scope_matches("32", "32"));
    CPPUNIT_ASSERT(scope_matches("32.18", "32.18"));
    CPPUNIT_ASSERT(scope_matches("32.18.04", "32.18.04"));
  }

  void testScopeDoesNotMatch() {
    CPPUNIT_ASSERT(!scope_matches("3", "32"));        // no KLE number, and not at a dot
    CPPUNIT_ASSERT(!scope_matches("32.1", "32.18"));  // never a KLE number
    CPPUNIT_ASSERT(!scope_matches("32.1", "32.18.04"));
    CPPUNIT_ASSERT(!scope_matches("32.18", "32.1"));
    CPPUNIT_ASSERT(!scope_matches("32.18.04", "32.18"));  // more specific than the case area
    CPPUNIT_ASSERT(!scope_matches("32.18", "32.19.01"));
    CPPUNIT_ASSERT(!scope_matches("33", "32.18"));
    CPPUNIT_ASSERT(!scope_matches("32.18", "32.180"));
    CPPUNIT_ASSERT(!scope_matches("32", "3218"));
    CPPUNIT_ASSERT(!scope_matches("", "32.18"));
    CPPUNIT_ASSERT(!scope_matches("32", ""));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KleTest);

}  // namespace kontaktdata::domain
