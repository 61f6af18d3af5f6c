#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace kontaktdata::store {

/// migrate() failed: the database could not be reached, a migration could not be applied, or one
/// applied earlier differs from the one in this binary. `what()` says which, for the operator
/// (migrations and connection errors carry no personal data).
class MigrationError : public std::runtime_error {
 public:
  MigrationError(const std::string& what, bool unavailable = false)
      : std::runtime_error(what), unavailable_(unavailable) {}
  /// True when the database could not be reached (or asked for a retry): trying again later may
  /// succeed.
  bool unavailable() const noexcept { return unavailable_; }

 private:
  bool unavailable_;
};

/// Brings the schema up to date with the migrations embedded in this binary
/// (src/store/sql/migrations/V<nnn>__<what>.sql, applied in name order). Connects as the owner
/// role with `owner_dsn`, holds a PostgreSQL advisory lock while it works (so concurrent
/// instances wait for each other instead of racing), records each applied migration in
/// `schema_migrations` (name, checksum, applied_at) in the same transaction as the migration
/// itself, and never applies one twice. Returns the names applied by this call, in order (empty
/// when the schema was up to date). Migrations recorded in the database but unknown to this
/// binary (a newer release ran) are left alone.
///
/// Throws MigrationError when the database cannot be reached (unavailable() true), when an
/// applied migration's checksum differs from the embedded one, or when a migration fails (it is
/// then rolled back; earlier ones stay applied).
std::vector<std::string> migrate(const std::string& owner_dsn);

/// The names of every embedded migration, in the order migrate() applies them.
std::vector<std::string> embedded_migrations();

}  // namespace kontaktdata::store
