#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "soap/soap_server.hpp"

namespace kontaktdata::app {

/// The process side of serving: one accept loop and a bounded pool of worker threads, each
/// with its own engine. Accepted connections wait in a bounded queue (the accept loop blocks
/// when it is full, so overload backs up into the listen backlog instead of into memory).
/// `request_stop()` stops accepting; requests in flight and connections already queued finish.
class Server {
 public:
  Server(soap::SoapServer& engine, int workers);
  /// Binds, serves until request_stop(), then drains and joins. Throws if it cannot bind.
  void run();
  /// Safe to call from any thread (not from a signal handler: use a signal-waiting thread).
  void request_stop();

 private:
  void work(soap::SoapWorker& worker);

  soap::SoapServer& engine_;
  int workers_;
  std::atomic<bool> stopping_{false};
  std::mutex mutex_;
  std::condition_variable ready_;
  std::condition_variable room_;
  std::deque<std::pair<int, std::string>> queue_;
  std::size_t queue_limit_;
};

}  // namespace kontaktdata::app
