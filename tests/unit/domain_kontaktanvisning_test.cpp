// resolve_kontaktanvisning: CONTRACT.md's rules 1-4 for HentKontaktanvisning, one test per rule and
// per interaction. Persons and companies are DEMO-DATA.md's (fictitious); stored addresses,
// e-mails and numbers are synthetic.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "domain/kontaktanvisning.hpp"
#include "domain_demo_register.hpp"

namespace kontaktdata::domain {
namespace {

using namespace test::demo;

using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

constexpr const char* kAnna = "0101701234";    // ordinary, tilmeldt Digital Post
constexpr const char* kBo = "0202802345";      // address protection
constexpr const char* kCarl = "0303903456";    // dead
constexpr const char* kDorte = "0404004567";   // emigrated
constexpr const char* kEmil = "0505055678";    // ordinary, not tilmeldt Digital Post
constexpr const char* kUkendt = "1111111111";  // synthetic: a number CPR does not know
constexpr const char* kEksempel = "12345674";  // active company
constexpr const char* kOphoert = "30030036";   // ceased company

constexpr const char* kPostId = "00000000-0000-4000-8000-000000000001";
constexpr const char* kEmailId = "00000000-0000-4000-8000-000000000002";
constexpr const char* kMobilId = "00000000-0000-4000-8000-000000000003";
constexpr const char* kVinterId = "00000000-0000-4000-8000-000000000004";
constexpr const char* kEmail2Id = "00000000-0000-4000-8000-000000000005";
constexpr const char* kDigitalId = "00000000-0000-4000-8000-000000000006";

Tidspunkt ts(int y, unsigned m, unsigned d, int h = 12, int min = 0, int s = 0) {
  using namespace std::chrono;
  return Tidspunkt{sys_days{year{y} / month{m} / day{d}}} + hours{h} + minutes{min} + seconds{s};
}

Dato dato(int y, int m, int d) { return Dato{y, m, d}; }

Part person(const char* cpr) { return Part{Part::Type::Cpr, cpr}; }
Part firma(const char* cvr) { return Part{Part::Type::Cvr, cvr}; }

Kontaktadresse post(const std::string& id, DanskAdresse a = {"Testvej", "1", std::nullopt,
                                                             std::nullopt, "8000", "Aarhus C"}) {
  Kontaktadresse k;
  k.adresse_id = id;
  k.type = Adressetype::Postadresse;
  k.postadresse = std::move(a);
  return k;
}

Kontaktadresse vinter(const std::string& id) {
  Kontaktadresse k;
  k.adresse_id = id;
  k.type = Adressetype::Postadresse;
  k.postadresse = Adresselinjer{{"Calle Sol 1", "03001 Alicante"}, "ES"};
  k.gyldig_fra = dato(2023, 12, 1);
  k.gyldig_til = dato(2024, 4, 1);
  return k;
}

Kontaktadresse email(const std::string& id, const std::string& value = "anna@example.dk") {
  Kontaktadresse k;
  k.adresse_id = id;
  k.type = Adressetype::Email;
  k.email = value;
  return k;
}

Kontaktadresse mobil(const std::string& id) {
  Kontaktadresse k;
  k.adresse_id = id;
  k.type = Adressetype::Mobiltelefon;
  k.mobilnummer = "+4520123456";
  return k;
}

Kontaktadresse digital(const std::string& id) {
  Kontaktadresse k;
  k.adresse_id = id;
  k.type = Adressetype::DigitalPost;
  return k;
}

Kontaktkanal kanal(Kanal k, std::optional<std::string> id, int prioritet,
                   std::optional<std::string> scope = std::nullopt) {
  Kontaktkanal c;
  c.kanal = k;
  c.adresse_id = std::move(id);
  c.prioritet = prioritet;
  c.sagsomraade = std::move(scope);
  return c;
}

Kontaktform form(const std::string& sprog, int prioritet,
                 std::optional<std::string> scope = std::nullopt) {
  Kontaktform f;
  f.sprog = sprog;
  f.prioritet = prioritet;
  f.sagsomraade = std::move(scope);
  return f;
}

// Every kind of stored address of a person, no channels or forms.
Kontaktdata gemt(const Part& part) {
  Kontaktdata d;
  d.part = part;
  d.version = 1;
  d.adresser = {post(kPostId),
                email(kEmailId),
                mobil(kMobilId),
                vinter(kVinterId),
                email(kEmail2Id, "anna.arbejde@example.dk"),
                digital(kDigitalId)};
  return d;
}

// One call, with defaults: Anna, no stored data, CPR answered, 15 January 2024 at noon.
struct Kald {
  Part part = person(kAnna);
  std::optional<Kontaktdata> stored;
  std::optional<Registerdata> reg = anna_reg();
  Registerstatus status = Registerstatus::Svar;
  std::vector<Opgavesprog> regler;
  std::optional<std::string> omr;
  Tidspunkt instant = ts(2024, 1, 15);
  bool fortrolig = false;
  bool ser = false;

  Kontaktanvisning operator()() const {
    return resolve_kontaktanvisning(part, stored, reg, status, regler, omr, instant, fortrolig,
                                    ser);
  }
};

Kald med_gemt(std::vector<Kontaktkanal> kanaler, std::vector<Kontaktform> former = {}) {
  Kald k;
  k.stored = gemt(k.part);
  k.stored->kanaler = std::move(kanaler);
  k.stored->former = std::move(former);
  return k;
}

std::string vis(const Postadresse& p) {
  if (const auto* d = std::get_if<DanskAdresse>(&p)) {
    return d->vejnavn + " " + d->husnummer + ", " + d->postnummer;
  }
  const auto& l = std::get<Adresselinjer>(p);
  return l.linjer.front() + ", " + l.landekode;
}

// "1 EMAIL anna@example.dk | 2 DIGITAL_POST CPR | 3 BREVPOST CPR Vestergade 12, 8000": place,
// channel, the source unless stored, the value.
std::string kanaler(const Kontaktanvisning& a) {
  std::string out;
  for (const auto& k : a.kanaler) {
    if (!out.empty()) out += " | ";
    out += std::to_string(k.prioritet) + " " + to_string(k.kanal);
    if (k.kilde != Kilde::Kontaktdata) out += std::string(" ") + to_string(k.kilde);
    if (k.email) out += " " + *k.email;
    if (k.mobilnummer) out += " " + *k.mobilnummer;
    if (k.postadresse) out += " " + vis(*k.postadresse);
  }
  return out;
}

std::string begrundelser(const Kontaktanvisning& a) {
  std::string out;
  for (const auto& k : a.kanaler) {
    if (!out.empty()) out += " | ";
    out += k.begrundelse;
  }
  return out;
}

std::string advarsler(const Kontaktanvisning& a) {
  std::string out;
  for (const auto& w : a.advarsler) {
    if (!out.empty()) out += ",";
    out += to_string(w.kode);
  }
  return out;
}

std::string advarselstekst(const Kontaktanvisning& a, Advarselskode kode) {
  for (const auto& w : a.advarsler) {
    if (w.kode == kode) return w.tekst;
  }
  return "<ingen>";
}

// "da DE TEKST tolk:en KONTAKTDATA".
std::string formen(const Kontaktanvisning& a) {
  if (!a.kontaktform) return "<ingen>";
  const auto& f = *a.kontaktform;
  std::string out = f.sprog;
  if (f.tiltaleform) out += *f.tiltaleform == Tiltaleform::Du ? " DU" : " DE";
  switch (f.medie) {
    case Medie::Tekst:
      out += " TEKST";
      break;
    case Medie::Lyd:
      out += " LYD";
      break;
    case Medie::Video:
      out += " VIDEO";
      break;
    case Medie::Punktskrift:
      out += " PUNKTSKRIFT";
      break;
  }
  if (f.tolkebehov) out += " tolk:" + f.tolkesprog.value_or("?");
  if (!f.tolkebehov && f.tolkesprog) out += " tolkesprog:" + *f.tolkesprog;
  out += std::string(" ") + to_string(f.kilde);
  return out;
}

}  // namespace

class KontaktanvisningTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(KontaktanvisningTest);
  CPPUNIT_TEST(testDanishOffsetAtDstChanges);
  CPPUNIT_TEST(testDanishDateAroundMidnight);
  CPPUNIT_TEST(testValidityPeriodBounds);
  CPPUNIT_TEST(testChannelValidityUsesDanishDate);
  CPPUNIT_TEST(testRegisterOnlyPerson);
  CPPUNIT_TEST(testScopeMostSpecificWins);
  CPPUNIT_TEST(testScopeReplacesNotMerges);
  CPPUNIT_TEST(testNoCaseAreaUsesUnscopedOnly);
  CPPUNIT_TEST(testInvalidSpecificScopeFallsBack);
  CPPUNIT_TEST(testPriorities);
  CPPUNIT_TEST(testWinterAddress);
  CPPUNIT_TEST(testChannelValidity);
  CPPUNIT_TEST(testExpiredAddressSkipped);
  CPPUNIT_TEST(testFortroligDropsEmailAndSms);
  CPPUNIT_TEST(testFortroligFallsBackToGeneralScope);
  CPPUNIT_TEST(testDigitalPostOnlyWhenRegistered);
  CPPUNIT_TEST(testStoredDigitalPostSuppressesRegisters);
  CPPUNIT_TEST(testStoredDigitalPostOfOtherScopeDoesNot);
  CPPUNIT_TEST(testActiveCompany);
  CPPUNIT_TEST(testCeasedCompany);
  CPPUNIT_TEST(testNeverListedTwice);
  CPPUNIT_TEST(testCprContactAddress);
  CPPUNIT_TEST(testEmigratedForeignAddress);
  CPPUNIT_TEST(testProtectionNoCprAddress);
  CPPUNIT_TEST(testProtectionOutsideItsPeriod);
  CPPUNIT_TEST(testProtectionStoredPostalForCaller);
  CPPUNIT_TEST(testProtectionWithheldBrevpostFallsBack);
  CPPUNIT_TEST(testProtectionFailsClosed);
  CPPUNIT_TEST(testProtectionFromCache);
  CPPUNIT_TEST(testDeadWarning);
  CPPUNIT_TEST(testEmigratedWarning);
  CPPUNIT_TEST(testDisappearedWarning);
  CPPUNIT_TEST(testChangedNumberWarning);
  CPPUNIT_TEST(testRegisterUnavailableWithCache);
  CPPUNIT_TEST(testRegisterUnavailableWithoutCache);
  CPPUNIT_TEST(testUnknownInRegister);
  CPPUNIT_TEST(testNotVerified);
  CPPUNIT_TEST(testNotVerifiedOnlyChosenEmailAndMobile);
  CPPUNIT_TEST(testLanguageAllowedChosen);
  CPPUNIT_TEST(testMostSpecificLanguageRuleWins);
  CPPUNIT_TEST(testNoRuleOnlyDanish);
  CPPUNIT_TEST(testNoLanguageAllowed);
  CPPUNIT_TEST(testNoLanguageAllowedFirstFormIsDanish);
  CPPUNIT_TEST(testNoCaseAreaNoLanguageRule);
  CPPUNIT_TEST(testFormScopeReplaces);
  CPPUNIT_TEST(testFormDefaults);
  CPPUNIT_TEST(testStandardForm);
  CPPUNIT_TEST(testStatus);
  CPPUNIT_TEST(testInvalidPart);
  CPPUNIT_TEST(testEveryElementExplained);
  CPPUNIT_TEST(testWireNames);
  CPPUNIT_TEST_SUITE_END();

 public:
  // ---- Danish time ----

  void testDanishOffsetAtDstChanges() {
    // 2024: summer time from Sunday 31 March 01:00 UTC to Sunday 27 October 01:00 UTC.
    CPPUNIT_ASSERT_EQUAL(1, dansk_utc_forskydning(ts(2024, 3, 31, 0, 59, 59)));
    CPPUNIT_ASSERT_EQUAL(2, dansk_utc_forskydning(ts(2024, 3, 31, 1)));
    CPPUNIT_ASSERT_EQUAL(2, dansk_utc_forskydning(ts(2024, 10, 27, 0, 59, 59)));
    CPPUNIT_ASSERT_EQUAL(1, dansk_utc_forskydning(ts(2024, 10, 27, 1)));
    // 2025: 30 March and 26 October; the Saturday before is still winter time.
    CPPUNIT_ASSERT_EQUAL(1, dansk_utc_forskydning(ts(2025, 3, 29, 12)));
    CPPUNIT_ASSERT_EQUAL(2, dansk_utc_forskydning(ts(2025, 3, 30, 1)));
    CPPUNIT_ASSERT_EQUAL(2, dansk_utc_forskydning(ts(2025, 10, 26, 0)));
    CPPUNIT_ASSERT_EQUAL(1, dansk_utc_forskydning(ts(2025, 10, 26, 1)));
    CPPUNIT_ASSERT_EQUAL(1, dansk_utc_forskydning(ts(2024, 1, 15)));
    CPPUNIT_ASSERT_EQUAL(2, dansk_utc_forskydning(ts(2024, 7, 15)));
    // One microsecond before the change.
    CPPUNIT_ASSERT_EQUAL(1, dansk_utc_forskydning(ts(2024, 3, 31, 1) - microseconds{1}));
  }

  void testDanishDateAroundMidnight() {
    // Winter (UTC+1): 22:30 UTC on 31 December is 23:30 in Copenhagen, still 31 December;
    // from 23:00 UTC it is 1 January.
    CPPUNIT_ASSERT(dato(2023, 12, 31) == dansk_dato(ts(2023, 12, 31, 22, 30)));
    CPPUNIT_ASSERT(dato(2023, 12, 31) == dansk_dato(ts(2023, 12, 31, 22, 59, 59)));
    CPPUNIT_ASSERT(dato(2024, 1, 1) == dansk_dato(ts(2023, 12, 31, 23)));
    CPPUNIT_ASSERT(dato(2024, 1, 1) == dansk_dato(ts(2023, 12, 31, 23, 30)));
    // Summer (UTC+2): 22:30 UTC on 30 June is 00:30 on 1 July.
    CPPUNIT_ASSERT(dato(2024, 6, 30) == dansk_dato(ts(2024, 6, 30, 21, 59, 59)));
    CPPUNIT_ASSERT(dato(2024, 7, 1) == dansk_dato(ts(2024, 6, 30, 22, 30)));
    // Leap day.
    CPPUNIT_ASSERT(dato(2024, 2, 29) == dansk_dato(ts(2024, 2, 28, 23)));
    CPPUNIT_ASSERT(dato(2024, 3, 1) == dansk_dato(ts(2024, 2, 29, 23)));
  }

  void testValidityPeriodBounds() {
    const Dato d = dato(2024, 1, 15);
    CPPUNIT_ASSERT(gyldig_paa(std::nullopt, std::nullopt, d));
    CPPUNIT_ASSERT(gyldig_paa(dato(2024, 1, 15), std::nullopt, d));  // from inclusive
    CPPUNIT_ASSERT(!gyldig_paa(dato(2024, 1, 16), std::nullopt, d));
    CPPUNIT_ASSERT(!gyldig_paa(std::nullopt, dato(2024, 1, 15), d));  // to exclusive
    CPPUNIT_ASSERT(gyldig_paa(std::nullopt, dato(2024, 1, 16), d));
    CPPUNIT_ASSERT(gyldig_paa(dato(2023, 12, 1), dato(2024, 4, 1), d));
  }

  void testChannelValidityUsesDanishDate() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1)});
    k.stored->kanaler[0].gyldig_fra = dato(2024, 1, 1);
    k.reg = emil_reg();
    k.part = person(kEmil);
    k.instant = ts(2023, 12, 31, 22, 30);  // 23:30 on 31 December in Copenhagen
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST CPR Søndergade 1, 8000"), kanaler(k()));
    k.instant = ts(2023, 12, 31, 23);  // midnight: 1 January
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
    // GyldigTil 1 July: at 22:30 UTC on 30 June it is already 1 July in Copenhagen.
    k.stored->kanaler[0].gyldig_fra.reset();
    k.stored->kanaler[0].gyldig_til = dato(2024, 7, 1);
    k.instant = ts(2024, 6, 30, 21, 30);
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
    k.instant = ts(2024, 6, 30, 22, 30);
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST CPR Søndergade 1, 8000"), kanaler(k()));
  }

  // ---- Rule 1 and 2: channels ----

  void testRegisterOnlyPerson() {
    const Kontaktanvisning a = Kald{}();
    CPPUNIT_ASSERT(a.part == person(kAnna));
    CPPUNIT_ASSERT(a.status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR Vestergade 12, 8000"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("tilmeldt Digital Post i CPR | folkeregisteradresse"),
                         begrundelser(a));
    CPPUNIT_ASSERT(!a.kanaler[0].adresse_id);
    CPPUNIT_ASSERT(!a.kanaler[1].adresse_id);
    CPPUNIT_ASSERT(a.kanaler[1].postadresse == Postadresse{annas_bopael()});
    CPPUNIT_ASSERT(a.registreret_adresse ==
                   (RegistreretAdresse{"Anna Jensen", Postadresse{annas_bopael()}}));
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST STANDARD"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(a));
  }

  void testScopeMostSpecificWins() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1), kanal(Kanal::Sms, kMobilId, 1, "32"),
                       kanal(Kanal::Telefon, kMobilId, 1, "32.18"),
                       kanal(Kanal::Brevpost, kPostId, 2, "32.18"),
                       kanal(Kanal::PersonligtFremmoede, std::nullopt, 1, "32.18.04")});
    k.ser = true;
    k.reg = emil_reg();
    k.part = person(kEmil);
    const std::string cpr = " | 3 BREVPOST CPR Søndergade 1, 8000";
    k.omr = "32.18.04";
    CPPUNIT_ASSERT_EQUAL(
        "1 PERSONLIGT_FREMMOEDE" + std::string(" | 2 BREVPOST CPR Søndergade 1, 8000"),
        kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(std::string("kanal for sagsområde 32.18.04 | folkeregisteradresse"),
                         begrundelser(k()));
    k.omr = "32.18.05";
    CPPUNIT_ASSERT_EQUAL("1 TELEFON +4520123456 | 2 BREVPOST Testvej 1, 8000" + cpr, kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "kanal for sagsområde 32.18 | kanal for sagsområde 32.18 | folkeregisteradresse"),
        begrundelser(k()));
    k.omr = "32.18";
    CPPUNIT_ASSERT_EQUAL("1 TELEFON +4520123456 | 2 BREVPOST Testvej 1, 8000" + cpr, kanaler(k()));
    k.omr = "32.19.04";
    CPPUNIT_ASSERT_EQUAL(std::string("1 SMS +4520123456 | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(std::string("kanal for sagsområde 32 | folkeregisteradresse"),
                         begrundelser(k()));
    k.omr = "33.18.04";  // 32 does not cover 33
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(std::string("gælder alle sagsområder | folkeregisteradresse"),
                         begrundelser(k()));
  }

  void testScopeReplacesNotMerges() {
    // A 32.18 request sees only the 32.18 channels, even though the unscoped EMAIL has a better
    // Prioritet and another Kanal.
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1), kanal(Kanal::Brevpost, kPostId, 2),
                       kanal(Kanal::Sms, kMobilId, 5, "32.18")});
    k.omr = "32.18.04";
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 SMS +4520123456 | 2 DIGITAL_POST CPR | 3 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(k()));
  }

  void testNoCaseAreaUsesUnscopedOnly() {
    Kald k = med_gemt({kanal(Kanal::Sms, kMobilId, 1, "32.18"), kanal(Kanal::Email, kEmailId, 1)});
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "1 EMAIL anna@example.dk | 2 DIGITAL_POST CPR | 3 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(k()));
    // Only scoped channels: none stored chosen.
    k.stored->kanaler = {kanal(Kanal::Sms, kMobilId, 1, "32")};
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR Vestergade 12, 8000"),
                         kanaler(k()));
  }

  void testInvalidSpecificScopeFallsBack() {
    Kald k =
        med_gemt({kanal(Kanal::Email, kEmailId, 1, "32"), kanal(Kanal::Sms, kMobilId, 1, "32.18"),
                  kanal(Kanal::Brevpost, kPostId, 2, "32.18")});
    k.reg = emil_reg();
    k.part = person(kEmil);
    k.omr = "32.18.04";
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 SMS +4520123456 | 2 BREVPOST Testvej 1, 8000 | 3 BREVPOST CPR Søndergade 1, "
                    "8000"),
        kanaler(k()));
    // Every 32.18 channel expired at the instant: the 32 channel, not nothing.
    k.stored->kanaler[1].gyldig_til = dato(2024, 1, 15);
    k.stored->kanaler[2].gyldig_til = dato(2024, 1, 1);
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(std::string("kanal for sagsområde 32 | folkeregisteradresse"),
                         begrundelser(k()));
    // One of them valid again: 32.18 wins with just that one.
    k.stored->kanaler[2].gyldig_til.reset();
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Testvej 1, 8000 | 2 BREVPOST CPR Søndergade 1, 8000"),
        kanaler(k()));
  }

  void testPriorities() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 3), kanal(Kanal::Telefon, kMobilId, 1),
                       kanal(Kanal::Brevpost, kPostId, 2)});
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 TELEFON +4520123456 | 2 BREVPOST Testvej 1, 8000 | 3 EMAIL anna@example.dk "
                    "| 4 DIGITAL_POST CPR | 5 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string(kMobilId), a.kanaler[0].adresse_id.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string(kPostId), a.kanaler[1].adresse_id.value_or(""));
    CPPUNIT_ASSERT_EQUAL(std::string(kEmailId), a.kanaler[2].adresse_id.value_or(""));
    // Prioritet is the place in the answer, not the stored number (gaps closed).
    k.stored->kanaler = {kanal(Kanal::Email, kEmailId, 10), kanal(Kanal::Telefon, kMobilId, 7)};
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 TELEFON +4520123456 | 2 EMAIL anna@example.dk | 3 DIGITAL_POST CPR | 4 "
                    "BREVPOST CPR Vestergade 12, 8000"),
        kanaler(k()));
  }

  void testWinterAddress() {
    // The winter address (1 December - 1 April) first, the home address second.
    Kald k = med_gemt({kanal(Kanal::Brevpost, kVinterId, 1), kanal(Kanal::Brevpost, kPostId, 2)});
    k.reg = emil_reg();
    k.part = person(kEmil);
    k.instant = ts(2024, 1, 15);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Calle Sol 1, ES | 2 BREVPOST Testvej 1, 8000 | 3 BREVPOST CPR "
                    "Søndergade 1, 8000"),
        kanaler(k()));
    k.instant = ts(2024, 7, 15);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Testvej 1, 8000 | 2 BREVPOST CPR Søndergade 1, 8000"),
        kanaler(k()));
    // GyldigTil 1 April is exclusive: 31 March yes, 1 April (Danish time) no.
    k.instant = ts(2024, 3, 31, 21, 59);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Calle Sol 1, ES | 2 BREVPOST Testvej 1, 8000 | 3 BREVPOST CPR "
                    "Søndergade 1, 8000"),
        kanaler(k()));
    k.instant = ts(2024, 3, 31, 22, 0);  // 00:00 on 1 April, summer time
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Testvej 1, 8000 | 2 BREVPOST CPR Søndergade 1, 8000"),
        kanaler(k()));
  }

  void testChannelValidity() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1), kanal(Kanal::Telefon, kMobilId, 2)});
    k.reg = emil_reg();
    k.part = person(kEmil);
    k.stored->kanaler[0].gyldig_fra = dato(2024, 1, 16);  // not yet
    CPPUNIT_ASSERT_EQUAL(std::string("1 TELEFON +4520123456 | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
    k.stored->kanaler[0].gyldig_fra = dato(2024, 1, 15);  // from today
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 EMAIL anna@example.dk | 2 TELEFON +4520123456 | 3 BREVPOST CPR "
                    "Søndergade 1, 8000"),
        kanaler(k()));
    k.stored->kanaler[0].gyldig_fra.reset();
    k.stored->kanaler[0].gyldig_til = dato(2024, 1, 15);  // ended today (exclusive)
    CPPUNIT_ASSERT_EQUAL(std::string("1 TELEFON +4520123456 | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
  }

  void testExpiredAddressSkipped() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1), kanal(Kanal::Email, kEmail2Id, 2)});
    k.reg = emil_reg();
    k.part = person(kEmil);
    k.stored->adresser[1].gyldig_til = dato(2024, 1, 10);  // anna@example.dk expired
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 EMAIL anna.arbejde@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
        kanaler(k()));
    k.stored->adresser[1].gyldig_til.reset();
    k.stored->adresser[1].gyldig_fra = dato(2024, 2, 1);  // not yet valid
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 EMAIL anna.arbejde@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
        kanaler(k()));
    // A scope whose only channel's address is invalid falls back as well.
    k.stored->kanaler = {kanal(Kanal::Email, kEmailId, 1, "32"),
                         kanal(Kanal::Telefon, kMobilId, 1)};
    k.omr = "32";
    CPPUNIT_ASSERT_EQUAL(std::string("1 TELEFON +4520123456 | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
  }

  void testFortroligDropsEmailAndSms() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1), kanal(Kanal::Sms, kMobilId, 2),
                       kanal(Kanal::Telefon, kMobilId, 3), kanal(Kanal::Brevpost, kPostId, 4),
                       kanal(Kanal::PersonligtFremmoede, std::nullopt, 5)});
    k.ser = true;
    k.reg = emil_reg();
    k.part = person(kEmil);
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 EMAIL anna@example.dk | 2 SMS +4520123456 | 3 TELEFON +4520123456 | 4 "
                    "BREVPOST Testvej 1, 8000 | 5 PERSONLIGT_FREMMOEDE | 6 BREVPOST CPR "
                    "Søndergade 1, 8000"),
        kanaler(k()));
    k.fortrolig = true;
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 TELEFON +4520123456 | 2 BREVPOST Testvej 1, 8000 | 3 PERSONLIGT_FREMMOEDE "
                    "| 4 BREVPOST CPR Søndergade 1, 8000"),
        kanaler(k()));
  }

  void testFortroligFallsBackToGeneralScope() {
    Kald k =
        med_gemt({kanal(Kanal::Email, kEmailId, 1, "32.18"),
                  kanal(Kanal::Sms, kMobilId, 2, "32.18"), kanal(Kanal::Brevpost, kPostId, 1)});
    k.omr = "32.18";
    k.ser = true;
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 EMAIL anna@example.dk | 2 SMS +4520123456 | 3 DIGITAL_POST CPR | 4 "
                    "BREVPOST CPR Vestergade 12, 8000"),
        kanaler(k()));
    k.fortrolig = true;
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Testvej 1, 8000 | 2 DIGITAL_POST CPR | 3 BREVPOST CPR Vestergade "
                    "12, 8000"),
        kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(
        std::string("gælder alle sagsområder | tilmeldt Digital Post i CPR | folkeregisteradresse"),
        begrundelser(k()));
  }

  void testDigitalPostOnlyWhenRegistered() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1)});
    // Anna is registered: after the stored channels, before the CPR address.
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "1 EMAIL anna@example.dk | 2 DIGITAL_POST CPR | 3 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(k()));
    // Emil is not.
    k.part = person(kEmil);
    k.reg = emil_reg();
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(k()));
    // Digital Post without any postal address in the register.
    k.reg->tilmeldt_digitalpost = true;
    k.reg->aktuel_adresse.reset();
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 DIGITAL_POST CPR"), kanaler(k()));
    CPPUNIT_ASSERT(!k().registreret_adresse);
  }

  void testStoredDigitalPostSuppressesRegisters() {
    Kald k =
        med_gemt({kanal(Kanal::Email, kEmailId, 1), kanal(Kanal::DigitalPost, std::nullopt, 2)});
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "1 EMAIL anna@example.dk | 2 DIGITAL_POST | 3 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(k()));
    CPPUNIT_ASSERT(k().kanaler[1].kilde == Kilde::Kontaktdata);
    // Naming a DIGITAL_POST address: the same.
    k.stored->kanaler[1].adresse_id = kDigitalId;
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "1 EMAIL anna@example.dk | 2 DIGITAL_POST | 3 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string(kDigitalId), a.kanaler[1].adresse_id.value_or(""));
    // For a company too.
    Kald c = k;
    c.part = firma(kEksempel);
    c.reg = eksempel_reg();
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "1 EMAIL anna@example.dk | 2 DIGITAL_POST | 3 BREVPOST CVR Industrivej 7, 7100"),
        kanaler(c()));
  }

  void testStoredDigitalPostOfOtherScopeDoesNot() {
    // The stored DIGITAL_POST is unscoped; the chosen scope 32.18 has none, so CPR's comes in.
    Kald k = med_gemt(
        {kanal(Kanal::DigitalPost, std::nullopt, 1), kanal(Kanal::Email, kEmailId, 1, "32.18")});
    k.omr = "32.18";
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "1 EMAIL anna@example.dk | 2 DIGITAL_POST CPR | 3 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(k()));
    // An expired stored DIGITAL_POST does not count either.
    k.omr.reset();
    k.stored->kanaler[0].gyldig_til = dato(2024, 1, 1);
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR Vestergade 12, 8000"),
                         kanaler(k()));
  }

  void testActiveCompany() {
    Kald k;
    k.part = firma(kEksempel);
    k.reg = eksempel_reg();
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT(a.status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CVR | 2 BREVPOST CVR Industrivej 7, 7100"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("virksomheder skal modtage Digital Post | adresse i CVR"),
                         begrundelser(a));
    CPPUNIT_ASSERT(a.registreret_adresse ==
                   (RegistreretAdresse{"Eksempel ApS", Postadresse{*eksempel_reg().adresse}}));
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(a));
    // CPR-only fields mean nothing for a company.
    k.reg->adressebeskyttelse = true;
    k.reg->status = kCprStatusDoed;
    CPPUNIT_ASSERT(a == k());
  }

  void testCeasedCompany() {
    Kald k;
    k.part = firma(kOphoert);
    k.reg = ophoert_reg();
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST CVR Havnegade 2, 5000"), kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("OPHOERT"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CVR: virksomheden er ophørt"),
                         advarselstekst(a, Advarselskode::Ophoert));
    CPPUNIT_ASSERT_EQUAL(std::string("Ophørt Handel A/S"), a.registreret_adresse->navn);
  }

  void testNeverListedTwice() {
    // A stored BREVPOST to the very address CPR holds: listed once, as the stored channel.
    Kald k = med_gemt({kanal(Kanal::Brevpost, kPostId, 1)});
    k.ser = true;
    k.stored->adresser[0].postadresse = annas_bopael();
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST Vestergade 12, 8000 | 2 DIGITAL_POST CPR"),
                         kanaler(a));
    CPPUNIT_ASSERT(a.kanaler[0].kilde == Kilde::Kontaktdata);
    CPPUNIT_ASSERT(a.registreret_adresse);  // still the register's address
    // Another floor is another address.
    k.stored->adresser[0].postadresse =
        DanskAdresse{"Vestergade", "12", "2", "th", "8000", "Aarhus C"};
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Vestergade 12, 8000 | 2 DIGITAL_POST CPR | 3 BREVPOST CPR "
                    "Vestergade 12, 8000"),
        kanaler(k()));
    // Two stored e-mail channels to the same address (case differs): once. SMS and TELEFON to
    // the same mobile are different channels.
    k.stored->adresser[4].email = "ANNA@Example.DK";
    k.stored->kanaler = {kanal(Kanal::Email, kEmailId, 1),
                         kanal(Kanal::Email, kEmail2Id, 2),
                         kanal(Kanal::Sms, kMobilId, 3),
                         kanal(Kanal::Telefon, kMobilId, 4),
                         kanal(Kanal::PersonligtFremmoede, std::nullopt, 5),
                         kanal(Kanal::PersonligtFremmoede, std::nullopt, 6)};
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 EMAIL anna@example.dk | 2 SMS +4520123456 | 3 TELEFON +4520123456 | 4 "
                    "PERSONLIGT_FREMMOEDE | 5 DIGITAL_POST CPR | 6 BREVPOST CPR Vestergade 12, "
                    "8000"),
        kanaler(k()));
  }

  void testCprContactAddress() {
    Kald k;
    k.reg->kontakt_adresse = Adresselinjer{{"c/o Testesen", "Testvej 9", "8000 Aarhus C"}, "DK"};
    k.reg->kontakt_adresse_fra = dato(2024, 1, 1);
    k.reg->kontakt_adresse_til = dato(2024, 2, 1);
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR c/o Testesen, DK"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("tilmeldt Digital Post i CPR | kontaktadresse i CPR"),
                         begrundelser(a));
    CPPUNIT_ASSERT(a.registreret_adresse->postadresse == Postadresse{*k.reg->kontakt_adresse});
    // After its end: the residence.
    k.instant = ts(2024, 2, 1);
    a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR Vestergade 12, 8000"),
                         kanaler(a));
    CPPUNIT_ASSERT(a.registreret_adresse->postadresse == Postadresse{annas_bopael()});
    // Open-ended.
    k.reg->kontakt_adresse_fra.reset();
    k.reg->kontakt_adresse_til.reset();
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR c/o Testesen, DK"),
                         kanaler(k()));
  }

  void testEmigratedForeignAddress() {
    Kald k;
    k.part = person(kDorte);
    k.reg = dorte_reg();
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST CPR Calle Mayor 3, ES"), kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("udlandsadresse i CPR (udrejst)"), begrundelser(a));
    CPPUNIT_ASSERT(a.registreret_adresse ==
                   (RegistreretAdresse{"Dorte Larsen", Postadresse{*dorte_reg().udlandsadresse}}));
    // A foreign address of a person not emigrated is not used: the residence is.
    k.reg->status = 1;
    k.reg->aktuel_adresse = annas_bopael();
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST CPR Vestergade 12, 8000"), kanaler(k()));
    // CPR's contact address comes before the foreign address.
    k.reg->status = kCprStatusUdrejst;
    k.reg->kontakt_adresse = Adresselinjer{{"c/o Testesen", "8000 Aarhus C"}, "DK"};
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST CPR c/o Testesen, DK"), kanaler(k()));
  }

  // ---- Address protection ----

  void testProtectionNoCprAddress() {
    Kald k;
    k.part = person(kBo);
    k.reg = bo_reg();
    for (bool ser : {false, true}) {
      k.ser = ser;
      const Kontaktanvisning a = k();
      CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR"), kanaler(a));
      CPPUNIT_ASSERT(!a.registreret_adresse);
      CPPUNIT_ASSERT_EQUAL(std::string("ADRESSEBESKYTTELSE"), advarsler(a));
    }
    k.ser = false;
    CPPUNIT_ASSERT_EQUAL(std::string("Navne- og adressebeskyttelse i CPR: ingen adresse fra CPR "
                                     "udleveres, og gemte postadresser er udeladt"),
                         advarselstekst(k(), Advarselskode::Adressebeskyttelse));
    k.ser = true;
    CPPUNIT_ASSERT_EQUAL(std::string("Navne- og adressebeskyttelse i CPR: ingen adresse fra CPR "
                                     "udleveres; gemte postadresser må ikke videregives"),
                         advarselstekst(k(), Advarselskode::Adressebeskyttelse));
    // Neither the contact address nor a foreign address.
    k.reg->kontakt_adresse = Adresselinjer{{"c/o Testesen", "8000 Aarhus C"}, "DK"};
    k.reg->udlandsadresse = Adresselinjer{{"Calle Mayor 3", "28013 Madrid"}, "ES"};
    k.reg->status = kCprStatusUdrejst;
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR"), kanaler(k()));
    CPPUNIT_ASSERT(!k().registreret_adresse);
  }

  void testProtectionOutsideItsPeriod() {
    Kald k;
    k.part = person(kBo);
    k.reg = bo_reg();
    k.reg->beskyttelse_fra = dato(2024, 2, 1);
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR Nørregade 5, 1165"),
                         kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(k()));
    k.reg->beskyttelse_fra = dato(2023, 1, 1);
    k.reg->beskyttelse_til = dato(2024, 1, 15);  // ended today (exclusive)
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR Nørregade 5, 1165"),
                         kanaler(k()));
    k.reg->beskyttelse_til = dato(2024, 1, 16);
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR"), kanaler(k()));
    CPPUNIT_ASSERT_EQUAL(std::string("ADRESSEBESKYTTELSE"), advarsler(k()));
  }

  void testProtectionStoredPostalForCaller() {
    Kald k = med_gemt({kanal(Kanal::Brevpost, kPostId, 1), kanal(Kanal::Email, kEmailId, 2),
                       kanal(Kanal::PersonligtFremmoede, kPostId, 3)});
    k.part = person(kBo);
    k.stored->part = k.part;
    k.reg = bo_reg();
    k.reg->tilmeldt_digitalpost = false;
    // The demo fagsystem: the stored BREVPOST is left out, the other channels stay, and the
    // personal attendance loses its address value but keeps its ID.
    k.ser = false;
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 PERSONLIGT_FREMMOEDE"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string(kPostId), a.kanaler[1].adresse_id.value_or(""));
    CPPUNIT_ASSERT(!a.kanaler[1].postadresse);
    // The demo ESDH sees them.
    k.ser = true;
    a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST Testvej 1, 8000 | 2 EMAIL anna@example.dk | 3 "
                                     "PERSONLIGT_FREMMOEDE Testvej 1, 8000"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("ADRESSEBESKYTTELSE"), advarsler(a));
    // Without protection every caller gets them.
    k.ser = false;
    k.reg->adressebeskyttelse = false;
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Testvej 1, 8000 | 2 EMAIL anna@example.dk | 3 "
                    "PERSONLIGT_FREMMOEDE Testvej 1, 8000 | 4 BREVPOST CPR Nørregade 5, 1165"),
        kanaler(k()));
  }

  void testProtectionWithheldBrevpostFallsBack() {
    // The 32.18 scope has only a BREVPOST, withheld from this caller: like an invalid channel,
    // it leaves the scope empty and the unscoped channels are used.
    Kald k =
        med_gemt({kanal(Kanal::Brevpost, kPostId, 1, "32.18"), kanal(Kanal::Email, kEmailId, 1)});
    k.part = person(kBo);
    k.reg = bo_reg();
    k.omr = "32.18";
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 DIGITAL_POST CPR"), kanaler(k()));
    k.ser = true;
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST Testvej 1, 8000 | 2 DIGITAL_POST CPR"),
                         kanaler(k()));
  }

  void testProtectionFailsClosed() {
    // CPR does not answer and nothing is cached: protection cannot be ruled out.
    Kald k = med_gemt({kanal(Kanal::Brevpost, kPostId, 1), kanal(Kanal::Email, kEmailId, 2)});
    k.part = person(kEmil);
    k.reg = emil_reg();  // ignored: Utilgaengelig
    k.status = Registerstatus::Utilgaengelig;
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk"), kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("REGISTER_UTILGAENGELIG"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("CPR svarede ikke i tide, og der er ingen gemte registerdata; "
                    "adressebeskyttelse kan ikke afkræftes, så gemte postadresser er udeladt"),
        advarselstekst(a, Advarselskode::RegisterUtilgaengelig));
    k.ser = true;
    a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST Testvej 1, 8000 | 2 EMAIL anna@example.dk"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR svarede ikke i tide, og der er ingen gemte registerdata"),
                         advarselstekst(a, Advarselskode::RegisterUtilgaengelig));
    // A company has no address protection.
    k.ser = false;
    k.part = firma(kEksempel);
    k.stored->part = k.part;
    a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST Testvej 1, 8000 | 2 EMAIL anna@example.dk"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CVR svarede ikke i tide, og der er ingen gemte registerdata"),
                         advarselstekst(a, Advarselskode::RegisterUtilgaengelig));
  }

  void testProtectionFromCache() {
    Kald k = med_gemt({kanal(Kanal::Brevpost, kPostId, 1)});
    k.part = person(kBo);
    k.reg = bo_reg();
    k.status = Registerstatus::Cache;
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR"), kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("ADRESSEBESKYTTELSE,REGISTER_UTILGAENGELIG"), advarsler(a));
    // Cached data saying "not protected" confirms it: the stored BREVPOST is returned.
    k.reg = emil_reg();
    a = k();
    CPPUNIT_ASSERT_EQUAL(
        std::string("1 BREVPOST Testvej 1, 8000 | 2 BREVPOST CPR Søndergade 1, 8000"), kanaler(a));
  }

  // ---- Rule 4: warnings ----

  void testDeadWarning() {
    Kald k;
    k.part = person(kCarl);
    k.reg = carl_reg();
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("DOED"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR: personen er død"),
                         advarselstekst(a, Advarselskode::Doed));
    CPPUNIT_ASSERT_EQUAL(std::string(""), kanaler(a));
    CPPUNIT_ASSERT(!a.registreret_adresse);
  }

  void testEmigratedWarning() {
    Kald k;
    k.part = person(kDorte);
    k.reg = dorte_reg();
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("UDREJST"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR: personen er udrejst"),
                         advarselstekst(a, Advarselskode::Udrejst));
  }

  void testDisappearedWarning() {
    Kald k;
    k.part = person(kEmil);
    k.reg = emil_reg();
    k.reg->status = kCprStatusForsvundet;
    k.reg->aktuel_adresse.reset();
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("FORSVUNDET"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR: personen er forsvundet"),
                         advarselstekst(a, Advarselskode::Forsvundet));
    CPPUNIT_ASSERT_EQUAL(std::string(""), kanaler(a));
  }

  void testChangedNumberWarning() {
    // The stored data of the old number is still used; the text names the current number.
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1)});
    k.part = person(kEmil);
    k.reg = emil_reg();
    k.reg->status = kCprStatusAendretNummer;
    k.reg->gaeldende_personnummer = "0505055679";  // synthetic
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("PERSONNUMMER_AENDRET"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR: personnummeret er ændret; gældende personnummer er "
                                     "0505055679. Kontaktdata for det gamle nummer er brugt"),
                         advarselstekst(a, Advarselskode::PersonnummerAendret));
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk | 2 BREVPOST CPR Søndergade 1, 8000"),
                         kanaler(a));
    CPPUNIT_ASSERT(a.status == AnvisningStatus::Kontaktdata);
    k.reg->gaeldende_personnummer.reset();
    CPPUNIT_ASSERT_EQUAL(std::string("CPR: personnummeret er ændret; CPR oplyser ikke det "
                                     "gældende nummer. Kontaktdata for det gamle nummer er brugt"),
                         advarselstekst(k(), Advarselskode::PersonnummerAendret));
  }

  void testRegisterUnavailableWithCache() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1)});
    k.status = Registerstatus::Cache;
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(
        std::string(
            "1 EMAIL anna@example.dk | 2 DIGITAL_POST CPR | 3 BREVPOST CPR Vestergade 12, 8000"),
        kanaler(a));
    CPPUNIT_ASSERT(a.registreret_adresse);
    CPPUNIT_ASSERT_EQUAL(std::string("REGISTER_UTILGAENGELIG"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR svarede ikke i tide; senest gemte registerdata er brugt"),
                         advarselstekst(a, Advarselskode::RegisterUtilgaengelig));
    Kald c;
    c.part = firma(kEksempel);
    c.reg = eksempel_reg();
    c.status = Registerstatus::Cache;
    CPPUNIT_ASSERT_EQUAL(std::string("CVR svarede ikke i tide; senest gemte registerdata er brugt"),
                         advarselstekst(c(), Advarselskode::RegisterUtilgaengelig));
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CVR | 2 BREVPOST CVR Industrivej 7, 7100"),
                         kanaler(c()));
  }

  void testRegisterUnavailableWithoutCache() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1)}, {form("en", 1)});
    k.status = Registerstatus::Utilgaengelig;
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT(a.status == AnvisningStatus::Kontaktdata);
    CPPUNIT_ASSERT_EQUAL(std::string("1 EMAIL anna@example.dk"), kanaler(a));
    CPPUNIT_ASSERT(!a.registreret_adresse);
    CPPUNIT_ASSERT_EQUAL(std::string("en TEKST KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string("REGISTER_UTILGAENGELIG"), advarsler(a));
    // No stored data either: an empty answer with the warning.
    k.stored.reset();
    a = k();
    CPPUNIT_ASSERT(a.status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT_EQUAL(std::string(""), kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST STANDARD"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string("REGISTER_UTILGAENGELIG"), advarsler(a));
    // "Answered" without any data is treated the same.
    k.status = Registerstatus::Svar;
    k.reg.reset();
    CPPUNIT_ASSERT(a == k());
  }

  void testUnknownInRegister() {
    Kald k = med_gemt({kanal(Kanal::Brevpost, kPostId, 1)});
    k.part = person(kUkendt);
    k.stored->part = k.part;
    k.reg = ukendt_reg();
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("UKENDT_I_REGISTER"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR kender ikke personnummeret"),
                         advarselstekst(a, Advarselskode::UkendtIRegister));
    // An unknown number carries no protection: the stored BREVPOST stays; nothing from CPR.
    CPPUNIT_ASSERT_EQUAL(std::string("1 BREVPOST Testvej 1, 8000"), kanaler(a));
    CPPUNIT_ASSERT(!a.registreret_adresse);
    // Whatever else the unknown answer holds is not used.
    k.reg->tilmeldt_digitalpost = true;
    k.reg->aktuel_adresse = annas_bopael();
    k.reg->status = kCprStatusDoed;
    CPPUNIT_ASSERT(a == k());
    Kald c;
    c.part = firma(kEksempel);
    c.reg = ukendt_reg();
    CPPUNIT_ASSERT_EQUAL(std::string("CVR kender ikke CVR-nummeret"),
                         advarselstekst(c(), Advarselskode::UkendtIRegister));
    CPPUNIT_ASSERT_EQUAL(std::string(""), kanaler(c()));
  }

  void testNotVerified() {
    Kald k = med_gemt({kanal(Kanal::Email, kEmailId, 1), kanal(Kanal::Sms, kMobilId, 2)});
    k.part = person(kEmil);
    k.reg = emil_reg();
    k.instant = ts(2024, 8, 31, 10);
    // None without SidstVerificeret.
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(k()));
    // 18 months before 31 August 2024 10:00 is 29 February 2024 10:00: exactly that is not more.
    k.stored->adresser[1].sidst_verificeret = ts(2023, 2, 28, 10);
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(k()));
    k.stored->adresser[1].sidst_verificeret = ts(2023, 2, 28, 10) - microseconds{1};
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("IKKE_VERIFICERET"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kanal 1 (EMAIL): adressen er sidst verificeret 2023-02-28, mere end 18 "
                    "måneder før"),
        advarselstekst(a, Advarselskode::IkkeVerificeret));
    // A mobile too, one warning per channel, by its place in the answer.
    k.stored->adresser[2].sidst_verificeret = ts(2020, 5, 1);
    a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("IKKE_VERIFICERET,IKKE_VERIFICERET"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kanal 2 (SMS): adressen er sidst verificeret 2020-05-01, mere end 18 "
                    "måneder før"),
        a.advarsler[1].tekst);
    // In the contract's order: IKKE_VERIFICERET before UKENDT_I_REGISTER.
    k.reg = ukendt_reg();
    CPPUNIT_ASSERT_EQUAL(std::string("IKKE_VERIFICERET,IKKE_VERIFICERET,UKENDT_I_REGISTER"),
                         advarsler(k()));
    k.reg = emil_reg();
    // Recently verified: none.
    k.stored->adresser[1].sidst_verificeret = ts(2024, 1, 1);
    k.stored->adresser[2].sidst_verificeret = ts(2023, 3, 1);
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(k()));
  }

  void testNotVerifiedOnlyChosenEmailAndMobile() {
    Kald k = med_gemt({kanal(Kanal::Brevpost, kPostId, 1), kanal(Kanal::Email, kEmailId, 1, "32"),
                       kanal(Kanal::Telefon, kMobilId, 2)});
    k.part = person(kEmil);
    k.reg = emil_reg();
    for (auto& a : k.stored->adresser) a.sidst_verificeret = ts(2020, 1, 1);
    // Unscoped: the postal address is never checked, the TELEFON's mobile is.
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("IKKE_VERIFICERET"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kanal 2 (TELEFON): adressen er sidst verificeret 2020-01-01, mere end 18 "
                    "måneder før"),
        a.advarsler[0].tekst);
    // Fortrolig removes the e-mail channel of scope 32, so its address is not warned about.
    k.omr = "32";
    k.fortrolig = true;
    a = k();
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kanal 2 (TELEFON): adressen er sidst verificeret 2020-01-01, mere end 18 "
                    "måneder før"),
        advarselstekst(a, Advarselskode::IkkeVerificeret));
    CPPUNIT_ASSERT_EQUAL(std::string("IKKE_VERIFICERET"), advarsler(a));
    k.fortrolig = false;
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kanal 1 (EMAIL): adressen er sidst verificeret 2020-01-01, mere end 18 "
                    "måneder før"),
        advarselstekst(k(), Advarselskode::IkkeVerificeret));
  }

  // ---- Rule 3: the form ----

  void testLanguageAllowedChosen() {
    Kald k = med_gemt({}, {form("en", 1), form("da", 2)});
    k.stored->former[0].tiltaleform = Tiltaleform::De;
    k.stored->former[0].medie = Medie::Lyd;
    k.regler = {Opgavesprog{"32", {"da", "en"}}};
    k.omr = "32.18";
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("en DE LYD KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string("gælder alle sagsområder; sprog tilladt for sagsområde 32"),
                         a.kontaktform->begrundelse);
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(a));
    // The first form's language not allowed, the second's is: the second.
    k.regler = {Opgavesprog{"32", {"da"}}};
    a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(a));
  }

  void testMostSpecificLanguageRuleWins() {
    Kald k = med_gemt({}, {form("en", 1), form("da", 2)});
    k.regler = {Opgavesprog{"32.18", {"da"}}, Opgavesprog{"32", {"da", "en"}},
                Opgavesprog{"32.18.04", {"en"}}};
    k.omr = "32.18.05";  // 32.18 applies: only da
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST KONTAKTDATA"), formen(k()));
    CPPUNIT_ASSERT_EQUAL(std::string("gælder alle sagsområder; sprog tilladt for sagsområde 32.18"),
                         k().kontaktform->begrundelse);
    k.omr = "32.18.04";  // 32.18.04 applies: en
    CPPUNIT_ASSERT_EQUAL(std::string("en TEKST KONTAKTDATA"), formen(k()));
    k.omr = "32.19";  // 32 applies
    CPPUNIT_ASSERT_EQUAL(std::string("en TEKST KONTAKTDATA"), formen(k()));
    CPPUNIT_ASSERT_EQUAL(std::string("gælder alle sagsområder; sprog tilladt for sagsområde 32"),
                         k().kontaktform->begrundelse);
  }

  void testNoRuleOnlyDanish() {
    Kald k = med_gemt({}, {form("en", 1), form("da", 2)});
    k.regler = {Opgavesprog{"33", {"en"}}};  // does not cover 32
    k.omr = "32.18";
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("gælder alle sagsområder; dansk tilladt uden opgavesprogsregel"),
        a.kontaktform->begrundelse);
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(a));
  }

  void testNoLanguageAllowed() {
    Kald k = med_gemt({}, {form("tr", 1, "32"), form("ar", 2, "32"), form("da", 1)});
    k.stored->former[0].tiltaleform = Tiltaleform::Du;
    k.stored->former[0].tolkesprog = "ku";  // replaced by the form's own Sprog
    k.stored->former[0].tolkebehov = false;
    k.regler = {Opgavesprog{"32", {"da", "en"}}};
    k.omr = "32.18";
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("da DU TEKST tolk:tr KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string("SPROG_IKKE_TILLADT"), advarsler(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Sproget tr er ikke tilladt for sagsområde 32.18 (sagsområde 32); der "
                    "kommunikeres på dansk med tolk"),
        advarselstekst(a, Advarselskode::SprogIkkeTilladt));
    CPPUNIT_ASSERT_EQUAL(
        std::string("kontaktform for sagsområde 32; sproget er ikke tilladt (sagsområde 32): "
                    "dansk med tolk"),
        a.kontaktform->begrundelse);
    // With no rule at all only da is allowed.
    k.regler.clear();
    a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("da DU TEKST tolk:tr KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Sproget tr er ikke tilladt for sagsområde 32.18 (ingen opgavesprogsregel, "
                    "kun dansk); der kommunikeres på dansk med tolk"),
        advarselstekst(a, Advarselskode::SprogIkkeTilladt));
  }

  void testNoLanguageAllowedFirstFormIsDanish() {
    // A rule that leaves out Danish: the first form is Danish already; no interpreter to Danish.
    Kald k = med_gemt({}, {form("da", 1), form("tr", 2)});
    k.regler = {Opgavesprog{"32", {"en"}}};
    k.omr = "32";
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string("SPROG_IKKE_TILLADT"), advarsler(a));
  }

  void testNoCaseAreaNoLanguageRule() {
    Kald k = med_gemt({}, {form("en", 1), form("da", 2), form("tr", 1, "32")});
    k.regler = {Opgavesprog{"32", {"da"}}};
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("en TEKST KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(std::string("gælder alle sagsområder"), a.kontaktform->begrundelse);
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(a));
  }

  void testFormScopeReplaces() {
    Kald k = med_gemt({}, {form("da", 1), form("en", 1, "32.18"), form("de", 2, "32.18"),
                           form("sv", 1, "32.18.04")});
    k.stored->former[0].tiltaleform = Tiltaleform::De;
    k.regler = {Opgavesprog{"32", {"da", "de", "sv"}}};
    k.omr = "32.18.05";
    // 32.18's forms only: en not allowed, de is; the unscoped da is not considered.
    Kontaktanvisning a = k();
    CPPUNIT_ASSERT_EQUAL(std::string("de TEKST KONTAKTDATA"), formen(a));
    CPPUNIT_ASSERT_EQUAL(
        std::string("kontaktform for sagsområde 32.18; sprog tilladt for sagsområde 32"),
        a.kontaktform->begrundelse);
    // 32.18's forms with nothing allowed: the first with an interpreter, not the unscoped da.
    k.regler = {Opgavesprog{"32", {"da"}}};
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST tolk:en KONTAKTDATA"), formen(k()));
    k.omr = "32.18.04";
    k.regler = {Opgavesprog{"32", {"sv"}}};
    CPPUNIT_ASSERT_EQUAL(std::string("sv TEKST KONTAKTDATA"), formen(k()));
    k.omr = "33";
    CPPUNIT_ASSERT_EQUAL(std::string("da DE TEKST KONTAKTDATA"), formen(k()));
  }

  void testFormDefaults() {
    Kald k = med_gemt({}, {form("da", 1)});
    // Medie TEKST and Tolkebehov false when the form has none.
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST KONTAKTDATA"), formen(k()));
    CPPUNIT_ASSERT(!k().kontaktform->tolkebehov);
    // Otherwise the form's own values, Tolkesprog included.
    k.stored->former[0].medie = Medie::Punktskrift;
    k.stored->former[0].tolkebehov = true;
    k.stored->former[0].tolkesprog = "dsl";
    CPPUNIT_ASSERT_EQUAL(std::string("da PUNKTSKRIFT tolk:dsl KONTAKTDATA"), formen(k()));
    CPPUNIT_ASSERT(k().kontaktform->kilde == FormKilde::Kontaktdata);
  }

  void testStandardForm() {
    AnvisningKontaktform standard;
    standard.begrundelse = "standard: dansk";
    CPPUNIT_ASSERT_EQUAL(std::string("da"), standard.sprog);
    // No stored data.
    Kald k;
    CPPUNIT_ASSERT(k().kontaktform == standard);
    // Stored data without forms.
    k = med_gemt({kanal(Kanal::Email, kEmailId, 1)});
    CPPUNIT_ASSERT(k().kontaktform == standard);
    // Forms only for another case area, and an Opgavesprog rule that does not allow da: the
    // standard still (Danish is the legally safe default), with no warning.
    k.stored->former = {form("en", 1, "33")};
    k.regler = {Opgavesprog{"32", {"en"}}};
    k.omr = "32.18";
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT(a.kontaktform == standard);
    CPPUNIT_ASSERT(!a.kontaktform->tiltaleform);
    CPPUNIT_ASSERT(!a.kontaktform->tolkesprog);
    CPPUNIT_ASSERT_EQUAL(std::string(""), advarsler(a));
    // Without a case area a scoped form does not count.
    k.omr.reset();
    k.stored->former = {form("en", 1, "32")};
    CPPUNIT_ASSERT(k().kontaktform == standard);
  }

  // ---- Status and the whole answer ----

  void testStatus() {
    Kald k;
    CPPUNIT_ASSERT(k().status == AnvisningStatus::KunRegister);
    k = med_gemt({});
    CPPUNIT_ASSERT(k().status == AnvisningStatus::Kontaktdata);
    // Passivated data counts as none (the caller should pass nullopt; this guards it).
    k = med_gemt({kanal(Kanal::Email, kEmailId, 1)}, {form("en", 1)});
    k.stored->registrering = Registrering{};
    k.stored->registrering->livscyklus = Livscyklus::Passiveret;
    const Kontaktanvisning a = k();
    CPPUNIT_ASSERT(a.status == AnvisningStatus::KunRegister);
    CPPUNIT_ASSERT_EQUAL(std::string("1 DIGITAL_POST CPR | 2 BREVPOST CPR Vestergade 12, 8000"),
                         kanaler(a));
    CPPUNIT_ASSERT_EQUAL(std::string("da TEKST STANDARD"), formen(a));
    k.stored->registrering->livscyklus = Livscyklus::Rettet;
    CPPUNIT_ASSERT(k().status == AnvisningStatus::Kontaktdata);
  }

  void testInvalidPart() {
    const Kontaktanvisning a = ugyldig_anvisning(person("0101701"));
    CPPUNIT_ASSERT(a.part == person("0101701"));
    CPPUNIT_ASSERT(a.status == AnvisningStatus::Ugyldig);
    CPPUNIT_ASSERT(a.kanaler.empty());
    CPPUNIT_ASSERT(!a.kontaktform);
    CPPUNIT_ASSERT(!a.registreret_adresse);
    CPPUNIT_ASSERT(a.advarsler.empty());
  }

  void testEveryElementExplained() {
    // Every scenario above in one sweep: each channel and the form has a Begrundelse of at most
    // 255 bytes, each warning a text of at most 255 bytes, and no CPR number of a demo person
    // appears in any text (the current number of status 60 is the one exception, tested above).
    std::vector<Kald> kald;
    for (const auto& [cpr, reg] :
         std::vector<std::pair<const char*, Registerdata>>{{kAnna, anna_reg()},
                                                           {kBo, bo_reg()},
                                                           {kCarl, carl_reg()},
                                                           {kDorte, dorte_reg()},
                                                           {kEmil, emil_reg()},
                                                           {kUkendt, ukendt_reg()}}) {
      Kald k = med_gemt(
          {kanal(Kanal::Email, kEmailId, 1, "32.18"), kanal(Kanal::Brevpost, kPostId, 2, "32.18"),
           kanal(Kanal::Telefon, kMobilId, 1)},
          {form("tr", 1, "32")});
      k.part = person(cpr);
      k.reg = reg;
      for (auto& a : k.stored->adresser) a.sidst_verificeret = ts(2020, 1, 1);
      for (const auto* omr : {"32.18.04", "33"}) {
        k.omr = omr;
        kald.push_back(k);
        k.status = Registerstatus::Utilgaengelig;
        kald.push_back(k);
        k.status = Registerstatus::Svar;
      }
    }
    for (const char* cvr : {kEksempel, kOphoert}) {
      Kald k;
      k.part = firma(cvr);
      k.reg = std::string(cvr) == kEksempel ? eksempel_reg() : ophoert_reg();
      kald.push_back(k);
    }
    std::size_t advarsler_i_alt = 0;
    for (const auto& k : kald) {
      const Kontaktanvisning a = k();
      for (const auto& c : a.kanaler) {
        CPPUNIT_ASSERT_MESSAGE(kanaler(a), !c.begrundelse.empty());
        CPPUNIT_ASSERT(c.begrundelse.size() <= 255);
      }
      CPPUNIT_ASSERT(a.kontaktform);
      CPPUNIT_ASSERT(!a.kontaktform->begrundelse.empty());
      CPPUNIT_ASSERT(a.kontaktform->begrundelse.size() <= 255);
      for (const auto& w : a.advarsler) {
        ++advarsler_i_alt;
        CPPUNIT_ASSERT(!w.tekst.empty());
        CPPUNIT_ASSERT(w.tekst.size() <= 255);
        for (const char* cpr : {kAnna, kBo, kCarl, kDorte, kEmil, kUkendt}) {
          CPPUNIT_ASSERT_MESSAGE(w.tekst, w.tekst.find(cpr) == std::string::npos);
        }
      }
    }
    CPPUNIT_ASSERT(advarsler_i_alt > 20);
  }

  void testWireNames() {
    CPPUNIT_ASSERT_EQUAL(std::string("ADRESSEBESKYTTELSE"),
                         std::string(to_string(Advarselskode::Adressebeskyttelse)));
    CPPUNIT_ASSERT_EQUAL(std::string("DOED"), std::string(to_string(Advarselskode::Doed)));
    CPPUNIT_ASSERT_EQUAL(std::string("UDREJST"), std::string(to_string(Advarselskode::Udrejst)));
    CPPUNIT_ASSERT_EQUAL(std::string("FORSVUNDET"),
                         std::string(to_string(Advarselskode::Forsvundet)));
    CPPUNIT_ASSERT_EQUAL(std::string("PERSONNUMMER_AENDRET"),
                         std::string(to_string(Advarselskode::PersonnummerAendret)));
    CPPUNIT_ASSERT_EQUAL(std::string("OPHOERT"), std::string(to_string(Advarselskode::Ophoert)));
    CPPUNIT_ASSERT_EQUAL(std::string("REGISTER_UTILGAENGELIG"),
                         std::string(to_string(Advarselskode::RegisterUtilgaengelig)));
    CPPUNIT_ASSERT_EQUAL(std::string("UKENDT_I_REGISTER"),
                         std::string(to_string(Advarselskode::UkendtIRegister)));
    CPPUNIT_ASSERT_EQUAL(std::string("IKKE_VERIFICERET"),
                         std::string(to_string(Advarselskode::IkkeVerificeret)));
    CPPUNIT_ASSERT_EQUAL(std::string("SPROG_IKKE_TILLADT"),
                         std::string(to_string(Advarselskode::SprogIkkeTilladt)));
    CPPUNIT_ASSERT_EQUAL(std::string("KONTAKTDATA"),
                         std::string(to_string(AnvisningStatus::Kontaktdata)));
    CPPUNIT_ASSERT_EQUAL(std::string("KUN_REGISTER"),
                         std::string(to_string(AnvisningStatus::KunRegister)));
    CPPUNIT_ASSERT_EQUAL(std::string("UGYLDIG"), std::string(to_string(AnvisningStatus::Ugyldig)));
    CPPUNIT_ASSERT_EQUAL(std::string("KONTAKTDATA"), std::string(to_string(Kilde::Kontaktdata)));
    CPPUNIT_ASSERT_EQUAL(std::string("CPR"), std::string(to_string(Kilde::Cpr)));
    CPPUNIT_ASSERT_EQUAL(std::string("CVR"), std::string(to_string(Kilde::Cvr)));
    CPPUNIT_ASSERT_EQUAL(std::string("KONTAKTDATA"),
                         std::string(to_string(FormKilde::Kontaktdata)));
    CPPUNIT_ASSERT_EQUAL(std::string("STANDARD"), std::string(to_string(FormKilde::Standard)));
  }
};

CPPUNIT_TEST_SUITE_REGISTRATION(KontaktanvisningTest);

}  // namespace kontaktdata::domain
