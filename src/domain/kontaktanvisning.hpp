#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/model.hpp"

// HentKontaktanvisning's resolution (CONTRACT.md, "Kontaktanvisning"): one answer to "how do we
// contact this party about this case area, now", from the party's stored preferences and what
// CPR (SF1520) or CVR (SF1530) says. Pure: no I/O, no clock, no time-zone database.

namespace kontaktdata::domain {

// ---- Danish time ---------------------------------------------------------------------------

/// The offset of Danish time (Europe/Copenhagen) from UTC at `instant`, in hours: 2 from the
/// last Sunday of March 01:00 UTC (inclusive) to the last Sunday of October 01:00 UTC
/// (exclusive), else 1.
int dansk_utc_forskydning(Tidspunkt instant) noexcept;

/// The date of `instant` in Danish time (22:30 UTC on 31 December is 1 January).
Dato dansk_dato(Tidspunkt instant) noexcept;

/// True when `dato` lies in the period: GyldigFra inclusive, GyldigTil exclusive, either open.
bool gyldig_paa(const std::optional<Dato>& gyldig_fra, const std::optional<Dato>& gyldig_til,
                const Dato& dato) noexcept;

// ---- Input from the registers --------------------------------------------------------------

/// What the registry layer hands over for one party: a person from CPR (SF1520 PersonLookup) or
/// a company from CVR (SF1530 getLegalUnit). Fields of the other kind of party are ignored.
struct Registerdata {
  /// The register knows the number (false: UKENDT_I_REGISTER, nothing else is used).
  bool kendt = false;
  /// The person's or company's name.
  std::optional<std::string> navn;

  // Person (CPR).
  /// The registered residence (`aktuelAdresse`), goes out as DanskAdresse.
  std::optional<DanskAdresse> aktuel_adresse;
  /// CPR's own contact address (`kontaktAdresse`) as lines, Landekode DK.
  std::optional<Adresselinjer> kontakt_adresse;
  /// First day of the contact address (inclusive).
  std::optional<Dato> kontakt_adresse_fra;
  /// End of the contact address (exclusive).
  std::optional<Dato> kontakt_adresse_til;
  /// The foreign address of an emigrated person (`udlandsadresse`), ISO alpha-2 country.
  std::optional<Adresselinjer> udlandsadresse;
  /// CPR status code: 1, 3, 5, 7 ... ordinary; 60 changed number; 70 disappeared;
  /// 80 emigrated; 90 dead.
  int status = 1;
  /// With status 60: the person's current CPR number (`gaeldendePersonnummer`).
  std::optional<std::string> gaeldende_personnummer;
  /// CPR name-and-address protection (`adressebeskyttelse`).
  bool adressebeskyttelse = false;
  /// First day of the protection (inclusive); absent: open.
  std::optional<Dato> beskyttelse_fra;
  /// End of the protection (exclusive); absent: open.
  std::optional<Dato> beskyttelse_til;
  /// Registered for Digital Post (`tilmeldtDigitalpost`).
  bool tilmeldt_digitalpost = false;

  // Company (CVR).
  /// The company's postal address.
  std::optional<Postadresse> adresse;
  /// The company has ceased.
  bool ophoert = false;

  friend bool operator==(const Registerdata&, const Registerdata&) = default;
};

/// Where the register data came from.
enum class Registerstatus {
  Svar,          ///< the register answered now
  Cache,         ///< the register did not answer in time; the last cached answer
  Utilgaengelig  ///< the register did not answer and nothing is cached: no register data
};

/// CPR status codes with a meaning of their own in the resolution.
inline constexpr int kCprStatusAendretNummer = 60;
/// Disappeared.
inline constexpr int kCprStatusForsvundet = 70;
/// Emigrated.
inline constexpr int kCprStatusUdrejst = 80;
/// Dead.
inline constexpr int kCprStatusDoed = 90;

// ---- Output --------------------------------------------------------------------------------

/// Kontaktanvisning/Status.
enum class AnvisningStatus { Kontaktdata, KunRegister, Ugyldig };

/// Where a channel came from (Kanal/Kilde).
enum class Kilde { Kontaktdata, Cpr, Cvr };

/// Where the form came from (Kontaktform/Kilde).
enum class FormKilde { Kontaktdata, Standard };

/// The warning codes (Advarsel/Kode), by their wire names in `to_string`.
enum class Advarselskode {
  Adressebeskyttelse,
  Doed,
  Udrejst,
  Forsvundet,
  PersonnummerAendret,
  Ophoert,
  RegisterUtilgaengelig,
  IkkeVerificeret,
  UkendtIRegister,
  SprogIkkeTilladt,
};

/// One channel of the answer, in the order to try. At most one of the address values is set.
struct AnvisningKanal {
  /// The channel.
  Kanal kanal = Kanal::DigitalPost;
  /// Its place in this answer, 1 first.
  int prioritet = 1;
  /// The stored address it uses (stored channels only).
  std::optional<std::string> adresse_id;
  /// The address value for EMAIL.
  std::optional<std::string> email;
  /// The address value for SMS and TELEFON.
  std::optional<std::string> mobilnummer;
  /// The address value for BREVPOST (and PERSONLIGT_FREMMOEDE with an address).
  std::optional<Postadresse> postadresse;
  /// Stored preference, or CPR/CVR.
  Kilde kilde = Kilde::Kontaktdata;
  /// One line, in Danish, saying which rule chose it.
  std::string begrundelse;
  friend bool operator==(const AnvisningKanal&, const AnvisningKanal&) = default;
};

/// The form of contact to use.
struct AnvisningKontaktform {
  /// The language (canonical ISO 639).
  std::string sprog = "da";
  /// DU or DE, when known.
  std::optional<Tiltaleform> tiltaleform;
  /// The medium (TEKST when the form names none).
  Medie medie = Medie::Tekst;
  /// Whether an interpreter is needed.
  bool tolkebehov = false;
  /// The interpreter's language.
  std::optional<std::string> tolkesprog;
  /// Stored form or the standard.
  FormKilde kilde = FormKilde::Standard;
  /// One line, in Danish, saying which rule chose it.
  std::string begrundelse;
  friend bool operator==(const AnvisningKontaktform&, const AnvisningKontaktform&) = default;
};

/// The name and postal address the register holds (never for a protected person).
struct RegistreretAdresse {
  /// The person's or company's name.
  std::string navn;
  /// The register's postal address, as chosen for its BREVPOST channel.
  Postadresse postadresse;
  friend bool operator==(const RegistreretAdresse&, const RegistreretAdresse&) = default;
};

/// One warning.
struct Advarsel {
  /// The code.
  Advarselskode kode = Advarselskode::Adressebeskyttelse;
  /// A Danish text for the caseworker (at most 255 characters).
  std::string tekst;
  friend bool operator==(const Advarsel&, const Advarsel&) = default;
};

/// The answer for one party (HentKontaktanvisning's `Kontaktanvisning`).
struct Kontaktanvisning {
  /// The party asked about.
  Part part;
  /// KONTAKTDATA, KUN_REGISTER or UGYLDIG.
  AnvisningStatus status = AnvisningStatus::KunRegister;
  /// The channels in the order to try.
  std::vector<AnvisningKanal> kanaler;
  /// The form (absent only for UGYLDIG).
  std::optional<AnvisningKontaktform> kontaktform;
  /// From CPR or CVR; absent when protected or unknown.
  std::optional<RegistreretAdresse> registreret_adresse;
  /// The warnings, in the order of `Advarselskode`.
  std::vector<Advarsel> advarsler;
  friend bool operator==(const Kontaktanvisning&, const Kontaktanvisning&) = default;
};

/// The wire name of a warning code ("ADRESSEBESKYTTELSE", ...).
const char* to_string(Advarselskode kode) noexcept;

/// The wire name of a status ("KONTAKTDATA", "KUN_REGISTER", "UGYLDIG").
const char* to_string(AnvisningStatus status) noexcept;

/// The wire name of a channel source ("KONTAKTDATA", "CPR", "CVR").
const char* to_string(Kilde kilde) noexcept;

/// The wire name of a form source ("KONTAKTDATA", "STANDARD").
const char* to_string(FormKilde kilde) noexcept;

// ---- The resolution ------------------------------------------------------------------------

/// CPR's name-and-address protection is in force at `dato` for a person CPR knows.
bool adressebeskyttet(const Registerdata& cpr, const Dato& dato) noexcept;

/// Whether a person's stored postal addresses are kept from a calling system that may not see
/// protected addresses, at `dato`: CPR's protection is in force, or it cannot be confirmed
/// (`cpr` null: CPR did not answer and nothing is cached) -- protection fails closed. A number
/// CPR does not know carries no protection.
bool postadresser_tilbageholdes(const Registerdata* cpr, const Dato& dato) noexcept;

/// The answer for a part whose identifier breaks its rule: status UGYLDIG and nothing else.
Kontaktanvisning ugyldig_anvisning(const Part& part);

/// Resolves how to contact `part` about `sagsomraade` at `instant` (CONTRACT.md rules 1-4).
///
/// `stored`: the part's contact data in this municipality; nullopt when none is held or it is
/// passivated (a stored aggregate whose Registrering says PASSIVERET counts as none too).
/// `register_data`/`register_status`: CPR's (person) or CVR's (company) answer; with
/// `Registerstatus::Utilgaengelig` the data is ignored. `regler`: the municipality's Opgavesprog
/// rules. `sagsomraade`: a valid KLE number, or nullopt (only unscoped channels and forms, no
/// Opgavesprog rule). `fortrolig`: drop EMAIL and SMS. `ser_beskyttede_adresser`: the calling
/// system may see a protected person's stored postal addresses.
Kontaktanvisning resolve_kontaktanvisning(
    const Part& part, const std::optional<Kontaktdata>& stored,
    const std::optional<Registerdata>& register_data, Registerstatus register_status,
    const std::vector<Opgavesprog>& regler, const std::optional<std::string>& sagsomraade,
    Tidspunkt instant, bool fortrolig, bool ser_beskyttede_adresser);

}  // namespace kontaktdata::domain
