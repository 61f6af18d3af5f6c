// CPRNummer: 10 digits, DDMMYY a real date, the century from the 7th digit, no modulus 11.
// The numbers are the fictitious demo persons or synthetic ones ending in 000.
#include <cppunit/extensions/HelperMacros.h>

#include <string>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "domain_test_support.hpp"

namespace kontaktdata::domain {
namespace {

using test::text;

// Builds a synthetic CPR number from its date digits and 7th digit.
std::string cpr(const std::string& ddmmyy, char syvende) { return ddmmyy + syvende + "000"; }

// Two digits with a leading zero (0..99).
std::string dd(int n) { return {static_cast<char>('0' + n / 10), static_cast<char>('0' + n % 10)}; }

int aar(const std::string& ddmmyy, char syvende) {
  return cpr_foedselsdato(cpr(ddmmyy, syvende)).aar;
}

}  // namespace

class CprTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(CprTest);
  CPPUNIT_TEST(testDemoPersonsValid);
  CPPUNIT_TEST(testBirthDate);
  CPPUNIT_TEST(testNoModulus11);
  CPPUNIT_TEST(testFormatRefused);
  CPPUNIT_TEST(testImpossibleDatesRefused);
  CPPUNIT_TEST(testMonthLengths);
  CPPUNIT_TEST(testCenturyDigits0To3);
  CPPUNIT_TEST(testCenturyDigits4And9);
  CPPUNIT_TEST(testCenturyDigits5To8);
  CPPUNIT_TEST(testLeapDayAcrossCenturies);
  CPPUNIT_TEST(testTextNamesElementNotNumber);
  CPPUNIT_TEST(testIsValidAgreesWithValidate);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testDemoPersonsValid() {
    for (const char* n : {"0101701234", "0202802345", "0303903456", "0404004567", "0505055678"}) {
      CPPUNIT_ASSERT_MESSAGE(n, is_valid_cpr(n));
      validate_cpr(n);
    }
  }

  void testBirthDate() {
    CPPUNIT_ASSERT(cpr_foedselsdato("0101701234") == (Dato{1970, 1, 1}));
    CPPUNIT_ASSERT(cpr_foedselsdato("0202802345") == (Dato{1980, 2, 2}));
    CPPUNIT_ASSERT(cpr_foedselsdato("0404004567") == (Dato{2000, 4, 4}));
    CPPUNIT_ASSERT(cpr_foedselsdato("0505055678") == (Dato{2005, 5, 5}));
    CPPUNIT_ASSERT(cpr_foedselsdato("3112588000") == (Dato{1858, 12, 31}));
  }

  void testNoModulus11() {
    // 0101701234 fails the old modulus-11 check (weighted sum 72); CPR has issued such numbers
    // since 2007, so it is valid.
    CPPUNIT_ASSERT(is_valid_cpr("0101701234"));
    CPPUNIT_ASSERT(is_valid_cpr("0101700001"));
  }

  void testFormatRefused() {
    for (const char* n : {"", "010170123", "01017012345", "010170-1234", "0101701 34", "01017O1234",
                          "+101701234", " 0101701234"}) {
      const Error e = EXPECT_ERROR(UgyldigCpr, validate_cpr(n));
      CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: skal være 10 cifre uden bindestreg"), text(e));
      CPPUNIT_ASSERT_MESSAGE(n, !is_valid_cpr(n));
    }
  }

  void testImpossibleDatesRefused() {
    for (const char* n : {"0001701000", "3201701000", "0100701000", "0113701000", "9999991000"}) {
      const Error e = EXPECT_ERROR(UgyldigCpr, validate_cpr(n));
      CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: ugyldig dato"), text(e));
    }
  }

  void testMonthLengths() {
    const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int m = 1; m <= 12; ++m) {
      const std::string last = dd(lengths[m - 1]) + dd(m) + "75";
      const std::string beyond = dd(lengths[m - 1] + 1) + dd(m) + "75";
      CPPUNIT_ASSERT_MESSAGE(last, is_valid_cpr(cpr(last, '1')));
      CPPUNIT_ASSERT_MESSAGE(beyond, !is_valid_cpr(cpr(beyond, '1')));
    }
  }

  void testCenturyDigits0To3() {
    for (char d : {'0', '1', '2', '3'}) {
      CPPUNIT_ASSERT_EQUAL(1900, aar("010100", d));
      CPPUNIT_ASSERT_EQUAL(1936, aar("010136", d));
      CPPUNIT_ASSERT_EQUAL(1937, aar("010137", d));
      CPPUNIT_ASSERT_EQUAL(1957, aar("010157", d));
      CPPUNIT_ASSERT_EQUAL(1958, aar("010158", d));
      CPPUNIT_ASSERT_EQUAL(1999, aar("010199", d));
    }
  }

  void testCenturyDigits4And9() {
    for (char d : {'4', '9'}) {
      CPPUNIT_ASSERT_EQUAL(2000, aar("010100", d));
      CPPUNIT_ASSERT_EQUAL(2036, aar("311236", d));
      CPPUNIT_ASSERT_EQUAL(1937, aar("010137", d));
      CPPUNIT_ASSERT_EQUAL(1999, aar("311299", d));
    }
  }

  void testCenturyDigits5To8() {
    for (char d : {'5', '6', '7', '8'}) {
      CPPUNIT_ASSERT_EQUAL(2000, aar("010100", d));
      CPPUNIT_ASSERT_EQUAL(2057, aar("311257", d));
      CPPUNIT_ASSERT_EQUAL(1858, aar("010158", d));
      CPPUNIT_ASSERT_EQUAL(1899, aar("311299", d));
    }
  }

  void testLeapDayAcrossCenturies() {
    // 1900 is no leap year, 2000 is: the 7th digit decides which 29 Feb 00 means.
    CPPUNIT_ASSERT(!is_valid_cpr(cpr("290200", '0')));  // 1900
    CPPUNIT_ASSERT(!is_valid_cpr(cpr("290200", '3')));  // 1900
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290200", '4')));   // 2000
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290200", '9')));   // 2000
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290200", '5')));   // 2000
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290200", '8')));   // 2000
    const Error e = EXPECT_ERROR(UgyldigCpr, validate_cpr(cpr("290200", '2')));
    CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: ugyldig dato"), text(e));

    // Ordinary leap and common years.
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290296", '1')));   // 1996
    CPPUNIT_ASSERT(!is_valid_cpr(cpr("290297", '1')));  // 1997
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290236", '0')));   // 1936
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290236", '4')));   // 2036
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290240", '4')));   // 1940
    CPPUNIT_ASSERT(!is_valid_cpr(cpr("290237", '9')));  // 1937
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290256", '5')));   // 2056
    CPPUNIT_ASSERT(!is_valid_cpr(cpr("290257", '6')));  // 2057
    CPPUNIT_ASSERT(!is_valid_cpr(cpr("290258", '7')));  // 1858
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290260", '8')));   // 1860
    CPPUNIT_ASSERT(is_valid_cpr(cpr("290296", '5')));   // 1896
    CPPUNIT_ASSERT(!is_valid_cpr(cpr("300296", '4')));  // 30 Feb never
  }

  void testTextNamesElementNotNumber() {
    const Error e = EXPECT_ERROR(UgyldigCpr, validate_cpr("3102701234"));
    CPPUNIT_ASSERT(text(e).find("3102701234") == std::string::npos);
    CPPUNIT_ASSERT(text(e).find("310270") == std::string::npos);
    const Error custom = EXPECT_ERROR(UgyldigCpr, validate_cpr("31027012", "Part[3]/CPRNummer"));
    CPPUNIT_ASSERT_EQUAL(std::string("Part[3]/CPRNummer: skal være 10 cifre uden bindestreg"),
                         text(custom));
  }

  void testIsValidAgreesWithValidate() {
    // Every day of 1999-2001 under every 7th digit: the two entry points never disagree.
    int valid = 0;
    for (int yy : {99, 0, 1}) {
      for (int m = 0; m <= 13; ++m) {
        for (int d = 0; d <= 32; ++d) {
          for (char s = '0'; s <= '9'; ++s) {
            const std::string n = cpr(dd(d) + dd(m) + dd(yy), s);
            bool threw = false;
            try {
              validate_cpr(n);
            } catch (const Error&) {
              threw = true;
            }
            CPPUNIT_ASSERT_EQUAL_MESSAGE(n, !threw, is_valid_cpr(n));
            if (!threw) ++valid;
          }
        }
      }
    }
    // 365 + 366 + 365 days under each 7th digit, except 29 Feb 2000 read as 1900 (digits 0-3).
    CPPUNIT_ASSERT_EQUAL(10 * (365 + 366 + 365) - 4, valid);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(CprTest);

}  // namespace kontaktdata::domain
