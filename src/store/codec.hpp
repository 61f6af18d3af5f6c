#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/model.hpp"

// How the store writes the domain's values into its columns and reads them back.
namespace kontaktdata::store::codec {

/// The column text of an enumeration value ("CPR", "POSTADRESSE", "DIGITAL_POST", ...).
std::string_view to_db(domain::Part::Type v) noexcept;
std::string_view to_db(domain::Adressetype v) noexcept;
std::string_view to_db(domain::Kanal v) noexcept;
std::string_view to_db(domain::Tiltaleform v) noexcept;
std::string_view to_db(domain::Medie v) noexcept;
std::string_view to_db(domain::Livscyklus v) noexcept;
std::string_view to_db(domain::Haendelsestype v) noexcept;
std::string_view to_db(domain::Skrivestatus v) noexcept;

/// The enumeration value of a column's text; throws std::invalid_argument for any other text.
template <class T>
T from_db(std::string_view text);
template <>
domain::Part::Type from_db<domain::Part::Type>(std::string_view text);
template <>
domain::Adressetype from_db<domain::Adressetype>(std::string_view text);
template <>
domain::Kanal from_db<domain::Kanal>(std::string_view text);
template <>
domain::Tiltaleform from_db<domain::Tiltaleform>(std::string_view text);
template <>
domain::Medie from_db<domain::Medie>(std::string_view text);
template <>
domain::Livscyklus from_db<domain::Livscyklus>(std::string_view text);
template <>
domain::Haendelsestype from_db<domain::Haendelsestype>(std::string_view text);
template <>
domain::Skrivestatus from_db<domain::Skrivestatus>(std::string_view text);

/// The operation of a grant's text (its wire name, domain::to_string); throws
/// std::invalid_argument for any other text.
domain::Operation operation_from_db(std::string_view text);

/// The feed event that a registration of this lifecycle makes ("OPRETTET", "RETTET", ...).
std::string_view haendelsestype(domain::Livscyklus v) noexcept;

/// `t` as timestamptz input text in UTC with microseconds: "2024-05-01 12:34:56.123456+00".
std::string timestamptz_text(domain::Tidspunkt t);

/// The instant `us` microseconds after the Unix epoch.
domain::Tidspunkt from_epoch_us(std::int64_t us) noexcept;

/// `d` as date input text: "2024-05-01". Throws std::invalid_argument outside years 1..9999.
std::string date_text(const domain::Dato& d);

/// The date `days` days after 1970-01-01.
domain::Dato from_epoch_days(std::int64_t days) noexcept;

/// True for a UUID in the canonical lower-case 8-4-4-4-12 form (the contract's UUID pattern).
bool is_canonical_uuid(std::string_view s) noexcept;

}  // namespace kontaktdata::store::codec
