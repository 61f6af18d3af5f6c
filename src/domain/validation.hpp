#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "domain/kle.hpp"
#include "domain/model.hpp"

// The contract's value rules ("Identifiers and value rules"). Each `validate_*` throws
// `Error{code, text}` with the value's own error code; the text names the element (`element`
// is its name or path, e.g. "Kontaktadresse[2]/Email") and never repeats a CPR number or a
// contact value. The `is_valid_*` forms answer the same question without throwing, for batches
// where a broken identifier marks one item, not the whole call.

namespace kontaktdata::domain {

// ---- Identifiers -------------------------------------------------------------------------

/// The birth date a CPR number encodes: DDMMYY, the century from the 7th digit (0-3: 1900s;
/// 4 and 9: 2000-2036, else 1937-1999; 5-8: 2000-2057, else 1858-1899). Throws
/// Error(UgyldigCpr) for anything but 10 digits forming a real calendar date. No modulus 11.
Dato cpr_foedselsdato(std::string_view cpr, std::string_view element = "CPRNummer");

/// Checks a CPR number (see `cpr_foedselsdato`); throws Error(UgyldigCpr).
void validate_cpr(std::string_view cpr, std::string_view element = "CPRNummer");

/// True when `cpr` is a valid CPR number.
bool is_valid_cpr(std::string_view cpr) noexcept;

/// Checks a CVR number: 8 digits, the first not 0, modulus 11 with weights 2,7,6,5,4,3,2,1;
/// throws Error(UgyldigCvr).
void validate_cvr(std::string_view cvr, std::string_view element = "CVRNummer");

/// True when `cvr` is a valid CVR number.
bool is_valid_cvr(std::string_view cvr) noexcept;

/// Checks a part's number by its type's rule; throws Error(UgyldigCpr) or Error(UgyldigCvr).
void validate_part(const Part& part);

/// True when the part's number keeps its type's rule.
bool is_valid_part(const Part& part) noexcept;

/// Checks AuthorityContext/MunicipalityCVR as a CVR number; throws Error(UgyldigCvr).
void validate_kommune_cvr(std::string_view municipality_cvr);

/// True when `value` is a lower-case UUID (8-4-4-4-12 hex digits, the Serviceplatform's
/// `UUIDtype`).
bool is_valid_uuid(std::string_view value) noexcept;

/// Checks a UUID (see `is_valid_uuid`); throws Error(UgyldigVaerdi).
void validate_uuid(std::string_view value, std::string_view element);

/// A fresh random (version 4) UUID in lower case, for an address the caller gave no ID.
std::string ny_adresse_id();

// ---- Languages, countries, contact values -------------------------------------------------

/// Loads the ISO code lists from Debian's iso-codes (`/usr/share/iso-codes/json/iso_639-3.json`
/// and `iso_3166-1.json`) now rather than on first use, so that a server can refuse to start
/// without them. Loaded once per process (thread-safe); throws std::runtime_error naming the
/// files when they cannot be read.
void indlaes_kodelister();

/// The canonical form of an ISO 639 code as iso-codes knows it: the 639-1 code where the
/// language has one (`dan` -> `da`), else its 639-3 code (`dsl`). A code iso-codes does not
/// know is returned unchanged.
std::string canonical_sprog(std::string_view sprog);

/// Checks a Sprog or Tolkesprog: 2 or 3 lower-case ASCII letters naming a language in
/// iso-codes (a 639-1 code, or a 639-3 code; 639-2/B codes such as `ger` are not 639-3), and
/// returns its canonical form; throws Error(UgyldigSprog).
std::string validate_sprog(std::string_view sprog, std::string_view element = "Sprog");

/// Checks an ISO 3166-1 alpha-2 country code (2 upper-case ASCII letters that iso-codes knows);
/// throws Error(UgyldigVaerdi).
void validate_landekode(std::string_view landekode, std::string_view element = "Landekode");

/// Checks an email address: at most 254 characters, exactly one `@`, a non-empty local part, a
/// dotted domain with non-empty labels, no spaces or control characters; throws
/// Error(UgyldigVaerdi). The address is stored as given.
void validate_email(std::string_view email, std::string_view element = "Email");

/// Checks a phone number with libphonenumber and returns it in E.164 form. Digits, spaces,
/// hyphens and one leading `+` are allowed; the number is read with default region DK (a bare
/// 8-digit number is Danish, `+45...`), must be a valid number for its country (any type,
/// landlines included) and carry no extension. Throws Error(UgyldigVaerdi).
std::string normalise_mobilnummer(std::string_view mobilnummer,
                                  std::string_view element = "Mobilnummer");

/// Checks a Danish postal code (4 digits); throws Error(UgyldigVaerdi).
void validate_postnummer(std::string_view postnummer, std::string_view element = "Postnummer");

// ---- Dates ---------------------------------------------------------------------------------

/// True when `dato` is a real date of the proleptic Gregorian calendar, years 1-9999.
bool is_valid_dato(const Dato& dato) noexcept;

/// Checks a date (see `is_valid_dato`); throws Error(UgyldigVaerdi).
void validate_dato(const Dato& dato, std::string_view element);

/// Checks a validity period: each date real, and GyldigFra before GyldigTil when both are
/// present (from inclusive, to exclusive, so an empty period is refused). `element` is the path
/// of the element holding them. Throws Error(UgyldigVaerdi).
void validate_gyldighed(const std::optional<Dato>& gyldig_fra,
                        const std::optional<Dato>& gyldig_til, std::string_view element);

// ---- The aggregate -------------------------------------------------------------------------

/// Checks a postal address: DanskAdresse with non-blank Vejnavn, Husnummer, Postdistrikt and a
/// 4-digit Postnummer; or 1-5 non-blank Adresselinje and a Landekode. Throws
/// Error(UgyldigVaerdi).
void validate_postadresse(const Postadresse& adresse, std::string_view element);

/// Checks one Kontaktadresse on its own and normalises it (mobile number to E.164): a
/// well-formed AdresseID when one is given, exactly the value its Adressetype takes
/// (POSTADRESSE: Postadresse, EMAIL: Email, MOBILTELEFON: Mobilnummer, DIGITAL_POST: none),
/// that value's rule and the validity period. Throws Error(UgyldigVaerdi).
void validate_kontaktadresse(Kontaktadresse& adresse, std::string_view element);

/// The address type a channel's AdresseID must name (SMS/TELEFON: MOBILTELEFON, EMAIL: EMAIL,
/// BREVPOST and PERSONLIGT_FREMMOEDE: POSTADRESSE, DIGITAL_POST: DIGITAL_POST).
Adressetype passende_adressetype(Kanal kanal) noexcept;

/// True when the channel cannot be used without an address (BREVPOST, EMAIL, SMS, TELEFON).
bool kraever_adresse(Kanal kanal) noexcept;

/// Checks a whole aggregate as Opret, Ret and Importer receive it and normalises it
/// in place: the part's number; every address (see `validate_kontaktadresse`), AdresseIDs unique;
/// every channel's AdresseID naming an address of the part given with that ID and of the
/// fitting type (UGYLDIG_REFERENCE), its Sagsomraade, Prioritet and validity; every form's Sprog,
/// Tolkesprog (canonicalised), Sagsomraade and Prioritet. Prioritet is at least 1 and unique
/// among the channels of the same scope, and separately among the forms of the same scope.
/// Then: Version and Registrering are cleared (ignored in input), Tilbageholdt is cleared, and
/// each address without an ID gets a fresh lower-case UUID (which no channel of the same request
/// can have named). On failure `data` may be left partly normalised.
void validate_and_normalise(Kontaktdata& data);

}  // namespace kontaktdata::domain
