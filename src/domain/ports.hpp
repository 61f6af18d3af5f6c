#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/kontaktanvisning.hpp"
#include "domain/model.hpp"

namespace kontaktdata::domain {

/// One register answer kept in the register cache.
struct Registercachepost {
  /// What CPR or CVR answered (`kendt` false for a number the register does not know).
  Registerdata data;
  /// When the register gave it.
  Tidspunkt hentet{};
  friend bool operator==(const Registercachepost&, const Registercachepost&) = default;
};

/// One request's unit of work against the store: everything a request reads and writes goes
/// through one Session, in one transaction, committed at the end or rolled back on destruction.
/// Implementations translate their own failures into `Error` (`MidlertidigFejl` when the
/// database is unavailable, `PartFindesAllerede` on a duplicate key, ...).
class Session {
 public:
  virtual ~Session() = default;

  /// The calling system and what it may do in `kommune_cvr`; nullopt for an unknown system.
  virtual std::optional<KaldendeSystem> kaldende_system(const std::string& user_system_uuid,
                                                        const std::string& kommune_cvr) = 0;

  /// True when `kommune_cvr` is a municipality the service holds data for.
  virtual bool kommune_findes(const std::string& kommune_cvr) = 0;

  /// Stores a new part's contact data with its first registration; returns its version.
  /// A part that exists (not passivated) throws Error(PartFindesAllerede).
  virtual std::int64_t opret(const std::string& kommune_cvr, const Kontaktdata& data,
                             const Registrering& registrering) = 0;

  /// The part's current contact data with version and registration; nullopt when none.
  virtual std::optional<Kontaktdata> laes(const std::string& kommune_cvr, const Part& part) = 0;

  /// The registration in force at `t` (registered at or before `t`, not superseded before `t`),
  /// with its version and registration; nullopt when there was none, or it has been erased.
  virtual std::optional<Kontaktdata> laes_paa_tidspunkt(const std::string& kommune_cvr,
                                                        const Part& part, Tidspunkt t) = 0;

  /// The current data of many parts in one round trip, in the order asked (nullopt: none held).
  virtual std::vector<std::optional<Kontaktdata>> laes_mange(const std::string& kommune_cvr,
                                                             const std::vector<Part>& parts) = 0;

  /// Replaces an active part's data as a new registration (lifecycle from `registrering`) when
  /// its current version is `forventet_version`, and writes the feed event; returns the new
  /// version. No active part: Error(PartFindesIkke); another version: Error(Versionskonflikt).
  /// Two concurrent calls for the same part never both succeed.
  virtual std::int64_t ret(const std::string& kommune_cvr, const Kontaktdata& data,
                           std::int64_t forventet_version, const Registrering& registrering) = 0;

  /// Passivates an active part at `forventet_version` (a new registration with lifecycle
  /// PASSIVERET carrying the same data, and its event); returns the new version. Errors as ret().
  virtual std::int64_t passiver(const std::string& kommune_cvr, const Part& part,
                                std::int64_t forventet_version,
                                const Registrering& registrering) = 0;

  /// Erases the part's contact data and every stored value of its history for good, keeping the
  /// part's events and access log (without values); writes the SLETTET event with the last
  /// version and returns it. Nothing held: Error(PartFindesIkke).
  virtual std::int64_t slet(const std::string& kommune_cvr, const Part& part,
                            Tidspunkt tidspunkt) = 0;

  /// Creates or replaces each item without a version check (lifecycle OPSTAAET for a new part,
  /// IMPORTERET for a replaced one), with their events, in as few round trips as the data
  /// allows. Items are valid and their parts distinct. Returns, per item in order, Oprettet or
  /// Rettet with the new version.
  virtual std::vector<Skriveresultat> importer(const std::string& kommune_cvr,
                                               const std::vector<Kontaktdata>& items,
                                               const Registrering& registrering) = 0;

  /// Writes one access-log line per part (one round trip).
  virtual void log_adgang(const std::string& kommune_cvr, const std::vector<Part>& parts,
                          const Adgangspost& post) = 0;

  /// A part's access log, oldest first, from `fra` (inclusive) to `til` (exclusive), at most
  /// `maks` lines. Also answers for an erased part.
  virtual std::vector<Adgangspost> adgangslog(const std::string& kommune_cvr, const Part& part,
                                              std::optional<Tidspunkt> fra,
                                              std::optional<Tidspunkt> til, int maks) = 0;

  /// The municipality's events from `fra_sekvensnummer` (inclusive), in order, at most `maks`.
  /// Only committed events are visible, and numbers follow commit order, so a reader paging
  /// from 0 never misses or repeats one.
  virtual std::vector<Haendelse> haendelser(const std::string& kommune_cvr,
                                            std::int64_t fra_sekvensnummer, int maks) = 0;

  /// The municipality's Opgavesprog rules (all, or the one for exactly `sagsomraade`).
  virtual std::vector<Opgavesprog> opgavesprog(const std::string& kommune_cvr,
                                               const std::optional<std::string>& sagsomraade) = 0;

  /// Sets the rule for `regel.sagsomraade`; an empty `regel.sprog` removes it.
  virtual void ret_opgavesprog(const std::string& kommune_cvr, const Opgavesprog& regel) = 0;

  /// Safe retries. Reserves the key (municipality, calling system, CallersServiceCallIdentifier)
  /// for this transaction, or returns the answer stored for it by a committed write at or after
  /// `gyldig_fra` (an older key is taken over). A concurrent holder of the key is waited for.
  /// Keys of one municipality are never seen from another.
  virtual std::optional<std::vector<Skriveresultat>> reserver_idempotens(
      const std::string& kommune_cvr, const std::string& user_system_uuid,
      const std::string& noegle, Operation operation, Tidspunkt nu, Tidspunkt gyldig_fra) = 0;

  /// Stores the answer for a key reserved in this transaction.
  virtual void gem_idempotens(const std::string& kommune_cvr, const std::string& user_system_uuid,
                              const std::string& noegle,
                              const std::vector<Skriveresultat>& svar) = 0;

  /// The register cache's entries for `parts` (distinct), fetched at or after `hentet_fra`, in the
  /// order asked; nullopt where there is none that recent. The cache holds national register
  /// data, not a municipality's: it is shared by all tenants and Slet does not touch it. One
  /// round trip.
  virtual std::vector<std::optional<Registercachepost>> laes_registercache(
      const std::vector<Part>& parts, Tidspunkt hentet_fra) = 0;

  /// Stores register answers in the cache (inserting, or replacing an older entry of the same
  /// part; a concurrent writer's newer entry is kept). Parts distinct. One round trip.
  virtual void gem_registercache(const std::vector<std::pair<Part, Registercachepost>>& poster) = 0;

  /// Makes the unit of work durable. Without it, nothing is kept.
  virtual void commit() = 0;
};

/// Opens sessions; shared by all workers, thread-safe.
class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<Session> begin() = 0;
};

/// The national registers as the use cases see them: CPR (SF1520) for persons, CVR (SF1530) for
/// companies. Implementations bound the number of calls in flight, give up after the configured
/// register timeout, and stop calling a register that keeps failing (circuit breaker).
class Registre {
 public:
  virtual ~Registre() = default;

  /// Looks every part up (persons in CPR, companies in CVR) for the municipality `kommune_cvr`,
  /// passing `callers_service_call_identifier` on. Answers per part, in order: the register's
  /// data (`kendt` false for an unknown number), or nullopt when it gave no answer in time
  /// (timeout, unreachable, fault, breaker open). Returns within the register timeout for the
  /// whole list. Never throws for a register failure. Thread-safe.
  virtual std::vector<std::optional<Registerdata>> slaa_op(
      const std::vector<Part>& parts, const std::string& kommune_cvr,
      const std::optional<std::string>& callers_service_call_identifier) = 0;
};

/// What a purge removed.
struct Oprydning {
  std::int64_t registreringer = 0;
  std::int64_t haendelser = 0;
  std::int64_t adgangslog = 0;
  std::int64_t idempotens = 0;
  std::int64_t registercache = 0;
};

}  // namespace kontaktdata::domain
