#include "simulator/synthetic.hpp"

#include <array>
#include <cstdint>
#include <cstdio>

namespace kontaktdata::simulator {

namespace {

// FNV-1a: a stable spread of the number over the name and address tables.
std::uint64_t spread(const std::string& s) {
  std::uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  return h;
}

template <typename T, std::size_t N>
const T& pick(const std::array<T, N>& table, std::uint64_t h, unsigned shift) {
  return table[(h >> shift) % N];
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in(int month, int year) {
  static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && leap(year) ? 29 : kDays[static_cast<std::size_t>(month - 1)];
}

/// The birth date (yyyy-mm-dd) of a CPR number by the contract's rule, or nullopt.
std::optional<std::string> birth_date(const std::string& pnr) {
  if (pnr.size() != 10) return std::nullopt;
  for (char c : pnr) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  const auto num = [&](std::size_t at) { return (pnr[at] - '0') * 10 + (pnr[at + 1] - '0'); };
  const int day = num(0), month = num(2), yy = num(4), d7 = pnr[6] - '0';
  int year = 0;
  if (d7 <= 3) {
    year = 1900 + yy;
  } else if (d7 == 4 || d7 == 9) {
    year = yy <= 36 ? 2000 + yy : 1900 + yy;
  } else {
    year = yy <= 57 ? 2000 + yy : 1800 + yy;
  }
  if (month < 1 || month > 12 || day < 1 || day > days_in(month, year)) return std::nullopt;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  return std::string(buf);
}

struct By {
  const char* postnummer;
  const char* postdistrikt;
  const char* kommunekode;
  const char* kommune_cvr;
};

constexpr std::array<By, 6> kByer{{
    {"8000", "Aarhus C", "751", "55133018"},
    {"8200", "Aarhus N", "751", "55133018"},
    {"8210", "Aarhus V", "751", "55133018"},
    {"1165", "København K", "101", "64942212"},
    {"2100", "København Ø", "101", "64942212"},
    {"2300", "København S", "101", "64942212"},
}};
constexpr std::array<const char*, 8> kVeje{"Skolevej", "Kirkevej",    "Møllevej", "Engvej",
                                           "Birkevej", "Stationsvej", "Bakkevej", "Parkvej"};
constexpr std::array<const char*, 8> kFornavne{"Karen", "Peter", "Mette", "Jens",
                                               "Hanne", "Lars",  "Sofie", "Mads"};
constexpr std::array<const char*, 8> kEfternavne{"Testesen",  "Prøvesen",   "Eksempelsen",
                                                 "Fiktivsen", "Demosen",    "Simulsen",
                                                 "Modelsen",  "Skabelonsen"};
constexpr std::array<const char*, 6> kFirmaord{"Nordlys", "Skovbryn",  "Havblik",
                                               "Engdal",  "Fjordvang", "Bakketop"};
constexpr std::array<const char*, 4> kFirmaformer{"ApS", "A/S", "I/S", "IVS"};

}  // namespace

std::optional<CprPerson> synthetic_person(const std::string& pnr) {
  const auto born = birth_date(pnr);
  if (!born) return std::nullopt;
  const std::uint64_t h = spread(pnr);
  CprPerson p;
  p.personnummer = pnr;
  p.fornavn = pick(kFornavne, h, 0);
  p.efternavn = pick(kEfternavne, h, 8);
  p.personadresseringsnavn = *p.efternavn + "," + *p.fornavn;
  p.koen = std::string(1, (pnr[9] - '0') % 2 == 1 ? 'M' : 'K');  // as CPR: odd is a man
  p.status = 1;
  p.statusdato = born;
  p.tilmeldtDigitalpost = (h >> 16) % 10 < 7;  // about seven in ten
  const By& by = pick(kByer, h, 24);
  CprAdresse a;
  a.kommuneCvr = by.kommune_cvr;
  a.kommunekode = by.kommunekode;
  a.vejkode = std::to_string(1000 + (h >> 32) % 9000);
  a.vejnavn = pick(kVeje, h, 36);
  a.vejadresseringsnavn = a.vejnavn;
  a.husnummer = std::to_string(1 + (h >> 40) % 150);
  if ((h >> 48) % 2 == 1) {
    a.etage = std::to_string(1 + (h >> 49) % 5);
    a.sidedoer = std::string((h >> 52) % 2 == 1 ? "th" : "tv");
  }
  a.postnummer = by.postnummer;
  a.postdistrikt = by.postdistrikt;
  a.standardadresse = *a.vejnavn + " " + *a.husnummer;
  a.tilflytningsdato = "2020-01-01";
  p.aktuelAdresse = a;
  return p;
}

std::optional<CvrVirksomhed> synthetic_company(int cvr) {
  static constexpr std::array<int, 8> kVaegte{2, 7, 6, 5, 4, 3, 2, 1};
  if (cvr < 10000000 || cvr > 99999999) return std::nullopt;
  const std::string digits = std::to_string(cvr);
  int sum = 0;
  for (std::size_t i = 0; i < 8; ++i) sum += (digits[i] - '0') * kVaegte[i];
  if (sum % 11 != 0) return std::nullopt;
  const std::uint64_t h = spread(digits);
  CvrVirksomhed v;
  v.LegalUnitIdentifier = cvr;
  v.name = std::string(pick(kFirmaord, h, 0)) + " " + pick(kFirmaformer, h, 8);
  v.StartDate = "2015-01-05";
  const By& by = pick(kByer, h, 24);
  v.AddressOfficial.StreetName = pick(kVeje, h, 36);
  v.AddressOfficial.StreetBuildingIdentifier = std::to_string(1 + (h >> 40) % 150);
  v.AddressOfficial.PostCodeIdentifier = by.postnummer;
  v.AddressOfficial.DistrictName = by.postdistrikt;
  v.AddressOfficial.validFromDate = v.StartDate;
  return v;
}

}  // namespace kontaktdata::simulator
