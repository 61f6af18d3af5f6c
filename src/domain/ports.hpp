#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "domain/model.hpp"

namespace kontaktdata::domain {

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

  /// Makes the unit of work durable. Without it, nothing is kept.
  virtual void commit() = 0;
};

/// Opens sessions; shared by all workers, thread-safe.
class Store {
 public:
  virtual ~Store() = default;
  virtual std::unique_ptr<Session> begin() = 0;
};

}  // namespace kontaktdata::domain
