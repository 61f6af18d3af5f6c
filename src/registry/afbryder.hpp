#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>

// The circuit breaker of one register, as a pure state machine with an injectable clock: it
// decides whether a call may be made and learns from each call's outcome. It makes no call and
// writes no log line itself; the caller does both (Registeropslag).

namespace kontaktdata::registry {

/// A circuit breaker for one register. Thread-safe.
///
/// - Lukket (closed): calls are made. After `fejlgraense` failures in a row it opens.
/// - Aaben (open): no call is made for `aaben_tid`.
/// - Halvaaben (half-open): when the cool-down is over, the next caller gets the one trial call
///   while every other caller still gets none. The trial's success closes the breaker; its
///   failure opens it again for another `aaben_tid`.
///
/// An outcome is reported with the permission it came from: an outcome of a call permitted
/// before the last change of state (a call that was in flight when the breaker opened) does not
/// count.
class Afbryder {
 public:
  using Ur = std::chrono::steady_clock;
  /// The clock; tests give a fake one.
  using Klokke = std::function<Ur::time_point()>;

  enum class Tilstand { Lukket, Aaben, Halvaaben };

  /// A change of state, for the log.
  struct Overgang {
    Tilstand fra = Tilstand::Lukket;
    Tilstand til = Tilstand::Lukket;
    /// Failures in a row when it happened (for Lukket -> Aaben: `fejlgraense`).
    int fejl_i_traek = 0;
  };

  /// The answer to "may I call?".
  struct Tilladelse {
    /// True: make the call and report its outcome with udfald().
    bool kald = false;
    /// True: this call is the half-open trial.
    bool proeve = false;
    /// The state change that giving this answer caused (Aaben -> Halvaaben), if any.
    std::optional<Overgang> overgang;
    /// The state the permission belongs to (internal).
    std::uint64_t epoke = 0;
  };

  /// Throws std::invalid_argument when `fejlgraense` < 1 or `aaben_tid` is negative.
  /// No `klokke`: the steady clock.
  Afbryder(int fejlgraense, std::chrono::milliseconds aaben_tid, Klokke klokke = {});

  /// Before a call: whether it may be made. Lukket: yes. Aaben: no, until the cool-down is over;
  /// then the breaker turns half-open and this caller gets the trial. Halvaaben: no (the trial
  /// is in flight).
  Tilladelse tillad();

  /// After a permitted call: `svar` true for an answer (register data, also "unknown number"),
  /// false for a failure (timeout, unreachable, fault). Returns the change of state it caused.
  std::optional<Overgang> udfald(const Tilladelse& tilladelse, bool svar);

  /// The current state (Aaben also after the cool-down, until the next tillad()).
  Tilstand tilstand() const;

  /// Failures in a row while closed.
  int fejl_i_traek() const;

  int fejlgraense() const noexcept { return fejlgraense_; }
  std::chrono::milliseconds aaben_tid() const noexcept { return aaben_tid_; }

 private:
  Overgang skift(Tilstand til);  // under lock

  const int fejlgraense_;
  const std::chrono::milliseconds aaben_tid_;
  const Klokke klokke_;
  mutable std::mutex mutex_;
  Tilstand tilstand_ = Tilstand::Lukket;
  int fejl_i_traek_ = 0;
  Ur::time_point aaben_til_{};
  std::uint64_t epoke_ = 0;
};

/// "lukket", "åben", "halvåben".
const char* to_string(Afbryder::Tilstand tilstand) noexcept;

}  // namespace kontaktdata::registry
