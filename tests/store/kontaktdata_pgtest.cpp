// PgStore's Session against PostgreSQL: Opret then Laes returns exactly what was stored, a
// duplicate is refused and changes nothing, municipalities are separated, an uncommitted session
// leaves nothing, and database errors reach the domain without internals.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <exception>
#include <future>
#include <thread>

#include <pqxx/connection>

#include "domain/error.hpp"
#include "pg_test_support.hpp"
#include "store/pg_store.hpp"

namespace kontaktdata::store::test {
namespace {

using namespace domain;

// The fictitious persons and company of DEMO-DATA.md.
const Part kAnna{Part::Type::Cpr, "0101701234"};
const Part kEmil{Part::Type::Cpr, "0505055678"};
const Part kEksempelApS{Part::Type::Cvr, "12345674"};

constexpr const char* kId1 = "3f0c1a52-8d1e-4c6b-9b0a-000000000001";
constexpr const char* kId2 = "3f0c1a52-8d1e-4c6b-9b0a-000000000002";
constexpr const char* kId3 = "3f0c1a52-8d1e-4c6b-9b0a-000000000003";
constexpr const char* kId4 = "3f0c1a52-8d1e-4c6b-9b0a-000000000004";
constexpr const char* kId5 = "3f0c1a52-8d1e-4c6b-9b0a-000000000005";
constexpr const char* kId6 = "3f0c1a52-8d1e-4c6b-9b0a-000000000006";

// Every kind of address, channel and form the contract has, with text that tests the JSON
// escaping and the array parsing (quotes, backslashes, control characters, commas, braces, æøå,
// the word NULL), and times with microseconds on both sides of the epoch.
Kontaktdata fuld(const Part& part) {
  Kontaktdata kd;
  kd.part = part;

  Kontaktadresse dansk_fuld;
  dansk_fuld.adresse_id = kId1;
  dansk_fuld.type = Adressetype::Postadresse;
  dansk_fuld.postadresse = DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"};
  dansk_fuld.gyldig_fra = Dato{2024, 2, 29};
  dansk_fuld.gyldig_til = Dato{2025, 1, 1};
  dansk_fuld.sidst_verificeret = tid(2024, 3, 1, 9, 15, 30, 123456);
  kd.adresser.push_back(dansk_fuld);

  Kontaktadresse dansk_kort;
  dansk_kort.adresse_id = kId2;
  dansk_kort.type = Adressetype::Postadresse;
  dansk_kort.postadresse = DanskAdresse{
      "Søndre \"Allé\" \\ Ærø\tvej", "1A", std::nullopt, std::nullopt, "8000", "Aarhus C"};
  kd.adresser.push_back(dansk_kort);

  Kontaktadresse linjer;
  linjer.adresse_id = kId3;
  linjer.type = Adressetype::Postadresse;
  linjer.postadresse = Adresselinjer{
      {"Calle Mayor 3, 2º {izq}", "28013 Madrid", "\"NULL\"", "NULL", "back\\slash\nnewline"},
      "ES"};
  linjer.gyldig_fra = Dato{1969, 12, 31};
  linjer.sidst_verificeret = tid(1969, 12, 31, 23, 59, 59, 999999);
  kd.adresser.push_back(linjer);

  Kontaktadresse en_linje;
  en_linje.adresse_id = kId6;
  en_linje.type = Adressetype::Postadresse;
  en_linje.postadresse = Adresselinjer{{"Postboks 1"}, "DK"};
  kd.adresser.push_back(en_linje);

  Kontaktadresse email;
  email.adresse_id = kId4;
  email.type = Adressetype::Email;
  email.email = "Anna.Jensen@Example.dk";
  email.sidst_verificeret = tid(2023, 1, 2, 3, 4, 5, 6);
  kd.adresser.push_back(email);

  Kontaktadresse mobil;
  mobil.adresse_id = kId5;
  mobil.type = Adressetype::Mobiltelefon;
  mobil.mobilnummer = "+4512345678";
  mobil.gyldig_til = Dato{2030, 6, 30};
  kd.adresser.push_back(mobil);

  Kontaktadresse digital;
  digital.adresse_id = "3f0c1a52-8d1e-4c6b-9b0a-000000000007";
  digital.type = Adressetype::DigitalPost;
  kd.adresser.push_back(digital);

  kd.kanaler.push_back(
      {Kanal::DigitalPost, std::nullopt, "32.18.04", 1, std::nullopt, std::nullopt});
  kd.kanaler.push_back(
      {Kanal::Brevpost, kId1, std::nullopt, 1, Dato{2024, 1, 1}, Dato{2024, 12, 31}});
  kd.kanaler.push_back({Kanal::Email, kId4, "32", 2, std::nullopt, std::nullopt});
  kd.kanaler.push_back({Kanal::Sms, kId5, "32.18", 1, std::nullopt, Dato{2026, 1, 1}});
  kd.kanaler.push_back({Kanal::Telefon, kId5, std::nullopt, 2, std::nullopt, std::nullopt});
  kd.kanaler.push_back(
      {Kanal::PersonligtFremmoede, std::nullopt, std::nullopt, 3, std::nullopt, std::nullopt});

  kd.former.push_back({"da", Tiltaleform::Du, Medie::Tekst, false, std::nullopt, std::nullopt, 1});
  kd.former.push_back({"en", Tiltaleform::De, Medie::Lyd, std::nullopt, std::nullopt, "32", 1});
  kd.former.push_back({"dsl", std::nullopt, Medie::Video, true, "dsl", "32.18.04", 2});
  kd.former.push_back({"de", Tiltaleform::De, Medie::Punktskrift, true, "de", "32.18", 1});
  kd.former.push_back(
      {"fo", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 3});
  return kd;
}

Kontaktdata expected_after_read(Kontaktdata stored, std::int64_t version, Registrering r) {
  stored.version = version;
  stored.registrering = std::move(r);
  return stored;
}

void assert_same(const Kontaktdata& expected, const Kontaktdata& actual) {
  CPPUNIT_ASSERT(expected.part == actual.part);
  CPPUNIT_ASSERT(expected.version == actual.version);
  CPPUNIT_ASSERT_EQUAL(expected.adresser.size(), actual.adresser.size());
  for (std::size_t i = 0; i < expected.adresser.size(); ++i) {
    CPPUNIT_ASSERT_MESSAGE("address " + std::to_string(i),
                           expected.adresser[i] == actual.adresser[i]);
  }
  CPPUNIT_ASSERT_EQUAL(expected.kanaler.size(), actual.kanaler.size());
  for (std::size_t i = 0; i < expected.kanaler.size(); ++i) {
    CPPUNIT_ASSERT_MESSAGE("channel " + std::to_string(i),
                           expected.kanaler[i] == actual.kanaler[i]);
  }
  CPPUNIT_ASSERT_EQUAL(expected.former.size(), actual.former.size());
  for (std::size_t i = 0; i < expected.former.size(); ++i) {
    CPPUNIT_ASSERT_MESSAGE("form " + std::to_string(i), expected.former[i] == actual.former[i]);
  }
  CPPUNIT_ASSERT_MESSAGE("registration", expected.registrering == actual.registrering);
  CPPUNIT_ASSERT(expected == actual);
}

std::string nested_text(const std::exception& e) {
  try {
    std::rethrow_if_nested(e);
  } catch (const std::exception& inner) {
    return inner.what();
  }
  return {};
}

}  // namespace

class KontaktdataStoreTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(KontaktdataStoreTest);
  CPPUNIT_TEST(testRoundTripEveryKind);
  CPPUNIT_TEST(testRoundTripCompanyWithoutChildren);
  CPPUNIT_TEST(testLaesUnknownPartIsNullopt);
  CPPUNIT_TEST(testDuplicateOpretIsRefusedAndChangesNothing);
  CPPUNIT_TEST(testConcurrentDuplicateOpretWaitsAndIsRefused);
  CPPUNIT_TEST(testOpretAfterPassiveretContinuesNumbering);
  CPPUNIT_TEST(testTenantSeparation);
  CPPUNIT_TEST(testUncommittedSessionLeavesNothing);
  CPPUNIT_TEST(testKommuneFindes);
  CPPUNIT_TEST(testDatabaseErrorIsInternFejlWithoutInternals);
  CPPUNIT_TEST(testValueInADatabaseMessageIsMasked);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    prepare_database();
    store_ = std::make_unique<PgStore>(app_dsn(), 2);
    ryd_op();
  }

  void tearDown() override {
    if (!store_) return;
    store_.reset();
    ryd_op();
  }

  void testRoundTripEveryKind() {
    const Kontaktdata data = fuld(kAnna);
    Registrering r = registrering(tid(2024, 5, 1, 12, 34, 56, 123456));
    r.on_behalf_of_user = "Sagsbehandler Ø. \"Ølstykke\"";
    r.note = "Første registrering\nmed linjeskift";
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, s->opret(kAarhus, data, r));
      s->commit();
    }
    auto s = store_->begin();
    const auto read = s->laes(kAarhus, kAnna);
    CPPUNIT_ASSERT(read.has_value());
    assert_same(expected_after_read(data, 1, r), *read);
    CPPUNIT_ASSERT(tael_part(kAarhus, kAnna) == (Antal{1, 1, 7, 6, 5, 1}));
  }

  void testRoundTripCompanyWithoutChildren() {
    Kontaktdata data;
    data.part = kEksempelApS;
    const Registrering r = registrering(tid(2030, 12, 31, 23, 59, 59, 1));
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, s->opret(kAarhus, data, r));
      s->commit();
    }
    auto s = store_->begin();
    const auto read = s->laes(kAarhus, kEksempelApS);
    CPPUNIT_ASSERT(read.has_value());
    assert_same(expected_after_read(data, 1, r), *read);
  }

  void testLaesUnknownPartIsNullopt() {
    auto s = store_->begin();
    CPPUNIT_ASSERT(!s->laes(kAarhus, kEmil).has_value());
    CPPUNIT_ASSERT(!s->laes(kAarhus, Part{Part::Type::Cvr, "30030036"}).has_value());
  }

  void testDuplicateOpretIsRefusedAndChangesNothing() {
    const Kontaktdata first = fuld(kAnna);
    const Registrering r1 = registrering(tid(2024, 5, 1, 8, 0, 0, 1));
    {
      auto s = store_->begin();
      s->opret(kAarhus, first, r1);
      s->commit();
    }
    const Antal before = tael_part(kAarhus, kAnna);

    Kontaktdata second;
    second.part = kAnna;
    second.former.push_back(
        {"en", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 1});
    {
      auto s = store_->begin();
      try {
        s->opret(kAarhus, second, registrering(tid(2024, 5, 2, 8, 0, 0, 2)));
        CPPUNIT_FAIL("a second Opret of the same part must be refused");
      } catch (const Error& e) {
        CPPUNIT_ASSERT(e.code() == ErrorCode::PartFindesAllerede);
        CPPUNIT_ASSERT(std::string(e.what()).find(kAnna.nummer) == std::string::npos);
      }
      // The session is still usable after the refusal, and committing it changes nothing.
      CPPUNIT_ASSERT(s->kommune_findes(kAarhus));
      s->commit();
    }
    CPPUNIT_ASSERT(tael_part(kAarhus, kAnna) == before);
    auto s = store_->begin();
    assert_same(expected_after_read(first, 1, r1), *s->laes(kAarhus, kAnna));
  }

  void testConcurrentDuplicateOpretWaitsAndIsRefused() {
    auto first = store_->begin();
    first->opret(kAarhus, fuld(kAnna), registrering(tid(2024, 5, 1, 8, 0, 0, 1)));

    std::promise<ErrorCode> outcome;
    std::thread second_caller([&] {
      try {
        auto second = store_->begin();
        Kontaktdata other;
        other.part = kAnna;
        second->opret(kAarhus, other, registrering(tid(2024, 5, 1, 8, 0, 0, 2)));
        second->commit();
        outcome.set_value(ErrorCode::InternFejl);  // stands for "it was not refused"
      } catch (const Error& e) {
        outcome.set_value(e.code());
      } catch (...) {
        outcome.set_value(ErrorCode::InternFejl);
      }
    });
    auto result = outcome.get_future();
    CPPUNIT_ASSERT_MESSAGE(
        "the second Opret waits for the first to finish",
        result.wait_for(std::chrono::milliseconds(300)) == std::future_status::timeout);
    first->commit();
    second_caller.join();
    CPPUNIT_ASSERT(result.get() == ErrorCode::PartFindesAllerede);
    CPPUNIT_ASSERT(tael_part(kAarhus, kAnna) == (Antal{1, 1, 7, 6, 5, 1}));
  }

  void testOpretAfterPassiveretContinuesNumbering() {
    {
      auto s = store_->begin();
      s->opret(kAarhus, fuld(kAnna), registrering(tid(2024, 1, 1, 0, 0, 0, 0)));
      s->commit();
    }
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, s->passiver(kAarhus, kAnna, 1,
                                                        registrering(tid(2024, 3, 1, 0, 0, 0, 0),
                                                                     Livscyklus::Passiveret)));
      s->commit();
    }
    Kontaktdata ny;
    ny.part = kAnna;
    ny.former.push_back(
        {"en", std::nullopt, std::nullopt, std::nullopt, std::nullopt, std::nullopt, 1});
    const Registrering r3 = registrering(tid(2024, 6, 1, 0, 0, 0, 500000));
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, s->opret(kAarhus, ny, r3));
      s->commit();
    }
    auto s = store_->begin();
    assert_same(expected_after_read(ny, 3, r3), *s->laes(kAarhus, kAnna));
    const Antal a = tael_part(kAarhus, kAnna);
    CPPUNIT_ASSERT_EQUAL(3L, a.registreringer);
    CPPUNIT_ASSERT_EQUAL(3L, a.haendelser);
  }

  void testTenantSeparation() {
    const Kontaktdata aarhus = fuld(kAnna);
    const Registrering r1 = registrering(tid(2024, 5, 1, 8, 0, 0, 1));
    {
      auto s = store_->begin();
      s->opret(kAarhus, aarhus, r1);
      s->commit();
    }
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_MESSAGE("Aarhus' part is not visible from København",
                             !s->laes(kKoebenhavn, kAnna).has_value());
    }
    Kontaktdata kbh;
    kbh.part = kAnna;
    Kontaktadresse email;
    email.adresse_id = kId4;  // the same AdresseID in another municipality is another address
    email.type = Adressetype::Email;
    email.email = "anna@kbh.example";
    kbh.adresser.push_back(email);
    kbh.kanaler.push_back({Kanal::Email, kId4, std::nullopt, 1, std::nullopt, std::nullopt});
    const Registrering r2 = registrering(tid(2024, 5, 3, 8, 0, 0, 3));
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL_MESSAGE("the same CPR number is a new part in København",
                                   std::int64_t{1}, s->opret(kKoebenhavn, kbh, r2));
      s->commit();
    }
    auto s = store_->begin();
    assert_same(expected_after_read(aarhus, 1, r1), *s->laes(kAarhus, kAnna));
    assert_same(expected_after_read(kbh, 1, r2), *s->laes(kKoebenhavn, kAnna));
    CPPUNIT_ASSERT_EQUAL(1L, tael_part(kKoebenhavn, kAnna).haendelser);
    CPPUNIT_ASSERT_EQUAL(1L, tael_part(kAarhus, kAnna).haendelser);
  }

  void testUncommittedSessionLeavesNothing() {
    {
      auto s = store_->begin();
      CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, s->opret(kAarhus, fuld(kEmil),
                                                     registrering(tid(2024, 1, 1, 0, 0, 0, 0))));
      // Visible inside its own transaction ...
      CPPUNIT_ASSERT(s->laes(kAarhus, kEmil).has_value());
    }  // ... and gone when the session ends without commit().
    auto s = store_->begin();
    CPPUNIT_ASSERT(!s->laes(kAarhus, kEmil).has_value());
    CPPUNIT_ASSERT(tael_part(kAarhus, kEmil) == Antal{});
  }

  void testKommuneFindes() {
    auto s = store_->begin();
    CPPUNIT_ASSERT(s->kommune_findes(kAarhus));
    CPPUNIT_ASSERT(s->kommune_findes(kKoebenhavn));
    CPPUNIT_ASSERT(!s->kommune_findes("29189846"));
    CPPUNIT_ASSERT(!s->kommune_findes("not a cvr"));
  }

  void testDatabaseErrorIsInternFejlWithoutInternals() {
    // A municipality the database does not hold: the foreign key refuses the part.
    auto s = store_->begin();
    try {
      s->opret("29189846", fuld(kEmil), registrering(tid(2024, 1, 1, 0, 0, 0, 0)));
      CPPUNIT_FAIL("Opret in an unknown municipality must fail");
    } catch (const Error& e) {
      CPPUNIT_ASSERT(e.code() == ErrorCode::InternFejl);
      CPPUNIT_ASSERT_EQUAL(std::string("intern fejl i databasen"), std::string(e.what()));
      const std::string internal = nested_text(e);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find("23503") != std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find(kEmil.nummer) == std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find("29189846") == std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find("table \"part\"") != std::string::npos);
    }
  }

  void testValueInADatabaseMessageIsMasked() {
    // PostgreSQL quotes a value it cannot read in its message ('invalid input syntax for type
    // uuid: "..."'); the description kept for the log must not carry it.
    Kontaktdata data = fuld(kEmil);
    data.adresser[4].adresse_id = "Anna.Jensen@Example.dk";
    auto s = store_->begin();
    try {
      s->opret(kAarhus, data, registrering(tid(2024, 1, 1, 0, 0, 0, 0)));
      CPPUNIT_FAIL("an AdresseID that is not a UUID must fail in the database");
    } catch (const Error& e) {
      CPPUNIT_ASSERT(e.code() == ErrorCode::InternFejl);
      const std::string internal = nested_text(e);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find("22P02") != std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find("uuid") != std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find("Anna") == std::string::npos);
      CPPUNIT_ASSERT_MESSAGE(internal, internal.find(kEmil.nummer) == std::string::npos);
    }
  }

 private:
  static void ryd_op() {
    pqxx::connection owner(owner_dsn());
    for (const char* kommune : {kAarhus, kKoebenhavn}) {
      for (const Part& p : {kAnna, kEmil, kEksempelApS}) slet_part(owner, kommune, p);
    }
  }

  std::unique_ptr<PgStore> store_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(KontaktdataStoreTest);

}  // namespace kontaktdata::store::test
