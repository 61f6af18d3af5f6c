#include "store/connection_pool.hpp"

#include <utility>

namespace kontaktdata::store {

ConnectionPool::Lease::Lease(std::shared_ptr<ConnectionPool> pool,
                             std::unique_ptr<pqxx::connection> conn, bool fresh) noexcept
    : pool_(std::move(pool)), conn_(std::move(conn)), fresh_(fresh) {}

ConnectionPool::Lease::~Lease() {
  if (pool_ && conn_) pool_->give_back(std::move(conn_), broken_);
}

std::shared_ptr<ConnectionPool> ConnectionPool::create(std::string dsn, std::size_t size,
                                                       Setup setup,
                                                       std::chrono::milliseconds acquire_timeout) {
  if (size == 0) throw std::invalid_argument("connection pool size must be at least 1");
  return std::shared_ptr<ConnectionPool>(
      new ConnectionPool(std::move(dsn), size, std::move(setup), acquire_timeout));
}

ConnectionPool::ConnectionPool(std::string dsn, std::size_t size, Setup setup,
                               std::chrono::milliseconds acquire_timeout)
    : dsn_(std::move(dsn)),
      size_(size),
      setup_(std::move(setup)),
      acquire_timeout_(acquire_timeout) {
  idle_.reserve(size_);
}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_lock lock(mutex_);
  if (!freed_.wait_for(lock, acquire_timeout_,
                       [this] { return !idle_.empty() || open_ < size_; })) {
    throw PoolTimeout("no database connection became free in time");
  }
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(shared_from_this(), std::move(conn), false);
  }
  // Reserve the slot, then connect without holding the lock: connecting takes a round trip or
  // a timeout, and other threads may meanwhile take and return idle connections.
  ++open_;
  lock.unlock();
  try {
    auto conn = std::make_unique<pqxx::connection>(dsn_);
    if (setup_) setup_(*conn);
    return Lease(shared_from_this(), std::move(conn), true);
  } catch (...) {
    lock.lock();
    --open_;
    lock.unlock();
    freed_.notify_one();
    throw;
  }
}

void ConnectionPool::give_back(std::unique_ptr<pqxx::connection> conn, bool broken) noexcept {
  const bool keep = !broken && conn->is_open();
  {
    std::lock_guard lock(mutex_);
    if (keep) {
      idle_.push_back(std::move(conn));
    } else {
      --open_;
    }
  }
  freed_.notify_one();
  // A dropped connection is closed here, outside the lock (closing talks to the server).
  conn.reset();
}

std::size_t ConnectionPool::open_connections() const {
  std::lock_guard lock(mutex_);
  return open_;
}

std::size_t ConnectionPool::idle_connections() const {
  std::lock_guard lock(mutex_);
  return idle_.size();
}

}  // namespace kontaktdata::store
