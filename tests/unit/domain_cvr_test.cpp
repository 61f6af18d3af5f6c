// CVRNummer and MunicipalityCVR: 8 digits, the first not 0, modulus 11 with weights
// 2,7,6,5,4,3,2,1.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "domain_test_support.hpp"

namespace kontaktdata::domain {
namespace {

using test::text;

}  // namespace

class CvrTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CvrTest);
  CPPUNIT_TEST(testDemoNumbersValid);
  CPPUNIT_TEST(testCheckDigit);
  CPPUNIT_TEST(testEverySingleDigitChangeRefused);
  CPPUNIT_TEST(testFirstDigitZeroRefused);
  CPPUNIT_TEST(testFormatRefused);
  CPPUNIT_TEST(testMunicipalityCvr);
  CPPUNIT_TEST(testValidatePart);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDemoNumbersValid() {
    for (const char* n : {"55133018", "64942212", "12345674", "30030036", "10000009"}) {
      CPPUNIT_ASSERT_MESSAGE(n, is_valid_cvr(n));
      validate_cvr(n);
    }
  }

  void testCheckDigit() {
    const Error e = EXPECT_ERROR(UgyldigCvr, validate_cvr("12345678"));
    CPPUNIT_ASSERT_EQUAL(std::string("CVRNummer: fejl i kontrolciffer (modulus 11)"), text(e));
    CPPUNIT_ASSERT(!is_valid_cvr("55133019"));
    CPPUNIT_ASSERT(!is_valid_cvr("10000000"));
  }

  void testEverySingleDigitChangeRefused() {
    // 11 is prime and every weight is below it, so any one changed digit breaks the sum.
    const std::string good = "55133018";
    for (std::size_t i = 0; i < good.size(); ++i) {
      for (char c = '0'; c <= '9'; ++c) {
        if (c == good[i]) continue;
        std::string bad = good;
        bad[i] = c;
        CPPUNIT_ASSERT_MESSAGE(bad, !is_valid_cvr(bad));
        EXPECT_ERROR(UgyldigCvr, validate_cvr(bad));
      }
    }
  }

  void testFirstDigitZeroRefused() {
    // 01000004 keeps the weighted sum (2*0 + 7*1 + 4*1 = 11) but starts with 0.
    CPPUNIT_ASSERT(!is_valid_cvr("01000004"));
    const Error e = EXPECT_ERROR(UgyldigCvr, validate_cvr("01000004"));
    CPPUNIT_ASSERT_EQUAL(std::string("CVRNummer: første ciffer må ikke være 0"), text(e));
    CPPUNIT_ASSERT(!is_valid_cvr("00000000"));
  }

  void testFormatRefused() {
    for (const char* n : {"", "5513301", "551330180", "5513301A", "5513 018", "-5513301"}) {
      const Error e = EXPECT_ERROR(UgyldigCvr, validate_cvr(n));
      CPPUNIT_ASSERT_EQUAL(std::string("CVRNummer: skal være 8 cifre"), text(e));
      CPPUNIT_ASSERT_MESSAGE(n, !is_valid_cvr(n));
    }
  }

  void testMunicipalityCvr() {
    validate_kommune_cvr("55133018");
    validate_kommune_cvr("64942212");
    const Error e = EXPECT_ERROR(UgyldigCvr, validate_kommune_cvr("55133019"));
    CPPUNIT_ASSERT_EQUAL(std::string("MunicipalityCVR: fejl i kontrolciffer (modulus 11)"),
                         text(e));
    const Error empty = EXPECT_ERROR(UgyldigCvr, validate_kommune_cvr(""));
    CPPUNIT_ASSERT_EQUAL(std::string("MunicipalityCVR: skal være 8 cifre"), text(empty));
  }

  void testValidatePart() {
    validate_part(Part{Part::Type::Cvr, "12345674"});
    validate_part(Part{Part::Type::Cpr, "0101701234"});
    CPPUNIT_ASSERT(is_valid_part(Part{Part::Type::Cvr, "30030036"}));
    CPPUNIT_ASSERT(!is_valid_part(Part{Part::Type::Cvr, "12345675"}));
    // The type decides the rule: a valid CVR number is no CPR number, and the reverse.
    CPPUNIT_ASSERT(!is_valid_part(Part{Part::Type::Cpr, "12345674"}));
    CPPUNIT_ASSERT(!is_valid_part(Part{Part::Type::Cvr, "0101701234"}));
    const Error cvr = EXPECT_ERROR(UgyldigCvr, validate_part(Part{Part::Type::Cvr, "12345675"}));
    CPPUNIT_ASSERT_EQUAL(std::string("CVRNummer: fejl i kontrolciffer (modulus 11)"), text(cvr));
    const Error cpr = EXPECT_ERROR(UgyldigCpr, validate_part(Part{Part::Type::Cpr, "12345674"}));
    CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: skal være 10 cifre uden bindestreg"), text(cpr));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CvrTest);

}  // namespace kontaktdata::domain
