#include "store/migrate.hpp"

#include <cstdint>
#include <map>
#include <string_view>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>

#include "store/pg_error.hpp"
#include "store/sql_files.hpp"

namespace kontaktdata::store {
namespace {

constexpr std::string_view kMigrationPrefix = "migrations/";
constexpr std::string_view kMigratorPrefix = "migrator/";

// The advisory lock key of migrate(): "kontaktd" in ASCII. Any fixed number would do; this one
// is unlikely to collide with a key someone else picks.
constexpr std::int64_t kMigrationLockKey = 0x6b6f6e74616b7464;

bool has_prefix(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::vector<const SqlFile*> migration_files() {
  std::vector<const SqlFile*> out;
  for (const SqlFile& f : sql_files()) {
    if (has_prefix(f.name, kMigrationPrefix)) out.push_back(&f);  // sql_files() is sorted
  }
  return out;
}

// Releases the advisory lock when migrate() leaves, also by an exception. A connection that
// broke meanwhile has released it already, with the session.
class LockGuard {
 public:
  explicit LockGuard(pqxx::connection& conn) : conn_(conn) {
    pqxx::nontransaction tx(conn_);
    tx.exec_prepared("laas", kMigrationLockKey);
  }
  LockGuard(const LockGuard&) = delete;
  LockGuard& operator=(const LockGuard&) = delete;
  ~LockGuard() {
    try {
      pqxx::nontransaction tx(conn_);
      tx.exec_prepared("frigiv", kMigrationLockKey);
    } catch (...) {  // NOLINT(bugprone-empty-catch): closing the connection releases it too
    }
  }

 private:
  pqxx::connection& conn_;
};

std::vector<std::string> run_migrations(pqxx::connection& conn) {
  for (const SqlFile& f : sql_files()) {
    if (has_prefix(f.name, kMigratorPrefix)) {
      conn.prepare(std::string(stem(f.name)), std::string(f.text));
    }
  }
  {
    pqxx::nontransaction tx(conn);
    tx.exec(sql("migrator/stille"));
  }
  LockGuard lock(conn);
  {
    pqxx::work tx(conn);
    tx.exec_prepared("opret_schema_migrations");
    tx.commit();
  }

  std::map<std::string, std::string, std::less<>> applied;
  {
    pqxx::nontransaction tx(conn);
    for (const auto& row : tx.exec_prepared("anvendte")) {
      applied.emplace(row[0].as<std::string>(), row[1].as<std::string>());
    }
  }

  const auto files = migration_files();
  for (const SqlFile* f : files) {
    const auto it = applied.find(stem(f->name));
    if (it != applied.end() && it->second != f->sha256) {
      throw MigrationError("migration " + it->first +
                           " was changed after it was applied (checksum in the database " +
                           it->second + ", in this binary " + std::string(f->sha256) +
                           "); add a new migration instead of editing a released one");
    }
  }

  std::vector<std::string> now;
  for (const SqlFile* f : files) {
    const std::string name(stem(f->name));
    if (applied.count(name) != 0) continue;
    try {
      pqxx::work tx(conn);
      tx.exec(std::string(f->text));
      tx.exec_prepared("registrer", name, std::string(f->sha256));
      tx.commit();
    } catch (...) {
      throw MigrationError(describe_current_exception("migration " + name),
                           classify_current_exception().unavailable);
    }
    now.push_back(name);
  }
  return now;
}

}  // namespace

std::vector<std::string> embedded_migrations() {
  std::vector<std::string> names;
  for (const SqlFile* f : migration_files()) names.emplace_back(stem(f->name));
  return names;
}

std::vector<std::string> migrate(const std::string& owner_dsn) {
  try {
    pqxx::connection conn(owner_dsn);
    return run_migrations(conn);
  } catch (const MigrationError&) {
    throw;
  } catch (...) {
    throw MigrationError(describe_current_exception("migrate"),
                         classify_current_exception().unavailable);
  }
}

}  // namespace kontaktdata::store
