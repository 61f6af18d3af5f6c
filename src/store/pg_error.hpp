#pragma once

#include <string>
#include <string_view>

namespace kontaktdata::store {

/// The external texts of the store's errors (safe to send to a caller).
inline constexpr std::string_view kUtilgaengeligTekst = "databasen er ikke tilgængelig";
inline constexpr std::string_view kInternTekst = "intern fejl i databasen";

/// What the store does with a failure of the database or libpqxx.
struct Translation {
  bool unavailable = false;      ///< MIDLERTIDIG_FEJL (retry may help) rather than INTERN_FEJL
  bool connection_lost = false;  ///< the connection is unusable and must be dropped
};

/// Classifies the exception being handled (call inside a catch block).
Translation classify_current_exception() noexcept;

/// A description of the exception being handled that is fit for a log: its kind, SQLSTATE and
/// the first line of the message with quoted values masked (PostgreSQL quotes input values in
/// messages such as 'invalid input syntax for type uuid: "..."', and those may be personal
/// data). Details (DETAIL lines: "Key (nummer)=(...)") are left out.
std::string describe_current_exception(std::string_view context);

/// Masks every double-quoted part of `line` except the names of database objects (a quoted part
/// after "relation", "table", "constraint", "column", ...): what is left may be a value.
std::string mask_values(std::string_view line);

/// Call inside a catch block: rethrows a domain::Error as it is, and anything else as
/// domain::Error(MidlertidigFejl or InternFejl, external text) with a std::runtime_error holding
/// describe_current_exception(context) nested in it (std::rethrow_if_nested reaches it).
[[noreturn]] void rethrow_translated(std::string_view context);

}  // namespace kontaktdata::store
