// An in-memory Store for the use-case tests, and the helpers they share. A session works on a
// copy of the store's state and puts it back on commit, so a use case that throws (and so never
// commits) leaves nothing behind, as a rolled-back transaction would. Versions, history,
// events numbered per municipality, the access log, Opgavesprog and idempotency keys are kept
// as the Session contract in ports.hpp describes them.
#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "domain/error.hpp"
#include "domain/kontaktdata_service.hpp"
#include "domain/ports.hpp"
#include "domain_test_support.hpp"

namespace kontaktdata::domain::test {

inline constexpr const char* kAarhus = "55133018";
inline constexpr const char* kKoebenhavn = "64942212";
inline constexpr const char* kEsdh = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0001";
inline constexpr const char* kFagsystem = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0002";
inline constexpr const char* kUkendtSystem = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e0099";
inline constexpr const char* kUser = "7b2e6b51-1f1f-4c9f-8b64-4f2b8d1f0001";
inline constexpr const char* kAnna = "0101701234";
inline constexpr const char* kEmil = "0505055678";
inline constexpr const char* kFirma = "12345674";  // a valid CVR number, no municipality
inline constexpr const char* kAnnaEmailId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2002";
inline constexpr const char* kAnnaPostId = "6a1d5a40-0f0e-4b8e-9a53-3f1a9c0e2003";

inline const Tidspunkt kNow{std::chrono::microseconds{1'750'000'000'123'456}};

inline const std::vector<Operation> kAlle = {Operation::Laes,
                                             Operation::List,
                                             Operation::Opret,
                                             Operation::Ret,
                                             Operation::Passiver,
                                             Operation::Slet,
                                             Operation::Importer,
                                             Operation::HentKontaktanvisning,
                                             Operation::LaesOpgavesprog,
                                             Operation::RetOpgavesprog,
                                             Operation::ListHaendelser,
                                             Operation::ListAdgangslog};

inline Part cpr(const std::string& nummer) { return Part{Part::Type::Cpr, nummer}; }
inline Part cvr(const std::string& nummer) { return Part{Part::Type::Cvr, nummer}; }

/// One part's rows in one municipality.
struct FakePart {
  std::vector<Kontaktdata> historik;  ///< every registration, each with version and registrering
  std::int64_t sidste_version = 0;    ///< survives an erasure
  bool slettet = false;
  bool aktiv() const {
    return !slettet && !historik.empty() &&
           historik.back().registrering->livscyklus != Livscyklus::Passiveret;
  }
  bool holdes() const { return !slettet && !historik.empty(); }
};

/// One line of the access log as stored.
struct FakeLogpost {
  std::string kommune;
  Part part;
  Adgangspost post;
};

/// A stored idempotency key.
struct FakeNoegle {
  Operation operation = Operation::Opret;
  Tidspunkt tidspunkt{};
  std::optional<std::vector<Skriveresultat>> svar;  ///< nullopt: reserved, no answer yet
};

/// Everything a committed transaction leaves.
struct FakeState {
  using PartKey = std::tuple<std::string, Part::Type, std::string>;  // municipality, part
  std::map<PartKey, FakePart> parts;
  std::map<std::string, std::vector<Haendelse>> haendelser;  // per municipality
  std::vector<FakeLogpost> adgangslog;
  std::map<std::pair<std::string, std::string>, Opgavesprog> opgavesprog;  // municipality, scope
  std::map<std::tuple<std::string, std::string, std::string>, FakeNoegle>
      noegler;  // municipality, system, key
  std::map<std::pair<Part::Type, std::string>, Registercachepost> registercache;  // national
};

/// The store's state and what the tests observe about the calls made to it.
struct FakeData {
  FakeState state;
  std::vector<std::string> kommuner = {kAarhus, kKoebenhavn};
  // System -> municipality -> granted operations (the demo grants of DEMO-DATA.md).
  std::map<std::string, std::map<std::string, std::vector<Operation>>> grants = {
      {kEsdh, {{kAarhus, kAlle}, {kKoebenhavn, kAlle}}},
      {kFagsystem,
       {{kAarhus, {Operation::HentKontaktanvisning, Operation::Laes, Operation::List}}}},
  };
  int begun = 0;
  int commits = 0;
  int opret_calls = 0;
  int laes_calls = 0;
  int laes_paa_tidspunkt_calls = 0;
  int laes_mange_calls = 0;
  int ret_calls = 0;
  int passiver_calls = 0;
  int slet_calls = 0;
  int importer_calls = 0;
  int log_calls = 0;
  int reserver_calls = 0;
  int gem_calls = 0;
  int laes_cache_calls = 0;
  int gem_cache_calls = 0;
  std::vector<std::string> system_lookups;  // user_system_uuid asked for, in order
  std::vector<Part> last_laes_mange;
  Kontaktdata last_opret_data;
  Kontaktdata last_ret_data;
  std::int64_t last_forventet_version = 0;
  std::vector<Kontaktdata> last_importer_items;
  Registrering last_registrering;
  std::string last_kommune;
  Tidspunkt last_slet_tidspunkt{};
  Tidspunkt last_gyldig_fra{};  // reserver_idempotens
  std::optional<Tidspunkt> last_adgangslog_fra;
  std::optional<Tidspunkt> last_adgangslog_til;
  int last_maks = 0;
  bool fail_opret = false;  // answer MIDLERTIDIG_FEJL, as a store whose database went away

  /// The current data of a part as committed (nullopt when none is held).
  std::optional<Kontaktdata> current(const std::string& kommune, const Part& part) const {
    const auto found = state.parts.find({kommune, part.type, part.nummer});
    if (found == state.parts.end() || !found->second.holdes()) return std::nullopt;
    return found->second.historik.back();
  }
  /// The committed access-log lines of a part.
  std::vector<Adgangspost> log_for(const std::string& kommune, const Part& part) const {
    std::vector<Adgangspost> out;
    for (const auto& l : state.adgangslog) {
      if (l.kommune == kommune && l.part == part) out.push_back(l.post);
    }
    return out;
  }
  /// The committed events of a municipality.
  const std::vector<Haendelse>& events(const std::string& kommune) {
    return state.haendelser[kommune];
  }
};

class FakeSession : public Session {
 public:
  explicit FakeSession(FakeData& data) : data_(data), s_(data.state) {}

  std::optional<KaldendeSystem> kaldende_system(const std::string& user_system_uuid,
                                                const std::string& kommune_cvr) override {
    data_.system_lookups.push_back(user_system_uuid);
    const auto system = data_.grants.find(user_system_uuid);
    if (system == data_.grants.end()) return std::nullopt;
    KaldendeSystem k;
    k.uuid = user_system_uuid;
    k.navn = user_system_uuid == kEsdh ? "Demo ESDH" : "Demo fagsystem";
    k.ser_beskyttede_adresser = user_system_uuid == kEsdh;
    const auto grant = system->second.find(kommune_cvr);
    if (grant != system->second.end()) k.tilladte_operationer = grant->second;
    return k;
  }

  bool kommune_findes(const std::string& kommune_cvr) override {
    return std::find(data_.kommuner.begin(), data_.kommuner.end(), kommune_cvr) !=
           data_.kommuner.end();
  }

  std::int64_t opret(const std::string& kommune_cvr, const Kontaktdata& d,
                     const Registrering& registrering) override {
    ++data_.opret_calls;
    data_.last_opret_data = d;
    data_.last_registrering = registrering;
    data_.last_kommune = kommune_cvr;
    if (data_.fail_opret) throw Error(ErrorCode::MidlertidigFejl, "databasen svarer ikke");
    FakePart& p = part(kommune_cvr, d.part);
    if (p.aktiv()) throw Error(ErrorCode::PartFindesAllerede, "Part: findes allerede");
    p.slettet = false;
    return registrer(kommune_cvr, p, d, registrering, Haendelsestype::Oprettet);
  }

  std::optional<Kontaktdata> laes(const std::string& kommune_cvr, const Part& p) override {
    ++data_.laes_calls;
    return current(kommune_cvr, p);
  }

  std::optional<Kontaktdata> laes_paa_tidspunkt(const std::string& kommune_cvr, const Part& p,
                                                Tidspunkt t) override {
    ++data_.laes_paa_tidspunkt_calls;
    const auto found = s_.parts.find({kommune_cvr, p.type, p.nummer});
    if (found == s_.parts.end() || !found->second.holdes()) return std::nullopt;
    std::optional<Kontaktdata> in_force;
    for (const auto& r : found->second.historik) {
      if (r.registrering->tidspunkt <= t) in_force = r;
    }
    return in_force;
  }

  std::vector<std::optional<Kontaktdata>> laes_mange(const std::string& kommune_cvr,
                                                     const std::vector<Part>& parts) override {
    ++data_.laes_mange_calls;
    data_.last_laes_mange = parts;
    std::vector<std::optional<Kontaktdata>> out;
    for (const auto& p : parts) out.push_back(current(kommune_cvr, p));
    return out;
  }

  std::int64_t ret(const std::string& kommune_cvr, const Kontaktdata& d,
                   std::int64_t forventet_version, const Registrering& registrering) override {
    ++data_.ret_calls;
    data_.last_ret_data = d;
    data_.last_forventet_version = forventet_version;
    data_.last_registrering = registrering;
    FakePart& p = aktiv_ved(kommune_cvr, d.part, forventet_version);
    return registrer(kommune_cvr, p, d, registrering, Haendelsestype::Rettet);
  }

  std::int64_t passiver(const std::string& kommune_cvr, const Part& pa,
                        std::int64_t forventet_version, const Registrering& registrering) override {
    ++data_.passiver_calls;
    data_.last_forventet_version = forventet_version;
    data_.last_registrering = registrering;
    FakePart& p = aktiv_ved(kommune_cvr, pa, forventet_version);
    const Kontaktdata samme = p.historik.back();
    return registrer(kommune_cvr, p, samme, registrering, Haendelsestype::Passiveret);
  }

  std::int64_t slet(const std::string& kommune_cvr, const Part& pa, Tidspunkt t) override {
    ++data_.slet_calls;
    data_.last_slet_tidspunkt = t;
    FakePart& p = part(kommune_cvr, pa);
    if (!p.holdes()) throw Error(ErrorCode::PartFindesIkke, "Part: findes ikke");
    p.historik.clear();
    p.slettet = true;
    haendelse(kommune_cvr, pa, t, Haendelsestype::Slettet, p.sidste_version);
    return p.sidste_version;
  }

  std::vector<Skriveresultat> importer(const std::string& kommune_cvr,
                                       const std::vector<Kontaktdata>& items,
                                       const Registrering& registrering) override {
    ++data_.importer_calls;
    data_.last_importer_items = items;
    data_.last_registrering = registrering;
    std::vector<Skriveresultat> out;
    for (const auto& item : items) {
      FakePart& p = part(kommune_cvr, item.part);
      const bool erstatter = p.holdes();
      Registrering r = registrering;
      r.livscyklus = erstatter ? Livscyklus::Importeret : Livscyklus::Opstaaet;
      p.slettet = false;
      Skriveresultat res;
      res.part = item.part;
      res.status = erstatter ? Skrivestatus::Rettet : Skrivestatus::Oprettet;
      res.version = registrer(kommune_cvr, p, item, r,
                              erstatter ? Haendelsestype::Importeret : Haendelsestype::Oprettet);
      out.push_back(res);
    }
    return out;
  }

  void log_adgang(const std::string& kommune_cvr, const std::vector<Part>& parts,
                  const Adgangspost& post) override {
    ++data_.log_calls;
    for (const auto& p : parts) s_.adgangslog.push_back(FakeLogpost{kommune_cvr, p, post});
  }

  std::vector<Adgangspost> adgangslog(const std::string& kommune_cvr, const Part& p,
                                      std::optional<Tidspunkt> fra, std::optional<Tidspunkt> til,
                                      int maks) override {
    data_.last_adgangslog_fra = fra;
    data_.last_adgangslog_til = til;
    data_.last_maks = maks;
    std::vector<Adgangspost> out;
    for (const auto& l : s_.adgangslog) {
      if (static_cast<int>(out.size()) >= maks) break;
      if (l.kommune != kommune_cvr || !(l.part == p)) continue;
      if ((fra && l.post.tidspunkt < *fra) || (til && !(l.post.tidspunkt < *til))) continue;
      out.push_back(l.post);
    }
    return out;
  }

  std::vector<Haendelse> haendelser(const std::string& kommune_cvr, std::int64_t fra,
                                    int maks) override {
    data_.last_maks = maks;
    std::vector<Haendelse> out;
    for (const auto& h : s_.haendelser[kommune_cvr]) {
      if (static_cast<int>(out.size()) >= maks) break;
      if (h.sekvensnummer >= fra) out.push_back(h);
    }
    return out;
  }

  std::vector<Opgavesprog> opgavesprog(const std::string& kommune_cvr,
                                       const std::optional<std::string>& sagsomraade) override {
    std::vector<Opgavesprog> out;
    for (const auto& [key, regel] : s_.opgavesprog) {
      if (key.first == kommune_cvr && (!sagsomraade || key.second == *sagsomraade)) {
        out.push_back(regel);
      }
    }
    return out;
  }

  void ret_opgavesprog(const std::string& kommune_cvr, const Opgavesprog& regel) override {
    if (regel.sprog.empty()) {
      s_.opgavesprog.erase({kommune_cvr, regel.sagsomraade});
    } else {
      s_.opgavesprog.insert_or_assign({kommune_cvr, regel.sagsomraade}, regel);
    }
  }

  std::optional<std::vector<Skriveresultat>> reserver_idempotens(
      const std::string& kommune_cvr, const std::string& user_system_uuid,
      const std::string& noegle, Operation operation, Tidspunkt nu, Tidspunkt gyldig_fra) override {
    ++data_.reserver_calls;
    data_.last_gyldig_fra = gyldig_fra;
    auto& n = s_.noegler[{kommune_cvr, user_system_uuid, noegle}];
    if (n.svar && n.tidspunkt >= gyldig_fra) return n.svar;
    n = FakeNoegle{operation, nu, std::nullopt};  // new, or an expired one taken over
    return std::nullopt;
  }

  void gem_idempotens(const std::string& kommune_cvr, const std::string& user_system_uuid,
                      const std::string& noegle, const std::vector<Skriveresultat>& svar) override {
    ++data_.gem_calls;
    const auto found = s_.noegler.find({kommune_cvr, user_system_uuid, noegle});
    CPPUNIT_ASSERT_MESSAGE("gem_idempotens without reserver_idempotens", found != s_.noegler.end());
    found->second.svar = svar;
  }

  std::vector<std::optional<Registercachepost>> laes_registercache(const std::vector<Part>& parts,
                                                                   Tidspunkt hentet_fra) override {
    ++data_.laes_cache_calls;
    std::vector<std::optional<Registercachepost>> out;
    for (const auto& p : parts) {
      const auto found = s_.registercache.find({p.type, p.nummer});
      if (found != s_.registercache.end() && found->second.hentet >= hentet_fra) {
        out.emplace_back(found->second);
      } else {
        out.emplace_back(std::nullopt);
      }
    }
    return out;
  }

  void gem_registercache(const std::vector<std::pair<Part, Registercachepost>>& poster) override {
    ++data_.gem_cache_calls;
    for (const auto& [p, post] : poster) {
      auto& slot = s_.registercache[{p.type, p.nummer}];
      if (slot.hentet < post.hentet) slot = post;  // an equal or newer entry is kept
    }
  }

  void commit() override {
    ++data_.commits;
    data_.state = s_;
  }

 private:
  FakePart& part(const std::string& kommune, const Part& p) {
    return s_.parts[{kommune, p.type, p.nummer}];
  }

  std::optional<Kontaktdata> current(const std::string& kommune, const Part& p) const {
    const auto found = s_.parts.find({kommune, p.type, p.nummer});
    if (found == s_.parts.end() || !found->second.holdes()) return std::nullopt;
    return found->second.historik.back();
  }

  FakePart& aktiv_ved(const std::string& kommune, const Part& pa, std::int64_t version) {
    FakePart& p = part(kommune, pa);
    if (!p.aktiv()) throw Error(ErrorCode::PartFindesIkke, "Part: findes ikke");
    if (p.sidste_version != version) {
      throw Error(ErrorCode::Versionskonflikt, "Version: ikke den aktuelle");
    }
    return p;
  }

  std::int64_t registrer(const std::string& kommune, FakePart& p, const Kontaktdata& d,
                         const Registrering& r, Haendelsestype type) {
    Kontaktdata stored = d;
    stored.version = ++p.sidste_version;
    stored.registrering = r;
    p.historik.push_back(stored);
    haendelse(kommune, d.part, r.tidspunkt, type, p.sidste_version);
    return p.sidste_version;
  }

  void haendelse(const std::string& kommune, const Part& pa, Tidspunkt t, Haendelsestype type,
                 std::int64_t version) {
    auto& feed = s_.haendelser[kommune];
    // Numbered per municipality from 1; this store has one writer at a time.
    feed.push_back(Haendelse{static_cast<std::int64_t>(feed.size()) + 1, t, pa, type, version});
  }

  FakeData& data_;
  FakeState s_;
};

class FakeStore : public Store {
 public:
  std::unique_ptr<Session> begin() override {
    ++data.begun;
    return std::make_unique<FakeSession>(data);
  }
  FakeData data;
};

/// A full context of the demo ESDH in Aarhus. Each call carries a CallersServiceCallIdentifier
/// of its own, as a client sends one per call; tests of retries set the same one on purpose.
inline Kaldkontekst kontekst(const char* system = kEsdh, const char* kommune = kAarhus) {
  static int kald = 0;
  Kaldkontekst ctx;
  ctx.municipality_cvr = kommune;
  ctx.har_invocation_context = true;
  ctx.service_agreement_uuid = "8c3f7c62-2a2a-4daf-9c75-5a3c9e2f0001";
  ctx.user_system_uuid = system;
  ctx.user_uuid = kUser;
  ctx.service_uuid = "9d4a8d73-3b3b-4ebf-8d86-6b4daf3a0001";
  ctx.on_behalf_of_user = "sagsbehandler-42";
  ctx.callers_service_call_identifier = "kald-" + std::to_string(++kald);
  return ctx;
}

/// Anna's contact data: a mobile without ID, an email with one, an EMAIL channel, Danish.
inline Kontaktdata anna() {
  Kontaktdata d;
  d.part = cpr(kAnna);
  Kontaktadresse mobil;
  mobil.type = Adressetype::Mobiltelefon;
  mobil.mobilnummer = "20 12 34 56";
  Kontaktadresse email;
  email.adresse_id = kAnnaEmailId;
  email.type = Adressetype::Email;
  email.email = "anna.jensen@example.dk";
  d.adresser = {mobil, email};
  Kontaktkanal kanal;
  kanal.kanal = Kanal::Email;
  kanal.adresse_id = email.adresse_id;
  kanal.prioritet = 1;
  d.kanaler = {kanal};
  Kontaktform form;
  form.sprog = "da";
  d.former = {form};
  return d;
}

/// Anna with a Danish postal address as well (withheld from systems that may not see it).
inline Kontaktdata anna_med_post() {
  Kontaktdata d = anna();
  Kontaktadresse post;
  post.adresse_id = kAnnaPostId;
  post.postadresse = DanskAdresse{"Vestergade", "12", "1", "th", "8000", "Aarhus C"};
  d.adresser.push_back(post);
  return d;
}

/// Minimal valid data for any part: one DIGITAL_POST channel.
inline Kontaktdata minimal(const Part& part) {
  Kontaktdata d;
  d.part = part;
  Kontaktkanal kanal;
  kanal.kanal = Kanal::DigitalPost;
  d.kanaler = {kanal};
  return d;
}

/// The `n`-th valid CPR number of a series, 0 <= n < 3360 (born 1-28 of each month of 1970).
inline std::string cpr_nummer(int n) {
  auto to_cifre = [](int v) { return std::string(1, char('0' + v / 10)) + char('0' + v % 10); };
  const int dag = 1 + n % 28;
  const int maaned = 1 + (n / 28) % 12;
  const int loebenummer = n / (28 * 12);  // 0-9; the 7th digit 1 makes it the 1900s
  return to_cifre(dag) + to_cifre(maaned) + "7010" + to_cifre(loebenummer);
}

}  // namespace kontaktdata::domain::test
