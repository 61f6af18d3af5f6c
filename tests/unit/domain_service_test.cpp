// KontaktdataService (Opret, Laes and the not-yet-built operations) against the in-memory Store
// of domain_fake_store.hpp: the context checks in their order, grants, the Store's answers, and
// what the use case hands the Store (assigned address IDs, the registration taken from the
// context).
#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/kontaktdata_service.hpp"
#include "domain/validation.hpp"
#include "domain_fake_store.hpp"

namespace kontaktdata::domain {

using namespace test;

class ServiceTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ServiceTest);
  CPPUNIT_TEST(testMissingMunicipality);
  CPPUNIT_TEST(testMissingInvocationContext);
  CPPUNIT_TEST(testInvalidMunicipalityCvr);
  CPPUNIT_TEST(testUnknownSystem);
  CPPUNIT_TEST(testUnknownMunicipality);
  CPPUNIT_TEST(testOperationNotGranted);
  CPPUNIT_TEST(testMunicipalityNotGranted);
  CPPUNIT_TEST(testContextCheckedBeforeData);
  CPPUNIT_TEST(testOpretStoresNormalisedData);
  CPPUNIT_TEST(testOpretRegistrationFromContext);
  CPPUNIT_TEST(testOpretWithoutOptionalContext);
  CPPUNIT_TEST(testOpretInvalidDataNotStored);
  CPPUNIT_TEST(testOpretDuplicate);
  CPPUNIT_TEST(testOpretSamePartOtherMunicipality);
  CPPUNIT_TEST(testOpretStoreFailurePropagates);
  CPPUNIT_TEST(testLaesAfterOpret);
  CPPUNIT_TEST(testLaesMissingPart);
  CPPUNIT_TEST(testLaesOtherMunicipalityIsMissing);
  CPPUNIT_TEST(testLaesInvalidPart);
  CPPUNIT_TEST(testLaesByGrantedFagsystem);
  CPPUNIT_TEST(testLaesWithholdsPersonsPostalAddressesFromFagsystem);
  CPPUNIT_TEST(testLaesShowsCompanyPostalAddressesToFagsystem);
  CPPUNIT_TEST(testDeniedOperationNamedInText);
  CPPUNIT_TEST(testDefaultClock);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    store_ = std::make_unique<FakeStore>();
    service_ = std::make_unique<KontaktdataService>(*store_, [] { return kNow; });
  }

  void tearDown() override {
    service_.reset();
    store_.reset();
  }

  void testMissingMunicipality() {
    Kaldkontekst ctx = kontekst();
    ctx.municipality_cvr.reset();
    Error e = EXPECT_ERROR(ManglendeKontekst, service_->laes(ctx, Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::string("AuthorityContext/MunicipalityCVR mangler"), text(e));
    // Missing before anything else: also with no InvocationContext and an unknown system.
    ctx.har_invocation_context = false;
    ctx.user_system_uuid = kUkendtSystem;
    e = EXPECT_ERROR(ManglendeKontekst, service_->opret(ctx, anna(), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("AuthorityContext/MunicipalityCVR mangler"), text(e));
    CPPUNIT_ASSERT(store_->data.system_lookups.empty());
  }

  void testMissingInvocationContext() {
    Kaldkontekst ctx = kontekst();
    ctx.har_invocation_context = false;
    Error e = EXPECT_ERROR(ManglendeKontekst, service_->laes(ctx, Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::string("InvocationContext mangler"), text(e));
    // Before the CVR rule: a broken MunicipalityCVR without InvocationContext is still missing
    // context.
    ctx.municipality_cvr = "55133019";
    e = EXPECT_ERROR(ManglendeKontekst, service_->laes(ctx, Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::string("InvocationContext mangler"), text(e));
    CPPUNIT_ASSERT(store_->data.system_lookups.empty());
  }

  void testInvalidMunicipalityCvr() {
    Kaldkontekst ctx = kontekst(kUkendtSystem);  // the CVR rule comes before the grant
    ctx.municipality_cvr = "55133019";
    Error e = EXPECT_ERROR(UgyldigCvr, service_->laes(ctx, Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::string("MunicipalityCVR: fejl i kontrolciffer (modulus 11)"),
                         text(e));
    ctx.municipality_cvr = "";  // present but empty: a broken value, not a missing one
    e = EXPECT_ERROR(UgyldigCvr, service_->laes(ctx, Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::string("MunicipalityCVR: skal være 8 cifre"), text(e));
    CPPUNIT_ASSERT(store_->data.system_lookups.empty());
  }

  void testUnknownSystem() {
    const Error e = EXPECT_ERROR(
        AdgangNaegtet, service_->laes(kontekst(kUkendtSystem), Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::string("InvocationContext/UserSystemUUID: ukendt kaldende system"),
                         text(e));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, store_->data.system_lookups.size());
    CPPUNIT_ASSERT_EQUAL(std::string(kUkendtSystem), store_->data.system_lookups[0]);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.laes_calls);
  }

  void testUnknownMunicipality() {
    // A valid CVR number that is no municipality of the service (the demo company).
    const Error e = EXPECT_ERROR(
        AdgangNaegtet, service_->laes(kontekst(kEsdh, "12345674"), Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("AuthorityContext/MunicipalityCVR: kommunen er ikke tilsluttet tjenesten"),
        text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.laes_calls);
  }

  void testOperationNotGranted() {
    const Error e =
        EXPECT_ERROR(AdgangNaegtet, service_->opret(kontekst(kFagsystem), anna(), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("det kaldende system må ikke bruge Opret for denne kommune"),
                         text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.opret_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
  }

  void testMunicipalityNotGranted() {
    // The demo fagsystem may read in Aarhus only.
    const Error e = EXPECT_ERROR(AdgangNaegtet, service_->laes(kontekst(kFagsystem, kKoebenhavn),
                                                               Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::string("det kaldende system må ikke bruge Laes for denne kommune"),
                         text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.laes_calls);
  }

  void testContextCheckedBeforeData() {
    Kontaktdata bad = anna();
    bad.part.nummer = "3102701234";
    Kaldkontekst ctx = kontekst();
    ctx.har_invocation_context = false;
    EXPECT_ERROR(ManglendeKontekst, service_->opret(ctx, bad, std::nullopt));
    EXPECT_ERROR(AdgangNaegtet, service_->opret(kontekst(kFagsystem), bad, std::nullopt));
    EXPECT_ERROR(AdgangNaegtet,
                 service_->laes(kontekst(kUkendtSystem), Part{Part::Type::Cpr, "3102701234"}));
    EXPECT_ERROR(UgyldigCpr, service_->opret(kontekst(), bad, std::nullopt));
  }

  void testOpretStoresNormalisedData() {
    Kontaktdata input = anna();
    input.version = 42;                     // ignored in Opret
    input.registrering = Registrering{};    // output only
    input.adresser[1].tilbageholdt = true;  // output only
    const Versionssvar svar = service_->opret(kontekst(), input, std::nullopt);
    CPPUNIT_ASSERT(svar.part == (Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, svar.version);

    const Kontaktdata& stored = store_->data.last_opret_data;
    CPPUNIT_ASSERT_EQUAL(std::string(kAarhus), store_->data.last_kommune);
    CPPUNIT_ASSERT(!stored.version);
    CPPUNIT_ASSERT(!stored.registrering);
    CPPUNIT_ASSERT(!stored.adresser[1].tilbageholdt);
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), *stored.adresser[0].mobilnummer);
    CPPUNIT_ASSERT_MESSAGE(stored.adresser[0].adresse_id,
                           is_valid_uuid(stored.adresser[0].adresse_id));
    CPPUNIT_ASSERT_EQUAL(std::string("6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2002"),
                         stored.adresser[1].adresse_id);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.begun);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.commits);
  }

  void testOpretRegistrationFromContext() {
    service_->opret(kontekst(), anna(), std::string("oprettet ved borgerhenvendelse"));
    const Registrering& r = store_->data.last_registrering;
    CPPUNIT_ASSERT(r.tidspunkt == kNow);
    CPPUNIT_ASSERT(r.livscyklus == Livscyklus::Opstaaet);
    CPPUNIT_ASSERT_EQUAL(std::string(kEsdh), r.user_system_uuid);
    CPPUNIT_ASSERT_EQUAL(std::string(kUser), r.user_uuid);
    CPPUNIT_ASSERT(r.on_behalf_of_user == std::optional<std::string>("sagsbehandler-42"));
    CPPUNIT_ASSERT(r.note == std::optional<std::string>("oprettet ved borgerhenvendelse"));
  }

  void testOpretWithoutOptionalContext() {
    Kaldkontekst ctx = kontekst();
    ctx.on_behalf_of_user.reset();
    service_->opret(ctx, anna(), std::nullopt);
    CPPUNIT_ASSERT(!store_->data.last_registrering.on_behalf_of_user);
    CPPUNIT_ASSERT(!store_->data.last_registrering.note);
  }

  void testOpretInvalidDataNotStored() {
    Kontaktdata d = anna();
    d.kanaler[0].kanal = Kanal::Sms;  // names the EMAIL address
    const Error e = EXPECT_ERROR(UgyldigReference, service_->opret(kontekst(), d, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Kontaktkanal[1]/AdresseID: Kanal SMS skal pege på en adresse af typen "
                    "MOBILTELEFON"),
        text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.opret_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
    CPPUNIT_ASSERT(store_->data.state.parts.empty());
  }

  void testOpretDuplicate() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const Error e =
        EXPECT_ERROR(PartFindesAllerede, service_->opret(kontekst(), anna(), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("Part: findes allerede"), text(e));
    CPPUNIT_ASSERT_EQUAL(2, store_->data.opret_calls);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.commits);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, store_->data.state.parts.size());
  }

  void testOpretSamePartOtherMunicipality() {
    service_->opret(kontekst(kEsdh, kAarhus), anna(), std::nullopt);
    const Versionssvar svar = service_->opret(kontekst(kEsdh, kKoebenhavn), anna(), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, svar.version);
    CPPUNIT_ASSERT_EQUAL(std::string(kKoebenhavn), store_->data.last_kommune);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, store_->data.state.parts.size());
  }

  void testOpretStoreFailurePropagates() {
    store_->data.fail_opret = true;
    const Error e =
        EXPECT_ERROR(MidlertidigFejl, service_->opret(kontekst(), anna(), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("databasen svarer ikke"), text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
  }

  void testLaesAfterOpret() {
    service_->opret(kontekst(), anna(), std::string("note"));
    const Kontaktdata d = service_->laes(kontekst(), Part{Part::Type::Cpr, kAnna});
    CPPUNIT_ASSERT(d.part == (Part{Part::Type::Cpr, kAnna}));
    CPPUNIT_ASSERT(d.version == std::optional<std::int64_t>(1));
    CPPUNIT_ASSERT(d.registrering.has_value());
    CPPUNIT_ASSERT(d.registrering->tidspunkt == kNow);
    CPPUNIT_ASSERT_EQUAL(std::string(kEsdh), d.registrering->user_system_uuid);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, d.adresser.size());
    CPPUNIT_ASSERT_EQUAL(store_->data.last_opret_data.adresser[0].adresse_id,
                         d.adresser[0].adresse_id);
    CPPUNIT_ASSERT_EQUAL(std::string("+4520123456"), *d.adresser[0].mobilnummer);
    CPPUNIT_ASSERT_EQUAL(2, store_->data.commits);
  }

  void testLaesMissingPart() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const Error e =
        EXPECT_ERROR(PartFindesIkke, service_->laes(kontekst(), Part{Part::Type::Cpr, kEmil}));
    CPPUNIT_ASSERT_EQUAL(std::string("Part: kommunen har ingen kontaktdata for parten"), text(e));
    EXPECT_ERROR(PartFindesIkke, service_->laes(kontekst(), Part{Part::Type::Cvr, "12345674"}));
  }

  void testLaesOtherMunicipalityIsMissing() {
    service_->opret(kontekst(kEsdh, kAarhus), anna(), std::nullopt);
    EXPECT_ERROR(PartFindesIkke,
                 service_->laes(kontekst(kEsdh, kKoebenhavn), Part{Part::Type::Cpr, kAnna}));
  }

  void testLaesInvalidPart() {
    const Error e =
        EXPECT_ERROR(UgyldigCpr, service_->laes(kontekst(), Part{Part::Type::Cpr, "0101701234 "}));
    CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: skal være 10 cifre uden bindestreg"), text(e));
    EXPECT_ERROR(UgyldigCvr, service_->laes(kontekst(), Part{Part::Type::Cvr, "12345675"}));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.laes_calls);
  }

  void testLaesByGrantedFagsystem() {
    service_->opret(kontekst(), anna(), std::nullopt);
    const Kontaktdata d = service_->laes(kontekst(kFagsystem), Part{Part::Type::Cpr, kAnna});
    CPPUNIT_ASSERT_EQUAL(std::string(kAnna), d.part.nummer);
  }

  void testLaesWithholdsPersonsPostalAddressesFromFagsystem() {
    Kontaktdata data = anna();
    Kontaktadresse post;
    post.adresse_id = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2003";
    post.postadresse = DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"};
    data.adresser.push_back(post);
    service_->opret(kontekst(), data, std::nullopt);
    const Part part{Part::Type::Cpr, kAnna};

    const Kontaktdata seen = service_->laes(kontekst(kFagsystem), part);
    int withheld = 0;
    for (const auto& a : seen.adresser) {
      if (a.type == Adressetype::Postadresse) {
        ++withheld;
        CPPUNIT_ASSERT(!a.postadresse.has_value());
        CPPUNIT_ASSERT(a.tilbageholdt.value_or(false));
        CPPUNIT_ASSERT_EQUAL(post.adresse_id, a.adresse_id);
      } else {
        CPPUNIT_ASSERT(!a.tilbageholdt.has_value());
        CPPUNIT_ASSERT(a.email.has_value() || a.mobilnummer.has_value());
      }
    }
    CPPUNIT_ASSERT_EQUAL(1, withheld);

    // Demo ESDH may see protected addresses: nothing is withheld.
    const Kontaktdata esdh = service_->laes(kontekst(), part);
    for (const auto& a : esdh.adresser) CPPUNIT_ASSERT(!a.tilbageholdt.has_value());
    bool has_value = false;
    for (const auto& a : esdh.adresser) has_value = has_value || a.postadresse.has_value();
    CPPUNIT_ASSERT(has_value);
  }

  void testLaesShowsCompanyPostalAddressesToFagsystem() {
    Kontaktdata data;
    data.part = Part{Part::Type::Cvr, "12345674"};
    Kontaktadresse post;
    post.adresse_id = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2004";
    post.postadresse =
        DanskAdresse{"Industrivej", "7", std::nullopt, std::nullopt, "7100", "Vejle"};
    data.adresser = {post};
    service_->opret(kontekst(), data, std::nullopt);
    const Kontaktdata seen = service_->laes(kontekst(kFagsystem), data.part);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, seen.adresser.size());
    CPPUNIT_ASSERT(seen.adresser[0].postadresse.has_value());
    CPPUNIT_ASSERT(!seen.adresser[0].tilbageholdt.has_value());
  }

  void testDeniedOperationNamedInText() {
    const Error e =
        EXPECT_ERROR(AdgangNaegtet, service_->slet(kontekst(kFagsystem), cpr(kAnna), std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("det kaldende system må ikke bruge Slet for denne kommune"),
                         text(e));
    CPPUNIT_ASSERT(is_client_error(e.code()));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
  }

  void testDefaultClock() {
    KontaktdataService service(*store_);
    const auto before = std::chrono::system_clock::now();
    service.opret(kontekst(), anna(), std::nullopt);
    const auto after = std::chrono::system_clock::now();
    const Tidspunkt t = store_->data.last_registrering.tidspunkt;
    CPPUNIT_ASSERT(t >= std::chrono::floor<std::chrono::microseconds>(before));
    CPPUNIT_ASSERT(t <= after);
  }

 private:
  std::unique_ptr<FakeStore> store_;
  std::unique_ptr<KontaktdataService> service_;
};

CPPUNIT_TEST_SUITE_REGISTRATION(ServiceTest);

}  // namespace kontaktdata::domain
