#include "simulator/control.hpp"

#include <algorithm>
#include <charconv>
#include <sstream>

namespace kontaktdata::simulator {

namespace {
constexpr int kMaxDelayMs = 10 * 60 * 1000;
}

const char* to_string(Mode m) {
  switch (m) {
    case Mode::Normal: return "normal";
    case Mode::Slow: return "slow";
    case Mode::Unavailable: return "unavailable";
    case Mode::Drop: return "drop";
  }
  return "normal";
}

std::optional<Mode> parse_mode(const std::string& s) {
  for (Mode m : {Mode::Normal, Mode::Slow, Mode::Unavailable, Mode::Drop}) {
    if (s == to_string(m)) return m;
  }
  return std::nullopt;
}

Control::Control(Mode mode, int delay_ms) : state_{mode, std::clamp(delay_ms, 0, kMaxDelayMs)} {}

ControlState Control::get() const {
  std::lock_guard lock(mutex_);
  return state_;
}

void Control::set(Mode mode, std::optional<int> delay_ms) {
  {
    std::lock_guard lock(mutex_);
    state_.mode = mode;
    if (delay_ms) state_.delay_ms = std::clamp(*delay_ms, 0, kMaxDelayMs);
    ++generation_;
  }
  changed_.notify_all();
}

ControlState Control::cycle() {
  ControlState now;
  {
    std::lock_guard lock(mutex_);
    switch (state_.mode) {
      case Mode::Normal: state_.mode = Mode::Slow; break;
      case Mode::Slow: state_.mode = Mode::Unavailable; break;
      default: state_.mode = Mode::Normal; break;
    }
    ++generation_;
    now = state_;
  }
  changed_.notify_all();
  return now;
}

void Control::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
}

bool Control::stopping() const {
  std::lock_guard lock(mutex_);
  return stopping_;
}

Mode Control::before_answer() {
  std::unique_lock lock(mutex_);
  if (state_.mode != Mode::Slow || stopping_) return state_.mode;
  const unsigned long gen = generation_;
  changed_.wait_for(lock, std::chrono::milliseconds(state_.delay_ms),
                    [&] { return stopping_ || generation_ != gen; });
  return state_.mode;
}

std::optional<std::string> Control::apply_query(const std::string& query) {
  std::optional<Mode> mode;
  std::optional<int> delay;
  std::istringstream in(query);
  std::string pair;
  while (std::getline(in, pair, '&')) {
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    const std::string key = pair.substr(0, eq);
    const std::string value = eq == std::string::npos ? "" : pair.substr(eq + 1);
    if (key == "mode") {
      mode = parse_mode(value);
      if (!mode) return "ukendt mode '" + value + "' (normal, slow, unavailable, drop)";
    } else if (key == "delay_ms") {
      int v = 0;
      const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || end != value.data() + value.size() || v < 0 || v > kMaxDelayMs) {
        return "delay_ms skal være et heltal 0.." + std::to_string(kMaxDelayMs);
      }
      delay = v;
    } else {
      return "ukendt parameter '" + key + "' (mode, delay_ms)";
    }
  }
  if (mode || delay) set(mode.value_or(get().mode), delay);
  return std::nullopt;
}

std::string Control::json() const {
  const ControlState s = get();
  return std::string("{\"mode\":\"") + to_string(s.mode) + "\",\"delay_ms\":" +
         std::to_string(s.delay_ms) + "}";
}

}  // namespace kontaktdata::simulator
