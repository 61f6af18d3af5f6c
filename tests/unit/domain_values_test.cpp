// The value rules other than identifiers: Sprog and Landekode (against Debian's iso-codes), Email,
// Mobilnummer (libphonenumber), Postnummer, UUIDs, dates and validity periods, and the
// channel/address-type table.
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "domain_test_support.hpp"

namespace kontaktdata::domain {
namespace {

using test::text;

}  // namespace

class ValuesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ValuesTest);
  CPPUNIT_TEST(testSprogAccepted);
  CPPUNIT_TEST(testSprogCanonical);
  CPPUNIT_TEST(testSprogRefused);
  CPPUNIT_TEST(testSprogUnknownRefused);
  CPPUNIT_TEST(testLandekode);
  CPPUNIT_TEST(testEmailAccepted);
  CPPUNIT_TEST(testEmailLength);
  CPPUNIT_TEST(testEmailRefused);
  CPPUNIT_TEST(testMobilE164Accepted);
  CPPUNIT_TEST(testMobilDanishPrefixed);
  CPPUNIT_TEST(testMobilLandlineAccepted);
  CPPUNIT_TEST(testMobilSpacesStripped);
  CPPUNIT_TEST(testMobilRefused);
  CPPUNIT_TEST(testPostnummer);
  CPPUNIT_TEST(testUuid);
  CPPUNIT_TEST(testFreshAdresseId);
  CPPUNIT_TEST(testDato);
  CPPUNIT_TEST(testGyldighed);
  CPPUNIT_TEST(testFittingAddressTypes);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testSprogAccepted() {
    CPPUNIT_ASSERT_EQUAL(std::string("da"), validate_sprog("da"));
    CPPUNIT_ASSERT_EQUAL(std::string("en"), validate_sprog("en"));
    CPPUNIT_ASSERT_EQUAL(std::string("dsl"), validate_sprog("dsl"));  // Danish Sign Language
    CPPUNIT_ASSERT_EQUAL(std::string("kl"), validate_sprog("kl"));    // Greenlandic
    CPPUNIT_ASSERT_EQUAL(std::string("da"), canonical_sprog("da"));
  }

  void testSprogCanonical() {
    // The 639-1 code where the language has one, else the 639-3 code.
    CPPUNIT_ASSERT_EQUAL(std::string("da"), validate_sprog("dan"));
    CPPUNIT_ASSERT_EQUAL(std::string("en"), validate_sprog("eng"));
    CPPUNIT_ASSERT_EQUAL(std::string("ar"), validate_sprog("ara"));
    CPPUNIT_ASSERT_EQUAL(std::string("nb"), validate_sprog("nob"));
    CPPUNIT_ASSERT_EQUAL(std::string("fo"), validate_sprog("fao"));
    CPPUNIT_ASSERT_EQUAL(std::string("dsl"), validate_sprog("dsl"));
    CPPUNIT_ASSERT_EQUAL(std::string("prs"), validate_sprog("prs"));  // Dari: no 639-1 code
    CPPUNIT_ASSERT_EQUAL(std::string("da"), canonical_sprog("dan"));
    CPPUNIT_ASSERT_EQUAL(std::string("xx"), canonical_sprog("xx"));  // unknown: unchanged
    indlaes_kodelister();  // loaded already; a second load is a no-op
  }

  void testSprogRefused() {
    for (const char* s : {"", "d", "dans", "DA", "Da", "d1", "d-", "da ", "dä"}) {
      const Error e = EXPECT_ERROR(UgyldigSprog, validate_sprog(s));
      CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Sprog: "));
    }
    const Error e = EXPECT_ERROR(UgyldigSprog, validate_sprog("x", "Kontaktform[1]/Tolkesprog"));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktform[1]/Tolkesprog: skal være en ISO 639-kode på 2 eller 3 bogstaver"),
        text(e));
  }

  void testSprogUnknownRefused() {
    // Well-formed but no language in iso-codes; `ger` is ISO 639-2/B, not 639-3 (that is `deu`).
    for (const char* s : {"xx", "zzz", "qq", "ger", "dk"}) {
      const Error e = EXPECT_ERROR(UgyldigSprog, validate_sprog(s));
      CPPUNIT_ASSERT_EQUAL(std::string("Sprog: er ikke en kendt ISO 639-1- eller 639-3-kode"),
                           text(e));
    }
    CPPUNIT_ASSERT_EQUAL(std::string("de"), validate_sprog("deu"));
  }

  void testLandekode() {
    for (const char* s : {"DK", "ES", "GL", "FO", "SE", "US"}) validate_landekode(s);
    for (const char* s : {"", "D", "dk", "Dk", "DNK", "D1", "Æ"}) {
      const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_landekode(s));
      CPPUNIT_ASSERT_EQUAL(
          std::string("Landekode: skal være en ISO 3166-1 alpha-2-kode med store bogstaver"),
          text(e));
    }
    for (const char* s : {"ZZ", "XX", "UK", "EU"}) {  // well-formed, no such country
      const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_landekode(s));
      CPPUNIT_ASSERT_EQUAL(std::string("Landekode: er ikke en kendt ISO 3166-1 alpha-2-kode"),
                           text(e));
    }
  }

  void testEmailAccepted() {
    for (const char* s :
         {"a@b.dk", "anna.jensen@example.dk", "Anna+kommune@Mail.Example.COM", "x@a.b.c.d"}) {
      validate_email(s);
    }
  }

  void testEmailLength() {
    const std::string domain = "@example.dk";  // 11
    const std::string at_limit = std::string(254 - domain.size(), 'a') + domain;
    CPPUNIT_ASSERT_EQUAL(std::size_t{254}, at_limit.size());
    validate_email(at_limit);
    const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_email("a" + at_limit));
    CPPUNIT_ASSERT_EQUAL(std::string("Email: skal være 1-254 tegn"), text(e));
  }

  void testEmailRefused() {
    for (const char* s :
         {"", "anna.example.dk", "anna@@example.dk", "a@b@example.dk", "@example.dk",
          "anna@exampledk", "anna@.example.dk", "anna@example..dk", "anna@example.dk.",
          "anna @example.dk", "anna@example.dk ", "anna@", "anna\t@example.dk"}) {
      const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_email(s));
      CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Email: "));
      // The address itself is a contact value and never goes into the text.
      if (*s != '\0') CPPUNIT_ASSERT_MESSAGE(text(e), text(e).find(s) == std::string::npos);
    }
  }

  void testMobilE164Accepted() {
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), normalise_mobilnummer("+4520123456"));
    CPPUNIT_ASSERT_EQUAL(std::string("+46701234567"), normalise_mobilnummer("+46 70 123 45 67"));
    CPPUNIT_ASSERT_EQUAL(std::string("+447911123456"), normalise_mobilnummer("+447911123456"));
    CPPUNIT_ASSERT_EQUAL(std::string("+16502530000"), normalise_mobilnummer("+1 650-253-0000"));
    // The international prefix as dialled from Denmark.
    CPPUNIT_ASSERT_EQUAL(std::string("+46701234567"), normalise_mobilnummer("0046 701234567"));
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), normalise_mobilnummer("0045 20123456"));
  }

  void testMobilDanishPrefixed() {
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), normalise_mobilnummer("20123456"));
    CPPUNIT_ASSERT_EQUAL(std::string("+4540304050"), normalise_mobilnummer("40304050"));
  }

  void testMobilLandlineAccepted() {
    // A Copenhagen landline: libphonenumber cannot tell Danish landlines from mobiles
    // (FIXED_LINE_OR_MOBILE), and any valid number is accepted.
    CPPUNIT_ASSERT_EQUAL(std::string("+4533123456"), normalise_mobilnummer("33 12 34 56"));
    CPPUNIT_ASSERT_EQUAL(std::string("+4533123456"), normalise_mobilnummer("+45 33 12 34 56"));
  }

  void testMobilSpacesStripped() {
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), normalise_mobilnummer("+45 20 12 34 56"));
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), normalise_mobilnummer("20 12 34 56"));
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), normalise_mobilnummer(" 2012 3456 "));
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), normalise_mobilnummer(" +45 2012-3456"));
  }

  void testMobilRefused() {
    for (const char* s : {"",
                          " ",
                          "+",
                          "-",
                          "+45 2012 34",
                          "2012345",
                          "201234567",
                          "12345678",
                          "+4512345678",
                          "+12345678",
                          "+1234567890123456",
                          "++4520123456",
                          "+45201234a6",
                          "2012345a",
                          "1-800-FLOWERS",
                          "tel:+4520123456",
                          "+45 20123456 ext 5",
                          "+4520123456;ext=1",
                          "+45\t20123456",
                          "20123456+",
                          "(+45) 20123456",
                          "+45.20.12.34.56",
                          "+45 020123456"}) {
      const Error e = EXPECT_ERROR(UgyldigVaerdi, normalise_mobilnummer(s));
      CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Mobilnummer: "));
      // The number itself is a contact value and never goes into the text.
      if (std::string(s).find_first_of("0123456789") != std::string::npos) {
        CPPUNIT_ASSERT_MESSAGE(text(e), text(e).find(s) == std::string::npos);
      }
    }
    Error e = EXPECT_ERROR(UgyldigVaerdi, normalise_mobilnummer("+45 2012 34"));
    CPPUNIT_ASSERT_EQUAL(std::string("Mobilnummer: er ikke et gyldigt telefonnummer (E.164 med "
                                     "+landekode, eller 8 cifre for et dansk nummer)"),
                         text(e));
    e = EXPECT_ERROR(UgyldigVaerdi, normalise_mobilnummer("tel:+4520123456"));
    CPPUNIT_ASSERT_EQUAL(std::string("Mobilnummer: må kun indeholde cifre, mellemrum, "
                                     "bindestreger og et indledende +"),
                         text(e));
    e = EXPECT_ERROR(UgyldigVaerdi, normalise_mobilnummer("123", "Kontaktadresse[2]/Mobilnummer"));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktadresse[2]/Mobilnummer: "));
  }

  void testPostnummer() {
    validate_postnummer("8000");
    validate_postnummer("0800");
    for (const char* s : {"", "800", "80000", "80a0", "8 00", "DK-8000"}) {
      const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_postnummer(s));
      CPPUNIT_ASSERT_EQUAL(std::string("Postnummer: skal være 4 cifre"), text(e));
    }
  }

  void testUuid() {
    CPPUNIT_ASSERT(is_valid_uuid("6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001"));
    CPPUNIT_ASSERT(is_valid_uuid("00000000-0000-0000-0000-000000000000"));
    validate_uuid("6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002", "AdresseID");
    for (const char* s :
         {"", "6A1D5A40-0F0E-4B8E-9A53-3F1A9C0E0001", "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e000A",
          "6a1d5a400f0e4b8e9a533f1a9c0e0001", "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e000",
          "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e00011", "6a1d5a4-00f0e-4b8e-9a53-3f1a9c0e0001",
          "{6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001}", "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e000g"}) {
      CPPUNIT_ASSERT_MESSAGE(s, !is_valid_uuid(s));
      const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_uuid(s, "Kontaktadresse[1]/AdresseID"));
      CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktadresse[1]/AdresseID: "));
    }
  }

  void testFreshAdresseId() {
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
      const std::string id = ny_adresse_id();
      CPPUNIT_ASSERT_MESSAGE(id, is_valid_uuid(id));
      CPPUNIT_ASSERT_EQUAL('4', id[14]);  // random, version 4
      seen.insert(id);
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{100}, seen.size());
  }

  void testDato() {
    CPPUNIT_ASSERT(is_valid_dato({2024, 2, 29}));
    CPPUNIT_ASSERT(!is_valid_dato({2023, 2, 29}));
    CPPUNIT_ASSERT(!is_valid_dato({1900, 2, 29}));
    CPPUNIT_ASSERT(is_valid_dato({2000, 2, 29}));
    CPPUNIT_ASSERT(!is_valid_dato({2100, 2, 29}));
    CPPUNIT_ASSERT(is_valid_dato({2025, 12, 31}));
    CPPUNIT_ASSERT(!is_valid_dato({2025, 4, 31}));
    CPPUNIT_ASSERT(!is_valid_dato({2025, 13, 1}));
    CPPUNIT_ASSERT(!is_valid_dato({2025, 0, 1}));
    CPPUNIT_ASSERT(!is_valid_dato({2025, 1, 0}));
    CPPUNIT_ASSERT(!is_valid_dato({2025, 1, 32}));
    CPPUNIT_ASSERT(!is_valid_dato({0, 1, 1}));
    CPPUNIT_ASSERT(is_valid_dato({1, 1, 1}));
    CPPUNIT_ASSERT(is_valid_dato({9999, 12, 31}));
    CPPUNIT_ASSERT(!is_valid_dato({10000, 1, 1}));
    const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_dato({2023, 2, 29}, "X/GyldigFra"));
    CPPUNIT_ASSERT_EQUAL(std::string("X/GyldigFra: ugyldig dato"), text(e));
  }

  void testGyldighed() {
    const Dato jan1{2025, 1, 1};
    const Dato jan2{2025, 1, 2};
    validate_gyldighed(jan1, jan2, "K");
    validate_gyldighed(jan1, std::nullopt, "K");
    validate_gyldighed(std::nullopt, jan2, "K");
    validate_gyldighed(std::nullopt, std::nullopt, "K");

    // To is exclusive: an empty period (from == to) is refused, as is a reversed one.
    Error e = EXPECT_ERROR(UgyldigVaerdi, validate_gyldighed(jan1, jan1, "K"));
    CPPUNIT_ASSERT_EQUAL(std::string("K/GyldigTil: skal ligge efter GyldigFra"), text(e));
    e = EXPECT_ERROR(UgyldigVaerdi, validate_gyldighed(jan2, jan1, "K"));
    CPPUNIT_ASSERT_EQUAL(std::string("K/GyldigTil: skal ligge efter GyldigFra"), text(e));
    e = EXPECT_ERROR(UgyldigVaerdi, validate_gyldighed(Dato{2025, 2, 30}, jan2, "K"));
    CPPUNIT_ASSERT_EQUAL(std::string("K/GyldigFra: ugyldig dato"), text(e));
    e = EXPECT_ERROR(UgyldigVaerdi, validate_gyldighed(std::nullopt, Dato{2025, 6, 31}, "K"));
    CPPUNIT_ASSERT_EQUAL(std::string("K/GyldigTil: ugyldig dato"), text(e));
  }

  void testFittingAddressTypes() {
    CPPUNIT_ASSERT(passende_adressetype(Kanal::Sms) == Adressetype::Mobiltelefon);
    CPPUNIT_ASSERT(passende_adressetype(Kanal::Telefon) == Adressetype::Mobiltelefon);
    CPPUNIT_ASSERT(passende_adressetype(Kanal::Email) == Adressetype::Email);
    CPPUNIT_ASSERT(passende_adressetype(Kanal::Brevpost) == Adressetype::Postadresse);
    CPPUNIT_ASSERT(passende_adressetype(Kanal::PersonligtFremmoede) == Adressetype::Postadresse);
    CPPUNIT_ASSERT(passende_adressetype(Kanal::DigitalPost) == Adressetype::DigitalPost);
    CPPUNIT_ASSERT(kraever_adresse(Kanal::Brevpost));
    CPPUNIT_ASSERT(kraever_adresse(Kanal::Email));
    CPPUNIT_ASSERT(kraever_adresse(Kanal::Sms));
    CPPUNIT_ASSERT(kraever_adresse(Kanal::Telefon));
    CPPUNIT_ASSERT(!kraever_adresse(Kanal::DigitalPost));
    CPPUNIT_ASSERT(!kraever_adresse(Kanal::PersonligtFremmoede));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(ValuesTest);

}  // namespace kontaktdata::domain
