#include "store/codec.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <utility>

namespace kontaktdata::store::codec {
namespace {

using domain::Adressetype;
using domain::Haendelsestype;
using domain::Kanal;
using domain::Livscyklus;
using domain::Medie;
using domain::Skrivestatus;
using domain::Tiltaleform;
using PartType = domain::Part::Type;

constexpr std::pair<PartType, std::string_view> kPartTyper[] = {
    {PartType::Cpr, "CPR"},
    {PartType::Cvr, "CVR"},
};
constexpr std::pair<Adressetype, std::string_view> kAdressetyper[] = {
    {Adressetype::Postadresse, "POSTADRESSE"},
    {Adressetype::Email, "EMAIL"},
    {Adressetype::Mobiltelefon, "MOBILTELEFON"},
    {Adressetype::DigitalPost, "DIGITAL_POST"},
};
constexpr std::pair<Kanal, std::string_view> kKanaler[] = {
    {Kanal::DigitalPost, "DIGITAL_POST"},
    {Kanal::Brevpost, "BREVPOST"},
    {Kanal::Email, "EMAIL"},
    {Kanal::Sms, "SMS"},
    {Kanal::Telefon, "TELEFON"},
    {Kanal::PersonligtFremmoede, "PERSONLIGT_FREMMOEDE"},
};
constexpr std::pair<Tiltaleform, std::string_view> kTiltaleformer[] = {
    {Tiltaleform::Du, "DU"},
    {Tiltaleform::De, "DE"},
};
constexpr std::pair<Medie, std::string_view> kMedier[] = {
    {Medie::Tekst, "TEKST"},
    {Medie::Lyd, "LYD"},
    {Medie::Video, "VIDEO"},
    {Medie::Punktskrift, "PUNKTSKRIFT"},
};
constexpr std::pair<Livscyklus, std::string_view> kLivscykler[] = {
    {Livscyklus::Opstaaet, "OPSTAAET"},
    {Livscyklus::Rettet, "RETTET"},
    {Livscyklus::Importeret, "IMPORTERET"},
    {Livscyklus::Passiveret, "PASSIVERET"},
};

constexpr std::pair<Haendelsestype, std::string_view> kHaendelsestyper[] = {
    {Haendelsestype::Oprettet, "OPRETTET"},     {Haendelsestype::Rettet, "RETTET"},
    {Haendelsestype::Importeret, "IMPORTERET"}, {Haendelsestype::Passiveret, "PASSIVERET"},
    {Haendelsestype::Slettet, "SLETTET"},
};
constexpr std::pair<Skrivestatus, std::string_view> kSkrivestatusser[] = {
    {Skrivestatus::Oprettet, "OPRETTET"},     {Skrivestatus::Rettet, "RETTET"},
    {Skrivestatus::Passiveret, "PASSIVERET"}, {Skrivestatus::Slettet, "SLETTET"},
    {Skrivestatus::Afvist, "AFVIST"},
};

template <class T, std::size_t N>
std::string_view text_of(const std::pair<T, std::string_view> (&table)[N], T v) noexcept {
  for (const auto& [value, text] : table) {
    if (value == v) return text;
  }
  return "?";
}

template <class T, std::size_t N>
T value_of(const std::pair<T, std::string_view> (&table)[N], std::string_view t, const char* what) {
  for (const auto& [value, text] : table) {
    if (text == t) return value;
  }
  throw std::invalid_argument(std::string("unknown ") + what + " in the database");
}

}  // namespace

std::string_view to_db(PartType v) noexcept { return text_of(kPartTyper, v); }
std::string_view to_db(Adressetype v) noexcept { return text_of(kAdressetyper, v); }
std::string_view to_db(Kanal v) noexcept { return text_of(kKanaler, v); }
std::string_view to_db(Tiltaleform v) noexcept { return text_of(kTiltaleformer, v); }
std::string_view to_db(Medie v) noexcept { return text_of(kMedier, v); }
std::string_view to_db(Livscyklus v) noexcept { return text_of(kLivscykler, v); }
std::string_view to_db(Haendelsestype v) noexcept { return text_of(kHaendelsestyper, v); }
std::string_view to_db(Skrivestatus v) noexcept { return text_of(kSkrivestatusser, v); }

template <>
PartType from_db<PartType>(std::string_view t) {
  return value_of(kPartTyper, t, "part_type");
}
template <>
Adressetype from_db<Adressetype>(std::string_view t) {
  return value_of(kAdressetyper, t, "adressetype");
}
template <>
Kanal from_db<Kanal>(std::string_view t) {
  return value_of(kKanaler, t, "kanal");
}
template <>
Tiltaleform from_db<Tiltaleform>(std::string_view t) {
  return value_of(kTiltaleformer, t, "tiltaleform");
}
template <>
Medie from_db<Medie>(std::string_view t) {
  return value_of(kMedier, t, "medie");
}
template <>
Livscyklus from_db<Livscyklus>(std::string_view t) {
  return value_of(kLivscykler, t, "livscyklus");
}

template <>
Haendelsestype from_db<Haendelsestype>(std::string_view t) {
  return value_of(kHaendelsestyper, t, "haendelsestype");
}
template <>
Skrivestatus from_db<Skrivestatus>(std::string_view t) {
  return value_of(kSkrivestatusser, t, "status");
}

domain::Operation operation_from_db(std::string_view text) {
  using domain::Operation;
  static constexpr Operation kAll[] = {
      Operation::Laes,
      Operation::List,
      Operation::Opret,
      Operation::Ret,
      Operation::Passiver,
      Operation::Slet,
      Operation::Importer,
      Operation::HentKontaktanvisning,
      Operation::LaesOpgavesprog,
      Operation::RetOpgavesprog,
      Operation::ListHaendelser,
      Operation::ListAdgangslog,
  };
  for (Operation op : kAll) {
    if (text == domain::to_string(op)) return op;
  }
  throw std::invalid_argument("unknown operation in the database");
}

std::string_view haendelsestype(Livscyklus v) noexcept {
  switch (v) {
    case Livscyklus::Opstaaet:
      return "OPRETTET";
    case Livscyklus::Rettet:
      return "RETTET";
    case Livscyklus::Importeret:
      return "IMPORTERET";
    case Livscyklus::Passiveret:
      return "PASSIVERET";
  }
  return "?";
}

std::string timestamptz_text(domain::Tidspunkt t) {
  using namespace std::chrono;
  const auto day = floor<days>(t);
  const year_month_day ymd{sys_days{day}};
  const hh_mm_ss<microseconds> tod{t - day};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02d:%02d:%02d.%06lld+00",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(tod.hours().count()),
                static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()),
                static_cast<long long>(tod.subseconds().count()));
  return buf;
}

domain::Tidspunkt from_epoch_us(std::int64_t us) noexcept {
  return domain::Tidspunkt{std::chrono::microseconds{us}};
}

std::string date_text(const domain::Dato& d) {
  if (d.aar < 1 || d.aar > 9999 || d.maaned < 1 || d.maaned > 12 || d.dag < 1 || d.dag > 31) {
    throw std::invalid_argument("date out of range");
  }
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.aar, d.maaned, d.dag);
  return buf;
}

domain::Dato from_epoch_days(std::int64_t days) noexcept {
  using namespace std::chrono;
  const year_month_day ymd{sys_days{std::chrono::days{days}}};
  return domain::Dato{static_cast<int>(ymd.year()),
                      static_cast<int>(static_cast<unsigned>(ymd.month())),
                      static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

bool is_canonical_uuid(std::string_view s) noexcept {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (c != '-') return false;
    } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return false;
    }
  }
  return true;
}

}  // namespace kontaktdata::store::codec
