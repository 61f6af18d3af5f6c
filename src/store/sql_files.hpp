#pragma once

#include <span>
#include <string>
#include <string_view>

namespace kontaktdata::store {

/// One SQL file embedded at build time (see cmake/embed_sql.cmake).
struct SqlFile {
  std::string_view name;    ///< path below src/store/sql without ".sql", e.g. "queries/laes_aktuel"
  std::string_view text;    ///< the file's bytes
  std::string_view sha256;  ///< hex SHA-256 of the file's bytes
};

/// Every file under src/store/sql, sorted by name.
std::span<const SqlFile> sql_files() noexcept;

/// The file called `name` in `files`; throws std::out_of_range when there is none.
const SqlFile& find_sql(std::span<const SqlFile> files, std::string_view name);

/// The text of src/store/sql/`name`.sql; throws std::out_of_range when there is none.
std::string sql(std::string_view name);

/// The stem of a file's name: "queries/laes_aktuel" -> "laes_aktuel".
std::string_view stem(std::string_view name) noexcept;

}  // namespace kontaktdata::store
