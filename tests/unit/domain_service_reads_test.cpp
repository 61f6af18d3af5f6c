// KontaktdataService's reads against the in-memory Store: Laes at a Registreringstidspunkt, List
// (found / not found / invalid, FOR_MANGE, address protection), the change feed and its paging,
// the access log (which operations write it, and ListAdgangslog), and Opgavesprog.
#include <cppunit/extensions/HelperMacros.h>

#include <chrono>
#include <functional>
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
using std::chrono::microseconds;
using std::chrono::seconds;

class ReadsTest : public CppUnit::TestFixture {
  CPPUNIT_TEST_SUITE(ReadsTest);
  CPPUNIT_TEST(testLaesAtRegistreringstidspunkt);
  CPPUNIT_TEST(testLaesAtTimeWithheldFromFagsystem);
  CPPUNIT_TEST(testLaesWritesAccessLog);
  CPPUNIT_TEST(testLaesNotFoundWritesNoLog);
  CPPUNIT_TEST(testListMixed);
  CPPUNIT_TEST(testListWithholdsFromFagsystem);
  CPPUNIT_TEST(testListNoneFound);
  CPPUNIT_TEST(testListOtherMunicipality);
  CPPUNIT_TEST(testListThousandAccepted);
  CPPUNIT_TEST(testListForMange);
  CPPUNIT_TEST(testListEmpty);
  CPPUNIT_TEST(testFeedPaging);
  CPPUNIT_TEST(testFeedDefaultAndBounds);
  CPPUNIT_TEST(testFeedNegativeStart);
  CPPUNIT_TEST(testFeedPerMunicipality);
  CPPUNIT_TEST(testAdgangslog);
  CPPUNIT_TEST(testAdgangslogPeriod);
  CPPUNIT_TEST(testAdgangslogMaksAntal);
  CPPUNIT_TEST(testAdgangslogErasedPart);
  CPPUNIT_TEST(testAdgangslogInvalidPart);
  CPPUNIT_TEST(testNoAccessLogWithoutPart);
  CPPUNIT_TEST(testOpgavesprogSetReadRemove);
  CPPUNIT_TEST(testOpgavesprogReplaced);
  CPPUNIT_TEST(testOpgavesprogInvalid);
  CPPUNIT_TEST(testOpgavesprogPerMunicipality);
  CPPUNIT_TEST(testReadsNotGrantedToFagsystem);
  CPPUNIT_TEST(testReadsCheckContextFirst);
  CPPUNIT_TEST_SUITE_END();

 public:
  void setUp() override {
    store_ = std::make_unique<FakeStore>();
    clock_ = kNow;
    service_ = std::make_unique<KontaktdataService>(*store_, [this] { return clock_; });
  }

  void tearDown() override {
    service_.reset();
    store_.reset();
  }

  // ---- Laes -----------------------------------------------------------------------------------

  void testLaesAtRegistreringstidspunkt() {
    service_->opret(kontekst(), anna(), std::nullopt);  // at kNow
    clock_ += seconds(60);
    Kontaktdata d = anna();
    d.version = 1;
    d.adresser[1].email = "anna@ny.example.dk";
    service_->ret(kontekst(), d, std::nullopt);  // at kNow + 60 s

    Kontaktdata then = service_->laes(kontekst(), cpr(kAnna), kNow);
    CPPUNIT_ASSERT(then.version == std::optional<std::int64_t>(1));
    CPPUNIT_ASSERT_EQUAL(std::string("anna.jensen@example.dk"), *then.adresser[1].email);
    then = service_->laes(kontekst(), cpr(kAnna), kNow + seconds(60) - microseconds(1));
    CPPUNIT_ASSERT(then.version == std::optional<std::int64_t>(1));
    then = service_->laes(kontekst(), cpr(kAnna), kNow + seconds(60));
    CPPUNIT_ASSERT(then.version == std::optional<std::int64_t>(2));
    CPPUNIT_ASSERT_EQUAL(std::string("anna@ny.example.dk"), *then.adresser[1].email);
    CPPUNIT_ASSERT(then.registrering->livscyklus == Livscyklus::Rettet);
    CPPUNIT_ASSERT_EQUAL(3, store_->data.laes_paa_tidspunkt_calls);

    const Error e = EXPECT_ERROR(PartFindesIkke,
                                 service_->laes(kontekst(), cpr(kAnna), kNow - microseconds(1)));
    CPPUNIT_ASSERT_EQUAL(std::string("Part: kommunen har ingen kontaktdata for parten"), text(e));
    // Without a time: the current data, through the plain read.
    const int laes = store_->data.laes_calls;
    CPPUNIT_ASSERT(service_->laes(kontekst(), cpr(kAnna)).version ==
                   std::optional<std::int64_t>(2));
    CPPUNIT_ASSERT_EQUAL(laes + 1, store_->data.laes_calls);
  }

  void testLaesAtTimeWithheldFromFagsystem() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    const Kontaktdata d = service_->laes(kontekst(kFagsystem), cpr(kAnna), kNow);
    CPPUNIT_ASSERT(!d.adresser[2].postadresse);
    CPPUNIT_ASSERT(d.adresser[2].tilbageholdt == std::optional<bool>(true));
  }

  void testLaesWritesAccessLog() {
    service_->opret(kontekst(), anna(), std::nullopt);
    clock_ += seconds(2);
    Kaldkontekst ctx = kontekst(kFagsystem);
    ctx.callers_service_call_identifier = "laes-1";
    ctx.on_behalf_of_user.reset();
    service_->laes(ctx, cpr(kAnna));
    service_->laes(ctx, cpr(kAnna), kNow);
    const auto log = store_->data.log_for(kAarhus, cpr(kAnna));
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, log.size());
    Adgangspost expected;
    expected.tidspunkt = kNow + seconds(2);
    expected.operation = Operation::Laes;
    expected.user_system_uuid = kFagsystem;
    expected.user_uuid = kUser;
    expected.callers_service_call_identifier = "laes-1";
    CPPUNIT_ASSERT(log[1] == expected);
    CPPUNIT_ASSERT(log[2] == expected);
    // Reads reserve no retry key.
    CPPUNIT_ASSERT_EQUAL(1, store_->data.reserver_calls);
  }

  void testLaesNotFoundWritesNoLog() {
    EXPECT_ERROR(PartFindesIkke, service_->laes(kontekst(), cpr(kAnna)));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.log_calls);
    CPPUNIT_ASSERT(store_->data.state.adgangslog.empty());
  }

  // ---- List -----------------------------------------------------------------------------------

  void testListMixed() {
    service_->opret(kontekst(), anna(), std::nullopt);
    service_->opret(kontekst(), minimal(cvr(kFirma)), std::nullopt);
    const std::size_t log_before = store_->data.state.adgangslog.size();
    clock_ += seconds(1);
    const std::vector<Part> parts = {cpr(kAnna),  cpr(kEmil),      cpr("3102701234"),
                                     cvr(kFirma), cvr("12345675"), cpr(kAnna)};
    const auto svar = service_->list(kontekst(), parts);

    CPPUNIT_ASSERT_EQUAL(std::size_t{6}, svar.size());
    for (std::size_t i = 0; i < parts.size(); ++i) CPPUNIT_ASSERT(svar[i].part == parts[i]);
    CPPUNIT_ASSERT(svar[0].status == ListStatus::Fundet);
    CPPUNIT_ASSERT(svar[0].data.has_value());
    CPPUNIT_ASSERT(svar[0].data->version == std::optional<std::int64_t>(1));
    CPPUNIT_ASSERT(svar[0].data->registrering.has_value());
    CPPUNIT_ASSERT(svar[1].status == ListStatus::IkkeFundet);
    CPPUNIT_ASSERT(!svar[1].data);
    CPPUNIT_ASSERT(svar[2].status == ListStatus::Ugyldig);
    CPPUNIT_ASSERT(!svar[2].data);
    CPPUNIT_ASSERT(svar[3].status == ListStatus::Fundet);
    CPPUNIT_ASSERT(svar[4].status == ListStatus::Ugyldig);
    CPPUNIT_ASSERT(svar[5].status == ListStatus::Fundet);
    CPPUNIT_ASSERT(svar[5].data == svar[0].data);

    // One read, of each valid part once.
    CPPUNIT_ASSERT_EQUAL(1, store_->data.laes_mange_calls);
    const std::vector<Part> asked = {cpr(kAnna), cpr(kEmil), cvr(kFirma)};
    CPPUNIT_ASSERT(store_->data.last_laes_mange == asked);
    // One log line per part found, in one call.
    const auto& log = store_->data.state.adgangslog;
    CPPUNIT_ASSERT_EQUAL(log_before + 2, log.size());
    CPPUNIT_ASSERT(log[log_before].part == cpr(kAnna));
    CPPUNIT_ASSERT(log[log_before + 1].part == cvr(kFirma));
    for (std::size_t i = log_before; i < log.size(); ++i) {
      CPPUNIT_ASSERT(log[i].post.operation == Operation::List);
      CPPUNIT_ASSERT(log[i].post.tidspunkt == kNow + seconds(1));
    }
    CPPUNIT_ASSERT(store_->data.log_for(kAarhus, cpr(kEmil)).empty());
  }

  void testListWithholdsFromFagsystem() {
    service_->opret(kontekst(), anna_med_post(), std::nullopt);
    Kontaktdata firma = minimal(cvr(kFirma));
    Kontaktadresse post;
    post.postadresse =
        DanskAdresse{"Industrivej", "7", std::nullopt, std::nullopt, "7100", "Vejle"};
    firma.adresser = {post};
    service_->opret(kontekst(), firma, std::nullopt);

    auto svar = service_->list(kontekst(kFagsystem), {cpr(kAnna), cvr(kFirma)});
    CPPUNIT_ASSERT(!svar[0].data->adresser[2].postadresse);
    CPPUNIT_ASSERT(svar[0].data->adresser[2].tilbageholdt == std::optional<bool>(true));
    CPPUNIT_ASSERT(svar[0].data->adresser[1].email.has_value());        // only postal is withheld
    CPPUNIT_ASSERT(svar[1].data->adresser[0].postadresse.has_value());  // a company's is not
    svar = service_->list(kontekst(), {cpr(kAnna)});
    CPPUNIT_ASSERT(svar[0].data->adresser[2].postadresse.has_value());
    CPPUNIT_ASSERT(!svar[0].data->adresser[2].tilbageholdt);
  }

  void testListNoneFound() {
    const auto svar = service_->list(kontekst(), {cpr(kAnna), cpr("x")});
    CPPUNIT_ASSERT(svar[0].status == ListStatus::IkkeFundet);
    CPPUNIT_ASSERT(svar[1].status == ListStatus::Ugyldig);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.log_calls);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.commits);
    // Only invalid parts: the store is not asked at all.
    service_->list(kontekst(), {cpr("x")});
    CPPUNIT_ASSERT_EQUAL(1, store_->data.laes_mange_calls);
  }

  void testListOtherMunicipality() {
    service_->opret(kontekst(kEsdh, kKoebenhavn), anna(), std::nullopt);
    const auto svar = service_->list(kontekst(), {cpr(kAnna)});
    CPPUNIT_ASSERT(svar[0].status == ListStatus::IkkeFundet);
  }

  void testListThousandAccepted() {
    std::vector<Part> parts;
    for (int i = 0; i < 1000; ++i) parts.push_back(cpr(cpr_nummer(i)));
    const auto svar = service_->list(kontekst(), parts);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, svar.size());
    CPPUNIT_ASSERT(svar[999].status == ListStatus::IkkeFundet);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1000}, store_->data.last_laes_mange.size());
  }

  void testListForMange() {
    const std::vector<Part> parts(1001, cpr(kAnna));
    const Error e = EXPECT_ERROR(ForMange, service_->list(kontekst(), parts));
    CPPUNIT_ASSERT_EQUAL(std::string("Part: højst 1000 i ét kald"), text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.laes_mange_calls);
  }

  void testListEmpty() {
    const Error e = EXPECT_ERROR(UgyldigForespoergsel, service_->list(kontekst(), {}));
    CPPUNIT_ASSERT_EQUAL(std::string("Part: mindst én kræves"), text(e));
  }

  // ---- ListHaendelser -------------------------------------------------------------------------

  void testFeedPaging() {
    service_->opret(kontekst(), anna(), std::nullopt);  // 1
    Kontaktdata d = anna();
    d.version = 1;
    service_->ret(kontekst(), d, std::nullopt);                      // 2
    service_->passiver(kontekst(), cpr(kAnna), 2, std::nullopt);     // 3
    service_->opret(kontekst(), minimal(cpr(kEmil)), std::nullopt);  // 4
    service_->slet(kontekst(), cpr(kEmil), std::nullopt);            // 5
    const std::size_t log = store_->data.state.adgangslog.size();

    Haendelsesside side = service_->list_haendelser(kontekst(), 0, 2);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, side.haendelser.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, side.haendelser[0].sekvensnummer);
    CPPUNIT_ASSERT(side.haendelser[0].type == Haendelsestype::Oprettet);
    CPPUNIT_ASSERT(side.haendelser[1].type == Haendelsestype::Rettet);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, side.naeste_sekvensnummer);

    side = service_->list_haendelser(kontekst(), side.naeste_sekvensnummer, 2);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, side.haendelser.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, side.haendelser[0].sekvensnummer);
    CPPUNIT_ASSERT(side.haendelser[0].type == Haendelsestype::Passiveret);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, side.haendelser[0].version);
    CPPUNIT_ASSERT(side.haendelser[1].part == cpr(kEmil));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{5}, side.naeste_sekvensnummer);

    side = service_->list_haendelser(kontekst(), 5, 2);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, side.haendelser.size());
    CPPUNIT_ASSERT(side.haendelser[0].type == Haendelsestype::Slettet);
    CPPUNIT_ASSERT(side.haendelser[0].part == cpr(kEmil));  // an erased part keeps its Part
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, side.haendelser[0].version);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{6}, side.naeste_sekvensnummer);

    // An empty page answers the start it was asked for.
    side = service_->list_haendelser(kontekst(), 6, 2);
    CPPUNIT_ASSERT(side.haendelser.empty());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{6}, side.naeste_sekvensnummer);
    side = service_->list_haendelser(kontekst(), 4711, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::int64_t{4711}, side.naeste_sekvensnummer);
    // The feed is no part's access: nothing logged.
    CPPUNIT_ASSERT_EQUAL(log, store_->data.state.adgangslog.size());
  }

  void testFeedDefaultAndBounds() {
    service_->list_haendelser(kontekst(), 0, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(100, store_->data.last_maks);
    service_->list_haendelser(kontekst(), 0, 1000);
    CPPUNIT_ASSERT_EQUAL(1000, store_->data.last_maks);
    service_->list_haendelser(kontekst(), 0, 1);
    CPPUNIT_ASSERT_EQUAL(1, store_->data.last_maks);
    for (int maks : {0, -1, 1001, 100000}) {
      const Error e = EXPECT_ERROR(UgyldigVaerdi, service_->list_haendelser(kontekst(), 0, maks));
      CPPUNIT_ASSERT_EQUAL(std::string("MaksAntal: skal være 1-1000"), text(e));
    }
  }

  void testFeedNegativeStart() {
    const Error e =
        EXPECT_ERROR(UgyldigVaerdi, service_->list_haendelser(kontekst(), -1, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("FraSekvensnummer: skal være 0 eller større"), text(e));
  }

  void testFeedPerMunicipality() {
    service_->opret(kontekst(kEsdh, kKoebenhavn), anna(), std::nullopt);
    service_->opret(kontekst(kEsdh, kKoebenhavn), minimal(cpr(kEmil)), std::nullopt);
    service_->opret(kontekst(), minimal(cvr(kFirma)), std::nullopt);
    const auto aarhus = service_->list_haendelser(kontekst(), 0, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, aarhus.haendelser.size());
    CPPUNIT_ASSERT(aarhus.haendelser[0].part == cvr(kFirma));
    CPPUNIT_ASSERT_EQUAL(std::int64_t{1}, aarhus.haendelser[0].sekvensnummer);
    const auto kbh = service_->list_haendelser(kontekst(kEsdh, kKoebenhavn), 0, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, kbh.haendelser.size());
    CPPUNIT_ASSERT_EQUAL(std::int64_t{3}, kbh.naeste_sekvensnummer);
  }

  // ---- ListAdgangslog -------------------------------------------------------------------------

  void testAdgangslog() {
    service_->opret(kontekst(), anna(), std::nullopt);
    clock_ += seconds(1);
    service_->laes(kontekst(kFagsystem), cpr(kAnna));
    clock_ += seconds(1);
    service_->list(kontekst(kFagsystem), {cpr(kAnna)});
    clock_ += seconds(1);
    Kaldkontekst ctx = kontekst();
    ctx.callers_service_call_identifier = "log-1";
    auto log = service_->list_adgangslog(ctx, cpr(kAnna), std::nullopt, std::nullopt, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{3}, log.size());  // as it stood when asked
    CPPUNIT_ASSERT(log[0].operation == Operation::Opret);
    CPPUNIT_ASSERT_EQUAL(std::string(kEsdh), log[0].user_system_uuid);
    CPPUNIT_ASSERT(log[1].operation == Operation::Laes);
    CPPUNIT_ASSERT_EQUAL(std::string(kFagsystem), log[1].user_system_uuid);
    CPPUNIT_ASSERT(log[1].tidspunkt == kNow + seconds(1));
    CPPUNIT_ASSERT(log[2].operation == Operation::List);
    CPPUNIT_ASSERT_EQUAL(100, store_->data.last_maks);

    // Reading the log is itself logged.
    log =
        service_->list_adgangslog(kontekst(), cpr(kAnna), std::nullopt, std::nullopt, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{4}, log.size());
    CPPUNIT_ASSERT(log[3].operation == Operation::ListAdgangslog);
    CPPUNIT_ASSERT(log[3].tidspunkt == kNow + seconds(3));
    CPPUNIT_ASSERT(log[3].callers_service_call_identifier == std::optional<std::string>("log-1"));
  }

  void testAdgangslogPeriod() {
    const Tidspunkt fra = kNow;
    const Tidspunkt til = kNow + seconds(1);
    service_->list_adgangslog(kontekst(), cpr(kAnna), fra, til, 10);
    CPPUNIT_ASSERT(store_->data.last_adgangslog_fra == std::optional<Tidspunkt>(fra));
    CPPUNIT_ASSERT(store_->data.last_adgangslog_til == std::optional<Tidspunkt>(til));
    CPPUNIT_ASSERT_EQUAL(10, store_->data.last_maks);
    service_->list_adgangslog(kontekst(), cpr(kAnna), fra, std::nullopt, std::nullopt);
    service_->list_adgangslog(kontekst(), cpr(kAnna), std::nullopt, til, std::nullopt);
    for (const Tidspunkt t : {fra, fra - microseconds(1)}) {
      const Error e = EXPECT_ERROR(
          UgyldigVaerdi, service_->list_adgangslog(kontekst(), cpr(kAnna), fra, t, std::nullopt));
      CPPUNIT_ASSERT_EQUAL(std::string("Til: skal ligge efter Fra"), text(e));
    }
  }

  void testAdgangslogMaksAntal() {
    for (int i = 0; i < 3; ++i) {
      clock_ += seconds(1);
      store_->data.state.adgangslog.push_back(FakeLogpost{
          kAarhus, cpr(kAnna),
          Adgangspost{clock_, Operation::Laes, kEsdh, kUser, std::nullopt, std::nullopt}});
    }
    auto log = service_->list_adgangslog(kontekst(), cpr(kAnna), std::nullopt, std::nullopt, 2);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, log.size());
    // Paging by moving Fra past the last line seen.
    log = service_->list_adgangslog(kontekst(), cpr(kAnna), log[1].tidspunkt + microseconds(1),
                                    std::nullopt, 2);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, log.size());  // the third, and the first call's line
    CPPUNIT_ASSERT(log[0].tidspunkt == kNow + seconds(3));
    CPPUNIT_ASSERT(log[1].operation == Operation::ListAdgangslog);
    for (int maks : {0, 1001}) {
      const Error e = EXPECT_ERROR(
          UgyldigVaerdi,
          service_->list_adgangslog(kontekst(), cpr(kAnna), std::nullopt, std::nullopt, maks));
      CPPUNIT_ASSERT_EQUAL(std::string("MaksAntal: skal være 1-1000"), text(e));
    }
    service_->list_adgangslog(kontekst(), cpr(kAnna), std::nullopt, std::nullopt, 1000);
    CPPUNIT_ASSERT_EQUAL(1000, store_->data.last_maks);
  }

  void testAdgangslogErasedPart() {
    service_->opret(kontekst(), anna(), std::nullopt);
    service_->slet(kontekst(), cpr(kAnna), std::nullopt);
    const auto log =
        service_->list_adgangslog(kontekst(), cpr(kAnna), std::nullopt, std::nullopt, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, log.size());
    CPPUNIT_ASSERT(log[1].operation == Operation::Slet);
  }

  void testAdgangslogInvalidPart() {
    const Error e = EXPECT_ERROR(
        UgyldigCpr, service_->list_adgangslog(kontekst(), cpr("3102701234"), std::nullopt,
                                              std::nullopt, std::nullopt));
    CPPUNIT_ASSERT_EQUAL(std::string("CPRNummer: ugyldig dato"), text(e));
    CPPUNIT_ASSERT_EQUAL(0, store_->data.log_calls);
  }

  void testNoAccessLogWithoutPart() {
    service_->ret_opgavesprog(kontekst(), "32", {"da"});
    service_->laes_opgavesprog(kontekst(), std::nullopt);
    service_->list_haendelser(kontekst(), 0, std::nullopt);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.log_calls);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.reserver_calls);  // RetOpgavesprog keeps no retry key
    CPPUNIT_ASSERT_EQUAL(3, store_->data.commits);
  }

  // ---- Opgavesprog ----------------------------------------------------------------------------

  void testOpgavesprogSetReadRemove() {
    const auto regel =
        service_->ret_opgavesprog(kontekst(), "32.18", {"dan", "en", "eng", "dsl", "da"});
    CPPUNIT_ASSERT(regel.has_value());
    const Opgavesprog expected{"32.18", {"da", "en", "dsl"}};
    CPPUNIT_ASSERT(*regel == expected);
    service_->ret_opgavesprog(kontekst(), "27", {"ar"});

    auto alle = service_->laes_opgavesprog(kontekst(), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{2}, alle.size());
    auto en = service_->laes_opgavesprog(kontekst(), std::string("32.18"));
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, en.size());
    CPPUNIT_ASSERT(en[0] == expected);
    // Exactly that scope: a broader or narrower one has no rule of its own.
    CPPUNIT_ASSERT(service_->laes_opgavesprog(kontekst(), std::string("32")).empty());
    CPPUNIT_ASSERT(service_->laes_opgavesprog(kontekst(), std::string("32.18.04")).empty());

    CPPUNIT_ASSERT(!service_->ret_opgavesprog(kontekst(), "32.18", {}));
    CPPUNIT_ASSERT(service_->laes_opgavesprog(kontekst(), std::string("32.18")).empty());
    alle = service_->laes_opgavesprog(kontekst(), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, alle.size());
    CPPUNIT_ASSERT_EQUAL(std::string("27"), alle[0].sagsomraade);
    // Removing a rule that is not there is no error.
    CPPUNIT_ASSERT(!service_->ret_opgavesprog(kontekst(), "32.18", {}));
  }

  void testOpgavesprogReplaced() {
    service_->ret_opgavesprog(kontekst(), "32", {"da", "en"});
    const auto regel = service_->ret_opgavesprog(kontekst(), "32", {"ukr"});
    CPPUNIT_ASSERT(*regel == (Opgavesprog{"32", {"uk"}}));
    const auto alle = service_->laes_opgavesprog(kontekst(), std::nullopt);
    CPPUNIT_ASSERT_EQUAL(std::size_t{1}, alle.size());
    CPPUNIT_ASSERT(alle[0] == (Opgavesprog{"32", {"uk"}}));
  }

  void testOpgavesprogInvalid() {
    Error e =
        EXPECT_ERROR(UgyldigSagsomraade, service_->ret_opgavesprog(kontekst(), "32.1", {"da"}));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Sagsomraade: skal være et KLE-nummer (NN, NN.NN eller NN.NN.NN)"), text(e));
    EXPECT_ERROR(UgyldigSagsomraade, service_->ret_opgavesprog(kontekst(), "", {}));
    e = EXPECT_ERROR(UgyldigSprog, service_->ret_opgavesprog(kontekst(), "32", {"da", "xx"}));
    CPPUNIT_ASSERT_EQUAL(std::string("Sprog[2]: er ikke en kendt ISO 639-1- eller 639-3-kode"),
                         text(e));
    e = EXPECT_ERROR(UgyldigSprog, service_->ret_opgavesprog(kontekst(), "32", {"DA"}));
    CPPUNIT_ASSERT_EQUAL(std::string("Sprog[1]: skal skrives med små bogstaver a-z"), text(e));
    e = EXPECT_ERROR(UgyldigSagsomraade, service_->laes_opgavesprog(kontekst(), std::string("3")));
    CPPUNIT_ASSERT_EQUAL(
        std::string("Sagsomraade: skal være et KLE-nummer (NN, NN.NN eller NN.NN.NN)"), text(e));
    CPPUNIT_ASSERT(store_->data.state.opgavesprog.empty());
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
  }

  void testOpgavesprogPerMunicipality() {
    service_->ret_opgavesprog(kontekst(kEsdh, kKoebenhavn), "32", {"en"});
    CPPUNIT_ASSERT(service_->laes_opgavesprog(kontekst(), std::nullopt).empty());
    CPPUNIT_ASSERT_EQUAL(
        std::size_t{1},
        service_->laes_opgavesprog(kontekst(kEsdh, kKoebenhavn), std::nullopt).size());
  }

  // ---- Grants and context ---------------------------------------------------------------------

  void testReadsNotGrantedToFagsystem() {
    const Kaldkontekst f = kontekst(kFagsystem);
    const std::vector<std::pair<std::string, std::function<void()>>> calls = {
        {"LaesOpgavesprog", [&] { service_->laes_opgavesprog(f, std::nullopt); }},
        {"RetOpgavesprog", [&] { service_->ret_opgavesprog(f, "32", {"da"}); }},
        {"ListHaendelser", [&] { service_->list_haendelser(f, 0, std::nullopt); }},
        {"ListAdgangslog",
         [&] {
           service_->list_adgangslog(f, cpr(kAnna), std::nullopt, std::nullopt, std::nullopt);
         }},
    };
    for (const auto& entry : calls) {  // no structured binding: lambdas below capture them
      const auto& op = entry.first;
      const auto& call = entry.second;
      const Error e = EXPECT_ERROR(AdgangNaegtet, call());
      CPPUNIT_ASSERT_EQUAL("det kaldende system må ikke bruge " + op + " for denne kommune",
                           text(e));
    }
    // Laes and List are granted to it.
    service_->list(f, {cpr(kAnna)});
    EXPECT_ERROR(PartFindesIkke, service_->laes(f, cpr(kAnna), kNow));
    // But not in Copenhagen.
    EXPECT_ERROR(AdgangNaegtet, service_->list(kontekst(kFagsystem, kKoebenhavn), {cpr(kAnna)}));
    CPPUNIT_ASSERT_EQUAL(1, store_->data.commits);
  }

  void testReadsCheckContextFirst() {
    // Every input below is also broken; the context is checked first.
    Kaldkontekst uden_kommune = kontekst();
    uden_kommune.municipality_cvr.reset();
    Kaldkontekst uden_invocation = kontekst();
    uden_invocation.har_invocation_context = false;
    const std::vector<std::pair<Kaldkontekst, ErrorCode>> cases = {
        {uden_kommune, ErrorCode::ManglendeKontekst},
        {uden_invocation, ErrorCode::ManglendeKontekst},
        {kontekst(kUkendtSystem), ErrorCode::AdgangNaegtet},
        {kontekst(kEsdh, "12345674"), ErrorCode::AdgangNaegtet},  // no municipality of ours
    };
    const std::vector<Part> for_mange(1001, cpr("x"));
    for (const auto& c : cases) {  // no structured binding: the lambdas capture them
      const Kaldkontekst& ctx = c.first;
      const ErrorCode code = c.second;
      const std::vector<std::function<void()>> calls = {
          [&] { service_->laes(ctx, cpr("x"), kNow); },
          [&] { service_->list(ctx, for_mange); },
          [&] { service_->laes_opgavesprog(ctx, std::string("3")); },
          [&] { service_->ret_opgavesprog(ctx, "3", {"xx"}); },
          [&] { service_->list_haendelser(ctx, -1, 0); },
          [&] { service_->list_adgangslog(ctx, cpr("x"), kNow, kNow, 0); },
      };
      for (const auto& call : calls) {
        try {
          call();
          CPPUNIT_FAIL("nothing thrown");
        } catch (const Error& e) {
          CPPUNIT_ASSERT_EQUAL(std::string(to_string(code)), std::string(to_string(e.code())));
        }
      }
    }
    CPPUNIT_ASSERT_EQUAL(0, store_->data.commits);
    CPPUNIT_ASSERT_EQUAL(0, store_->data.laes_mange_calls);
  }

 private:
  std::unique_ptr<FakeStore> store_;
  std::unique_ptr<KontaktdataService> service_;
  Tidspunkt clock_{};
};

CPPUNIT_TEST_SUITE_REGISTRATION(ReadsTest);

}  // namespace kontaktdata::domain
