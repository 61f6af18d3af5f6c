// kontaktdata-registersimulator: SF1520 PersonLookup (CPR) and SF1530 getLegalUnit (CVR) over
// the project's wire contracts, on one port, from a JSON fixture; slow or unavailable on demand.
//
//   POST /service/CPR/PersonBaseDataExtended/4   SF1520 PersonLookup
//   POST /service/CVR/Online/2                   SF1530 getLegalUnit
//        (the body's element decides; any POST path is served)
//   GET  /control[?mode=normal|slow|unavailable|drop][&delay_ms=N]   -> {"mode":..,"delay_ms":..}
//   SIGUSR1 normal -> slow -> unavailable -> normal;  SIGUSR2 normal;  SIGTERM/SIGINT stop.
//   --synthetic: a valid number the fixture lacks gets a generated fictitious entry.

#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <deque>
#include <iostream>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <boost/program_options.hpp>

#include "simulator/control.hpp"
#include "simulator/fixture.hpp"
#include "simulator/registers.hpp"

#ifndef KONTAKTDATA_SIMULATOR_FIXTURE
#define KONTAKTDATA_SIMULATOR_FIXTURE "fixtures/registre.json"
#endif

namespace kontaktdata::simulator {
namespace {

struct Options {
  std::string host = "127.0.0.1";
  int port = 8091;
  std::string fixture = KONTAKTDATA_SIMULATOR_FIXTURE;
  int workers = 40;
  std::string mode = "normal";
  int delay_ms = 3000;
  bool verbose = false;
  bool synthetic = false;
};

std::mutex log_mutex;
void log_line(const std::string& line) {
  std::lock_guard lock(log_mutex);
  std::cerr << "registersimulator: " << line << std::endl;
}

// Engine limits: nothing waits for ever (TOOLCHAIN.md), requests are small.
void configure(struct soap* ctx) {
  soap_set_imode(ctx, SOAP_XML_STRICT | SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
  soap_set_omode(ctx, SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE | SOAP_XML_INDENT);
  ctx->bind_flags = SO_REUSEADDR;
  ctx->max_keep_alive = 100;
  ctx->recv_timeout = 5;  // an idle kept-alive connection frees its worker after 5 s
  ctx->send_timeout = 5;
  ctx->transfer_timeout = 10;
  ctx->accept_timeout = -200 * 1000;  // microseconds: how often accept looks at the stop flag
  ctx->recv_maxlength = 64 * 1024;
  ctx->maxlevel = 32;
  ctx->maxlength = 4096;
  ctx->maxoccurs = 100;
}

// Per worker: one gSOAP context shared by both service objects.
struct Worker {
  Worker(Shared shared) : ctx(soap_new()), cpr(ctx, shared, flags), cvr(ctx, shared, flags) {
    configure(ctx);
    ctx->user = this;
    ctx->fget = http_get;
    control = &shared.control;
  }
  ~Worker() {
    soap_destroy(ctx);
    soap_end(ctx);
    soap_free(ctx);
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  static int http_get(struct soap* ctx) {
    auto* w = static_cast<Worker*>(ctx->user);
    const std::string target = ctx->path;
    const auto q = target.find('?');
    const std::string path = target.substr(0, q);
    const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
    w->flags.answered = true;
    if (path != "/control") {
      send_raw_http(ctx, 404, "Not Found", "text/plain; charset=utf-8",
                    "ukendt sti; kontrol: GET /control?mode=normal|slow|unavailable|drop"
                    "&delay_ms=N\n");
      w->flags.summary = "GET " + path + " -> 404";
      return SOAP_OK;
    }
    if (auto err = w->control->apply_query(query)) {
      send_raw_http(ctx, 400, "Bad Request", "text/plain; charset=utf-8", *err + "\n");
      w->flags.summary = "GET /control?" + query + " -> 400";
      return SOAP_OK;
    }
    const std::string state = w->control->json();
    send_raw_http(ctx, 200, "OK", "application/json", state + "\n");
    if (!query.empty()) log_line("kontrol: " + state);
    w->flags.summary = "GET /control -> " + state;
    return SOAP_OK;
  }

  /// Every request on one accepted connection, until it closes.
  void serve(int socket, bool verbose) {
    ctx->socket = socket;
    ctx->keep_alive = ctx->max_keep_alive + 1;
    do {
      if (ctx->keep_alive > 0 && ctx->max_keep_alive > 0) ctx->keep_alive--;
      flags = RequestFlags{};
      bool close = false;
      if (soap_begin_serve(ctx) != SOAP_OK) {
        // EOF / TCP error: the client closed (or timed out on) the connection; nothing to say.
        // A POST body that is not XML comes back as a code >= SOAP_STOP: a malformed request.
        if (!flags.answered && ctx->error != SOAP_EOF && ctx->error != SOAP_TCP_ERROR &&
            soap_valid_socket(ctx->socket)) {
          if (ctx->error >= SOAP_STOP) ctx->error = SOAP_SYNTAX_ERROR;
          flags.summary = "malformed request";
          soap_send_fault(ctx);
        }
        close = true;
      } else {
        int rc = cpr.dispatch();
        if (rc == SOAP_NO_METHOD && !flags.answered && !flags.drop) rc = cvr.dispatch();
        if (flags.answered || flags.drop) {
          close = true;
        } else if (rc != SOAP_OK) {
          if (flags.summary.empty()) flags.summary = "request refused";
          soap_send_fault(ctx);  // HTTP 500, Connection: close
          close = true;
        }
      }
      if (verbose && !flags.summary.empty()) log_line(flags.summary);
      soap_destroy(ctx);
      soap_end(ctx);
      if (close) break;
    } while (ctx->keep_alive && soap_valid_socket(ctx->socket));
    if (soap_valid_socket(ctx->socket)) ::close(ctx->socket);
    ctx->socket = SOAP_INVALID_SOCKET;
  }

  struct soap* ctx;
  RequestFlags flags;
  Control* control = nullptr;
  CprService cpr;
  CvrService cvr;
};

class Pool {
 public:
  explicit Pool(std::size_t limit) : limit_(limit) {}
  /// Blocks while the queue is full; false when stopping.
  bool push(int socket) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return queue_.size() < limit_ || stopping_; });
    if (stopping_) return false;
    queue_.push_back(socket);
    ready_.notify_one();
    return true;
  }
  /// The next connection, or -1 once stopping and drained.
  int pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !queue_.empty() || stopping_; });
    if (queue_.empty()) return -1;
    const int s = queue_.front();
    queue_.pop_front();
    room_.notify_one();
    return s;
  }
  void stop() {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    ready_.notify_all();
    room_.notify_all();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<int> queue_;
  std::size_t limit_;
  bool stopping_ = false;
};

int parse_options(int argc, char** argv, Options& o) {
  namespace po = boost::program_options;
  po::options_description desc(
      "kontaktdata-registersimulator: CPR (SF1520 PersonLookup) og CVR (SF1530 getLegalUnit) "
      "fra en fixture.\nKontrol: GET /control?mode=normal|slow|unavailable|drop&delay_ms=N, "
      "SIGUSR1 (normal -> slow -> unavailable -> normal), SIGUSR2 (normal).\nTilvalg");
  desc.add_options()("help,h", "denne tekst")("host", po::value(&o.host)->default_value(o.host),
                                              "lytteadresse")(
      "port", po::value(&o.port)->default_value(o.port), "port")(
      "fixture", po::value(&o.fixture)->default_value(o.fixture), "JSON-fixture med registrene")(
      "workers", po::value(&o.workers)->default_value(o.workers), "arbejdstråde (1..64)")(
      "mode", po::value(&o.mode)->default_value(o.mode),
      "start-mode: normal|slow|unavailable|drop")(
      "delay-ms", po::value(&o.delay_ms)->default_value(o.delay_ms), "forsinkelse i slow-mode")(
      "verbose,v", po::bool_switch(&o.verbose),
      "en logl\xC3\xB8"
      "linje pr. foresp\xC3\xB8rgsel")(
      "synthetic", po::bool_switch(&o.synthetic),
      "besvar ethvert gyldigt nummer uden for fixturen med en genereret, fiktiv person eller "
      "virksomhed (til belastnings- og ydelsesm\xC3\xA5linger)");
  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, desc), vm);
    po::notify(vm);
  } catch (const std::exception& e) {
    std::cerr << "kontaktdata-registersimulator: " << e.what() << "\n" << desc << "\n";
    return 2;
  }
  if (vm.count("help")) {
    std::cout << desc << "\n";
    return 1;
  }
  if (o.port < 0 || o.port > 65535 || o.workers < 1 || o.workers > 64 || o.delay_ms < 0 ||
      !parse_mode(o.mode)) {
    std::cerr << "kontaktdata-registersimulator: ugyldig --port, --workers, --mode eller "
                 "--delay-ms\n";
    return 2;
  }
  return 0;
}

int run(int argc, char** argv) {
  Options o;
  if (int rc = parse_options(argc, argv, o)) return rc == 1 ? 0 : rc;

  // Signals go to one waiting thread only; every other thread inherits this mask.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGTERM, SIGINT, SIGUSR1, SIGUSR2}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Fixture fixture;
  try {
    fixture = load_fixture(o.fixture);
  } catch (const std::exception& e) {
    std::cerr << "kontaktdata-registersimulator: " << e.what() << "\n";
    return 1;
  }
  Control control(*parse_mode(o.mode), o.delay_ms);
  Shared shared{fixture, control, o.synthetic};

  struct soap* listener = soap_new();
  configure(listener);
  if (!soap_valid_socket(soap_bind(listener, o.host.c_str(), o.port, 128))) {
    char buf[512];
    soap_sprint_fault(listener, buf, sizeof buf);
    std::cerr << "kontaktdata-registersimulator: kan ikke lytte på " << o.host << ":" << o.port
              << ": " << buf << "\n";
    soap_free(listener);
    return 1;
  }

  std::vector<std::unique_ptr<Worker>> workers;
  for (int i = 0; i < o.workers; ++i) workers.push_back(std::make_unique<Worker>(shared));
  Pool pool(static_cast<std::size_t>(o.workers) * 4);
  std::vector<std::thread> threads;
  for (auto& w : workers) {
    threads.emplace_back([&pool, &o, w = w.get()] {
      for (int s; (s = pool.pop()) >= 0;) w->serve(s, o.verbose);
    });
  }

  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGUSR1) {
        control.cycle();
        log_line("SIGUSR1: " + control.json());
      } else if (sig == SIGUSR2) {
        control.set(Mode::Normal, std::nullopt);
        log_line("SIGUSR2: " + control.json());
      } else {
        log_line(std::string("stopper (") + (sig == SIGTERM ? "SIGTERM" : "SIGINT") + ")");
        control.stop();
        return;
      }
    }
  });

  log_line("lytter på http://" + o.host + ":" + std::to_string(o.port) + " (" +
           std::to_string(o.workers) + " arbejdstråde; " + std::to_string(fixture.personer.size()) +
           " personer, " + std::to_string(fixture.virksomheder.size()) + " virksomheder fra " +
           o.fixture + (o.synthetic ? "; --synthetic" : "") + "); " + control.json());
  // The line the test and deploy scripts wait for.
  std::cout << "ready " << o.host << ":" << o.port << std::endl;

  while (!control.stopping()) {
    const SOAP_SOCKET s = soap_accept(listener);
    if (!soap_valid_socket(s)) {
      // Accept timeout: look at the stop flag again, after freeing the fault gSOAP made of it.
      soap_destroy(listener);
      soap_end(listener);
      continue;
    }
    if (!pool.push(static_cast<int>(s))) {
      ::close(s);
      break;
    }
  }
  soap_closesock(listener);
  if (soap_valid_socket(listener->master)) ::close(listener->master);
  listener->master = SOAP_INVALID_SOCKET;
  pool.stop();
  for (auto& t : threads) t.join();
  signal_thread.join();
  workers.clear();
  soap_free(listener);
  log_line("stoppet");
  return 0;
}

}  // namespace
}  // namespace kontaktdata::simulator

int main(int argc, char** argv) { return kontaktdata::simulator::run(argc, argv); }
