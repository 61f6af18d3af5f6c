#pragma once

// How the simulator currently behaves, changed at run time by `GET /control?...` or a signal,
// read by every request. Thread-safe; a slow request's wait ends early when the mode changes or
// the process stops, so neither a control request nor shutdown waits out a long delay.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>

namespace kontaktdata::simulator {

enum class Mode {
  Normal,       ///< answer at once
  Slow,         ///< wait delay_ms, then answer
  Unavailable,  ///< HTTP 503, no SOAP body
  Drop,         ///< close the connection without an answer
};

const char* to_string(Mode m);
std::optional<Mode> parse_mode(const std::string& s);

struct ControlState {
  Mode mode = Mode::Normal;
  int delay_ms = 0;
};

class Control {
 public:
  Control(Mode mode, int delay_ms);

  ControlState get() const;
  void set(Mode mode, std::optional<int> delay_ms);
  /// normal -> slow -> unavailable -> normal (SIGUSR1).
  ControlState cycle();
  void stop();
  bool stopping() const;

  /// Called before answering a request: in slow mode waits up to delay_ms (less if the mode
  /// changes or the process stops). Returns the mode in effect afterwards.
  Mode before_answer();

  /// Applies a control query ("mode=slow&delay_ms=2000"); returns an error text or nullopt.
  std::optional<std::string> apply_query(const std::string& query);
  /// The state as one JSON object: {"mode":"slow","delay_ms":2000}.
  std::string json() const;

 private:
  mutable std::mutex mutex_;
  std::condition_variable changed_;
  ControlState state_;
  unsigned long generation_ = 0;
  bool stopping_ = false;
};

}  // namespace kontaktdata::simulator
