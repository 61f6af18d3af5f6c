// Wire <-> domain mapping: a rich aggregate goes to gSOAP's types, through XML and back
// unchanged; contexts, parts and dates map as the contract says.
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "domain/error.hpp"
#include "domain/validation.hpp"
#include "soap/mapping/mapping.hpp"

namespace d = kontaktdata::domain;
namespace m = kontaktdata::soap::mapping;
namespace k = kdsoap;

namespace {

d::Kontaktdata rich() {
  d::Kontaktdata data;
  data.part = {d::Part::Type::Cpr, "0101701234"};
  data.version = 3;
  d::Kontaktadresse dansk;
  dansk.adresse_id = "11111111-1111-4111-8111-111111111111";
  dansk.type = d::Adressetype::Postadresse;
  dansk.postadresse = d::DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"};
  dansk.gyldig_fra = d::Dato{2026, 1, 1};
  dansk.gyldig_til = d::Dato{2026, 3, 1};
  dansk.sidst_verificeret = d::Tidspunkt(std::chrono::microseconds(1767225600123456));
  d::Kontaktadresse udland;
  udland.adresse_id = "22222222-2222-4222-8222-222222222222";
  udland.postadresse = d::Adresselinjer{{"Calle Mayor 3", "28013 Madrid"}, "ES"};
  d::Kontaktadresse email;
  email.adresse_id = "33333333-3333-4333-8333-333333333333";
  email.type = d::Adressetype::Email;
  email.email = "anna@example.dk";
  d::Kontaktadresse mobil;
  mobil.adresse_id = "44444444-4444-4444-8444-444444444444";
  mobil.type = d::Adressetype::Mobiltelefon;
  mobil.mobilnummer = "+4512345678";
  d::Kontaktadresse digital;
  digital.adresse_id = "55555555-5555-4555-8555-555555555555";
  digital.type = d::Adressetype::DigitalPost;
  data.adresser = {dansk, udland, email, mobil, digital};
  data.kanaler = {
      {d::Kanal::DigitalPost, std::nullopt, std::nullopt, 1, std::nullopt, std::nullopt},
      {d::Kanal::Email, email.adresse_id, "32.18", 1, d::Dato{2025, 5, 1}, std::nullopt},
      {d::Kanal::Sms, mobil.adresse_id, "32.18", 2, std::nullopt, d::Dato{2027, 1, 1}},
      {d::Kanal::Brevpost, dansk.adresse_id, std::nullopt, 2, std::nullopt, std::nullopt},
      {d::Kanal::Telefon, mobil.adresse_id, "27.24", 1, std::nullopt, std::nullopt},
      {d::Kanal::PersonligtFremmoede, std::nullopt, "27.24", 2, std::nullopt, std::nullopt},
  };
  data.former = {
      {"da", d::Tiltaleform::De, d::Medie::Tekst, false, std::nullopt, std::nullopt, 1},
      {"dsl", d::Tiltaleform::Du, d::Medie::Video, true, "dsl", "27.24", 1},
      {"en", std::nullopt, std::nullopt, std::nullopt, std::nullopt, "32", 1},
  };
  return data;
}

}  // namespace

class SoapMappingTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(SoapMappingTest);
  CPPUNIT_TEST(richAggregateRoundTripsThroughXml);
  CPPUNIT_TEST(registrationIsWrittenAndIgnoredOnInput);
  CPPUNIT_TEST(contextTakesInvocationBeforeCall);
  CPPUNIT_TEST(missingContextsStayAbsent);
  CPPUNIT_TEST(cvrPartMaps);
  CPPUNIT_TEST(emptyPartIsInvalidRequest);
  CPPUNIT_TEST(datesParseAndFormat);
  CPPUNIT_TEST(badDatesAreUgyldigVaerdi);
  CPPUNIT_TEST(microsecondsSurvive);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override { ctx_ = soap_new1(SOAP_C_UTFSTRING | SOAP_XML_STRICT); }
  void tearDown() override {
    soap_destroy(ctx_);
    soap_end(ctx_);
    soap_free(ctx_);
  }

  void richAggregateRoundTripsThroughXml() {
    const d::Kontaktdata in = rich();
    k::kd__KontaktdataType* wire = m::to_wire(ctx_, in);
    std::stringstream xml;
    ctx_->os = &xml;
    CPPUNIT_ASSERT_EQUAL(SOAP_OK, k::soap_write_kd__KontaktdataType(ctx_, wire));
    ctx_->os = nullptr;
    CPPUNIT_ASSERT(xml.str().find("Vestergade") != std::string::npos);
    k::kd__KontaktdataType back;
    ctx_->is = &xml;
    CPPUNIT_ASSERT_EQUAL_MESSAGE(xml.str(), SOAP_OK, k::soap_read_kd__KontaktdataType(ctx_, &back));
    ctx_->is = nullptr;
    const d::Kontaktdata out = m::to_domain(&back);
    CPPUNIT_ASSERT(out == in);
  }

  void registrationIsWrittenAndIgnoredOnInput() {
    d::Kontaktdata in = rich();
    in.registrering = d::Registrering{d::Tidspunkt(std::chrono::microseconds(1700000000000001)),
                                      d::Livscyklus::Opstaaet,
                                      "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001",
                                      "aaaaaaaa-0000-4000-8000-000000000001",
                                      std::string("sagsbehandler"),
                                      std::string("oprettet")};
    k::kd__KontaktdataType* wire = m::to_wire(ctx_, in);
    CPPUNIT_ASSERT(wire->Registrering != nullptr);
    CPPUNIT_ASSERT(wire->Registrering->Livscyklus == k::kd__LivscyklusType::OPSTAAET);
    CPPUNIT_ASSERT_EQUAL(std::string("sagsbehandler"), *wire->Registrering->OnBehalfOfUser);
    CPPUNIT_ASSERT_EQUAL(1, static_cast<int>(wire->Registrering->Tidspunkt.tv_usec));
    CPPUNIT_ASSERT(!m::to_domain(wire).registrering.has_value());
  }

  void contextTakesInvocationBeforeCall() {
    k::callctx__CallContextType call;
    std::string call_user = "fra-callcontext", call_id = "kald-1";
    call.OnBehalfOfUser = &call_user;
    call.CallersServiceCallIdentifier = &call_id;
    k::autctx__AuthorityContextType authority;
    authority.MunicipalityCVR = "55133018";
    k::invctx__InvocationContextType inv;
    inv.UserSystemUUID = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001";
    inv.UserUUID = "aaaaaaaa-0000-4000-8000-000000000001";
    std::string inv_user = "fra-invocation";
    inv.OnBehalfOfUser = &inv_user;
    const d::Kaldkontekst ctx = m::to_domain(&call, &authority, &inv);
    CPPUNIT_ASSERT(ctx.har_invocation_context);
    CPPUNIT_ASSERT_EQUAL(std::string("55133018"), *ctx.municipality_cvr);
    CPPUNIT_ASSERT_EQUAL(std::string("fra-invocation"), *ctx.on_behalf_of_user);
    CPPUNIT_ASSERT_EQUAL(std::string("kald-1"), *ctx.callers_service_call_identifier);
    CPPUNIT_ASSERT_EQUAL(inv.UserSystemUUID, ctx.user_system_uuid);
  }

  void missingContextsStayAbsent() {
    const d::Kaldkontekst ctx = m::to_domain(nullptr, nullptr, nullptr);
    CPPUNIT_ASSERT(!ctx.har_invocation_context);
    CPPUNIT_ASSERT(!ctx.municipality_cvr.has_value());
  }

  void cvrPartMaps() {
    const d::Part p{d::Part::Type::Cvr, "12345674"};
    CPPUNIT_ASSERT(m::to_domain(m::to_wire(ctx_, p)) == p);
  }

  void emptyPartIsInvalidRequest() {
    k::kd__PartType empty;
    try {
      m::to_domain(&empty);
      CPPUNIT_FAIL("no error");
    } catch (const d::Error& e) {
      CPPUNIT_ASSERT_EQUAL(d::ErrorCode::UgyldigForespoergsel, e.code());
    }
  }

  void datesParseAndFormat() {
    CPPUNIT_ASSERT(m::parse_dato("2024-02-29") == (d::Dato{2024, 2, 29}));
    CPPUNIT_ASSERT(m::parse_dato("2000-02-29Z") == (d::Dato{2000, 2, 29}));
    CPPUNIT_ASSERT(m::parse_dato("2026-12-31+01:00") == (d::Dato{2026, 12, 31}));
    CPPUNIT_ASSERT_EQUAL(std::string("0999-01-05"), m::format_dato({999, 1, 5}));
  }

  void badDatesAreUgyldigVaerdi() {
    // Mapped as they are (or to 0-0-0 when not of the date's shape); the domain's rule refuses
    // them with UGYLDIG_VAERDI naming the element.
    for (const char* bad : {"2023-02-29", "1900-02-29", "2026-13-01", "2026-00-10", "2026-04-31",
                            "26-01-01", "2026-1-1", "2026-01-01T00:00:00", "2026-01-01+1"}) {
      try {
        d::validate_dato(m::parse_dato(bad), "Kontaktkanal/GyldigFra");
        CPPUNIT_FAIL(std::string("accepted ") + bad);
      } catch (const d::Error& e) {
        CPPUNIT_ASSERT_EQUAL(d::ErrorCode::UgyldigVaerdi, e.code());
        CPPUNIT_ASSERT(std::string(e.what()).find("Kontaktkanal/GyldigFra") != std::string::npos);
      }
    }
  }

  void microsecondsSurvive() {
    const d::Tidspunkt t(std::chrono::microseconds(1767225600654321));
    CPPUNIT_ASSERT(m::to_domain(m::to_wire(t)) == t);
    const d::Tidspunkt before_epoch(std::chrono::microseconds(-1500000));
    CPPUNIT_ASSERT(m::to_domain(m::to_wire(before_epoch)) == before_epoch);
  }

 private:
  struct soap* ctx_ = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SoapMappingTest);
