#include "domain/kontaktdata_service.hpp"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

#include "domain/error.hpp"
#include "domain/kle.hpp"
#include "domain/validation.hpp"

namespace kontaktdata::domain {

namespace {

constexpr std::size_t kMaksPoster = 1000;
constexpr int kMaksAntal = 1000;
constexpr int kStandardMaksAntal = 100;

Tidspunkt system_now() {
  return std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
}

using PartNoegle = std::pair<Part::Type, std::string>;

PartNoegle noegle(const Part& part) { return {part.type, part.nummer}; }

Registrering registrering(const Kaldkontekst& ctx, Tidspunkt nu, Livscyklus livscyklus,
                          const std::optional<std::string>& note) {
  Registrering r;
  r.tidspunkt = nu;
  r.livscyklus = livscyklus;
  r.user_system_uuid = ctx.user_system_uuid;
  r.user_uuid = ctx.user_uuid;
  r.on_behalf_of_user = ctx.on_behalf_of_user;
  r.note = note;
  return r;
}

Adgangspost adgangspost(const Kaldkontekst& ctx, Tidspunkt nu, Operation op) {
  Adgangspost post;
  post.tidspunkt = nu;
  post.operation = op;
  post.user_system_uuid = ctx.user_system_uuid;
  post.user_uuid = ctx.user_uuid;
  post.on_behalf_of_user = ctx.on_behalf_of_user;
  post.callers_service_call_identifier = ctx.callers_service_call_identifier;
  return post;
}

[[noreturn]] void part_findes_ikke() {
  throw Error(ErrorCode::PartFindesIkke, "Part: kommunen har ingen kontaktdata for parten");
}

// The contract bounds these lists to 1..1000 but the XSD leaves them unbounded, so the count is
// ours to check. None at all is a request the XSD would refuse.
void tjek_antal(std::size_t antal, std::string_view element) {
  if (antal == 0) {
    throw Error(ErrorCode::UgyldigForespoergsel, std::string(element) + ": mindst én kræves");
  }
  if (antal > kMaksPoster) {
    throw Error(ErrorCode::ForMange, std::string(element) + ": højst 1000 i ét kald");
  }
}

// MaksAntal is a value with a range, not a list the caller sent: out of range is UGYLDIG_VAERDI,
// and FOR_MANGE stays reserved for lists of more than 1000 items.
int tjek_maks_antal(std::optional<int> maks) {
  if (!maks) return kStandardMaksAntal;
  if (*maks < 1 || *maks > kMaksAntal) {
    throw Error(ErrorCode::UgyldigVaerdi, "MaksAntal: skal være 1-1000");
  }
  return *maks;
}

std::string sti(std::string_view parent, std::size_t index, std::string_view child) {
  return std::string(parent) + "[" + std::to_string(index + 1) + "]/" + std::string(child);
}

bool har_tilbageholdte(const Kontaktdata& data) {
  return std::any_of(data.adresser.begin(), data.adresser.end(),
                     [](const Kontaktadresse& a) { return a.tilbageholdt.value_or(false); });
}

// A caller that was shown an address withheld has no value to send back: the address keeps its
// stored type and value, while the caller's validity period and SidstVerificeret apply. An
// address the part does not hold cannot be kept.
void behold_tilbageholdte(Kontaktdata& data, const std::optional<Kontaktdata>& gemt,
                          std::string_view praefiks) {
  for (std::size_t i = 0; i < data.adresser.size(); ++i) {
    auto& adresse = data.adresser[i];
    if (!adresse.tilbageholdt.value_or(false)) continue;
    const Kontaktadresse* fundet = nullptr;
    if (gemt && !adresse.adresse_id.empty()) {
      for (const auto& g : gemt->adresser) {
        if (g.adresse_id == adresse.adresse_id) fundet = &g;
      }
    }
    if (fundet == nullptr) {
      throw Error(ErrorCode::UgyldigReference,
                  std::string(praefiks) + sti("Kontaktadresse", i, "AdresseID") +
                      ": Tilbageholdt kræver AdresseID på en gemt Kontaktadresse");
    }
    adresse.type = fundet->type;
    adresse.postadresse = fundet->postadresse;
    adresse.email = fundet->email;
    adresse.mobilnummer = fundet->mobilnummer;
  }
}

// Safe retries. An answer stored under the key must be this request's own: a caller that reuses
// an identifier for another operation or part would otherwise be told that a write happened
// which never did.
[[noreturn]] void noegle_brugt_til_andet() {
  throw Error(ErrorCode::UgyldigVaerdi,
              "CallersServiceCallIdentifier: er allerede brugt til et andet kald i "
              "genforsøgsvinduet");
}

std::optional<std::vector<Skriveresultat>> tidligere_svar(Session& session, const Kaldkontekst& ctx,
                                                          Operation op, Tidspunkt nu,
                                                          std::chrono::hours vindue) {
  if (!ctx.callers_service_call_identifier) return std::nullopt;
  // Keyed by municipality too: a system serving several municipalities is never answered, in
  // one, with a write it made in another.
  return session.reserver_idempotens(*ctx.municipality_cvr, ctx.user_system_uuid,
                                     *ctx.callers_service_call_identifier, op, nu, nu - vindue);
}

std::int64_t eneste_version(const std::vector<Skriveresultat>& svar, Skrivestatus status,
                            const Part& part) {
  if (svar.size() != 1 || svar[0].status != status || !(svar[0].part == part) || !svar[0].version) {
    noegle_brugt_til_andet();
  }
  return *svar[0].version;
}

void gem_svar(Session& session, const Kaldkontekst& ctx, const std::vector<Skriveresultat>& svar) {
  if (!ctx.callers_service_call_identifier) return;
  session.gem_idempotens(*ctx.municipality_cvr, ctx.user_system_uuid,
                         *ctx.callers_service_call_identifier, svar);
}

Skriveresultat skriveresultat(const Part& part, Skrivestatus status, std::int64_t version) {
  Skriveresultat r;
  r.part = part;
  r.status = status;
  r.version = version;
  return r;
}

Skriveresultat afvist(const Part& part, ErrorCode kode, std::string tekst) {
  Skriveresultat r;
  r.part = part;
  r.status = Skrivestatus::Afvist;
  r.fejl_kode = std::string(to_string(kode));
  r.fejl_tekst = std::move(tekst);
  return r;
}

}  // namespace

KontaktdataService::KontaktdataService(Store& store, std::function<Tidspunkt()> now,
                                       Indstillinger indstillinger, Registre* registre)
    : store_(store),
      now_(now ? std::move(now) : std::function<Tidspunkt()>(system_now)),
      indstillinger_(indstillinger),
      registre_(registre) {}

KaldendeSystem KontaktdataService::autoriser(Session& session, const Kaldkontekst& ctx,
                                             Operation op) {
  // Only an absent MunicipalityCVR is missing context: an empty one was sent, and breaks the CVR
  // rule below (UGYLDIG_CVR).
  if (!ctx.municipality_cvr) {
    throw Error(ErrorCode::ManglendeKontekst, "AuthorityContext/MunicipalityCVR mangler");
  }
  if (!ctx.har_invocation_context) {
    throw Error(ErrorCode::ManglendeKontekst, "InvocationContext mangler");
  }
  validate_kommune_cvr(*ctx.municipality_cvr);

  auto system = session.kaldende_system(ctx.user_system_uuid, *ctx.municipality_cvr);
  if (!system) {
    throw Error(ErrorCode::AdgangNaegtet,
                "InvocationContext/UserSystemUUID: ukendt kaldende system");
  }
  if (!session.kommune_findes(*ctx.municipality_cvr)) {
    throw Error(ErrorCode::AdgangNaegtet,
                "AuthorityContext/MunicipalityCVR: kommunen er ikke tilsluttet tjenesten");
  }
  const auto& tilladte = system->tilladte_operationer;
  if (std::find(tilladte.begin(), tilladte.end(), op) == tilladte.end()) {
    throw Error(ErrorCode::AdgangNaegtet, std::string("det kaldende system må ikke bruge ") +
                                              to_string(op) + " for denne kommune");
  }
  return std::move(*system);
}

void tilbagehold_beskyttede_adresser(Kontaktdata& data) {
  if (data.part.type != Part::Type::Cpr) return;
  for (auto& adresse : data.adresser) {
    if (adresse.type == Adressetype::Postadresse) {
      adresse.postadresse.reset();
      adresse.tilbageholdt = true;
    }
  }
}

bool har_postadresse(const Kontaktdata& data) noexcept {
  return std::any_of(data.adresser.begin(), data.adresser.end(), [](const Kontaktadresse& a) {
    return a.type == Adressetype::Postadresse && a.postadresse.has_value();
  });
}

// ---- Register data -------------------------------------------------------------------------

std::vector<KontaktdataService::Registeropslag> KontaktdataService::registerdata(
    Session& session, const Kaldkontekst& ctx, const std::vector<Part>& parts, Tidspunkt nu) {
  std::vector<Registeropslag> out(parts.size());
  if (parts.empty()) return out;
  const auto cache = session.laes_registercache(parts, nu - indstillinger_.register_ttl);
  const Tidspunkt frisk_fra = nu - indstillinger_.register_forny_efter;

  std::vector<std::size_t> mangler;  // not cached, or cached register_forny_efter ago or more
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i < cache.size() && cache[i] && cache[i]->hentet > frisk_fra) {
      out[i] = {cache[i]->data, Registerstatus::Svar};
    } else {
      mangler.push_back(i);
    }
  }
  if (mangler.empty()) return out;

  std::vector<std::optional<Registerdata>> svar;
  if (registre_ != nullptr) {
    std::vector<Part> spurgte;
    spurgte.reserve(mangler.size());
    for (const std::size_t i : mangler) spurgte.push_back(parts[i]);
    svar = registre_->slaa_op(spurgte, *ctx.municipality_cvr, ctx.callers_service_call_identifier);
  }
  const Tidspunkt hentet = now_();
  std::vector<std::pair<Part, Registercachepost>> nye;
  for (std::size_t j = 0; j < mangler.size(); ++j) {
    const std::size_t i = mangler[j];
    if (j < svar.size() && svar[j]) {
      nye.emplace_back(parts[i], Registercachepost{*svar[j], hentet});
      out[i] = {std::move(*svar[j]), Registerstatus::Svar};
    } else if (i < cache.size() && cache[i]) {
      out[i] = {cache[i]->data, Registerstatus::Cache};
    } else {
      out[i] = {std::nullopt, Registerstatus::Utilgaengelig};
    }
  }
  if (!nye.empty()) session.gem_registercache(nye);
  return out;
}

void KontaktdataService::anvend_adressebeskyttelse(Session& session, const Kaldkontekst& ctx,
                                                   const std::vector<Kontaktdata*>& data,
                                                   Tidspunkt nu) {
  std::vector<Kontaktdata*> personer;
  std::vector<Part> parts;
  for (Kontaktdata* d : data) {
    if (d->part.type == Part::Type::Cpr && har_postadresse(*d)) {
      personer.push_back(d);
      parts.push_back(d->part);
    }
  }
  const auto opslag = registerdata(session, ctx, parts, nu);
  const Dato dato = dansk_dato(nu);
  for (std::size_t i = 0; i < personer.size(); ++i) {
    const Registerdata* cpr = opslag[i].status == Registerstatus::Utilgaengelig || !opslag[i].data
                                  ? nullptr
                                  : &*opslag[i].data;
    if (postadresser_tilbageholdes(cpr, dato)) tilbagehold_beskyttede_adresser(*personer[i]);
  }
}

// ---- Writes --------------------------------------------------------------------------------

Versionssvar KontaktdataService::opret(const Kaldkontekst& ctx, Kontaktdata data,
                                       const std::optional<std::string>& note) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::Opret);
  const Tidspunkt nu = now_();
  if (auto svar =
          tidligere_svar(*session, ctx, Operation::Opret, nu, indstillinger_.idempotens_vindue)) {
    return Versionssvar{data.part, eneste_version(*svar, Skrivestatus::Oprettet, data.part)};
  }
  validate_and_normalise(data);

  const std::int64_t version = session->opret(*ctx.municipality_cvr, data,
                                              registrering(ctx, nu, Livscyklus::Opstaaet, note));
  session->log_adgang(*ctx.municipality_cvr, {data.part}, adgangspost(ctx, nu, Operation::Opret));
  gem_svar(*session, ctx, {skriveresultat(data.part, Skrivestatus::Oprettet, version)});
  session->commit();
  return Versionssvar{std::move(data.part), version};
}

Versionssvar KontaktdataService::ret(const Kaldkontekst& ctx, Kontaktdata data,
                                     const std::optional<std::string>& note) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::Ret);
  const Tidspunkt nu = now_();
  if (auto svar =
          tidligere_svar(*session, ctx, Operation::Ret, nu, indstillinger_.idempotens_vindue)) {
    return Versionssvar{data.part, eneste_version(*svar, Skrivestatus::Rettet, data.part)};
  }
  validate_part(data.part);
  if (!data.version) {
    throw Error(ErrorCode::Versionskonflikt,
                "Kontaktdata/Version: mangler; Ret kræver den senest læste version");
  }
  const std::int64_t forventet_version = *data.version;
  if (har_tilbageholdte(data)) {
    // Read in the same transaction: the store's version check then also guarantees that the
    // kept values are those of the version the caller read.
    auto gemt = session->laes(*ctx.municipality_cvr, data.part);
    if (!gemt) part_findes_ikke();
    behold_tilbageholdte(data, gemt, "Kontaktdata/");
  }
  validate_and_normalise(data);

  const std::int64_t version = session->ret(*ctx.municipality_cvr, data, forventet_version,
                                            registrering(ctx, nu, Livscyklus::Rettet, note));
  session->log_adgang(*ctx.municipality_cvr, {data.part}, adgangspost(ctx, nu, Operation::Ret));
  gem_svar(*session, ctx, {skriveresultat(data.part, Skrivestatus::Rettet, version)});
  session->commit();
  return Versionssvar{std::move(data.part), version};
}

Versionssvar KontaktdataService::passiver(const Kaldkontekst& ctx, const Part& part,
                                          std::optional<std::int64_t> version,
                                          const std::optional<std::string>& note) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::Passiver);
  const Tidspunkt nu = now_();
  if (auto svar = tidligere_svar(*session, ctx, Operation::Passiver, nu,
                                 indstillinger_.idempotens_vindue)) {
    return Versionssvar{part, eneste_version(*svar, Skrivestatus::Passiveret, part)};
  }
  validate_part(part);
  if (!version) {
    throw Error(ErrorCode::Versionskonflikt,
                "Version: mangler; Passiver kræver den senest læste version");
  }

  const std::int64_t ny_version = session->passiver(
      *ctx.municipality_cvr, part, *version, registrering(ctx, nu, Livscyklus::Passiveret, note));
  session->log_adgang(*ctx.municipality_cvr, {part}, adgangspost(ctx, nu, Operation::Passiver));
  gem_svar(*session, ctx, {skriveresultat(part, Skrivestatus::Passiveret, ny_version)});
  session->commit();
  return Versionssvar{part, ny_version};
}

Part KontaktdataService::slet(const Kaldkontekst& ctx, const Part& part,
                              const std::optional<std::string>& note) {
  // The Note is not stored: an erasure leaves no registration to carry it, and the event and
  // access-log line it leaves hold no free text, which could itself be personal data.
  (void)note;
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::Slet);
  const Tidspunkt nu = now_();
  if (auto svar =
          tidligere_svar(*session, ctx, Operation::Slet, nu, indstillinger_.idempotens_vindue)) {
    eneste_version(*svar, Skrivestatus::Slettet, part);
    return part;
  }
  validate_part(part);

  const std::int64_t sidste_version = session->slet(*ctx.municipality_cvr, part, nu);
  session->log_adgang(*ctx.municipality_cvr, {part}, adgangspost(ctx, nu, Operation::Slet));
  gem_svar(*session, ctx, {skriveresultat(part, Skrivestatus::Slettet, sidste_version)});
  session->commit();
  return part;
}

std::vector<Skriveresultat> KontaktdataService::importer(const Kaldkontekst& ctx,
                                                         std::vector<Kontaktdata> items) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::Importer);
  const Tidspunkt nu = now_();
  if (auto svar = tidligere_svar(*session, ctx, Operation::Importer, nu,
                                 indstillinger_.idempotens_vindue)) {
    const bool samme_parter = svar->size() == items.size() &&
                              std::equal(items.begin(), items.end(), svar->begin(),
                                         [](const Kontaktdata& item, const Skriveresultat& r) {
                                           return item.part == r.part;
                                         });
    if (!samme_parter) noegle_brugt_til_andet();
    return std::move(*svar);
  }
  tjek_antal(items.size(), "Kontaktdata");

  std::vector<std::optional<Skriveresultat>> afviste(items.size());
  auto afvis = [&](std::size_t i, const Error& e) {
    afviste[i] = afvist(items[i].part, e.code(), sti("Kontaktdata", i, e.what()));
  };

  // A part listed twice is ambiguous (which item is meant?), so every one of its items is
  // refused rather than letting the order of the batch decide silently.
  std::map<PartNoegle, int> forekomster;
  for (std::size_t i = 0; i < items.size(); ++i) {
    try {
      validate_part(items[i].part);
      ++forekomster[noegle(items[i].part)];
    } catch (const Error& e) {
      afvis(i, e);
    }
  }
  std::vector<Part> skal_laeses;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (afviste[i]) continue;
    if (forekomster[noegle(items[i].part)] > 1) {
      const char* element = items[i].part.type == Part::Type::Cpr ? "CPRNummer" : "CVRNummer";
      afvis(i, Error(ErrorCode::UgyldigVaerdi,
                     std::string(element) + ": parten står flere gange i samme Importer"));
    } else if (har_tilbageholdte(items[i])) {
      skal_laeses.push_back(items[i].part);
    }
  }

  // Withheld addresses need the stored data: one round trip for all of them.
  std::map<PartNoegle, std::optional<Kontaktdata>> gemte;
  if (!skal_laeses.empty()) {
    auto laest = session->laes_mange(*ctx.municipality_cvr, skal_laeses);
    for (std::size_t j = 0; j < skal_laeses.size() && j < laest.size(); ++j) {
      gemte[noegle(skal_laeses[j])] = std::move(laest[j]);
    }
  }

  std::vector<Kontaktdata> gyldige;
  std::vector<std::size_t> gyldige_index;
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (afviste[i]) continue;
    try {
      if (har_tilbageholdte(items[i])) {
        behold_tilbageholdte(items[i], gemte[noegle(items[i].part)], "");
      }
      validate_and_normalise(items[i]);
      gyldige.push_back(std::move(items[i]));
      gyldige_index.push_back(i);
    } catch (const Error& e) {
      afvis(i, e);
    }
  }

  std::vector<Skriveresultat> gemt;
  if (!gyldige.empty()) {
    gemt = session->importer(*ctx.municipality_cvr, gyldige,
                             registrering(ctx, nu, Livscyklus::Importeret, std::nullopt));
    if (gemt.size() != gyldige.size()) {
      throw std::logic_error("Store::importer svarede med et andet antal resultater");
    }
  }

  std::vector<Skriveresultat> resultat(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (afviste[i]) resultat[i] = std::move(*afviste[i]);
  }
  std::vector<Part> skrevne;
  for (std::size_t j = 0; j < gemt.size(); ++j) {
    skrevne.push_back(gyldige[j].part);
    resultat[gyldige_index[j]] = std::move(gemt[j]);
  }
  if (!skrevne.empty()) {
    session->log_adgang(*ctx.municipality_cvr, skrevne, adgangspost(ctx, nu, Operation::Importer));
  }
  gem_svar(*session, ctx, resultat);
  session->commit();
  return resultat;
}

// ---- Reads ---------------------------------------------------------------------------------

Kontaktdata KontaktdataService::laes(const Kaldkontekst& ctx, const Part& part,
                                     std::optional<Tidspunkt> registreringstidspunkt) {
  auto session = store_.begin();
  const KaldendeSystem system = autoriser(*session, ctx, Operation::Laes);
  validate_part(part);

  auto data = registreringstidspunkt ? session->laes_paa_tidspunkt(*ctx.municipality_cvr, part,
                                                                   *registreringstidspunkt)
                                     : session->laes(*ctx.municipality_cvr, part);
  if (!data) part_findes_ikke();
  const Tidspunkt nu = now_();
  if (!system.ser_beskyttede_adresser) anvend_adressebeskyttelse(*session, ctx, {&*data}, nu);
  session->log_adgang(*ctx.municipality_cvr, {part}, adgangspost(ctx, nu, Operation::Laes));
  session->commit();
  return std::move(*data);
}

std::vector<Listresultat> KontaktdataService::list(const Kaldkontekst& ctx,
                                                   const std::vector<Part>& parts) {
  auto session = store_.begin();
  const KaldendeSystem system = autoriser(*session, ctx, Operation::List);
  tjek_antal(parts.size(), "Part");

  // Each part is asked for once, however often the caller lists it.
  std::vector<Part> spurgte;
  std::set<PartNoegle> set;
  for (const auto& part : parts) {
    if (is_valid_part(part) && set.insert(noegle(part)).second) spurgte.push_back(part);
  }
  const Tidspunkt nu = now_();
  std::map<PartNoegle, Kontaktdata> fundne;
  if (!spurgte.empty()) {
    auto laest = session->laes_mange(*ctx.municipality_cvr, spurgte);
    for (std::size_t j = 0; j < spurgte.size() && j < laest.size(); ++j) {
      if (laest[j]) fundne.emplace(noegle(spurgte[j]), std::move(*laest[j]));
    }
  }
  if (!system.ser_beskyttede_adresser) {
    std::vector<Kontaktdata*> data;
    for (auto& [_, d] : fundne) data.push_back(&d);
    anvend_adressebeskyttelse(*session, ctx, data, nu);
  }

  std::vector<Listresultat> resultat;
  resultat.reserve(parts.size());
  std::vector<Part> logget;
  for (const auto& part : parts) {
    Listresultat r;
    r.part = part;
    if (!is_valid_part(part)) {
      r.status = ListStatus::Ugyldig;
    } else if (const auto found = fundne.find(noegle(part)); found != fundne.end()) {
      r.status = ListStatus::Fundet;
      r.data = found->second;
    } else {
      r.status = ListStatus::IkkeFundet;
    }
    resultat.push_back(std::move(r));
  }
  for (const auto& part : spurgte) {
    if (fundne.count(noegle(part)) != 0) logget.push_back(part);
  }
  if (!logget.empty()) {
    session->log_adgang(*ctx.municipality_cvr, logget, adgangspost(ctx, nu, Operation::List));
  }
  session->commit();
  return resultat;
}

std::vector<Opgavesprog> KontaktdataService::laes_opgavesprog(
    const Kaldkontekst& ctx, const std::optional<std::string>& sagsomraade) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::LaesOpgavesprog);
  if (sagsomraade) validate_sagsomraade(*sagsomraade, "Sagsomraade");
  auto regler = session->opgavesprog(*ctx.municipality_cvr, sagsomraade);
  session->commit();
  return regler;
}

std::optional<Opgavesprog> KontaktdataService::ret_opgavesprog(
    const Kaldkontekst& ctx, const std::string& sagsomraade,
    const std::vector<std::string>& sprog) {
  // No idempotency key: setting a rule is idempotent by nature (the same request twice leaves
  // the same rule and the same answer), and the key's answer has no room for a rule.
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::RetOpgavesprog);
  validate_sagsomraade(sagsomraade, "Sagsomraade");
  Opgavesprog regel;
  regel.sagsomraade = sagsomraade;
  for (std::size_t i = 0; i < sprog.size(); ++i) {
    std::string kanonisk = validate_sprog(sprog[i], "Sprog[" + std::to_string(i + 1) + "]");
    if (std::find(regel.sprog.begin(), regel.sprog.end(), kanonisk) == regel.sprog.end()) {
      regel.sprog.push_back(std::move(kanonisk));
    }
  }
  session->ret_opgavesprog(*ctx.municipality_cvr, regel);
  session->commit();
  if (regel.sprog.empty()) return std::nullopt;
  return regel;
}

Haendelsesside KontaktdataService::list_haendelser(const Kaldkontekst& ctx,
                                                   std::int64_t fra_sekvensnummer,
                                                   std::optional<int> maks_antal) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::ListHaendelser);
  if (fra_sekvensnummer < 0) {
    throw Error(ErrorCode::UgyldigVaerdi, "FraSekvensnummer: skal være 0 eller større");
  }
  const int maks = tjek_maks_antal(maks_antal);

  Haendelsesside side;
  side.haendelser = session->haendelser(*ctx.municipality_cvr, fra_sekvensnummer, maks);
  side.naeste_sekvensnummer =
      side.haendelser.empty() ? fra_sekvensnummer : side.haendelser.back().sekvensnummer + 1;
  session->commit();
  return side;
}

std::vector<Adgangspost> KontaktdataService::list_adgangslog(const Kaldkontekst& ctx,
                                                             const Part& part,
                                                             std::optional<Tidspunkt> fra,
                                                             std::optional<Tidspunkt> til,
                                                             std::optional<int> maks_antal) {
  auto session = store_.begin();
  autoriser(*session, ctx, Operation::ListAdgangslog);
  validate_part(part);
  const int maks = tjek_maks_antal(maks_antal);
  if (fra && til && !(*fra < *til)) {
    throw Error(ErrorCode::UgyldigVaerdi, "Til: skal ligge efter Fra");
  }

  // Read before this call's own line is written: the answer is the log as it stood when asked.
  auto log = session->adgangslog(*ctx.municipality_cvr, part, fra, til, maks);
  session->log_adgang(*ctx.municipality_cvr, {part},
                      adgangspost(ctx, now_(), Operation::ListAdgangslog));
  session->commit();
  return log;
}

std::vector<Kontaktanvisning> KontaktdataService::hent_kontaktanvisning(
    const Kaldkontekst& ctx, const Anvisningsforespoergsel& forespoergsel) {
  auto session = store_.begin();
  const KaldendeSystem system = autoriser(*session, ctx, Operation::HentKontaktanvisning);
  tjek_antal(forespoergsel.parts.size(), "Part");
  if (forespoergsel.sagsomraade) validate_sagsomraade(*forespoergsel.sagsomraade, "Sagsomraade");
  const Tidspunkt nu = now_();
  const Tidspunkt instant = forespoergsel.virkningstidspunkt.value_or(nu);

  // Each part is resolved once, however often the caller names it.
  std::vector<Part> spurgte;
  std::set<PartNoegle> set;
  for (const auto& part : forespoergsel.parts) {
    if (is_valid_part(part) && set.insert(noegle(part)).second) spurgte.push_back(part);
  }
  std::vector<std::optional<Kontaktdata>> gemte;
  std::vector<Opgavesprog> regler;
  if (!spurgte.empty()) {
    gemte = session->laes_mange(*ctx.municipality_cvr, spurgte);
    // Without a case area no Opgavesprog rule applies (CONTRACT.md), so none is read.
    if (forespoergsel.sagsomraade) regler = session->opgavesprog(*ctx.municipality_cvr, {});
  }
  const auto opslag = registerdata(*session, ctx, spurgte, nu);

  std::map<PartNoegle, Kontaktanvisning> svar;
  for (std::size_t j = 0; j < spurgte.size(); ++j) {
    static const std::optional<Kontaktdata> ingen;
    svar.emplace(
        noegle(spurgte[j]),
        resolve_kontaktanvisning(spurgte[j], j < gemte.size() ? gemte[j] : ingen, opslag[j].data,
                                 opslag[j].status, regler, forespoergsel.sagsomraade, instant,
                                 forespoergsel.fortrolig, system.ser_beskyttede_adresser));
  }
  std::vector<Kontaktanvisning> resultat;
  resultat.reserve(forespoergsel.parts.size());
  for (const auto& part : forespoergsel.parts) {
    const auto found = is_valid_part(part) ? svar.find(noegle(part)) : svar.end();
    resultat.push_back(found != svar.end() ? found->second : ugyldig_anvisning(part));
  }
  if (!spurgte.empty()) {
    session->log_adgang(*ctx.municipality_cvr, spurgte,
                        adgangspost(ctx, nu, Operation::HentKontaktanvisning));
  }
  session->commit();
  return resultat;
}

}  // namespace kontaktdata::domain
