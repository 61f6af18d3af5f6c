// Wire <-> domain mapping: a rich aggregate goes to gSOAP's types, through XML and back
// unchanged; contexts, parts and dates map as the contract says; HentKontaktanvisning's question
// is read from XML with its defaults, and its answer is written as exactly the XML the XSD
// prescribes (every element, in the XSD's order, nothing else for a UGYLDIG item).
#include <cppunit/extensions/HelperMacros.h>

#include <sstream>

#include "domain/error.hpp"
#include "domain/kontaktanvisning.hpp"
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

const char* const kKdNs = "http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/";

// <kd:name>content</kd:name>, as gSOAP writes it (no indentation).
std::string el(const std::string& name, const std::string& content) {
  return "<kd:" + name + ">" + content + "</kd:" + name + ">";
}

std::string dansk_xml(const std::string& vej, const std::string& nr, const std::string& rest) {
  return el("DanskAdresse", el("Vejnavn", vej) + el("Husnummer", nr) + rest);
}

// Anna (demo person) with stored preferences: every kind of channel, her stored Danish address,
// CPR's contact address as lines, a stored form that the case area does not allow, two warnings.
d::Kontaktanvisning anna() {
  const std::string digital = "55555555-5555-4555-8555-555555555555";
  const std::string email = "33333333-3333-4333-8333-333333333333";
  const std::string mobil = "44444444-4444-4444-8444-444444444444";
  const std::string dansk = "11111111-1111-4111-8111-111111111111";
  const std::string scope = "kanal for sagsområde 32.18";
  const d::Adresselinjer kontaktadresse{{"c/o Jensen", "Søndergade 1", "8000 Aarhus C"}, "DK"};
  d::Kontaktanvisning a;
  a.part = {d::Part::Type::Cpr, "0101701234"};
  a.status = d::AnvisningStatus::Kontaktdata;
  a.kanaler = {
      {d::Kanal::DigitalPost, 1, digital, std::nullopt, std::nullopt, std::nullopt,
       d::Kilde::Kontaktdata, scope},
      {d::Kanal::Email, 2, email, "anna@example.dk", std::nullopt, std::nullopt,
       d::Kilde::Kontaktdata, scope},
      {d::Kanal::Sms, 3, mobil, std::nullopt, "+4512345678", std::nullopt, d::Kilde::Kontaktdata,
       scope},
      {d::Kanal::Telefon, 4, mobil, std::nullopt, "+4512345678", std::nullopt,
       d::Kilde::Kontaktdata, "gælder alle sagsområder"},
      {d::Kanal::PersonligtFremmoede, 5, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       d::Kilde::Kontaktdata, "gælder alle sagsområder"},
      {d::Kanal::Brevpost, 6, dansk, std::nullopt, std::nullopt,
       d::DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"}, d::Kilde::Kontaktdata,
       "gælder alle sagsområder"},
      {d::Kanal::Brevpost, 7, std::nullopt, std::nullopt, std::nullopt, kontaktadresse,
       d::Kilde::Cpr, "kontaktadresse i CPR"},
  };
  a.kontaktform = d::AnvisningKontaktform{"da",
                                          d::Tiltaleform::De,
                                          d::Medie::Video,
                                          true,
                                          "en",
                                          d::FormKilde::Kontaktdata,
                                          "form for sagsområde 32.18; sproget er ikke tilladt"};
  a.registreret_adresse = d::RegistreretAdresse{"Anna Jensen", kontaktadresse};
  a.advarsler = {{d::Advarselskode::IkkeVerificeret, "EMAIL er ikke verificeret i 18 måneder"},
                 {d::Advarselskode::SprogIkkeTilladt, "en er ikke tilladt for sagsområde 32.18"}};
  return a;
}

// The same item as the XSD lays it out.
std::string anna_xml() {
  const std::string scope = "kanal for sagsområde 32.18";
  const std::string alle = "gælder alle sagsområder";
  const std::string kontaktadresse =
      el("Postadresse",
         el("Adresselinjer", el("Adresselinje", "c/o Jensen") + el("Adresselinje", "Søndergade 1") +
                                 el("Adresselinje", "8000 Aarhus C") + el("Landekode", "DK")));
  return el(
      "Kontaktanvisning",
      el("Part", el("CPRNummer", "0101701234")) + el("Status", "KONTAKTDATA") +
          el("Kanal", el("Kanal", "DIGITAL_POST") + el("Prioritet", "1") +
                          el("AdresseID", "55555555-5555-4555-8555-555555555555") +
                          el("Kilde", "KONTAKTDATA") + el("Begrundelse", scope)) +
          el("Kanal", el("Kanal", "EMAIL") + el("Prioritet", "2") +
                          el("AdresseID", "33333333-3333-4333-8333-333333333333") +
                          el("Email", "anna@example.dk") + el("Kilde", "KONTAKTDATA") +
                          el("Begrundelse", scope)) +
          el("Kanal", el("Kanal", "SMS") + el("Prioritet", "3") +
                          el("AdresseID", "44444444-4444-4444-8444-444444444444") +
                          el("Mobilnummer", "+4512345678") + el("Kilde", "KONTAKTDATA") +
                          el("Begrundelse", scope)) +
          el("Kanal", el("Kanal", "TELEFON") + el("Prioritet", "4") +
                          el("AdresseID", "44444444-4444-4444-8444-444444444444") +
                          el("Mobilnummer", "+4512345678") + el("Kilde", "KONTAKTDATA") +
                          el("Begrundelse", alle)) +
          el("Kanal", el("Kanal", "PERSONLIGT_FREMMOEDE") + el("Prioritet", "5") +
                          el("Kilde", "KONTAKTDATA") + el("Begrundelse", alle)) +
          el("Kanal", el("Kanal", "BREVPOST") + el("Prioritet", "6") +
                          el("AdresseID", "11111111-1111-4111-8111-111111111111") +
                          el("Postadresse", dansk_xml("Vestergade", "12",
                                                      el("Etage", "1") + el("Sidedoer", "th") +
                                                          el("Postnummer", "8000") +
                                                          el("Postdistrikt", "Aarhus C"))) +
                          el("Kilde", "KONTAKTDATA") + el("Begrundelse", alle)) +
          el("Kanal", el("Kanal", "BREVPOST") + el("Prioritet", "7") + kontaktadresse +
                          el("Kilde", "CPR") + el("Begrundelse", "kontaktadresse i CPR")) +
          el("Kontaktform",
             el("Sprog", "da") + el("Tiltaleform", "DE") + el("Medie", "VIDEO") +
                 el("Tolkebehov", "true") + el("Tolkesprog", "en") + el("Kilde", "KONTAKTDATA") +
                 el("Begrundelse", "form for sagsområde 32.18; sproget er ikke tilladt")) +
          el("RegistreretAdresse", el("Navn", "Anna Jensen") + kontaktadresse) +
          el("Advarsel", el("Kode", "IKKE_VERIFICERET") +
                             el("Tekst", "EMAIL er ikke verificeret i 18 måneder")) +
          el("Advarsel", el("Kode", "SPROG_IKKE_TILLADT") +
                             el("Tekst", "en er ikke tilladt for sagsområde 32.18")));
}

// Eksempel ApS (demo company) with nothing stored: Digital Post and its address from CVR, the
// standard form, no warnings.
d::Kontaktanvisning eksempel_aps() {
  const d::DanskAdresse adresse{"Industrivej", "7", std::nullopt, std::nullopt, "7100", "Vejle"};
  d::Kontaktanvisning a;
  a.part = {d::Part::Type::Cvr, "12345674"};
  a.status = d::AnvisningStatus::KunRegister;
  a.kanaler = {
      {d::Kanal::DigitalPost, 1, std::nullopt, std::nullopt, std::nullopt, std::nullopt,
       d::Kilde::Cvr, "virksomhed: Digital Post"},
      {d::Kanal::Brevpost, 2, std::nullopt, std::nullopt, std::nullopt, adresse, d::Kilde::Cvr,
       "adresse i CVR"},
  };
  a.kontaktform = d::AnvisningKontaktform{
      "da", std::nullopt, d::Medie::Tekst, false, std::nullopt, d::FormKilde::Standard, "standard"};
  a.registreret_adresse = d::RegistreretAdresse{"Eksempel ApS", adresse};
  return a;
}

std::string eksempel_aps_xml() {
  const std::string adresse =
      el("Postadresse",
         dansk_xml("Industrivej", "7", el("Postnummer", "7100") + el("Postdistrikt", "Vejle")));
  return el(
      "Kontaktanvisning",
      el("Part", el("CVRNummer", "12345674")) + el("Status", "KUN_REGISTER") +
          el("Kanal", el("Kanal", "DIGITAL_POST") + el("Prioritet", "1") + el("Kilde", "CVR") +
                          el("Begrundelse", "virksomhed: Digital Post")) +
          el("Kanal", el("Kanal", "BREVPOST") + el("Prioritet", "2") + adresse +
                          el("Kilde", "CVR") + el("Begrundelse", "adresse i CVR")) +
          el("Kontaktform", el("Sprog", "da") + el("Medie", "TEKST") + el("Tolkebehov", "false") +
                                el("Kilde", "STANDARD") + el("Begrundelse", "standard")) +
          el("RegistreretAdresse", el("Navn", "Eksempel ApS") + adresse));
}

// The children of the document's root element, as written.
std::string root_content(const std::string& xml, const std::string& root) {
  const auto open = xml.find("<" + root);
  const auto start = xml.find('>', open);
  const auto end = xml.rfind("</" + root + ">");
  if (open == std::string::npos || start == std::string::npos || end == std::string::npos ||
      end < start) {
    return "no " + root + " in: " + xml;
  }
  return xml.substr(start + 1, end - start - 1);
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
  CPPUNIT_TEST(anvisningRequestMapsEveryField);
  CPPUNIT_TEST(anvisningRequestDefaults);
  CPPUNIT_TEST(anvisningenIsWrittenInXsdOrder);
  CPPUNIT_TEST(anvisningenReadsBackUnchanged);
  CPPUNIT_TEST(ugyldigItemCarriesPartAndStatusOnly);
  CPPUNIT_TEST(everyWarningCodeHasItsContractName);
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

  void anvisningRequestMapsEveryField() {
    const d::Anvisningsforespoergsel f = read_request(
        "<kd:Sagsomraade>32.18.04</kd:Sagsomraade>"
        "<kd:Fortrolig>true</kd:Fortrolig>"
        "<kd:Virkningstidspunkt>2026-02-02T12:00:00.123456+01:00</kd:Virkningstidspunkt>"
        "<kd:Part><kd:CPRNummer>0101701234</kd:CPRNummer></kd:Part>"
        "<kd:Part><kd:CVRNummer>12345674</kd:CVRNummer></kd:Part>"
        "<kd:Part><kd:CPRNummer>0202802345</kd:CPRNummer></kd:Part>");
    CPPUNIT_ASSERT_EQUAL(std::string("32.18.04"), f.sagsomraade.value_or("-"));
    CPPUNIT_ASSERT(f.fortrolig);
    // 12:00 at +01:00 is 11:00 UTC; the microseconds are kept.
    CPPUNIT_ASSERT(f.virkningstidspunkt ==
                   d::Tidspunkt(std::chrono::microseconds(1770030000123456)));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, f.parts.size());
    CPPUNIT_ASSERT(f.parts[0] == (d::Part{d::Part::Type::Cpr, "0101701234"}));
    CPPUNIT_ASSERT(f.parts[1] == (d::Part{d::Part::Type::Cvr, "12345674"}));
    CPPUNIT_ASSERT(f.parts[2] == (d::Part{d::Part::Type::Cpr, "0202802345"}));
  }

  void anvisningRequestDefaults() {
    const d::Anvisningsforespoergsel f =
        read_request("<kd:Part><kd:CPRNummer>0101701234</kd:CPRNummer></kd:Part>");
    CPPUNIT_ASSERT(!f.sagsomraade.has_value());
    CPPUNIT_ASSERT(!f.fortrolig);                       // absent Fortrolig: false
    CPPUNIT_ASSERT(!f.virkningstidspunkt.has_value());  // absent: the domain answers for now
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, f.parts.size());
    CPPUNIT_ASSERT(f.parts[0] == (d::Part{d::Part::Type::Cpr, "0101701234"}));
    const d::Anvisningsforespoergsel explicit_false = read_request(
        "<kd:Fortrolig>false</kd:Fortrolig>"
        "<kd:Part><kd:CVRNummer>12345674</kd:CVRNummer></kd:Part>");
    CPPUNIT_ASSERT(!explicit_false.fortrolig);
    CPPUNIT_ASSERT(read_request("<kd:Fortrolig>1</kd:Fortrolig>"
                                "<kd:Part><kd:CVRNummer>12345674</kd:CVRNummer></kd:Part>")
                       .fortrolig);
  }

  void anvisningenIsWrittenInXsdOrder() {
    const std::string xml = response_xml({anna(), eksempel_aps()});
    CPPUNIT_ASSERT_EQUAL(anna_xml() + eksempel_aps_xml(),
                         root_content(xml, "kd:HentKontaktanvisningResponse"));
  }

  void anvisningenReadsBackUnchanged() {
    // gSOAP's strict reader takes the written answer back, and writing what it read gives the
    // same bytes: nothing is lost or added on the way.
    const std::string xml = response_xml({anna(), eksempel_aps()});
    std::istringstream in(xml);
    ctx_->is = &in;
    k::kd__HentKontaktanvisningResponseType back;
    CPPUNIT_ASSERT_EQUAL_MESSAGE(xml, SOAP_OK,
                                 k::soap_read_kd__HentKontaktanvisningResponseType(ctx_, &back));
    ctx_->is = nullptr;
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, back.Kontaktanvisning.size());
    const auto* email = back.Kontaktanvisning[0]->Kanal.at(1);
    CPPUNIT_ASSERT_EQUAL(SOAP_UNION_kdsoap__kd__union_AnvisningKanalType_Email,
                         email->__union_AnvisningKanalType);
    CPPUNIT_ASSERT(back.Kontaktanvisning[1]->Kanal.at(0)->Kilde == k::kd__KildeType::CVR);
    CPPUNIT_ASSERT_EQUAL(xml, write_response(back));
  }

  void ugyldigItemCarriesPartAndStatusOnly() {
    const d::Part bad{d::Part::Type::Cpr, "3201701234"};  // day 32: breaks the CPR rule
    const std::string expected =
        el("Kontaktanvisning", el("Part", el("CPRNummer", "3201701234")) + el("Status", "UGYLDIG"));
    CPPUNIT_ASSERT_EQUAL(expected, root_content(response_xml({d::ugyldig_anvisning(bad)}),
                                                "kd:HentKontaktanvisningResponse"));
    // Whatever else such an item were to hold, the wire item is Part and Status alone.
    d::Kontaktanvisning stray = anna();
    stray.part = bad;
    stray.status = d::AnvisningStatus::Ugyldig;
    CPPUNIT_ASSERT_EQUAL(expected,
                         root_content(response_xml({stray}), "kd:HentKontaktanvisningResponse"));
  }

  void everyWarningCodeHasItsContractName() {
    // CONTRACT.md, "Kontaktanvisning", rule 4 (and the XSD's documentation of Advarsel/Kode).
    const std::vector<std::pair<d::Advarselskode, std::string>> codes = {
        {d::Advarselskode::Adressebeskyttelse, "ADRESSEBESKYTTELSE"},
        {d::Advarselskode::Doed, "DOED"},
        {d::Advarselskode::Udrejst, "UDREJST"},
        {d::Advarselskode::Forsvundet, "FORSVUNDET"},
        {d::Advarselskode::PersonnummerAendret, "PERSONNUMMER_AENDRET"},
        {d::Advarselskode::Ophoert, "OPHOERT"},
        {d::Advarselskode::RegisterUtilgaengelig, "REGISTER_UTILGAENGELIG"},
        {d::Advarselskode::IkkeVerificeret, "IKKE_VERIFICERET"},
        {d::Advarselskode::UkendtIRegister, "UKENDT_I_REGISTER"},
        {d::Advarselskode::SprogIkkeTilladt, "SPROG_IKKE_TILLADT"},
    };
    d::Kontaktanvisning a = eksempel_aps();
    for (const auto& [kode, name] : codes) a.advarsler.push_back({kode, "tekst " + name});
    const k::kd__KontaktanvisningType* wire = m::to_wire(ctx_, a);
    CPPUNIT_ASSERT_EQUAL(codes.size(), wire->Advarsel.size());
    for (std::size_t i = 0; i < codes.size(); ++i) {
      CPPUNIT_ASSERT_EQUAL(codes[i].second, wire->Advarsel[i]->Kode);
      CPPUNIT_ASSERT_EQUAL("tekst " + codes[i].second, wire->Advarsel[i]->Tekst);
    }
  }

 private:
  // The request element with `children` (after the contexts, which are left out here).
  d::Anvisningsforespoergsel read_request(const std::string& children) {
    const std::string xml = std::string("<kd:HentKontaktanvisningRequest xmlns:kd=\"") + kKdNs +
                            "\">" + children + "</kd:HentKontaktanvisningRequest>";
    std::istringstream in(xml);
    ctx_->is = &in;
    k::kd__HentKontaktanvisningRequestType req;
    const int rc = k::soap_read_kd__HentKontaktanvisningRequestType(ctx_, &req);
    ctx_->is = nullptr;
    CPPUNIT_ASSERT_EQUAL_MESSAGE(xml, SOAP_OK, rc);
    return m::to_domain(req);
  }

  // The response as the service sends it: one Kontaktanvisning per item, under the message's
  // own element name.
  std::string write_response(const k::kd__HentKontaktanvisningResponseType& resp) {
    std::ostringstream xml;
    ctx_->os = &xml;
    soap_free_temp(ctx_);
    const bool failed = soap_begin_send(ctx_) != SOAP_OK || (resp.soap_serialize(ctx_), false) ||
                        resp.soap_put(ctx_, "kd:HentKontaktanvisningResponse", "") != SOAP_OK ||
                        soap_end_send(ctx_) != SOAP_OK;
    ctx_->os = nullptr;
    CPPUNIT_ASSERT_MESSAGE("writing the response failed", !failed);
    return xml.str();
  }

  std::string response_xml(const std::vector<d::Kontaktanvisning>& items) {
    auto* resp = k::soap_new_kd__HentKontaktanvisningResponseType(ctx_);
    for (const auto& a : items) resp->Kontaktanvisning.push_back(m::to_wire(ctx_, a));
    return write_response(*resp);
  }

  struct soap* ctx_ = nullptr;
};

CPPUNIT_TEST_SUITE_REGISTRATION(SoapMappingTest);
