#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include <pqxx/connection>

#include "domain/ports.hpp"
#include "store/connection_pool.hpp"

namespace kontaktdata::store {

/// The domain's Store over PostgreSQL (libpqxx). Each Session holds one pooled connection and one
/// transaction for the whole request: commit() commits it, destruction without commit() rolls it
/// back. Database failures reach the domain as domain::Error: MidlertidigFejl ("databasen er ikke
/// tilgængelig") when the database cannot be reached or asks for a retry, InternFejl otherwise;
/// the cause, without personal data, is nested in the Error (std::rethrow_if_nested) for the log.
/// A Session is used by one thread at a time and not after its commit() (that is InternFejl).
/// Thread-safe. Sessions must not outlive the store's pool (each holds a reference to it).
class PgStore final : public domain::Store {
 public:
  /// `dsn`: a libpq connection string for the serving role (kontaktdata_app); at most
  /// `pool_size` (>= 1) connections are open at once; begin() waits at most `acquire_timeout`
  /// for a free one before it answers MidlertidigFejl. Connects lazily.
  PgStore(std::string dsn, std::size_t pool_size,
          std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));

  /// A new unit of work on a pooled connection, its transaction begun.
  std::unique_ptr<domain::Session> begin() override;

  /// The connection pool (for health checks and tests).
  ConnectionPool& pool() noexcept { return *pool_; }

  /// How many statements this store's sessions have sent so far (one round trip each; BEGIN and
  /// COMMIT not counted). For tests and benchmarks that check how a use case scales.
  std::uint64_t statements() const noexcept;

 private:
  std::shared_ptr<ConnectionPool> pool_;
  std::shared_ptr<std::atomic<std::uint64_t>> statements_;
};

/// Prepares every statement of src/store/sql/queries on `conn`, each under its file's stem
/// ("queries/laes_aktuel.sql" as "laes_aktuel"). Run by the pool on every new connection.
void prepare_queries(pqxx::connection& conn);

}  // namespace kontaktdata::store
