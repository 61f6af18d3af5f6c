#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

#include <pqxx/connection>

namespace kontaktdata::store {

/// No connection became free within the pool's acquire timeout.
class PoolTimeout : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A bounded, thread-safe pool of PostgreSQL connections. At most `size` connections exist at
/// once; they are opened on demand and kept. A connection handed back broken (marked so, or
/// found closed) is dropped, and a new one is opened in its place when next needed.
/// Create it with `ConnectionPool::create`: every lease keeps the pool alive.
class ConnectionPool : public std::enable_shared_from_this<ConnectionPool> {
 public:
  /// Runs once on each new connection (e.g. to prepare statements); may throw.
  using Setup = std::function<void(pqxx::connection&)>;

  /// One connection lent to one user; given back to the pool when destroyed.
  class Lease {
   public:
    Lease(Lease&& other) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    /// The connection.
    pqxx::connection& connection() const noexcept { return *conn_; }
    /// Tells the pool not to take this connection back (it failed in a way that leaves it
    /// unusable or in an unknown state).
    void mark_broken() noexcept { broken_ = true; }
    /// Whether this connection was opened for this lease (not reused from the pool).
    bool fresh() const noexcept { return fresh_; }

   private:
    friend class ConnectionPool;
    Lease(std::shared_ptr<ConnectionPool> pool, std::unique_ptr<pqxx::connection> conn,
          bool fresh) noexcept;

    std::shared_ptr<ConnectionPool> pool_;
    std::unique_ptr<pqxx::connection> conn_;
    bool broken_ = false;
    bool fresh_ = false;
  };

  /// A pool of at most `size` (>= 1) connections to `dsn` (a libpq connection string).
  /// `acquire` waits at most `acquire_timeout` for a free one.
  static std::shared_ptr<ConnectionPool> create(std::string dsn, std::size_t size, Setup setup,
                                                std::chrono::milliseconds acquire_timeout);

  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  /// An idle connection, or a new one while fewer than `size` exist; else waits. Throws
  /// PoolTimeout after the acquire timeout, and pqxx::broken_connection (or what Setup throws)
  /// when a new connection cannot be opened.
  Lease acquire();

  /// The most connections this pool opens.
  std::size_t capacity() const noexcept { return size_; }
  /// The connections open now (idle and lent).
  std::size_t open_connections() const;
  /// The connections open and not lent now.
  std::size_t idle_connections() const;

 private:
  ConnectionPool(std::string dsn, std::size_t size, Setup setup,
                 std::chrono::milliseconds acquire_timeout);
  void give_back(std::unique_ptr<pqxx::connection> conn, bool broken) noexcept;

  const std::string dsn_;
  const std::size_t size_;
  const Setup setup_;
  const std::chrono::milliseconds acquire_timeout_;

  mutable std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  std::size_t open_ = 0;  // idle + lent + being opened
};

}  // namespace kontaktdata::store
