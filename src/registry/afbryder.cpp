#include "registry/afbryder.hpp"

#include <stdexcept>
#include <utility>

namespace kontaktdata::registry {

Afbryder::Afbryder(int fejlgraense, std::chrono::milliseconds aaben_tid, Klokke klokke)
    : fejlgraense_(fejlgraense),
      aaben_tid_(aaben_tid),
      klokke_(klokke ? std::move(klokke) : Klokke([] { return Ur::now(); })) {
  if (fejlgraense < 1) throw std::invalid_argument("afbryder: fejlgrænsen skal være mindst 1");
  if (aaben_tid.count() < 0) throw std::invalid_argument("afbryder: åbentiden er negativ");
}

Afbryder::Overgang Afbryder::skift(Tilstand til) {
  Overgang o{tilstand_, til, fejl_i_traek_};
  tilstand_ = til;
  ++epoke_;
  return o;
}

Afbryder::Tilladelse Afbryder::tillad() {
  std::lock_guard lock(mutex_);
  Tilladelse t;
  switch (tilstand_) {
    case Tilstand::Lukket:
      t.kald = true;
      break;
    case Tilstand::Aaben:
      if (klokke_() >= aaben_til_) {
        t.overgang = skift(Tilstand::Halvaaben);
        t.kald = true;
        t.proeve = true;
      }
      break;
    case Tilstand::Halvaaben:
      break;  // the trial is in flight
  }
  t.epoke = epoke_;
  return t;
}

std::optional<Afbryder::Overgang> Afbryder::udfald(const Tilladelse& tilladelse, bool svar) {
  std::lock_guard lock(mutex_);
  if (!tilladelse.kald || tilladelse.epoke != epoke_) return std::nullopt;  // stale outcome
  switch (tilstand_) {
    case Tilstand::Lukket:
      if (svar) {
        fejl_i_traek_ = 0;
        return std::nullopt;
      }
      if (++fejl_i_traek_ < fejlgraense_) return std::nullopt;
      aaben_til_ = klokke_() + aaben_tid_;
      return skift(Tilstand::Aaben);
    case Tilstand::Halvaaben:
      if (svar) {
        auto o = skift(Tilstand::Lukket);
        fejl_i_traek_ = 0;
        return o;
      }
      aaben_til_ = klokke_() + aaben_tid_;
      return skift(Tilstand::Aaben);
    case Tilstand::Aaben:
      break;  // no call is permitted in this state's epoch
  }
  return std::nullopt;
}

Afbryder::Tilstand Afbryder::tilstand() const {
  std::lock_guard lock(mutex_);
  return tilstand_;
}

int Afbryder::fejl_i_traek() const {
  std::lock_guard lock(mutex_);
  return fejl_i_traek_;
}

const char* to_string(Afbryder::Tilstand tilstand) noexcept {
  switch (tilstand) {
    case Afbryder::Tilstand::Lukket:
      return "lukket";
    case Afbryder::Tilstand::Aaben:
      return "åben";
    case Afbryder::Tilstand::Halvaaben:
      return "halvåben";
  }
  return "ukendt";
}

}  // namespace kontaktdata::registry
