#include "app/server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "app/logging.hpp"

namespace kontaktdata::app {

namespace {

using Clock = std::chrono::steady_clock;

// Idle connections are looked at for their timeout this often; so is the stop flag.
constexpr std::chrono::milliseconds kTick{250};
constexpr std::uint32_t kWatchEvents = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;

std::string peer_of(const sockaddr_storage& addr) {
  char buf[INET6_ADDRSTRLEN] = "?";
  if (addr.ss_family == AF_INET) {
    const auto* a = reinterpret_cast<const sockaddr_in*>(&addr);
    inet_ntop(AF_INET, &a->sin_addr, buf, sizeof buf);
  } else if (addr.ss_family == AF_INET6) {
    const auto* a = reinterpret_cast<const sockaddr_in6*>(&addr);
    inet_ntop(AF_INET6, &a->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

}  // namespace

Server::Server(soap::SoapServer& engine, ServerLimits limits) : engine_(engine), limits_(limits) {
  epoll_ = epoll_create1(EPOLL_CLOEXEC);
  wake_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (epoll_ < 0 || wake_ < 0) throw std::runtime_error("cannot create the poller");
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.fd = wake_;
  if (epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &ev) != 0) {
    throw std::runtime_error("cannot create the poller");
  }
}

Server::~Server() {
  idle_.clear();
  ready_.clear();
  returned_.clear();
  if (wake_ >= 0) ::close(wake_);
  if (epoll_ >= 0) ::close(epoll_);
}

void Server::wake() noexcept {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof one);
}

void Server::request_stop() {
  stopping_ = true;
  ready_cv_.notify_all();
  wake();
}

void Server::work(soap::SoapWorker& worker) {
  for (;;) {
    ConnectionPtr conn;
    {
      std::unique_lock lock(mutex_);
      ready_cv_.wait(lock, [&] { return !ready_.empty() || stopping_; });
      if (ready_.empty()) return;  // stopping and drained
      conn = std::move(ready_.front());
      ready_.pop_front();
    }
    const bool keep = worker.serve(*conn);
    if (keep && !stopping_) {
      {
        std::lock_guard lock(mutex_);
        returned_.push_back(std::move(conn));
      }
      wake();
    } else {
      conn.reset();
      --open_;
    }
  }
}

void Server::watch(ConnectionPtr conn, bool added) {
  epoll_event ev{};
  ev.events = kWatchEvents;
  ev.data.fd = conn->socket();
  if (epoll_ctl(epoll_, added ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, conn->socket(), &ev) != 0) {
    KD_LOG(warning) << "cannot watch a connection: " << std::strerror(errno);
    --open_;
    return;
  }
  const int fd = conn->socket();
  idle_[fd] = Idle{std::move(conn), Clock::now()};
}

void Server::pause_accepting(Clock::time_point now) {
  epoll_event ev{};
  ev.data.fd = listener_;
  epoll_ctl(epoll_, EPOLL_CTL_MOD, listener_, &ev);
  accept_paused_ = true;
  resume_accept_ = now + std::chrono::milliseconds(100);
}

void Server::accept_all(int listener) {
  for (;;) {
    sockaddr_storage addr{};
    socklen_t len = sizeof addr;
    const int s =
        accept4(listener, reinterpret_cast<sockaddr*>(&addr), &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (s < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
        KD_LOG(warning) << "cannot accept a connection: " << std::strerror(errno)
                        << "; accepting again in 100 ms";
        pause_accepting(Clock::now());
      }
      return;  // EAGAIN: nothing more waiting
    }
    if (open_ >= limits_.max_connections) {
      ::close(s);
      ++refused_since_log_;
      const auto now = Clock::now();
      if (now - last_refusal_log_ >= std::chrono::seconds(1)) {
        KD_LOG(warning) << "connections refused: " << refused_since_log_
                        << " (server.max_connections " << limits_.max_connections << " open)";
        refused_since_log_ = 0;
        last_refusal_log_ = now;
      }
      continue;
    }
    ++open_;
    const int one = 1;
    setsockopt(s, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    watch(std::make_unique<soap::Connection>(s, peer_of(addr)), false);
  }
}

void Server::take_returned() {
  std::vector<ConnectionPtr> back;
  {
    std::lock_guard lock(mutex_);
    back.swap(returned_);
  }
  for (auto& conn : back) {
    if (stopping_) {
      conn.reset();
      --open_;
    } else {
      watch(std::move(conn), true);
    }
  }
}

void Server::close_idle_older_than(Clock::time_point cut) {
  for (auto it = idle_.begin(); it != idle_.end();) {
    if (it->second.since < cut) {
      it = idle_.erase(it);  // closes it, and so takes it out of the epoll set
      --open_;
    } else {
      ++it;
    }
  }
}

void Server::check_certificate(std::chrono::system_clock::time_point now) {
  const auto expiry = engine_.certificate_expiry();
  if (!expiry) return;
  const auto hours = std::chrono::duration_cast<std::chrono::hours>(*expiry - now).count();
  if (*expiry - now <= limits_.certificate_warning) {
    KD_LOG(warning) << "the server certificate expires in " << hours / 24 << " days (" << hours
                    << " hours): renew it";
  } else {
    KD_LOG(info) << "the server certificate expires in " << hours / 24 << " days";
  }
}

void Server::run() {
  listener_ = engine_.bind();
  epoll_event lev{};
  lev.events = EPOLLIN;
  lev.data.fd = listener_;
  if (epoll_ctl(epoll_, EPOLL_CTL_ADD, listener_, &lev) != 0) {
    throw std::runtime_error("cannot watch the listening socket");
  }
  // Engines are made up front, on this thread: copying the gSOAP context is not thread-safe.
  std::vector<std::unique_ptr<soap::SoapWorker>> engines;
  for (int i = 0; i < limits_.workers; ++i) engines.push_back(engine_.make_worker());
  std::vector<std::thread> threads;
  for (auto& e : engines) threads.emplace_back([this, w = e.get()] { work(*w); });

  const auto& s = engine_.settings();
  KD_LOG(info) << "listening on " << (s.tls ? "https://" : "http://") << s.host << ":" << s.port
               << s.path << (s.tls ? " (mutual TLS)" : " (plain HTTP)") << ", " << limits_.workers
               << " workers, at most " << limits_.max_connections << " connections; WSDL at "
               << s.public_url << "?wsdl";
  check_certificate(std::chrono::system_clock::now());
  auto next_certificate_check = Clock::now() + std::chrono::hours(24);

  std::vector<epoll_event> events(64);
  auto next_sweep = Clock::now() + kTick;
  while (!stopping_) {
    const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                             static_cast<int>(kTick.count()));
    if (n < 0 && errno != EINTR) {
      KD_LOG(error) << "poller: " << std::strerror(errno);
      break;
    }
    std::size_t dispatched = 0;
    for (int i = 0; i < n; ++i) {
      const int fd = events[i].data.fd;
      const std::uint32_t what = events[i].events;
      if (fd == listener_) {
        accept_all(listener_);
      } else if (fd == wake_) {
        std::uint64_t count = 0;
        [[maybe_unused]] const auto r = ::read(wake_, &count, sizeof count);
        take_returned();
      } else if (auto it = idle_.find(fd); it != idle_.end()) {
        ConnectionPtr conn = std::move(it->second.connection);
        idle_.erase(it);
        if ((what & EPOLLIN) == 0) {  // hung up or failed while idle
          conn.reset();
          --open_;
          continue;
        }
        std::lock_guard lock(mutex_);
        ready_.push_back(std::move(conn));
        ++dispatched;
      }
    }
    if (dispatched == 1) ready_cv_.notify_one();
    if (dispatched > 1) ready_cv_.notify_all();
    const auto now = Clock::now();
    if (accept_paused_ && now >= resume_accept_) {
      accept_paused_ = false;
      epoll_ctl(epoll_, EPOLL_CTL_MOD, listener_, &lev);
    }
    if (now >= next_sweep) {
      close_idle_older_than(now - limits_.idle_timeout);
      next_sweep = now + kTick;
    }
    if (now >= next_certificate_check) {
      check_certificate(std::chrono::system_clock::now());
      next_certificate_check = now + std::chrono::hours(24);
    }
  }
  engine_.close();
  listener_ = -1;
  KD_LOG(info) << "stopping: no new connections; finishing requests in flight";
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  ready_cv_.notify_all();
  for (auto& t : threads) t.join();
  take_returned();
  KD_LOG(info) << "stopped";
}

}  // namespace kontaktdata::app
