#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "domain/ports.hpp"
#include "registry/afbryder.hpp"
#include "registry/cpr_klient.hpp"
#include "registry/cvr_klient.hpp"

// The domain's port to the national registers (domain::Registre) over one CprKlient and one
// CvrKlient: bounded parallel lookups, one deadline per list, and a circuit breaker per register.

namespace kontaktdata::registry {

/// Settings of Registeropslag.
struct Registerindstillinger {
  /// The longest a whole list may take (each call gets what is left of it, and at most its
  /// client's own timeout).
  std::chrono::milliseconds timeout{2000};
  /// Register calls in flight at once, for the whole process (all requests together).
  int maks_samtidige = 16;
  /// Failures in a row that open a register's circuit breaker.
  int afbryder_fejl = 5;
  /// How long an open breaker makes no call before it lets one trial call through.
  std::chrono::milliseconds afbryder_aaben{30000};
};

/// How much a log line matters.
enum class Logniveau { Fejlsoegning, Info, Advarsel };

/// Receives Registeropslag's log lines (a failed call, a breaker changing state, parts left
/// unanswered at the deadline). The lines never hold a CPR number. Called from the worker
/// threads and the callers' threads: it must be thread-safe.
using Registerlog = std::function<void(Logniveau, const std::string& linje)>;

/// True when an outcome is an answer for the circuit breaker: register data, also for a number
/// the register does not know. Timeouts, unreachable registers and faults are failures.
bool er_svar(const Opslag& opslag) noexcept;

/// domain::Registre over CPR (persons) and CVR (companies).
///
/// - A fixed pool of `maks_samtidige` worker threads makes the calls, so all requests together
///   never have more calls in flight; the parts of one list are looked up in parallel, and
///   concurrent lists take turns (one call each in rotation), so a large list does not hold
///   back a small one.
/// - One deadline per list, now + `timeout`: each call gets only what is left of it, a call not
///   started before it is not made, and slaa_op() returns at it at the latest, with nullopt for
///   every part not answered by then.
/// - Each worker keeps one connection per register open between its calls (HTTP keep-alive; for
///   https also its TLS session) and reuses it; after any failed call that connection is closed,
///   and a call that finds its idle connection closed by the register (nothing of the answer
///   received) is made once more on a fresh one, within the same deadline.
/// - A circuit breaker per register (Afbryder): while one is open its parts get nullopt at once.
/// - A part whose number is not well-formed (10 digits for CPR, 8 for CVR) is not looked up
///   (nullopt) and does not count as a register failure. A part listed twice is asked once.
///
/// Thread-safe; never throws for a register failure.
class Registeropslag final : public domain::Registre {
 public:
  /// Starts the worker threads. `log` may be empty. `klokke` drives the breakers (tests); the
  /// deadlines always follow the steady clock. Throws std::invalid_argument on bad settings.
  Registeropslag(CprKlient cpr, CvrKlient cvr, Registerindstillinger indstillinger,
                 Registerlog log = {}, Afbryder::Klokke klokke = {});
  /// Stops the workers; a call in flight ends at its deadline.
  ~Registeropslag() override;
  Registeropslag(const Registeropslag&) = delete;
  Registeropslag& operator=(const Registeropslag&) = delete;

  std::vector<std::optional<domain::Registerdata>> slaa_op(
      const std::vector<domain::Part>& parts, const std::string& kommune_cvr,
      const std::optional<std::string>& callers_service_call_identifier) override;

  /// The state of the breaker of CPR (Part::Type::Cpr) or CVR (Part::Type::Cvr).
  Afbryder::Tilstand afbryder(domain::Part::Type reg) const;

  const Registerindstillinger& indstillinger() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kontaktdata::registry
