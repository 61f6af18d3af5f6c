// KontaktdataService's writes against the in-memory Store: Ret (versions, whole replacement,
// persisting AdresseIDs, withheld addresses), Passiver, Slet, Importer (one bad item among good
// ones, duplicates, FOR_MANGE), and safe retries by CallersServiceCallIdentifier.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/error.hpp"
#include "domain/kontaktdata_service.hpp"
#include "domain/validation.hpp"
#include "domain_fake_store.hpp"

namespace kontaktdata::domain {

using namespace test;
using std::chrono::hours;
using std::chrono::seconds;

namespace {

constexpr const char* kEsdh2 = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0003";

Kaldkontekst med_noegle(const std::string& noegle, const char* system = kEsdh,
                        const char* kommune = kAarhus) {
  Kaldkontekst ctx = kontekst(system, kommune);
  ctx.callers_service_call_identifier = noegle;
  return ctx;
}

}  // namespace

class WritesTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(WritesTest);
  CPPUNIT_TEST(testRetReplacesWholeData);
  CPPUNIT_TEST(testRetRegistration);
  CPPUNIT_TEST(testRetStaleVersion);
  CPPUNIT_TEST(testRetWithoutVersion);
  CPPUNIT_TEST(testRetMissingPart);
  CPPUNIT_TEST(testRetPassivatedPart);
  CPPUNIT_TEST(testRetInvalidDataNotStored);
  CPPUNIT_TEST(testRetAdresseIdsPersist);
  CPPUNIT_TEST(testRetTilbageholdtKeepsStoredValue);
  CPPUNIT_TEST(testRetTilbageholdtUnknownAddress);
  CPPUNIT_TEST(testRetTilbageholdtPartMissing);
  CPPUNIT_TEST(testPassiver);
  CPPUNIT_TEST(testPassiverWithoutVersion);
  CPPUNIT_TEST(testPassiverStaleVersion);
  CPPUNIT_TEST(testOpretAfterPassiverContinuesVersions);
  CPPUNIT_TEST(testSlet);
  CPPUNIT_TEST(testSletMissingPart);
  CPPUNIT_TEST(testSletInvalidPart);
  CPPUNIT_TEST(testImporterOneBadItemAmongGood);
  CPPUNIT_TEST(testImporterDuplicatePart);
  CPPUNIT_TEST(testImporterAllBad);
  CPPUNIT_TEST(testImporterVersionIgnored);
  CPPUNIT_TEST(testImporterTilbageholdt);
  CPPUNIT_TEST(testImporterThousandAccepted);
  CPPUNIT_TEST(testImporterForMange);
  CPPUNIT_TEST(testImporterEmpty);
  CPPUNIT_TEST(testOpretRetriedGetsOriginalAnswer);
  CPPUNIT_TEST(testRetRetriedGetsOriginalAnswer);
  CPPUNIT_TEST(testPassiverRetried);
  CPPUNIT_TEST(testSletRetried);
  CPPUNIT_TEST(testImporterRetriedGetsOriginalAnswer);
  CPPUNIT_TEST(testRetryWindow);
  CPPUNIT_TEST(testRetryWindowConfigurable);
  CPPUNIT_TEST(testOtherSystemSameKeyIndependent);
  CPPUNIT_TEST(testOtherMunicipalitySameKeyIndependent);
  CPPUNIT_TEST(testKeyReusedForOtherPartRefused);
  CPPUNIT_TEST(testKeyReusedForOtherOperationRefused);
  CPPUNIT_TEST(testFailedWriteLeavesNoKey);
  CPPUNIT_TEST(testWriteWithoutKey);
  CPPUNIT_TEST(testAccessLogOfWrites);
  CPPUNIT_TEST(testWritesNotGrantedToFagsystem);
  CPPUNIT_TEST(testWritesCheckContextFirst);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    store_ = std::make_unique<FakeStore>();
    store_->data.grants[kEsdh2] = {{kAarhus, kAlle}};
    clock_ = kNow;
    service_ = std::make_unique<KontaktdataService>(*store_, [this] { return clock_; });
  }

  void tearDown() override {
    service_.reset();
    store_.reset();
  }

  // ---- Ret ------------------------------------------------------------------------------------

  void testRetReplacesWholeData() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata ny = service_->laes(kontekst(), cpr(kAnna));
    ny.kanaler.clear();                          // the channel goes
    ny.former[0].sprog = "eng";                  // canonicalised on the way in
    ny.adresser.erase(ny.adresser.begin() + 1);  // and the email address
    clock_ += seconds(10);
    const Versionssvar svar = service_->ret(kontekst(), ny, std::nullopt);
    CPPUNIT_ASSERT(svar.part == cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, svar.version);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, store_->data.last_forventet_version);
    CPPUNIT_ASSERT(!store_->data.last_ret_data.version);  // passed apart, not in the data
    CPPUNIT_ASSERT(!store_->data.last_ret_data.registrering);

    const auto now = store_->data.current(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT(now.has_value());
    CPPUNIT_ASSERT(now->version == std::optional<std::int64_t>(2));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, now->adresser.size());
    CPPUNIT_ASSERT(now->kanaler.empty());
    CPPUNIT_ASSERT_EQUAL(std::string("en"), now->former[0].sprog);
    CPPUNIT_ASSERT(now->registrering->livscyklus == Livscyklus::Rettet);
  }

  void testRetRegistration() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata ny = anna();
    ny.version = 1;
    clock_ += seconds(5);
    service_->ret(kontekst(), ny, std::string("borgeren ringede"));
    const Registrering& r = store_->data.last_registrering;
    CPPUNIT_ASSERT(r.tidspunkt == kNow + seconds(5));
    CPPUNIT_ASSERT(r.livscyklus == Livscyklus::Rettet);
    CPPUNIT_ASSERT_EQUAL(std::string(kEsdh), r.user_system_uuid);
    CPPUNIT_ASSERT_EQUAL(std::string(kUser), r.user_uuid);
    CPPUNIT_ASSERT(r.on_behalf_of_user == std::optional<std::string>("sagsbehandler-42"));
    CPPUNIT_ASSERT(r.note == std::optional<std::string>("borgeren ringede"));
    const auto& events = store_->data.events(kAarhus);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, events.size());
    CPPUNIT_ASSERT(events[1].type == Haendelsestype::Rettet);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, events[1].version);
  }

  void testRetStaleVersion() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata ny = anna();
    ny.version = 1;
    ny.former[0].sprog = "en";
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, service_->ret(kontekst(), ny, std::nullopt).version);
    const int commits = store_->data.commits;

    Kontaktdata stale = anna();
    stale.version = 1;
    stale.former[0].sprog = "sv";
    EXPECT_ERROR(Versionskonflikt, service_->ret(kontekst(), stale, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(commits, store_->data.commits);
    const auto now = store_->data.current(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT(now->version == std::optional<std::int64_t>(2));
    CPPUNIT_ASSERT_EQUAL(std::string("en"), now->former[0].sprog);
    // A version from the future is just as stale.
    stale.version = 3;
    EXPECT_ERROR(Versionskonflikt, service_->ret(kontekst(), stale, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store_->data.log_for(kAarhus, cpr(kAnna)).size());
  }

  void testRetWithoutVersion() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const Error e = EXPECT_ERROR(Versionskonflikt, service_->ret(kontekst(), anna(), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktdata/Version: mangler; Ret kræver den senest læste version"), text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.ret_calls);
  }

  void testRetMissingPart() {
    Kontaktdata d = anna();
    d.version = 1;
    EXPECT_ERROR(PartFindesIkke, service_->ret(kontekst(), d, std::nullopt));
    // Another municipality's part is no part here.
    service_->opret(kontekst(kEsdh, kKoebenhavn), anna(), std::nullopt);
    EXPECT_ERROR(PartFindesIkke, service_->ret(kontekst(), d, std::nullopt));
  }

  void testRetPassivatedPart() {
    service_->opret(kontekst(), anna(), std::nullopt);
    service_->passiver(kontekst(), cpr(kAnna), 1, std::nullopt);
    Kontaktdata d = anna();
    d.version = 2;
    EXPECT_ERROR(PartFindesIkke, service_->ret(kontekst(), d, std::nullopt));
  }

  void testRetInvalidDataNotStored() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata d = anna();
    d.version = 1;
    d.adresser[1].email = "anna.example.dk";
    const Error e = EXPECT_ERROR(UgyldigVaerdi, service_->ret(kontekst(), d, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktadresse[2]/Email: skal indeholde netop ét @"),
                         text(e));
    d = anna();
    d.version = 1;
    d.part.nummer = "3102701234";
    EXPECT_ERROR(UgyldigCpr, service_->ret(kontekst(), d, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.ret_calls);
  }

  void testRetAdresseIdsPersist() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata d = service_->laes(kontekst(), cpr(kAnna));
    const std::string mobil_id = d.adresser[0].adresse_id;  // chosen by the service at Opret
    CPPUNIT_ASSERT(is_valid_uuid(mobil_id));
    d.adresser[0].mobilnummer = "+46 70 123 45 67";
    Kontaktadresse ny;
    ny.type = Adressetype::Email;
    ny.email = "anna@privat.example.dk";
    d.adresser.push_back(ny);  // no ID: the service chooses one
    service_->ret(kontekst(), d, std::nullopt);

    const auto now = store_->data.current(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, now->adresser.size());
    CPPUNIT_ASSERT_EQUAL(mobil_id, now->adresser[0].adresse_id);
    CPPUNIT_ASSERT_EQUAL(std::string("+46701234567"), *now->adresser[0].mobilnummer);
    CPPUNIT_ASSERT_EQUAL(std::string(kAnnaEmailId), now->adresser[1].adresse_id);
    CPPUNIT_ASSERT(is_valid_uuid(now->adresser[2].adresse_id));
    CPPUNIT_ASSERT(now->adresser[2].adresse_id != mobil_id);
    CPPUNIT_ASSERT(now->adresser[2].adresse_id != kAnnaEmailId);
  }

  void testRetTilbageholdtKeepsStoredValue() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    // What a system that may not see protected addresses was shown, sent back through the ESDH
    // with the period changed and the value "edited".
    Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kAnna));
    CPPUNIT_ASSERT(d.adresser[2].tilbageholdt == std::optional<bool>(true));
    CPPUNIT_ASSERT(!d.adresser[2].postadresse);
    d.adresser[2].gyldig_til = Dato{2030, 1, 1};
    service_->ret(kontekst(), d, std::nullopt);

    auto now = store_->data.current(kAarhus, cpr(kAnna));
    const Kontaktadresse& post = now->adresser[2];
    CPPUNIT_ASSERT_EQUAL(std::string(kAnnaPostId), post.adresse_id);
    CPPUNIT_ASSERT(post.postadresse == anna_med_post().adresser[2].postadresse);
    CPPUNIT_ASSERT(post.gyldig_til == std::optional<Dato>(Dato{2030, 1, 1}));
    CPPUNIT_ASSERT(!post.tilbageholdt);  // output only, never stored

    // A value sent with Tilbageholdt true does not replace the stored one either.
    d = service_->laes(kontekst(), cpr(kAnna));
    d.adresser[2].tilbageholdt = true;
    d.adresser[2].postadresse = Adresselinjer{{"Et andet sted 1"}, "SE"};
    service_->ret(kontekst(), d, std::nullopt);
    now = store_->data.current(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT(now->adresser[2].postadresse == anna_med_post().adresser[2].postadresse);
    CPPUNIT_ASSERT(now->version == std::optional<std::int64_t>(3));
  }

  void testRetTilbageholdtUnknownAddress() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kAnna));
    d.adresser[2].adresse_id = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2999";
    d.kanaler.clear();
    Error e = EXPECT_ERROR(UgyldigReference, service_->ret(kontekst(), d, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktdata/Kontaktadresse[3]/AdresseID: Tilbageholdt "
                                     "kræver AdresseID på en gemt Kontaktadresse"),
                         text(e));
    d.adresser[2].adresse_id.clear();
    e = EXPECT_ERROR(UgyldigReference, service_->ret(kontekst(), d, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.ret_calls);
  }

  void testRetTilbageholdtPartMissing() {
    Kontaktdata d = anna_med_post();
    d.version = 1;
    d.adresser[2].tilbageholdt = true;
    d.adresser[2].postadresse.reset();
    EXPECT_ERROR(PartFindesIkke, service_->ret(kontekst(), d, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.ret_calls);
  }

  // ---- Passiver -------------------------------------------------------------------------------

  void testPassiver() {
    service_->opret(kontekst(), anna(), std::nullopt);
    clock_ += seconds(1);
    const Versionssvar svar =
        service_->passiver(kontekst(), cpr(kAnna), 1, std::string("borgeren er fraflyttet"));
    CPPUNIT_ASSERT(svar.part == cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, svar.version);
    const Registrering& r = store_->data.last_registrering;
    CPPUNIT_ASSERT(r.livscyklus == Livscyklus::Passiveret);
    CPPUNIT_ASSERT(r.tidspunkt == kNow + seconds(1));
    CPPUNIT_ASSERT(r.note == std::optional<std::string>("borgeren er fraflyttet"));
    // Laes still answers it.
    const Kontaktdata d = service_->laes(kontekst(), cpr(kAnna));
    CPPUNIT_ASSERT(d.registrering->livscyklus == Livscyklus::Passiveret);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, d.adresser.size());
    CPPUNIT_ASSERT(store_->data.events(kAarhus).back().type == Haendelsestype::Passiveret);
  }

  void testPassiverWithoutVersion() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const Error e = EXPECT_ERROR(
        Versionskonflikt, service_->passiver(kontekst(), cpr(kAnna), std::nullopt, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("Version: mangler; Passiver kræver den senest læste version"),
                         text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.passiver_calls);
    EXPECT_ERROR(UgyldigCpr,
                 service_->passiver(kontekst(), cpr("0101701234x"), std::nullopt, std::nullopt));
  }

  void testPassiverStaleVersion() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata d = anna();
    d.version = 1;
    service_->ret(kontekst(), d, std::nullopt);
    EXPECT_ERROR(Versionskonflikt, service_->passiver(kontekst(), cpr(kAnna), 1, std::nullopt));
    CPPUNIT_ASSERT(store_->data.current(kAarhus, cpr(kAnna))->registrering->livscyklus ==
                   Livscyklus::Rettet);
    EXPECT_ERROR(PartFindesIkke, service_->passiver(kontekst(), cpr(kEmil), 1, std::nullopt));
  }

  void testOpretAfterPassiverContinuesVersions() {
    service_->opret(kontekst(), anna(), std::nullopt);
    service_->passiver(kontekst(), cpr(kAnna), 1, std::nullopt);
    const Versionssvar svar = service_->opret(kontekst(), anna(), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, svar.version);
  }

  // ---- Slet -----------------------------------------------------------------------------------

  void testSlet() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata d = anna();
    d.version = 1;
    service_->ret(kontekst(), d, std::nullopt);
    clock_ += seconds(3);
    const Part svar = service_->slet(kontekst(), cpr(kAnna), std::string("GDPR-anmodning"));
    CPPUNIT_ASSERT(svar == cpr(kAnna));
    CPPUNIT_ASSERT(store_->data.last_slet_tidspunkt == kNow + seconds(3));
    CPPUNIT_ASSERT(!store_->data.current(kAarhus, cpr(kAnna)));
    EXPECT_ERROR(PartFindesIkke, service_->laes(kontekst(), cpr(kAnna)));
    EXPECT_ERROR(PartFindesIkke, service_->laes(kontekst(), cpr(kAnna), kNow));

    const auto& events = store_->data.events(kAarhus);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, events.size());
    CPPUNIT_ASSERT(events[2].type == Haendelsestype::Slettet);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, events[2].version);
    const auto log = store_->data.log_for(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, log.size());
    CPPUNIT_ASSERT(log[2].operation == Operation::Slet);
  }

  void testSletMissingPart() {
    EXPECT_ERROR(PartFindesIkke, service_->slet(kontekst(), cpr(kAnna), std::nullopt));
    service_->opret(kontekst(), anna(), std::nullopt);
    service_->slet(kontekst(), cpr(kAnna), std::nullopt);
    EXPECT_ERROR(PartFindesIkke, service_->slet(kontekst(), cpr(kAnna), std::nullopt));
  }

  void testSletInvalidPart() {
    const Error e =
        EXPECT_ERROR(UgyldigCvr, service_->slet(kontekst(), cvr("12345675"), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("CVRNummer: fejl i kontrolciffer (modulus 11)"), text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.slet_calls);
  }

  // ---- Importer -------------------------------------------------------------------------------

  void testImporterOneBadItemAmongGood() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata ugyldig_email = minimal(cpr("0202801234"));
    ugyldig_email.adresser = {Kontaktadresse{}, Kontaktadresse{}};
    ugyldig_email.adresser[0].type = Adressetype::DigitalPost;
    ugyldig_email.adresser[1].type = Adressetype::Email;
    ugyldig_email.adresser[1].email = "ingen-snabel-a.example.dk";
    const std::vector<Kontaktdata> items = {minimal(cpr(kEmil)), anna(), ugyldig_email,
                                            minimal(cpr("3102701234")), minimal(cvr(kFirma))};
    clock_ += seconds(7);
    const auto svar = service_->importer(kontekst(), items);

    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, svar.size());
    CPPUNIT_ASSERT(svar[0].part == cpr(kEmil));
    CPPUNIT_ASSERT(svar[0].status == Skrivestatus::Oprettet);
    CPPUNIT_ASSERT(svar[0].version == std::optional<std::int64_t>(1));
    CPPUNIT_ASSERT(!svar[0].fejl_kode);
    CPPUNIT_ASSERT(svar[1].status == Skrivestatus::Rettet);
    CPPUNIT_ASSERT(svar[1].version == std::optional<std::int64_t>(2));
    CPPUNIT_ASSERT(svar[2].part == cpr("0202801234"));
    CPPUNIT_ASSERT(svar[2].status == Skrivestatus::Afvist);
    CPPUNIT_ASSERT(!svar[2].version);
    CPPUNIT_ASSERT_EQUAL(std::string("UGYLDIG_VAERDI"), *svar[2].fejl_kode);
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktdata[3]/Kontaktadresse[2]/Email: skal indeholde netop ét @"),
        *svar[2].fejl_tekst);
    CPPUNIT_ASSERT(svar[3].status == Skrivestatus::Afvist);
    CPPUNIT_ASSERT_EQUAL(std::string("UGYLDIG_CPR"), *svar[3].fejl_kode);
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktdata[4]/CPRNummer: ugyldig dato"),
                         *svar[3].fejl_tekst);
    CPPUNIT_ASSERT(svar[4].status == Skrivestatus::Oprettet);

    // The good items in one call, in request order, normalised, with the registration.
    CPPUNIT_ASSERT_EQUAL(1, store_->data.importer_calls);
    const auto& skrevet = store_->data.last_importer_items;
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, skrevet.size());
    CPPUNIT_ASSERT(skrevet[0].part == cpr(kEmil));
    CPPUNIT_ASSERT(skrevet[1].part == cpr(kAnna));
    CPPUNIT_ASSERT(skrevet[2].part == cvr(kFirma));
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), *skrevet[1].adresser[0].mobilnummer);
    CPPUNIT_ASSERT(is_valid_uuid(skrevet[1].adresser[0].adresse_id));
    const Registrering& r = store_->data.last_registrering;
    CPPUNIT_ASSERT(r.livscyklus == Livscyklus::Importeret);
    CPPUNIT_ASSERT(r.tidspunkt == kNow + seconds(7));
    CPPUNIT_ASSERT_EQUAL(std::string(kEsdh), r.user_system_uuid);
    CPPUNIT_ASSERT(!r.note);
    CPPUNIT_ASSERT(store_->data.current(kAarhus, cpr(kAnna))->registrering->livscyklus ==
                   Livscyklus::Importeret);
    CPPUNIT_ASSERT(!store_->data.current(kAarhus, cpr("0202801234")));
    // The error texts carry no CPR number.
    for (const auto& r2 : svar) {
      if (r2.fejl_tekst) {
        CPPUNIT_ASSERT(r2.fejl_tekst->find("0202801234") == std::string::npos);
        CPPUNIT_ASSERT(r2.fejl_tekst->find("3102701234") == std::string::npos);
      }
    }
  }

  void testImporterDuplicatePart() {
    Kontaktdata anna2 = anna();
    anna2.former[0].sprog = "en";
    const auto svar =
        service_->importer(kontekst(), {anna(), minimal(cpr(kEmil)), anna2, minimal(cvr(kFirma))});
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, svar.size());
    for (std::size_t i : {0u, 2u}) {
      CPPUNIT_ASSERT(svar[i].status == Skrivestatus::Afvist);
      CPPUNIT_ASSERT_EQUAL(std::string("UGYLDIG_VAERDI"), *svar[i].fejl_kode);
    }
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktdata[1]/CPRNummer: parten står flere gange i samme Importer"),
        *svar[0].fejl_tekst);
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktdata[3]/CPRNummer: parten står flere gange i samme Importer"),
        *svar[2].fejl_tekst);
    CPPUNIT_ASSERT(svar[1].status == Skrivestatus::Oprettet);
    CPPUNIT_ASSERT(svar[3].status == Skrivestatus::Oprettet);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store_->data.last_importer_items.size());
    CPPUNIT_ASSERT(!store_->data.current(kAarhus, cpr(kAnna)));
  }

  void testImporterAllBad() {
    const auto svar = service_->importer(kontekst(), {minimal(cpr("0000000000"))});
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, svar.size());
    CPPUNIT_ASSERT(svar[0].status == Skrivestatus::Afvist);
    CPPUNIT_ASSERT_EQUAL(std::string("UGYLDIG_CPR"), *svar[0].fejl_kode);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.importer_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.log_calls);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.commits);  // the retry key and its answer
  }

  void testImporterVersionIgnored() {
    Kontaktdata d = anna();
    d.version = 7;
    d.registrering = Registrering{};
    const auto svar = service_->importer(kontekst(), {d});
    CPPUNIT_ASSERT(svar[0].version == std::optional<std::int64_t>(1));
    CPPUNIT_ASSERT(!store_->data.last_importer_items[0].version);
    CPPUNIT_ASSERT(!store_->data.last_importer_items[0].registrering);
  }

  void testImporterTilbageholdt() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kAnna));  // post withheld
    Kontaktdata ny = minimal(cpr(kEmil));
    Kontaktadresse ukendt;
    ukendt.adresse_id = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2999";
    ukendt.tilbageholdt = true;
    ny.adresser = {ukendt};
    const auto svar = service_->importer(kontekst(), {d, ny, minimal(cvr(kFirma))});
    CPPUNIT_ASSERT(svar[0].status == Skrivestatus::Rettet);
    CPPUNIT_ASSERT(svar[1].status == Skrivestatus::Afvist);
    CPPUNIT_ASSERT_EQUAL(std::string("UGYLDIG_REFERENCE"), *svar[1].fejl_kode);
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktdata[2]/Kontaktadresse[1]/AdresseID: Tilbageholdt "
                                     "kræver AdresseID på en gemt Kontaktadresse"),
                         *svar[1].fejl_tekst);
    CPPUNIT_ASSERT(svar[2].status == Skrivestatus::Oprettet);
    // One read for the items with withheld addresses, only those.
    CPPUNIT_ASSERT_EQUAL(1, store_->data.laes_mange_calls);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store_->data.last_laes_mange.size());
    const auto now = store_->data.current(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT(now->adresser[2].postadresse == anna_med_post().adresser[2].postadresse);
  }

  void testImporterThousandAccepted() {
    std::vector<Kontaktdata> items;
    for (int i = 0; i < 1000; ++i) items.push_back(minimal(cpr(cpr_nummer(i))));
    const auto svar = service_->importer(kontekst(), items);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, svar.size());
    for (const auto& r : svar) CPPUNIT_ASSERT(r.status == Skrivestatus::Oprettet);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.importer_calls);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, store_->data.last_importer_items.size());
    CPPUNIT_ASSERT_EQUAL(1, store_->data.log_calls);  // one round trip for the whole log
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, store_->data.state.adgangslog.size());
  }

  void testImporterForMange() {
    std::vector<Kontaktdata> items;
    for (int i = 0; i < 1001; ++i) items.push_back(minimal(cpr(cpr_nummer(i))));
    const Error e = EXPECT_ERROR(ForMange, service_->importer(kontekst(), items));
    CPPUNIT_ASSERT_EQUAL(std::string("Kontaktdata: højst 1000 i ét kald"), text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.importer_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
  }

  void testImporterEmpty() {
    EXPECT_ERROR(UgyldigForespoergsel, service_->importer(kontekst(), {}));
  }

  // ---- Safe retries ---------------------------------------------------------------------------

  void testOpretRetriedGetsOriginalAnswer() {
    const Kaldkontekst ctx = med_noegle("opret-anna");
    const Versionssvar first = service_->opret(ctx, anna(), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.gem_calls);
    CPPUNIT_ASSERT(store_->data.last_gyldig_fra == kNow - hours(24));
    clock_ += hours(1);
    const Versionssvar again = service_->opret(ctx, anna(), std::nullopt);
    CPPUNIT_ASSERT(again.part == first.part);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, again.version);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.opret_calls);
    CPPUNIT_ASSERT_EQUAL(2, store_->data.reserver_calls);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.gem_calls);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, store_->data.events(kAarhus).size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, store_->data.log_for(kAarhus, cpr(kAnna)).size());
    // Without the key, the same request is a new one.
    EXPECT_ERROR(PartFindesAllerede, service_->opret(kontekst(), anna(), std::nullopt));
  }

  void testRetRetriedGetsOriginalAnswer() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata d = anna();
    d.version = 1;
    const Kaldkontekst ctx = med_noegle("ret-1");
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, service_->ret(ctx, d, std::nullopt).version);
    const Versionssvar again = service_->ret(ctx, d, std::nullopt);  // not VERSIONSKONFLIKT
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, again.version);
    CPPUNIT_ASSERT(again.part == cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(1, store_->data.ret_calls);
    CPPUNIT_ASSERT_EQUAL(
        std::size_t{2},
        store_->data.state.parts.at({kAarhus, Part::Type::Cpr, kAnna}).historik.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store_->data.log_for(kAarhus, cpr(kAnna)).size());
  }

  void testPassiverRetried() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const Kaldkontekst ctx = med_noegle("passiver-1");
    service_->passiver(ctx, cpr(kAnna), 1, std::nullopt);
    const Versionssvar again = service_->passiver(ctx, cpr(kAnna), 1, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{2}, again.version);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.passiver_calls);
  }

  void testSletRetried() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const Kaldkontekst ctx = med_noegle("slet-1");
    service_->slet(ctx, cpr(kAnna), std::nullopt);
    CPPUNIT_ASSERT(service_->slet(ctx, cpr(kAnna), std::nullopt) == cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(1, store_->data.slet_calls);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store_->data.events(kAarhus).size());
  }

  void testImporterRetriedGetsOriginalAnswer() {
    const Kaldkontekst ctx = med_noegle("import-1");
    const std::vector<Kontaktdata> items = {minimal(cpr(kEmil)), minimal(cpr("3102701234")),
                                            anna()};
    const auto first = service_->importer(ctx, items);
    const std::size_t log = store_->data.state.adgangslog.size();
    clock_ += hours(23);
    const auto again = service_->importer(ctx, items);
    CPPUNIT_ASSERT(again == first);
    CPPUNIT_ASSERT(again[1].status == Skrivestatus::Afvist);
    CPPUNIT_ASSERT_EQUAL(std::string("UGYLDIG_CPR"), *again[1].fejl_kode);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.importer_calls);
    CPPUNIT_ASSERT_EQUAL(log, store_->data.state.adgangslog.size());
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store_->data.events(kAarhus).size());
  }

  void testRetryWindow() {
    const Kaldkontekst ctx = med_noegle("opret-anna");
    service_->opret(ctx, anna(), std::nullopt);
    clock_ += hours(24) + std::chrono::microseconds(1);
    // The key has expired: the request runs again, and the part exists by now.
    EXPECT_ERROR(PartFindesAllerede, service_->opret(ctx, anna(), std::nullopt));
    CPPUNIT_ASSERT(store_->data.last_gyldig_fra == clock_ - hours(24));
  }

  void testRetryWindowConfigurable() {
    KontaktdataService service(
        *store_, [this] { return clock_; }, Indstillinger{hours(1)});
    const Kaldkontekst ctx = med_noegle("opret-anna");
    service.opret(ctx, anna(), std::nullopt);
    CPPUNIT_ASSERT(store_->data.last_gyldig_fra == kNow - hours(1));
    clock_ += std::chrono::minutes(59);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, service.opret(ctx, anna(), std::nullopt).version);
    clock_ += std::chrono::minutes(2);
    EXPECT_ERROR(PartFindesAllerede, service.opret(ctx, anna(), std::nullopt));
  }

  void testOtherSystemSameKeyIndependent() {
    service_->opret(med_noegle("k"), anna(), std::nullopt);
    const Versionssvar svar =
        service_->opret(med_noegle("k", kEsdh2), minimal(cpr(kEmil)), std::nullopt);
    CPPUNIT_ASSERT(svar.part == cpr(kEmil));
    CPPUNIT_ASSERT_EQUAL(2, store_->data.opret_calls);
    CPPUNIT_ASSERT(store_->data.current(kAarhus, cpr(kEmil)).has_value());
    // And the same part by the other system with the same key is no retry of the first's.
    EXPECT_ERROR(PartFindesAllerede,
                 service_->opret(med_noegle("k2", kEsdh2), anna(), std::nullopt));
  }

  void testOtherMunicipalitySameKeyIndependent() {
    service_->opret(med_noegle("k", kEsdh, kAarhus), anna(), std::nullopt);
    service_->opret(med_noegle("k", kEsdh, kKoebenhavn), anna(), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(2, store_->data.opret_calls);
    CPPUNIT_ASSERT(store_->data.current(kKoebenhavn, cpr(kAnna)).has_value());
  }

  void testKeyReusedForOtherPartRefused() {
    service_->opret(med_noegle("k"), anna(), std::nullopt);
    const Error e = EXPECT_ERROR(
        UgyldigVaerdi, service_->opret(med_noegle("k"), minimal(cpr(kEmil)), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("CallersServiceCallIdentifier: er allerede brugt til et "
                                     "andet kald i genforsøgsvinduet"),
                         text(e));
    CPPUNIT_ASSERT(!store_->data.current(kAarhus, cpr(kEmil)));
    EXPECT_ERROR(UgyldigVaerdi, service_->importer(med_noegle("k"), {minimal(cpr(kEmil))}));
  }

  void testKeyReusedForOtherOperationRefused() {
    service_->opret(med_noegle("k"), anna(), std::nullopt);
    EXPECT_ERROR(UgyldigVaerdi, service_->passiver(med_noegle("k"), cpr(kAnna), 1, std::nullopt));
    EXPECT_ERROR(UgyldigVaerdi, service_->slet(med_noegle("k"), cpr(kAnna), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.passiver_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.slet_calls);
  }

  void testFailedWriteLeavesNoKey() {
    Kontaktdata bad = anna();
    bad.adresser[1].email = "x";
    EXPECT_ERROR(UgyldigVaerdi, service_->opret(med_noegle("k"), bad, std::nullopt));
    // The corrected request with the same key runs: a refused write answered nothing to keep.
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1},
                         service_->opret(med_noegle("k"), anna(), std::nullopt).version);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.opret_calls);
  }

  void testWriteWithoutKey() {
    Kaldkontekst ctx = kontekst();
    ctx.callers_service_call_identifier.reset();
    service_->opret(ctx, anna(), std::nullopt);
    service_->passiver(ctx, cpr(kAnna), 1, std::nullopt);
    service_->importer(ctx, {minimal(cpr(kEmil))});
    service_->slet(ctx, cpr(kEmil), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.reserver_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.gem_calls);
    CPPUNIT_ASSERT(store_->data.state.noegler.empty());
    CPPUNIT_ASSERT(!store_->data.log_for(kAarhus, cpr(kAnna))[0].callers_service_call_identifier);
  }

  // ---- Access log and grants ------------------------------------------------------------------

  void testAccessLogOfWrites() {
    Kaldkontekst ctx = med_noegle("opret-1");
    service_->opret(ctx, anna(), std::nullopt);
    clock_ += seconds(1);
    Kontaktdata d = anna();
    d.version = 1;
    service_->ret(med_noegle("ret-1"), d, std::nullopt);
    clock_ += seconds(1);
    service_->passiver(med_noegle("passiver-1"), cpr(kAnna), 2, std::nullopt);
    clock_ += seconds(1);
    service_->importer(med_noegle("import-1"),
                       {anna(), minimal(cpr(kEmil)), minimal(cpr("3102701234"))});
    clock_ += seconds(1);
    service_->slet(med_noegle("slet-1"), cpr(kAnna), std::nullopt);

    const auto log = store_->data.log_for(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::size_t{5}, log.size());
    const Operation ops[] = {Operation::Opret, Operation::Ret, Operation::Passiver,
                             Operation::Importer, Operation::Slet};
    const char* noegler[] = {"opret-1", "ret-1", "passiver-1", "import-1", "slet-1"};
    for (std::size_t i = 0; i < log.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(std::string(to_string(ops[i])),
                           std::string(to_string(log[i].operation)));
      CPPUNIT_ASSERT(log[i].tidspunkt == kNow + seconds(static_cast<int>(i)));
      CPPUNIT_ASSERT_EQUAL(std::string(kEsdh), log[i].user_system_uuid);
      CPPUNIT_ASSERT_EQUAL(std::string(kUser), log[i].user_uuid);
      CPPUNIT_ASSERT(log[i].on_behalf_of_user == std::optional<std::string>("sagsbehandler-42"));
      // The caller's own identifier, not the key the service stores it under.
      CPPUNIT_ASSERT(log[i].callers_service_call_identifier ==
                     std::optional<std::string>(noegler[i]));
    }
    // Importer: one line per stored item, none for the refused one.
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, store_->data.log_for(kAarhus, cpr(kEmil)).size());
    CPPUNIT_ASSERT(store_->data.log_for(kAarhus, cpr("3102701234")).empty());
    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, store_->data.state.adgangslog.size());
  }

  void testWritesNotGrantedToFagsystem() {
    service_->opret(kontekst(), anna(), std::nullopt);
    Kontaktdata d = anna();
    d.version = 1;
    const Kaldkontekst f = kontekst(kFagsystem);
    Error e = EXPECT_ERROR(AdgangNaegtet, service_->ret(f, d, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("det kaldende system må ikke bruge Ret for denne kommune"),
                         text(e));
    e = EXPECT_ERROR(AdgangNaegtet, service_->passiver(f, cpr(kAnna), 1, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(
        std::string("det kaldende system må ikke bruge Passiver for denne kommune"), text(e));
    e = EXPECT_ERROR(AdgangNaegtet, service_->slet(f, cpr(kAnna), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("det kaldende system må ikke bruge Slet for denne kommune"),
                         text(e));
    e = EXPECT_ERROR(AdgangNaegtet, service_->importer(f, {anna()}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("det kaldende system må ikke bruge Importer for denne kommune"), text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.ret_calls + store_->data.passiver_calls +
                                store_->data.slet_calls + store_->data.importer_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.reserver_calls - 1);  // only the Opret above
    // ESDH in a municipality it is not granted.
    store_->data.grants[kEsdh].erase(kKoebenhavn);
    EXPECT_ERROR(AdgangNaegtet, service_->ret(kontekst(kEsdh, kKoebenhavn), d, std::nullopt));
  }

  void testWritesCheckContextFirst() {
    Kaldkontekst ctx = kontekst();
    ctx.municipality_cvr.reset();
    Kontaktdata bad = anna();
    bad.part.nummer = "x";
    std::vector<Kontaktdata> for_mange(1001, bad);
    EXPECT_ERROR(ManglendeKontekst, service_->ret(ctx, bad, std::nullopt));
    EXPECT_ERROR(ManglendeKontekst, service_->passiver(ctx, bad.part, std::nullopt, std::nullopt));
    EXPECT_ERROR(ManglendeKontekst, service_->slet(ctx, bad.part, std::nullopt));
    EXPECT_ERROR(ManglendeKontekst, service_->importer(ctx, for_mange));
    ctx = kontekst(kUkendtSystem);
    EXPECT_ERROR(AdgangNaegtet, service_->ret(ctx, bad, std::nullopt));
    EXPECT_ERROR(AdgangNaegtet, service_->passiver(ctx, bad.part, std::nullopt, std::nullopt));
    EXPECT_ERROR(AdgangNaegtet, service_->slet(ctx, bad.part, std::nullopt));
    EXPECT_ERROR(AdgangNaegtet, service_->importer(ctx, for_mange));
    ctx = kontekst();
    ctx.har_invocation_context = false;
    EXPECT_ERROR(ManglendeKontekst, service_->importer(ctx, for_mange));
    ctx = kontekst();
    ctx.municipality_cvr = "55133019";
    EXPECT_ERROR(UgyldigCvr, service_->slet(ctx, bad.part, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.reserver_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
  }

 private:
  std::unique_ptr<FakeStore> store_;
  std::unique_ptr<KontaktdataService> service_;
  Tidspunkt clock_{};
};

CPPUNIT_TEST_SUITE_REGISTRATION(WritesTest);

}  // namespace kontaktdata::domain
