#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "soap/soap_server.hpp"

namespace kontaktdata::app {

/// How many of what the server takes on at once.
struct ServerLimits {
  int workers = 8;            ///< threads serving requests
  int max_connections = 512;  ///< open client connections; more are closed at once on accept
  std::chrono::milliseconds idle_timeout{30000};  ///< an idle kept-alive connection is closed
  /// A server certificate that expires sooner than this is warned about, at start and daily.
  std::chrono::hours certificate_warning{24 * 30};
};

/// The process side of serving: one poller thread (epoll) that accepts connections and watches
/// the idle ones, and a bounded pool of workers, each with its own engine. A connection takes a
/// worker only while the client has sent something on it: a worker serves what is there (the
/// TLS handshake of a new connection, then one request, or more when they are already
/// buffered) and hands the connection back to the poller, so that an idle or slow keep-alive
/// client pins no worker, and idle connections cost a file descriptor each, not a thread.
/// Beyond `max_connections`, new connections are closed as soon as they are accepted.
/// `request_stop()` stops accepting and closes the idle connections; requests in flight and those
/// already waiting for a worker finish.
class Server {
 public:
  Server(soap::SoapServer& engine, ServerLimits limits);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds, serves until request_stop(), then drains and joins. Throws if it cannot bind.
  void run();
  /// Safe to call from any thread (not from a signal handler: use a signal-waiting thread).
  void request_stop();

 private:
  using ConnectionPtr = std::unique_ptr<soap::Connection>;
  struct Idle {
    ConnectionPtr connection;
    std::chrono::steady_clock::time_point since;
  };

  void work(soap::SoapWorker& worker);
  void accept_all(int listener);
  void watch(ConnectionPtr connection, bool added);
  void take_returned();
  void close_idle_older_than(std::chrono::steady_clock::time_point cut);
  void check_certificate(std::chrono::system_clock::time_point now);
  void wake() noexcept;
  void pause_accepting(std::chrono::steady_clock::time_point now);

  soap::SoapServer& engine_;
  const ServerLimits limits_;
  std::atomic<bool> stopping_{false};
  std::atomic<int> open_{0};  // client connections open, wherever they are
  int epoll_ = -1;
  int wake_ = -1;  // eventfd: a stop, or connections handed back
  int listener_ = -1;
  bool accept_paused_ = false;  // out of file descriptors: accepting again at resume_accept_
  std::chrono::steady_clock::time_point resume_accept_;
  std::chrono::steady_clock::time_point last_refusal_log_;
  long refused_since_log_ = 0;

  // The poller's own: the idle connections by socket (only its thread touches this).
  std::unordered_map<int, Idle> idle_;

  std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::deque<ConnectionPtr> ready_;      // sent something, waiting for a worker
  std::vector<ConnectionPtr> returned_;  // served, to be watched again by the poller
};

}  // namespace kontaktdata::app
