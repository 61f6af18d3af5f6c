#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kontaktdata::domain {

/// An instant with the microsecond precision the contract carries (UTC, since the Unix epoch).
using Tidspunkt = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;

/// A calendar date (xsd:date without zone), as used by GyldigFra/GyldigTil.
struct Dato {
  int aar = 1970;
  int maaned = 1;
  int dag = 1;
  friend bool operator==(const Dato&, const Dato&) = default;
  friend auto operator<=>(const Dato&, const Dato&) = default;
};

/// The operations of the contract, by their wire names.
enum class Operation {
  Laes,
  List,
  Opret,
  Ret,
  Passiver,
  Slet,
  Importer,
  HentKontaktanvisning,
  LaesOpgavesprog,
  RetOpgavesprog,
  ListHaendelser,
  ListAdgangslog,
};

/// A party: a person by CPR number or a company by CVR number.
struct Part {
  enum class Type { Cpr, Cvr };
  Type type = Type::Cpr;
  std::string nummer;
  friend bool operator==(const Part&, const Part&) = default;
};

enum class Adressetype { Postadresse, Email, Mobiltelefon, DigitalPost };
enum class Kanal { DigitalPost, Brevpost, Email, Sms, Telefon, PersonligtFremmoede };
enum class Tiltaleform { Du, De };
enum class Medie { Tekst, Lyd, Video, Punktskrift };
enum class Livscyklus { Opstaaet, Rettet, Importeret, Passiveret };

/// A Danish postal address.
struct DanskAdresse {
  std::string vejnavn;
  std::string husnummer;
  std::optional<std::string> etage;
  std::optional<std::string> sidedoer;
  std::string postnummer;
  std::string postdistrikt;
  friend bool operator==(const DanskAdresse&, const DanskAdresse&) = default;
};

/// An address held as free lines (1..5) with an ISO 3166-1 alpha-2 country code.
struct Adresselinjer {
  std::vector<std::string> linjer;
  std::string landekode;
  friend bool operator==(const Adresselinjer&, const Adresselinjer&) = default;
};

using Postadresse = std::variant<DanskAdresse, Adresselinjer>;

/// A contact address; exactly the value that fits its type is set (none for DIGITAL_POST).
struct Kontaktadresse {
  std::string adresse_id;  ///< lower-case UUID; empty in input when the service is to choose it
  Adressetype type = Adressetype::Postadresse;
  std::optional<Postadresse> postadresse;
  std::optional<std::string> email;
  std::optional<std::string> mobilnummer;
  std::optional<Dato> gyldig_fra;  ///< inclusive
  std::optional<Dato> gyldig_til;  ///< exclusive
  std::optional<Tidspunkt> sidst_verificeret;
  std::optional<bool> tilbageholdt;  ///< output only
  friend bool operator==(const Kontaktadresse&, const Kontaktadresse&) = default;
};

/// A contact channel, optionally scoped to a case area (KLE).
struct Kontaktkanal {
  Kanal kanal = Kanal::DigitalPost;
  std::optional<std::string> adresse_id;
  std::optional<std::string> sagsomraade;
  int prioritet = 1;
  std::optional<Dato> gyldig_fra;
  std::optional<Dato> gyldig_til;
  friend bool operator==(const Kontaktkanal&, const Kontaktkanal&) = default;
};

/// A form of contact: language, form of address, medium, interpreter.
struct Kontaktform {
  std::string sprog;
  std::optional<Tiltaleform> tiltaleform;
  std::optional<Medie> medie;
  std::optional<bool> tolkebehov;
  std::optional<std::string> tolkesprog;
  std::optional<std::string> sagsomraade;
  int prioritet = 1;
  friend bool operator==(const Kontaktform&, const Kontaktform&) = default;
};

/// Who registered the data in force, when and why.
struct Registrering {
  Tidspunkt tidspunkt{};
  Livscyklus livscyklus = Livscyklus::Opstaaet;
  std::string user_system_uuid;
  std::string user_uuid;
  std::optional<std::string> on_behalf_of_user;
  std::optional<std::string> note;
  friend bool operator==(const Registrering&, const Registrering&) = default;
};

/// One party's contact data in one municipality (the aggregate).
struct Kontaktdata {
  Part part;
  std::optional<std::int64_t> version;
  std::vector<Kontaktadresse> adresser;
  std::vector<Kontaktkanal> kanaler;
  std::vector<Kontaktform> former;
  std::optional<Registrering> registrering;  ///< output only
  friend bool operator==(const Kontaktdata&, const Kontaktdata&) = default;
};

/// The Serviceplatform context of one call, as the caller sent it (absent elements empty).
struct Kaldkontekst {
  std::optional<std::string> municipality_cvr;  ///< AuthorityContext/MunicipalityCVR
  bool har_invocation_context = false;          ///< InvocationContext present
  std::string service_agreement_uuid;
  std::string user_system_uuid;
  std::string user_uuid;
  std::string service_uuid;
  std::optional<std::string> on_behalf_of_user;  ///< InvocationContext, else CallContext
  std::optional<std::string> callers_service_call_identifier;
  std::optional<std::string> accounting_info;
};

/// A calling system as the service knows it, with what it is granted in one municipality.
struct KaldendeSystem {
  std::string uuid;
  std::string navn;
  bool ser_beskyttede_adresser = false;
  std::vector<Operation> tilladte_operationer;  ///< in the municipality asked about
};

/// The kind of change a feed event records.
enum class Haendelsestype { Oprettet, Rettet, Importeret, Passiveret, Slettet };

/// One change of a part's contact data in the municipality's feed (numbered per municipality,
/// in commit order, without gaps).
struct Haendelse {
  std::int64_t sekvensnummer = 0;
  Tidspunkt tidspunkt{};
  Part part;
  Haendelsestype type = Haendelsestype::Oprettet;
  std::int64_t version = 0;
  friend bool operator==(const Haendelse&, const Haendelse&) = default;
};

/// One line of the access log: who did what to a part's contact data, when.
struct Adgangspost {
  Tidspunkt tidspunkt{};
  Operation operation = Operation::Laes;
  std::string user_system_uuid;
  std::string user_uuid;
  std::optional<std::string> on_behalf_of_user;
  std::optional<std::string> callers_service_call_identifier;
  friend bool operator==(const Adgangspost&, const Adgangspost&) = default;
};

/// The languages a case area may communicate in (per municipality).
struct Opgavesprog {
  std::string sagsomraade;
  std::vector<std::string> sprog;
  friend bool operator==(const Opgavesprog&, const Opgavesprog&) = default;
};

/// The outcome of one item of List.
enum class ListStatus { Fundet, IkkeFundet, Ugyldig };
struct Listresultat {
  Part part;
  ListStatus status = ListStatus::IkkeFundet;
  std::optional<Kontaktdata> data;
};

/// The outcome of one write: for Opret, Ret, Passiver and Slet one item, for Importer one per
/// request item. `fejl_kode`/`fejl_tekst` are set for a refused Importer item (status Afvist).
enum class Skrivestatus { Oprettet, Rettet, Passiveret, Slettet, Afvist };
struct Skriveresultat {
  Part part;
  Skrivestatus status = Skrivestatus::Oprettet;
  std::optional<std::int64_t> version;
  std::optional<std::string> fejl_kode;  ///< an ErrorCode's wire name
  std::optional<std::string> fejl_tekst;
  friend bool operator==(const Skriveresultat&, const Skriveresultat&) = default;
};

/// How long each kind of record is kept before the purge job removes it.
struct Opbevaring {
  std::chrono::hours historik{24 * 365 * 5};    ///< superseded registrations
  std::chrono::hours haendelser{24 * 90};       ///< feed events
  std::chrono::hours adgangslog{24 * 365 * 5};  ///< access-log lines
  std::chrono::hours idempotens{24};            ///< idempotency keys (the retry window)
  std::chrono::hours registercache{24};         ///< register answers (the cache's time to live)
};

/// The wire name of an operation ("Laes", "Opret", ...).
const char* to_string(Operation op) noexcept;

/// The wire name of a channel ("DIGITAL_POST", "BREVPOST", ...).
const char* to_string(Kanal kanal) noexcept;

/// The wire name of an address type ("POSTADRESSE", "EMAIL", ...).
const char* to_string(Adressetype type) noexcept;

}  // namespace kontaktdata::domain
