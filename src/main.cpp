// kontaktdata-server: wiring only. Config -> logging -> store, registers -> domain -> soap ->
// server.
#include <pthread.h>
#include <signal.h>
#include <sys/resource.h>

#include <algorithm>
#include <exception>
#include <iostream>
#include <memory>
#include <thread>

#include "app/config.hpp"
#include "app/logging.hpp"
#include "app/server.hpp"
#include "domain/kontaktdata_service.hpp"
#include "domain/validation.hpp"
#include "registry/cpr_klient.hpp"
#include "registry/cvr_klient.hpp"
#include "registry/registre.hpp"
#include "soap/soap_server.hpp"
#include "store/migrate.hpp"
#include "store/pg_store.hpp"
#include "store/purge.hpp"

namespace {

using namespace kontaktdata;

domain::Opbevaring opbevaring(const app::Config& config) {
  domain::Opbevaring o;
  o.historik = std::chrono::hours(24 * config.retention_history_days);
  o.haendelser = std::chrono::hours(24 * config.retention_events_days);
  o.adgangslog = std::chrono::hours(24 * config.retention_access_log_days);
  o.idempotens = std::chrono::hours(config.retention_idempotency_hours);
  o.registercache = std::chrono::hours((config.registry_cache_ttl_s + 3599) / 3600);
  return o;
}

// The registers: one client each for CPR and CVR with this service's own Serviceplatform
// agreement, behind the domain's port (bounded calls in flight, deadline, circuit breakers).
// Its log lines hold no CPR number.
std::unique_ptr<registry::Registeropslag> registre(const app::Config& config) {
  auto klient = [&config](const std::string& endpoint, const std::string& service_uuid) {
    registry::Klientindstillinger k;
    k.endpoint = endpoint;
    k.timeout = std::chrono::milliseconds(config.registry_timeout_ms);
    k.kontekst = {config.registry_service_agreement_uuid, config.registry_user_system_uuid,
                  config.registry_user_uuid, service_uuid};
    if (!config.registry_tls_certificate.empty() || !config.registry_tls_ca.empty()) {
      k.tls = registry::Tlsindstillinger{config.registry_tls_certificate, config.registry_tls_key,
                                         config.registry_tls_key_password, config.registry_tls_ca};
    }
    return k;
  };
  registry::Registerindstillinger r;
  r.timeout = std::chrono::milliseconds(config.registry_timeout_ms);
  r.maks_samtidige = config.registry_max_in_flight;
  r.afbryder_fejl = config.registry_breaker_failures;
  r.afbryder_aaben = std::chrono::seconds(config.registry_breaker_open_s);
  return std::make_unique<registry::Registeropslag>(
      registry::CprKlient(klient(config.registry_cpr_endpoint, config.registry_cpr_service_uuid)),
      registry::CvrKlient(klient(config.registry_cvr_endpoint, config.registry_cvr_service_uuid)),
      r, [](registry::Logniveau niveau, const std::string& linje) {
        switch (niveau) {
          case registry::Logniveau::Fejlsoegning:
            KD_LOG(debug) << "register: " << linje;
            break;
          case registry::Logniveau::Info:
            KD_LOG(info) << "register: " << linje;
            break;
          case registry::Logniveau::Advarsel:
            KD_LOG(warning) << "register: " << linje;
            break;
        }
      });
}

int purge(const app::Config& config) {
  const auto now =
      std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
  const domain::Oprydning o = store::purge(config.db_owner_dsn, opbevaring(config), now);
  KD_LOG(info) << "purged: registrations " << o.registreringer << ", events " << o.haendelser
               << ", access-log lines " << o.adgangslog << ", idempotency keys " << o.idempotens
               << ", register cache entries " << o.registercache;
  return 0;
}

// Every open client connection holds a file descriptor, and so do the database pool, the register
// connections and the files: the soft limit is raised to the hard one when it is too low for
// server.max_connections.
void raise_file_limit(const app::Config& config) {
  const rlim_t wanted = static_cast<rlim_t>(config.max_connections) +
                        static_cast<rlim_t>(config.db_pool_size + config.registry_max_in_flight) +
                        256;
  rlimit lim{};
  if (getrlimit(RLIMIT_NOFILE, &lim) != 0 || lim.rlim_cur >= wanted) return;
  lim.rlim_cur = lim.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, lim.rlim_max);
  setrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < wanted) {
    KD_LOG(warning) << "open files are limited to " << lim.rlim_cur << ", below the " << wanted
                    << " that server.max_connections " << config.max_connections
                    << " needs; connections beyond the limit are refused";
  }
}

std::optional<kontaktdata::soap::TlsSettings> tls_settings(const app::Config& config) {
  if (config.tls_certificate.empty()) return std::nullopt;
  kontaktdata::soap::TlsSettings t;
  t.certificate = config.tls_certificate;
  t.key = config.tls_key;
  t.key_password = config.tls_key_password;
  t.client_ca = config.tls_client_ca;
  t.crl = config.tls_crl;
  t.ciphers = config.tls_ciphers;
  t.min_version = config.tls_min_version;
  t.handshake_timeout_s = config.tls_handshake_timeout_s;
  t.clients = kontaktdata::soap::load_client_rules(config.tls_clients);
  return t;
}

int serve(const app::Config& config) {
  raise_file_limit(config);
  domain::indlaes_kodelister();  // the iso-codes tables: refuse to start without them
  store::PgStore store(config.db_dsn, static_cast<std::size_t>(config.db_pool_size));
  domain::Indstillinger indstillinger;
  indstillinger.idempotens_vindue = opbevaring(config).idempotens;
  indstillinger.register_ttl = std::chrono::seconds(config.registry_cache_ttl_s);
  indstillinger.register_forny_efter = std::chrono::seconds(config.registry_refresh_s);
  const auto registeropslag = registre(config);
  KD_LOG(info) << "registers: CPR " << config.registry_cpr_endpoint << ", CVR "
               << config.registry_cvr_endpoint << "; timeout " << config.registry_timeout_ms
               << " ms, at most " << config.registry_max_in_flight << " calls in flight";
  domain::KontaktdataService service(store, {}, indstillinger, registeropslag.get());

  kontaktdata::soap::SoapSettings settings;
  settings.host = config.listen_host;
  settings.port = config.listen_port;
  settings.path = config.listen_path;
  settings.public_url = config.public_url;
  settings.backlog = config.backlog;
  settings.keep_alive = config.keep_alive;
  settings.recv_timeout_s = config.recv_timeout_s;
  settings.send_timeout_s = config.send_timeout_s;
  settings.transfer_timeout_s = config.transfer_timeout_s;
  settings.max_request_bytes = config.max_request_bytes;
  settings.contract_dir = config.contract_dir;
  settings.validate_schema = config.validate_schema;
  settings.tls = tls_settings(config);
  if (settings.tls) {
    KD_LOG(info) << "TLS: client certificates must chain to " << config.tls_client_ca
                 << (config.tls_crl.empty() ? "" : " and not be revoked (CRL checked)") << "; "
                 << settings.tls->clients.size() << " allow-list rules from " << config.tls_clients;
  }
  if (!config.validate_schema) {
    KD_LOG(warning) << "server.validate_schema is off: requests are not validated against xsd/";
  }

  // One line per request; never a CPR number or a contact value (none is in the entry).
  kontaktdata::soap::SoapServer engine(
      settings, service,
      [](const kontaktdata::soap::RequestLogEntry& e) {
        auto rec = [&] {
          return std::to_string(e.duration.count() / 1000) + "." +
                 std::to_string(e.duration.count() % 1000 / 100);
        };
        if (e.outcome == "OK") {
          KD_LOG(info) << "request id=" << e.request_id << " op=" << e.operation
                       << " system=" << e.system << " kommune=" << e.municipality
                       << " outcome=OK ms=" << rec();
        } else {
          KD_LOG(warning) << "request id=" << e.request_id << " op=" << e.operation
                          << " system=" << e.system << " kommune=" << e.municipality
                          << " outcome=" << e.outcome << " ms=" << rec()
                          << (e.detail.empty() ? "" : " detail=\"" + e.detail + "\"");
        }
      },
      [](bool warning, const std::string& line) {
        if (warning) {
          KD_LOG(warning) << line;
        } else {
          KD_LOG(info) << line;
        }
      });

  app::ServerLimits limits;
  limits.workers = config.workers;
  limits.max_connections = config.max_connections;
  limits.idle_timeout = std::chrono::seconds(config.idle_timeout_s);
  limits.certificate_warning = std::chrono::hours(24 * config.tls_expiry_warning_days);
  app::Server server(engine, limits);

  // Signals are taken by one thread with sigwait, so that stopping is ordinary code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  std::thread signal_thread([&server, signals] {
    int sig = 0;
    sigwait(&signals, &sig);
    KD_LOG(info) << "signal " << sig << " received";
    server.request_stop();
  });
  signal_thread.detach();

  server.run();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  // Block the stop signals in every thread; the signal thread waits for them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  try {
    const auto config = kontaktdata::app::load_config(argc, argv);
    if (!config) return 0;
    kontaktdata::app::init_logging(config->log_level);
    if (config->migrate) {
      const auto applied = kontaktdata::store::migrate(config->db_owner_dsn);
      KD_LOG(info) << "migrations applied: " << applied.size();
      for (const auto& name : applied) KD_LOG(info) << "  " << name;
      return 0;
    }
    if (config->purge) return purge(*config);
    return serve(*config);
  } catch (const std::exception& e) {
    std::cerr << "kontaktdata-server: " << e.what() << "\n";
    return 1;
  }
}
