// validate_and_normalise: the whole aggregate as Opret receives it. Addresses fit their type,
// AdresseIDs are unique, channels name an address of a fitting type, priorities are unique per
// scope, and the service fills in what the caller left to it.
#include <cppunit/extensions/HelperMacros.h>

#include <set>
#include <string>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "domain_test_support.hpp"

namespace kontaktdata::domain {
namespace {

using test::text;

constexpr const char* kCpr = "0101701234";  // Anna Jensen (fictitious demo person)
constexpr const char* kPostId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e1001";
constexpr const char* kEmailId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e1002";
constexpr const char* kDigitalId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e1003";
constexpr const char* kMobilId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e1004";
constexpr const char* kUnknownId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e1999";

Kontaktadresse postadresse(const std::string& id) {
  Kontaktadresse a;
  a.adresse_id = id;
  a.type = Adressetype::Postadresse;
  a.postadresse = DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"};
  return a;
}

Kontaktadresse email(const std::string& id) {
  Kontaktadresse a;
  a.adresse_id = id;
  a.type = Adressetype::Email;
  a.email = "anna.jensen@example.dk";
  return a;
}

Kontaktadresse mobil(const std::string& id, const std::string& nummer = "20 12 34 56") {
  Kontaktadresse a;
  a.adresse_id = id;
  a.type = Adressetype::Mobiltelefon;
  a.mobilnummer = nummer;
  return a;
}

Kontaktadresse digital(const std::string& id) {
  Kontaktadresse a;
  a.adresse_id = id;
  a.type = Adressetype::DigitalPost;
  return a;
}

Kontaktkanal kanal(Kanal k, std::optional<std::string> id, int prioritet,
                   std::optional<std::string> sagsomraade = std::nullopt) {
  Kontaktkanal c;
  c.kanal = k;
  c.adresse_id = std::move(id);
  c.prioritet = prioritet;
  c.sagsomraade = std::move(sagsomraade);
  return c;
}

Kontaktform form(const std::string& sprog, int prioritet,
                 std::optional<std::string> sagsomraade = std::nullopt) {
  Kontaktform f;
  f.sprog = sprog;
  f.prioritet = prioritet;
  f.sagsomraade = std::move(sagsomraade);
  return f;
}

// A complete, valid aggregate using every kind of address, channel and scope.
Kontaktdata komplet() {
  Kontaktdata d;
  d.part = Part{Part::Type::Cpr, kCpr};
  d.adresser = {postadresse(kPostId), email(kEmailId), mobil(""), digital(kDigitalId),
                mobil(kMobilId, "+46701234567")};
  d.kanaler = {kanal(Kanal::DigitalPost, std::nullopt, 1),
               kanal(Kanal::Brevpost, kPostId, 2),
               kanal(Kanal::Email, kEmailId, 1, "32.18"),
               kanal(Kanal::Sms, kMobilId, 2, "32.18"),
               kanal(Kanal::Telefon, kMobilId, 1, "32"),
               kanal(Kanal::DigitalPost, kDigitalId, 1, "32.18.04"),
               kanal(Kanal::PersonligtFremmoede, kPostId, 2, "32.18.04"),
               kanal(Kanal::PersonligtFremmoede, std::nullopt, 3)};
  d.former = {form("da", 1), form("en", 1, "32"), form("dsl", 2, "32")};
  d.former[2].tolkebehov = true;
  d.former[2].tolkesprog = "dsl";
  return d;
}

}  // namespace

class KontaktdataTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(KontaktdataTest);
  CPPUNIT_TEST(testCompleteAggregateAccepted);
  CPPUNIT_TEST(testInputOnlyFieldsCleared);
  CPPUNIT_TEST(testMobileNormalised);
  CPPUNIT_TEST(testFreshIdsAssigned);
  CPPUNIT_TEST(testEmptyAggregateAccepted);
  CPPUNIT_TEST(testPartChecked);
  CPPUNIT_TEST(testValueMustFitType);
  CPPUNIT_TEST(testAddressValuesChecked);
  CPPUNIT_TEST(testAdresselinjer);
  CPPUNIT_TEST(testAdresseIdFormatAndUniqueness);
  CPPUNIT_TEST(testAddressValidity);
  CPPUNIT_TEST(testChannelNeedsAddress);
  CPPUNIT_TEST(testChannelAddressMustExist);
  CPPUNIT_TEST(testChannelAddressMustFit);
  CPPUNIT_TEST(testOptionalChannelAddresses);
  CPPUNIT_TEST(testAddressWithoutIdCannotBeNamed);
  CPPUNIT_TEST(testChannelScopeAndValidity);
  CPPUNIT_TEST(testChannelPriorities);
  CPPUNIT_TEST(testFormRules);
  CPPUNIT_TEST(testLanguagesCanonicalised);
  CPPUNIT_TEST(testFormPriorities);
  CPPUNIT_TEST(testNoCprInAnyText);
  CPPUNIT_TEST_SUITE_END();

 public:
  void testCompleteAggregateAccepted() {
    Kontaktdata d = komplet();
    validate_and_normalise(d);
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, d.adresser.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{8}, d.kanaler.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, d.former.size());
    CPPUNIT_ASSERT_EQUAL(std::string(kPostId), d.adresser[0].adresse_id);
    CPPUNIT_ASSERT_EQUAL(std::string("anna.jensen@example.dk"), *d.adresser[1].email);
    CPPUNIT_ASSERT_EQUAL(std::string("dsl"), *d.former[2].tolkesprog);
    // Nothing but the normalised parts changed.
    Kontaktdata expected = komplet();
    expected.adresser[2].adresse_id = d.adresser[2].adresse_id;
    expected.adresser[2].mobilnummer = "+4520123456";
    CPPUNIT_ASSERT(expected == d);
  }

  void testInputOnlyFieldsCleared() {
    Kontaktdata d = komplet();
    d.version = 7;
    d.registrering = Registrering{};
    d.adresser[0].tilbageholdt = true;
    d.adresser[1].tilbageholdt = false;
    validate_and_normalise(d);
    CPPUNIT_ASSERT(!d.version);
    CPPUNIT_ASSERT(!d.registrering);
    CPPUNIT_ASSERT(!d.adresser[0].tilbageholdt);
    CPPUNIT_ASSERT(!d.adresser[1].tilbageholdt);
    CPPUNIT_ASSERT(d.adresser[0].postadresse.has_value());
  }

  void testMobileNormalised() {
    Kontaktdata d = komplet();
    validate_and_normalise(d);
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), *d.adresser[2].mobilnummer);
    CPPUNIT_ASSERT_EQUAL(std::string("+46701234567"), *d.adresser[4].mobilnummer);
  }

  void testFreshIdsAssigned() {
    Kontaktdata d;
    d.part = Part{Part::Type::Cvr, "12345674"};
    d.adresser = {email(""), postadresse(kPostId), email("")};
    validate_and_normalise(d);
    CPPUNIT_ASSERT_EQUAL(std::string(kPostId), d.adresser[1].adresse_id);
    std::set<std::string> ids;
    for (const auto& a : d.adresser) {
      CPPUNIT_ASSERT_MESSAGE(a.adresse_id, is_valid_uuid(a.adresse_id));
      ids.insert(a.adresse_id);
    }
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, ids.size());
  }

  void testEmptyAggregateAccepted() {
    Kontaktdata d;
    d.part = Part{Part::Type::Cpr, "0505055678"};
    validate_and_normalise(d);
    CPPUNIT_ASSERT(d.adresser.empty() && d.kanaler.empty() && d.former.empty());
  }

  void testPartChecked() {
    Kontaktdata d = komplet();
    d.part.nummer = "3102701234";
    Error e = EXPECT_ERROR(UgyldigCpr, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: ugyldig dato"), text(e));
    d.part = Part{Part::Type::Cvr, "12345675"};
    e = EXPECT_ERROR(UgyldigCvr, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("CVRNummer: fejl i kontrolciffer (modulus 11)"), text(e));
  }

  void testValueMustFitType() {
    auto refused = [](Kontaktadresse a, const std::string& expected) {
      Kontaktdata d;
      d.part = Part{Part::Type::Cpr, kCpr};
      d.adresser = {postadresse(kPostId), std::move(a)};
      const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
      CPPUNIT_ASSERT_EQUAL(expected, text(e));
    };
    Kontaktadresse a = postadresse(kEmailId);
    a.email = "anna@example.dk";
    refused(a, "Kontaktadresse[2]: Adressetype POSTADRESSE skal have Postadresse og intet andet");
    a = postadresse(kEmailId);
    a.postadresse.reset();
    refused(a, "Kontaktadresse[2]: Adressetype POSTADRESSE skal have Postadresse og intet andet");
    a = email(kEmailId);
    a.email.reset();
    a.mobilnummer = "12345678";
    refused(a, "Kontaktadresse[2]: Adressetype EMAIL skal have Email og intet andet");
    a = mobil(kEmailId);
    a.postadresse = DanskAdresse{"Vestergade", "12", {}, {}, "8000", "Aarhus C"};
    refused(a, "Kontaktadresse[2]: Adressetype MOBILTELEFON skal have Mobilnummer og intet andet");
    a = mobil(kEmailId);
    a.mobilnummer.reset();
    refused(a, "Kontaktadresse[2]: Adressetype MOBILTELEFON skal have Mobilnummer og intet andet");
    a = digital(kEmailId);
    a.email = "anna@example.dk";
    refused(a,
            "Kontaktadresse[2]: Adressetype DIGITAL_POST har ingen adresseværdi "
            "(CPR-/CVR-nummeret er adressen)");
  }

  void testAddressValuesChecked() {
    Kontaktdata d = komplet();
    d.adresser[1].email = "anna.example.dk";
    Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktadresse[2]/Email: skal indeholde netop ét @"),
                         text(e));

    d = komplet();
    d.adresser[2].mobilnummer = "1234567";
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktadresse[3]/Mobilnummer: "));

    d = komplet();
    std::get<DanskAdresse>(*d.adresser[0].postadresse).postnummer = "800";
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktadresse[1]/Postadresse/DanskAdresse/Postnummer: skal være 4 cifre"),
        text(e));

    d = komplet();
    std::get<DanskAdresse>(*d.adresser[0].postadresse).vejnavn = " ";
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktadresse[1]/Postadresse/DanskAdresse/Vejnavn: mangler"),
                         text(e));

    d = komplet();
    std::get<DanskAdresse>(*d.adresser[0].postadresse).husnummer.clear();
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktadresse[1]/Postadresse/DanskAdresse/Husnummer: mangler"), text(e));

    d = komplet();
    std::get<DanskAdresse>(*d.adresser[0].postadresse).postdistrikt.clear();
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktadresse[1]/Postadresse/DanskAdresse/Postdistrikt: mangler"), text(e));
  }

  void testAdresselinjer() {
    auto med_linjer = [](std::vector<std::string> linjer, std::string landekode) {
      Kontaktdata d;
      d.part = Part{Part::Type::Cpr, "0404004567"};
      Kontaktadresse a;
      a.type = Adressetype::Postadresse;
      a.postadresse = Adresselinjer{std::move(linjer), std::move(landekode)};
      d.adresser = {a};
      return d;
    };
    Kontaktdata d = med_linjer({"Calle Mayor 3", "28013 Madrid"}, "ES");
    validate_and_normalise(d);
    d = med_linjer({"1", "2", "3", "4", "5"}, "ES");
    validate_and_normalise(d);

    d = med_linjer({}, "ES");
    Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktadresse[1]/Postadresse/Adresselinjer: skal have 1-5 Adresselinje"),
        text(e));
    d = med_linjer({"1", "2", "3", "4", "5", "6"}, "ES");
    EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    d = med_linjer({"Calle Mayor 3", ""}, "ES");
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktadresse[1]/Postadresse/Adresselinjer[2]: er tom"),
                         text(e));
    d = med_linjer({"Calle Mayor 3"}, "es");
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(
        text(e), text(e).starts_with("Kontaktadresse[1]/Postadresse/Adresselinjer/Landekode: "));
    d = med_linjer({"Calle Mayor 3"}, "ZZ");  // well-formed, but no country
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktadresse[1]/Postadresse/Adresselinjer/Landekode: er ikke en kendt ISO "
                    "3166-1 alpha-2-kode"),
        text(e));
  }

  void testAdresseIdFormatAndUniqueness() {
    Kontaktdata d = komplet();
    d.adresser[1].adresse_id = kPostId;
    Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktadresse[2]/AdresseID: bruges af en anden Kontaktadresse"), text(e));

    d = komplet();
    d.adresser[0].adresse_id = "6A1D5A40-0F0E-4B8E-9A53-3F1A9C0E1001";
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktadresse[1]/AdresseID: "));
  }

  void testAddressValidity() {
    Kontaktdata d = komplet();
    d.adresser[0].gyldig_fra = Dato{2025, 11, 1};
    d.adresser[0].gyldig_til = Dato{2026, 4, 1};
    validate_and_normalise(d);

    d = komplet();
    d.adresser[0].gyldig_fra = Dato{2026, 4, 1};
    d.adresser[0].gyldig_til = Dato{2025, 11, 1};
    Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktadresse[1]/GyldigTil: skal ligge efter GyldigFra"),
                         text(e));
    d = komplet();
    d.adresser[3].gyldig_fra = Dato{2025, 2, 29};
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktadresse[4]/GyldigFra: ugyldig dato"), text(e));
  }

  void testChannelNeedsAddress() {
    for (Kanal k : {Kanal::Brevpost, Kanal::Email, Kanal::Sms, Kanal::Telefon}) {
      Kontaktdata d = komplet();
      d.kanaler.push_back(kanal(k, std::nullopt, 9));
      const Error e = EXPECT_ERROR(UgyldigReference, validate_and_normalise(d));
      CPPUNIT_ASSERT_MESSAGE(text(e),
                             text(e).starts_with("Kontaktkanal[9]/AdresseID: kræves for Kanal "));
    }
  }

  void testChannelAddressMustExist() {
    Kontaktdata d = komplet();
    d.kanaler[1].adresse_id = kUnknownId;
    Error e = EXPECT_ERROR(UgyldigReference, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "Kontaktkanal[2]/AdresseID: navngiver ingen Kontaktadresse med dette AdresseID"),
        text(e));
    // A malformed ID is a broken value, not a dangling reference.
    d = komplet();
    d.kanaler[1].adresse_id = "postadresse-1";
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktkanal[2]/AdresseID: "));
  }

  void testChannelAddressMustFit() {
    struct Case {
      Kanal kanal;
      const char* id;
      const char* text;
    };
    const Case cases[] = {
        {Kanal::Email, kPostId, "Kanal EMAIL skal pege på en adresse af typen EMAIL"},
        {Kanal::Sms, kEmailId, "Kanal SMS skal pege på en adresse af typen MOBILTELEFON"},
        {Kanal::Telefon, kPostId, "Kanal TELEFON skal pege på en adresse af typen MOBILTELEFON"},
        {Kanal::Brevpost, kDigitalId,
         "Kanal BREVPOST skal pege på en adresse af typen POSTADRESSE"},
        {Kanal::Brevpost, kMobilId, "Kanal BREVPOST skal pege på en adresse af typen POSTADRESSE"},
        {Kanal::DigitalPost, kPostId,
         "Kanal DIGITAL_POST skal pege på en adresse af typen DIGITAL_POST"},
        {Kanal::PersonligtFremmoede, kEmailId,
         "Kanal PERSONLIGT_FREMMOEDE skal pege på en adresse af typen POSTADRESSE"},
    };
    for (const auto& c : cases) {
      Kontaktdata d = komplet();
      d.kanaler.push_back(kanal(c.kanal, std::string(c.id), 9));
      const Error e = EXPECT_ERROR(UgyldigReference, validate_and_normalise(d));
      CPPUNIT_ASSERT_EQUAL(std::string("Kontaktkanal[9]/AdresseID: ") + c.text, text(e));
    }
  }

  void testOptionalChannelAddresses() {
    // DIGITAL_POST and PERSONLIGT_FREMMOEDE need no address; one named must exist and fit.
    Kontaktdata d;
    d.part = Part{Part::Type::Cpr, kCpr};
    d.adresser = {postadresse(kPostId), digital(kDigitalId)};
    d.kanaler = {kanal(Kanal::DigitalPost, std::nullopt, 1),
                 kanal(Kanal::DigitalPost, kDigitalId, 2),
                 kanal(Kanal::PersonligtFremmoede, std::nullopt, 3),
                 kanal(Kanal::PersonligtFremmoede, kPostId, 4)};
    validate_and_normalise(d);
    d.kanaler.push_back(kanal(Kanal::DigitalPost, std::string(kUnknownId), 5));
    EXPECT_ERROR(UgyldigReference, validate_and_normalise(d));
  }

  void testAddressWithoutIdCannotBeNamed() {
    // The caller cannot know the ID the service will choose, so no reference can reach it: a
    // channel that needs an address must name one given with its ID.
    Kontaktdata d;
    d.part = Part{Part::Type::Cpr, kCpr};
    d.adresser = {mobil("")};
    d.kanaler = {kanal(Kanal::Sms, std::string(kMobilId), 1)};
    EXPECT_ERROR(UgyldigReference, validate_and_normalise(d));
    CPPUNIT_ASSERT(d.adresser[0].adresse_id.empty());  // nothing assigned on failure
  }

  void testChannelScopeAndValidity() {
    Kontaktdata d = komplet();
    d.kanaler[2].sagsomraade = "32.1";
    Error e = EXPECT_ERROR(UgyldigSagsomraade, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktkanal[3]/Sagsomraade: "));

    d = komplet();
    d.kanaler[0].gyldig_fra = Dato{2025, 1, 1};
    d.kanaler[0].gyldig_til = Dato{2025, 1, 1};
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktkanal[1]/GyldigTil: skal ligge efter GyldigFra"),
                         text(e));
  }

  void testChannelPriorities() {
    Kontaktdata d = komplet();
    d.kanaler[1].prioritet = 0;
    Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktkanal[2]/Prioritet: skal være 1 eller større"),
                         text(e));
    d.kanaler[1].prioritet = -1;
    EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));

    // Same unscoped priority twice.
    d = komplet();
    d.kanaler[1].prioritet = 1;
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktkanal[2]/Prioritet: bruges allerede i samme sagsområde"), text(e));

    // Same priority in the same scope.
    d = komplet();
    d.kanaler[3].prioritet = 1;
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktkanal[4]/Prioritet: "));

    // komplet() already uses priority 1 in four scopes (none, 32.18, 32, 32.18.04), and the
    // forms' priorities are counted apart from the channels'.
    d = komplet();
    validate_and_normalise(d);
  }

  void testFormRules() {
    Kontaktdata d = komplet();
    d.former[0].sprog = "DA";
    Error e = EXPECT_ERROR(UgyldigSprog, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktform[1]/Sprog: "));

    d = komplet();
    d.former[2].tolkesprog = "tegnsprog";
    e = EXPECT_ERROR(UgyldigSprog, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktform[3]/Tolkesprog: "));

    d = komplet();
    d.former[1].sagsomraade = "3";
    e = EXPECT_ERROR(UgyldigSagsomraade, validate_and_normalise(d));
    CPPUNIT_ASSERT_MESSAGE(text(e), text(e).starts_with("Kontaktform[2]/Sagsomraade: "));
  }

  void testLanguagesCanonicalised() {
    Kontaktdata d = komplet();
    d.former[0].sprog = "dan";
    d.former[1].sprog = "eng";
    d.former[2].tolkesprog = "dsl";
    validate_and_normalise(d);
    CPPUNIT_ASSERT_EQUAL(std::string("da"), d.former[0].sprog);
    CPPUNIT_ASSERT_EQUAL(std::string("en"), d.former[1].sprog);
    CPPUNIT_ASSERT_EQUAL(std::string("dsl"), *d.former[2].tolkesprog);

    d = komplet();
    d.former[1].sprog = "xx";  // well-formed, but no language
    Error e = EXPECT_ERROR(UgyldigSprog, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktform[2]/Sprog: er ikke en kendt ISO 639-1- eller 639-3-kode"), text(e));
    d = komplet();
    d.former[2].tolkesprog = "zzz";
    e = EXPECT_ERROR(UgyldigSprog, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktform[3]/Tolkesprog: er ikke en kendt ISO 639-1- eller 639-3-kode"),
        text(e));
  }

  void testFormPriorities() {
    Kontaktdata d = komplet();
    d.former[2].prioritet = 1;  // "32" has "en" at 1 already
    Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktform[3]/Prioritet: bruges allerede i samme sagsområde"), text(e));
    d = komplet();
    d.former[0].prioritet = 0;
    e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktform[1]/Prioritet: skal være 1 eller større"),
                         text(e));
    d = komplet();
    d.former[2].sagsomraade = "32.18";  // now alone in its scope
    d.former[2].prioritet = 1;
    validate_and_normalise(d);
  }

  void testNoCprInAnyText() {
    Kontaktdata d = komplet();
    d.adresser[1].email = "x";
    const Error e = EXPECT_ERROR(UgyldigVaerdi, validate_and_normalise(d));
    CPPUNIT_ASSERT(text(e).find(kCpr) == std::string::npos);
    CPPUNIT_ASSERT(text(e).find("010170") == std::string::npos);
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KontaktdataTest);

}  // namespace kontaktdata::domain
