#include "store/pg_error.hpp"

#include <cxxabi.h>

#include <cstdlib>
#include <exception>
#include <memory>
#include <stdexcept>
#include <typeinfo>

#include <pqxx/except>

#include "domain/error.hpp"
#include "store/connection_pool.hpp"

namespace kontaktdata::store {
namespace {

bool starts_with(const std::string& s, std::string_view prefix) {
  return s.compare(0, prefix.size(), prefix) == 0;
}

// SQLSTATE classes after which the same request may well succeed when retried: connection
// exceptions (08), serialization failure and deadlock (40001, 40P01), insufficient resources
// (53), lock not available (55P03), operator intervention such as a shutdown or a cancelled
// statement (57).
bool retryable(const std::string& sqlstate) {
  return starts_with(sqlstate, "08") || sqlstate == "40001" || sqlstate == "40P01" ||
         starts_with(sqlstate, "53") || sqlstate == "55P03" || starts_with(sqlstate, "57");
}

// After these the server has closed (or is closing) the session.
bool session_gone(const std::string& sqlstate) {
  return starts_with(sqlstate, "08") || sqlstate == "57P01" || sqlstate == "57P02" ||
         sqlstate == "57P03";
}

// The words after which PostgreSQL quotes the name of a database object, not a value.
bool names_an_object(std::string_view before_quote) {
  while (!before_quote.empty() && before_quote.back() == ' ') before_quote.remove_suffix(1);
  const auto space = before_quote.rfind(' ');
  const std::string_view word =
      space == std::string_view::npos ? before_quote : before_quote.substr(space + 1);
  for (std::string_view w : {"relation", "table", "constraint", "column", "function", "schema",
                             "database", "index", "sequence", "role", "statement", "type"}) {
    if (word == w) return true;
  }
  return false;
}

std::string type_name(const std::exception& e) {
  int status = 0;
  std::unique_ptr<char, void (*)(void*)> name(
      abi::__cxa_demangle(typeid(e).name(), nullptr, nullptr, &status), std::free);
  return status == 0 && name ? std::string(name.get()) : std::string(typeid(e).name());
}

std::string first_line(std::string_view s) {
  const auto end = s.find('\n');
  return std::string(end == std::string_view::npos ? s : s.substr(0, end));
}

}  // namespace

std::string mask_values(std::string_view line) {
  std::string out;
  std::size_t pos = 0;
  for (;;) {
    const auto open = line.find('"', pos);
    if (open == std::string_view::npos) {
      out.append(line.substr(pos));
      return out;
    }
    const auto close = line.find('"', open + 1);
    out.append(line.substr(pos, open - pos + 1));
    if (close == std::string_view::npos) {  // unpaired: mask the rest rather than risk a value
      out.append("***");
      return out;
    }
    const auto inner = line.substr(open + 1, close - open - 1);
    out.append(names_an_object(line.substr(0, open)) ? inner : std::string_view("***"));
    out.push_back('"');
    pos = close + 1;
  }
}

Translation classify_current_exception() noexcept {
  try {
    throw;
  } catch (const pqxx::broken_connection&) {
    return {true, true};
  } catch (const pqxx::in_doubt_error&) {
    // The connection died during COMMIT: the outcome is unknown, the connection unusable.
    return {true, true};
  } catch (const pqxx::statement_completion_unknown&) {
    return {true, true};
  } catch (const pqxx::transaction_rollback&) {
    // Serialization failure or deadlock (class 40): the transaction was rolled back, retry.
    return {true, false};
  } catch (const pqxx::insufficient_resources&) {
    return {true, false};
  } catch (const pqxx::sql_error& e) {
    // libpqxx 6.4 leaves sqlstate() empty for the errors it maps to their own classes (those
    // handled above, insufficient_privilege, ...); the rest carry it.
    return {retryable(e.sqlstate()), session_gone(e.sqlstate())};
  } catch (const PoolTimeout&) {
    return {true, false};
  } catch (...) {
    return {false, false};
  }
}

std::string describe_current_exception(std::string_view context) {
  std::string out(context);
  try {
    throw;
  } catch (const pqxx::sql_error& e) {
    // libpqxx 6.4 leaves sqlstate() empty for errors it maps to their own class: name the class.
    out += ": " + (e.sqlstate().empty() ? type_name(e) : "SQLSTATE " + e.sqlstate()) + ": " +
           mask_values(first_line(e.what()));
  } catch (const pqxx::broken_connection& e) {
    out += ": connection lost or refused: " + mask_values(first_line(e.what()));
  } catch (const pqxx::in_doubt_error& e) {
    out += ": commit outcome unknown: " + mask_values(first_line(e.what()));
  } catch (const std::exception& e) {
    out += ": " + type_name(e) + ": " + mask_values(first_line(e.what()));
  } catch (...) {
    out += ": unknown exception";
  }
  return out;
}

void rethrow_translated(std::string_view context) {
  try {
    throw;
  } catch (const domain::Error&) {
    throw;
  } catch (...) {
    const Translation t = classify_current_exception();
    const std::string internal = describe_current_exception(context);
    try {
      throw std::runtime_error(internal);
    } catch (...) {
      std::throw_with_nested(
          t.unavailable
              ? domain::Error(domain::ErrorCode::MidlertidigFejl, std::string(kUtilgaengeligTekst))
              : domain::Error(domain::ErrorCode::InternFejl, std::string(kInternTekst)));
    }
  }
}

}  // namespace kontaktdata::store
