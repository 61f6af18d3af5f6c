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

/// Address protection for a system that may not see protected addresses: a person's postal
/// addresses lose their value and get Tilbageholdt true (fails closed while CPR's protection
/// cannot be confirmed).
void tilbagehold_beskyttede_adresser(Kontaktdata& data);

/// Settings of the use cases.
struct Indstillinger {
  /// How long a write's CallersServiceCallIdentifier is remembered for safe retries.
  std::chrono::hours idempotens_vindue{24};
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
  explicit KontaktdataService(Store& store, std::function<Tidspunkt()> now = {},
                              Indstillinger indstillinger = {});

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

  /// For an operation not built yet: checks the context like any other, then answers
  /// INTERN_FEJL "ikke implementeret endnu".
  [[noreturn]] void ikke_implementeret(const Kaldkontekst& ctx, Operation op);

 private:
  /// The context checks shared by every operation; returns the calling system.
  KaldendeSystem autoriser(Session& session, const Kaldkontekst& ctx, Operation op);

  Store& store_;
  std::function<Tidspunkt()> now_;
  Indstillinger indstillinger_;
};

}  // namespace kontaktdata::domain
