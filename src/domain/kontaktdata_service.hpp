#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"
#include "domain/ports.hpp"

namespace kontaktdata::domain {

/// The answer to Opret (and later Ret/Passiver): the part and its new version.
struct Versionssvar {
  Part part;
  std::int64_t version = 0;
};

/// Address protection for a system that may not see protected addresses, once CPR's protection
/// is found in force (or cannot be confirmed): a person's postal addresses lose their value and
/// get Tilbageholdt true.
void tilbagehold_beskyttede_adresser(Kontaktdata& data);

/// True when a person's data holds a postal address with a value (what protection withholds).
bool har_postadresse(const Kontaktdata& data) noexcept;

/// Settings of the use cases.
struct Indstillinger {
  /// How long a write's CallersServiceCallIdentifier is remembered for safe retries.
  std::chrono::hours idempotens_vindue{24};
  /// The register cache's time to live: an older answer is never used (and is purged).
  std::chrono::seconds register_ttl{24 * 60 * 60};
  /// A cached answer younger than this is used without asking the register again; an older one
  /// (within the TTL) is refreshed, and used with REGISTER_UTILGAENGELIG if the register fails.
  std::chrono::seconds register_forny_efter{15 * 60};
};

/// HentKontaktanvisning's request after the context elements.
struct Anvisningsforespoergsel {
  /// The case area (KLE); absent: only unscoped channels and forms, no Opgavesprog rule.
  std::optional<std::string> sagsomraade;
  /// The message carries confidential personal data: no EMAIL or SMS.
  bool fortrolig = false;
  /// The instant the answer is for; absent: now.
  std::optional<Tidspunkt> virkningstidspunkt;
  /// 1..1000 parts.
  std::vector<Part> parts;
};

/// One page of the change feed.
struct Haendelsesside {
  std::vector<Haendelse> haendelser;
  std::int64_t naeste_sekvensnummer = 0;  ///< last returned + 1, or the asked-for start if empty
};

/// The use cases of the contract. Each call is one unit of work: it checks the context
/// (MANGLENDE_KONTEKST, UGYLDIG_CVR, ADGANG_NAEGTET, in that order), validates and normalises the
/// input, and runs in one Session that it commits. Throws `Error` with the contract's code.
class KontaktdataService {
 public:
  /// `now` is injectable for tests; by default the system clock.
  /// `registre` may be null (no register configured): register data is then never available,
  /// and address protection fails closed.
  explicit KontaktdataService(Store& store, std::function<Tidspunkt()> now = {},
                              Indstillinger indstillinger = {}, Registre* registre = nullptr);

  /// Creates a part's contact data (Opret). Address IDs the caller left empty are chosen here.
  Versionssvar opret(const Kaldkontekst& ctx, Kontaktdata data,
                     const std::optional<std::string>& note);

  /// Reads a part's current contact data (Laes), or as the service held it at
  /// `registreringstidspunkt`. None held: PART_FINDES_IKKE. Writes the access log.
  Kontaktdata laes(const Kaldkontekst& ctx, const Part& part,
                   std::optional<Tidspunkt> registreringstidspunkt = std::nullopt);

  /// Reads up to 1000 parts (List): one result per part, in order; a part breaking its rule is
  /// Ugyldig, not a fault. More than 1000: FOR_MANGE.
  std::vector<Listresultat> list(const Kaldkontekst& ctx, const std::vector<Part>& parts);

  /// Replaces a part's whole contact data (Ret) at the version last read.
  Versionssvar ret(const Kaldkontekst& ctx, Kontaktdata data,
                   const std::optional<std::string>& note);

  /// Ends the use of a part's contact data (Passiver) at the version last read.
  Versionssvar passiver(const Kaldkontekst& ctx, const Part& part,
                        std::optional<std::int64_t> version,
                        const std::optional<std::string>& note);

  /// Erases a part's contact data and its history values (Slet).
  Part slet(const Kaldkontekst& ctx, const Part& part, const std::optional<std::string>& note);

  /// Creates or replaces up to 1000 parts (Importer); a bad item is Afvist with its error code
  /// while the others are stored. More than 1000: FOR_MANGE.
  std::vector<Skriveresultat> importer(const Kaldkontekst& ctx, std::vector<Kontaktdata> items);

  /// The municipality's Opgavesprog rules (LaesOpgavesprog).
  std::vector<Opgavesprog> laes_opgavesprog(const Kaldkontekst& ctx,
                                            const std::optional<std::string>& sagsomraade);

  /// Sets or (with no languages) removes a rule (RetOpgavesprog); returns it, nullopt if removed.
  std::optional<Opgavesprog> ret_opgavesprog(const Kaldkontekst& ctx,
                                             const std::string& sagsomraade,
                                             const std::vector<std::string>& sprog);

  /// A page of the municipality's change feed (ListHaendelser). MaksAntal at most 1000,
  /// default 100.
  Haendelsesside list_haendelser(const Kaldkontekst& ctx, std::int64_t fra_sekvensnummer,
                                 std::optional<int> maks_antal);

  /// A part's access log (ListAdgangslog), oldest first. MaksAntal at most 1000, default 100.
  std::vector<Adgangspost> list_adgangslog(const Kaldkontekst& ctx, const Part& part,
                                           std::optional<Tidspunkt> fra,
                                           std::optional<Tidspunkt> til,
                                           std::optional<int> maks_antal);

  /// How to contact each part about a case area now (HentKontaktanvisning): one answer per part,
  /// in request order; a part breaking its rule is UGYLDIG, not a fault. Stored data is read in
  /// one query; the registers are asked only for parts whose cached answer is not fresh.
  /// More than 1000 parts: FOR_MANGE; a bad Sagsomraade: UGYLDIG_SAGSOMRAADE.
  std::vector<Kontaktanvisning> hent_kontaktanvisning(const Kaldkontekst& ctx,
                                                      const Anvisningsforespoergsel& forespoergsel);

 private:
  /// Register data for one part, and where it came from.
  struct Registeropslag {
    std::optional<Registerdata> data;
    Registerstatus status = Registerstatus::Utilgaengelig;
  };

  /// CPR's or CVR's data for each of `parts` (valid, distinct), in order: a cached answer younger
  /// than register_forny_efter as it is; else the register is asked (all misses at once) and its
  /// answers are cached in `session`; a part the register did not answer gets the cached answer
  /// within the TTL (status Cache) or none (Utilgaengelig).
  std::vector<Registeropslag> registerdata(Session& session, const Kaldkontekst& ctx,
                                           const std::vector<Part>& parts, Tidspunkt nu);

  /// Withholds the stored postal addresses of the persons among `data` whose CPR protection is
  /// in force now or cannot be confirmed (asks CPR only for persons with a postal address).
  void anvend_adressebeskyttelse(Session& session, const Kaldkontekst& ctx,
                                 const std::vector<Kontaktdata*>& data, Tidspunkt nu);

  /// The context checks shared by every operation; returns the calling system.
  KaldendeSystem autoriser(Session& session, const Kaldkontekst& ctx, Operation op);

  Store& store_;
  std::function<Tidspunkt()> now_;
  Indstillinger indstillinger_;
  Registre* registre_;
};

}  // namespace kontaktdata::domain
