#include "app/server.hpp"

#include <unistd.h>

#include <memory>

#include "app/logging.hpp"

namespace kontaktdata::app {

Server::Server(soap::SoapServer& engine, int workers)
    : engine_(engine), workers_(workers), queue_limit_(static_cast<std::size_t>(workers) * 4) {}

void Server::request_stop() {
  stopping_ = true;
  ready_.notify_all();
  room_.notify_all();
}

void Server::work(soap::SoapWorker& worker) {
  for (;;) {
    std::pair<int, std::string> conn;
    {
      std::unique_lock lock(mutex_);
      ready_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping and drained
      conn = std::move(queue_.front());
      queue_.pop_front();
    }
    room_.notify_one();
    worker.serve(conn.first, conn.second);
  }
}

void Server::run() {
  engine_.bind();
  // Engines are made up front, on this thread: copying the gSOAP context is not thread-safe.
  std::vector<std::unique_ptr<soap::SoapWorker>> engines;
  for (int i = 0; i < workers_; ++i) engines.push_back(engine_.make_worker());
  std::vector<std::thread> threads;
  for (auto& e : engines) threads.emplace_back([this, w = e.get()] { work(*w); });

  const auto& s = engine_.settings();
  KD_LOG(info) << "listening on http://" << s.host << ":" << s.port << s.path << " (" << workers_
               << " workers); WSDL at " << s.public_url << "?wsdl";
  while (!stopping_) {
    auto conn = engine_.accept();
    if (!conn) continue;
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return queue_.size() < queue_limit_ || stopping_; });
    if (stopping_) {
      ::close(conn->first);
      break;
    }
    queue_.push_back(std::move(*conn));
    lock.unlock();
    ready_.notify_one();
  }
  engine_.close();
  KD_LOG(info) << "stopping: no new connections; finishing requests in flight";
  ready_.notify_all();
  for (auto& t : threads) t.join();
  KD_LOG(info) << "stopped";
}

}  // namespace kontaktdata::app
