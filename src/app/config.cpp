#include "app/config.hpp"

#include <boost/program_options.hpp>
#include <cctype>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <utility>

#ifndef KONTAKTDATA_DEFAULT_CONTRACT_DIR
#define KONTAKTDATA_DEFAULT_CONTRACT_DIR "."
#endif

namespace kontaktdata::app {

namespace po = boost::program_options;

namespace {

po::options_description settings(Config& c) {
  po::options_description d("Settings (file keys; environment KONTAKTDATA_<KEY>)");
  d.add_options()("listen.host", po::value(&c.listen_host)->default_value(c.listen_host),
                  "address to listen on")(
      "listen.port", po::value(&c.listen_port)->default_value(c.listen_port), "TCP port")(
      "listen.path", po::value(&c.listen_path)->default_value(c.listen_path), "service path")(
      "listen.plain_http", po::value(&c.listen_plain_http)->default_value(c.listen_plain_http),
      "serve plain HTTP without TLS (loopback addresses only)")(
      "public_url", po::value(&c.public_url),
      "soap:address in the served WSDL (default: the listen address)")(
      "server.workers", po::value(&c.workers)->default_value(c.workers), "worker threads")(
      "server.backlog", po::value(&c.backlog)->default_value(c.backlog), "listen backlog")(
      "server.keep_alive", po::value(&c.keep_alive)->default_value(c.keep_alive),
      "requests per kept-alive connection")(
      "server.recv_timeout_s", po::value(&c.recv_timeout_s)->default_value(c.recv_timeout_s),
      "receive timeout, seconds")("server.send_timeout_s",
                                  po::value(&c.send_timeout_s)->default_value(c.send_timeout_s),
                                  "send timeout, seconds")(
      "server.transfer_timeout_s",
      po::value(&c.transfer_timeout_s)->default_value(c.transfer_timeout_s),
      "whole-message timeout, seconds")(
      "server.idle_timeout_s", po::value(&c.idle_timeout_s)->default_value(c.idle_timeout_s),
      "seconds an idle kept-alive connection is kept open")(
      "server.max_connections", po::value(&c.max_connections)->default_value(c.max_connections),
      "open client connections at most; more are closed as soon as they are accepted")(
      "server.validate_schema", po::value(&c.validate_schema)->default_value(c.validate_schema),
      "validate every request body against the XSDs (Xerces-C)")(
      "server.max_request_bytes",
      po::value(&c.max_request_bytes)->default_value(c.max_request_bytes),
      "largest request read (inflated bytes)")("db.dsn", po::value(&c.db_dsn),
                                               "libpq connection string of the serving role")(
      "db.owner_dsn", po::value(&c.db_owner_dsn),
      "libpq connection string of the owner role (--migrate)")(
      "db.pool_size", po::value(&c.db_pool_size)->default_value(c.db_pool_size),
      "database connections")(
      "contract.dir", po::value(&c.contract_dir)->default_value(KONTAKTDATA_DEFAULT_CONTRACT_DIR),
      "folder holding wsdl/ and xsd/")("log.level",
                                       po::value(&c.log_level)->default_value(c.log_level),
                                       "trace, debug, info, warning, error");
  d.add_options()("tls.certificate", po::value(&c.tls_certificate),
                  "PEM file with the server certificate chain (and its key, if tls.key is empty)")(
      "tls.key", po::value(&c.tls_key), "PEM file with the server certificate's private key")(
      "tls.key_password", po::value(&c.tls_key_password), "password of the private key")(
      "tls.client_ca", po::value(&c.tls_client_ca),
      "PEM file with the CA certificates that client certificates must chain to")(
      "tls.crl", po::value(&c.tls_crl),
      "PEM file with certificate revocation lists of those CAs (checked when set)")(
      "tls.clients", po::value(&c.tls_clients),
      "the allow-list file: client certificates and the calling systems each may speak for")(
      "tls.ciphers", po::value(&c.tls_ciphers), "OpenSSL cipher list for TLS 1.2")(
      "tls.min_version", po::value(&c.tls_min_version)->default_value(c.tls_min_version),
      "lowest TLS version accepted: 1.2 or 1.3")(
      "tls.handshake_timeout_s",
      po::value(&c.tls_handshake_timeout_s)->default_value(c.tls_handshake_timeout_s),
      "seconds a client has for its TLS handshake")(
      "tls.expiry_warning_days",
      po::value(&c.tls_expiry_warning_days)->default_value(c.tls_expiry_warning_days),
      "warn when the server certificate expires within this many days");
  d.add_options()("retention.history_days",
                  po::value(&c.retention_history_days)->default_value(c.retention_history_days),
                  "keep superseded registrations this many days")(
      "retention.events_days",
      po::value(&c.retention_events_days)->default_value(c.retention_events_days),
      "keep feed events this many days")(
      "retention.access_log_days",
      po::value(&c.retention_access_log_days)->default_value(c.retention_access_log_days),
      "keep access-log lines this many days")(
      "retention.idempotency_hours",
      po::value(&c.retention_idempotency_hours)->default_value(c.retention_idempotency_hours),
      "recognise a retried write this many hours");
  d.add_options()("registry.cpr_endpoint", po::value(&c.registry_cpr_endpoint),
                  "CPR SF1520 PersonLookup endpoint URL (required to serve)")(
      "registry.cvr_endpoint", po::value(&c.registry_cvr_endpoint),
      "CVR SF1530 getLegalUnit endpoint URL (required to serve)")(
      "registry.timeout_ms",
      po::value(&c.registry_timeout_ms)->default_value(c.registry_timeout_ms),
      "the longest one request waits for the registers, milliseconds")(
      "registry.max_in_flight",
      po::value(&c.registry_max_in_flight)->default_value(c.registry_max_in_flight),
      "register calls in flight at once, all requests together")(
      "registry.breaker_failures",
      po::value(&c.registry_breaker_failures)->default_value(c.registry_breaker_failures),
      "failures in a row that open a register's circuit breaker")(
      "registry.breaker_open_s",
      po::value(&c.registry_breaker_open_s)->default_value(c.registry_breaker_open_s),
      "seconds an open circuit breaker makes no call before one trial call")(
      "registry.cache_ttl_s",
      po::value(&c.registry_cache_ttl_s)->default_value(c.registry_cache_ttl_s),
      "register cache time to live, seconds (older answers are never used, and are purged)")(
      "registry.refresh_s", po::value(&c.registry_refresh_s)->default_value(c.registry_refresh_s),
      "a cached register answer younger than this many seconds is used without asking again")(
      "registry.service_agreement_uuid", po::value(&c.registry_service_agreement_uuid),
      "this service's Serviceplatform ServiceAgreementUUID (required to serve)")(
      "registry.user_system_uuid", po::value(&c.registry_user_system_uuid),
      "this service's Serviceplatform UserSystemUUID (required to serve)")(
      "registry.user_uuid", po::value(&c.registry_user_uuid),
      "this service's Serviceplatform UserUUID (required to serve)")(
      "registry.cpr_service_uuid",
      po::value(&c.registry_cpr_service_uuid)->default_value(c.registry_cpr_service_uuid),
      "ServiceUUID of SF1520 (CPR PersonBaseDataExtended)")(
      "registry.cvr_service_uuid",
      po::value(&c.registry_cvr_service_uuid)->default_value(c.registry_cvr_service_uuid),
      "ServiceUUID of SF1530 (CVR Online)")(
      "registry.tls_certificate", po::value(&c.registry_tls_certificate),
      "PEM file with the TLS client certificate for https endpoints (may hold the key)")(
      "registry.tls_key", po::value(&c.registry_tls_key),
      "PEM file with the client certificate's private key (default: in tls_certificate)")(
      "registry.tls_key_password", po::value(&c.registry_tls_key_password),
      "password of the private key")("registry.tls_ca", po::value(&c.registry_tls_ca),
                                     "PEM file with the CA certificates of the endpoints");
  return d;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::runtime_error("configuration: " + message);
}

bool is_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !std::isxdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  return true;
}

bool readable(const std::string& file) { return static_cast<bool>(std::ifstream(file)); }

// The environment variable of a key: registry.cpr_endpoint -> KONTAKTDATA_REGISTRY_CPR_ENDPOINT.
std::string env_name(const std::string& key) {
  std::string env = "KONTAKTDATA_";
  for (char ch : key) {
    env += ch == '.' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  }
  return env;
}

void check_registry(const Config& c) {
  require(c.registry_timeout_ms >= 1 && c.registry_timeout_ms <= 60000,
          "registry.timeout_ms must be 1..60000");
  require(c.registry_max_in_flight >= 1 && c.registry_max_in_flight <= 1024,
          "registry.max_in_flight must be 1..1024");
  require(c.registry_breaker_failures >= 1, "registry.breaker_failures must be at least 1");
  require(c.registry_breaker_open_s >= 1 && c.registry_breaker_open_s <= 86400,
          "registry.breaker_open_s must be 1..86400");
  require(c.registry_cache_ttl_s >= 1, "registry.cache_ttl_s must be at least 1");
  require(c.registry_refresh_s >= 0 && c.registry_refresh_s <= c.registry_cache_ttl_s,
          "registry.refresh_s must be 0..registry.cache_ttl_s");
  require(!c.registry_tls_certificate.empty() ||
              (c.registry_tls_key.empty() && c.registry_tls_key_password.empty()),
          "registry.tls_key and registry.tls_key_password need registry.tls_certificate");

  using Key = std::pair<std::string, const std::string*>;
  const Key uuids[] = {{"registry.service_agreement_uuid", &c.registry_service_agreement_uuid},
                       {"registry.user_system_uuid", &c.registry_user_system_uuid},
                       {"registry.user_uuid", &c.registry_user_uuid},
                       {"registry.cpr_service_uuid", &c.registry_cpr_service_uuid},
                       {"registry.cvr_service_uuid", &c.registry_cvr_service_uuid}};
  for (const auto& [key, value] : uuids) {
    require(value->empty() || is_uuid(*value), key + " must be a UUID");
  }
  if (c.migrate || c.purge) return;  // the registers are only called when serving

  const Key endpoints[] = {{"registry.cpr_endpoint", &c.registry_cpr_endpoint},
                           {"registry.cvr_endpoint", &c.registry_cvr_endpoint}};
  for (const auto& [key, value] : endpoints) {
    require(!value->empty(), key + " is required to serve (" + env_name(key) +
                                 " or the config file's [registry] section)");
    require(value->rfind("http://", 0) == 0 || value->rfind("https://", 0) == 0,
            key + " must be an http:// or https:// URL");
  }
  for (const auto& [key, value] : uuids) {
    require(!value->empty(), key +
                                 " is required to serve (this service's own Serviceplatform "
                                 "agreement; " +
                                 env_name(key) + " or the config file)");
  }
  const Key files[] = {{"registry.tls_certificate", &c.registry_tls_certificate},
                       {"registry.tls_key", &c.registry_tls_key},
                       {"registry.tls_ca", &c.registry_tls_ca}};
  for (const auto& [key, value] : files) {
    require(value->empty() || readable(*value), key + ": cannot read '" + *value + "'");
  }
}

bool is_loopback(const std::string& host) {
  return host == "localhost" || host == "::1" || host.rfind("127.", 0) == 0;
}

// Serving: mutual TLS, or plain HTTP on a loopback address when asked for by name.
void check_tls(const Config& c) {
  if (c.migrate || c.purge) return;
  if (c.tls_certificate.empty()) {
    require(c.listen_plain_http,
            "no tls.certificate: the server serves mutual TLS only; plain HTTP needs "
            "listen.plain_http = true, and only on a loopback address");
    require(is_loopback(c.listen_host),
            "listen.plain_http is for loopback addresses only (127.0.0.0/8, ::1, localhost), not "
            "'" +
                c.listen_host + "': use tls.* to serve other addresses");
    return;
  }
  require(!c.listen_plain_http, "listen.plain_http and tls.certificate exclude each other");
  require(!c.tls_client_ca.empty(), "tls.client_ca is required with tls.certificate");
  require(!c.tls_clients.empty(), "tls.clients (the allow-list) is required with tls.certificate");
  require(c.tls_min_version == "1.2" || c.tls_min_version == "1.3",
          "tls.min_version must be 1.2 or 1.3");
  require(c.tls_handshake_timeout_s >= 1 && c.tls_handshake_timeout_s <= 300,
          "tls.handshake_timeout_s must be 1..300");
  require(c.tls_expiry_warning_days >= 0, "tls.expiry_warning_days must be 0 or more");
  const std::pair<std::string, const std::string*> files[] = {
      {"tls.certificate", &c.tls_certificate},
      {"tls.key", &c.tls_key},
      {"tls.client_ca", &c.tls_client_ca},
      {"tls.crl", &c.tls_crl},
      {"tls.clients", &c.tls_clients}};
  for (const auto& [key, value] : files) {
    require(value->empty() || readable(*value), key + ": cannot read '" + *value + "'");
  }
}

void check(Config& c) {
  require(c.listen_port > 0 && c.listen_port < 65536, "listen.port must be 1..65535");
  require(!c.listen_path.empty() && c.listen_path[0] == '/', "listen.path must start with /");
  require(c.workers >= 1 && c.workers <= 1024, "server.workers must be 1..1024");
  require(c.backlog >= 1, "server.backlog must be at least 1");
  require(c.keep_alive >= 0, "server.keep_alive must be 0 or more");
  require(c.recv_timeout_s >= 1 && c.send_timeout_s >= 1 && c.transfer_timeout_s >= 1,
          "server.*_timeout_s must be at least 1 (no infinite timeouts)");
  require(c.max_request_bytes >= 1024, "server.max_request_bytes must be at least 1024");
  require(c.idle_timeout_s >= 1, "server.idle_timeout_s must be at least 1");
  require(c.max_connections >= 1 && c.max_connections <= 1000000,
          "server.max_connections must be 1..1000000");
  require(c.db_pool_size >= 1, "db.pool_size must be at least 1");
  require(c.log_level == "trace" || c.log_level == "debug" || c.log_level == "info" ||
              c.log_level == "warning" || c.log_level == "error",
          "log.level must be trace, debug, info, warning or error");
  require(c.retention_history_days >= 1 && c.retention_events_days >= 1 &&
              c.retention_access_log_days >= 1 && c.retention_idempotency_hours >= 1,
          "retention.* must be at least 1");
  require(!(c.migrate && c.purge), "--migrate and --purge are separate runs");
  if (c.migrate || c.purge) {
    require(!c.db_owner_dsn.empty(), "db.owner_dsn is required for --migrate and --purge");
  } else {
    require(!c.db_dsn.empty(), "db.dsn is required (KONTAKTDATA_DB_DSN or the config file)");
    std::ifstream wsdl(c.contract_dir + "/wsdl/context/KontaktdataService.wsdl");
    require(static_cast<bool>(wsdl),
            "contract.dir '" + c.contract_dir + "' has no wsdl/context/KontaktdataService.wsdl");
  }
  check_registry(c);
  check_tls(c);
  if (c.public_url.empty()) {
    c.public_url = std::string(c.tls_certificate.empty() ? "http://" : "https://") + c.listen_host +
                   ":" + std::to_string(c.listen_port) + c.listen_path;
  }
}

}  // namespace

std::optional<Config> load_config(int argc, const char* const argv[]) {
  Config c;
  std::string config_file;
  po::options_description cli("Kontaktdata server");
  cli.add_options()("help,h", "show this help")("config,c", po::value(&config_file),
                                                "INI configuration file")(
      "migrate", po::bool_switch(&c.migrate),
      "apply database migrations as the owner role and exit")(
      "purge", po::bool_switch(&c.purge),
      "remove history, events, access log, idempotency keys and register cache entries past "
      "their retention, as the owner role, and exit");
  po::options_description keys = settings(c);
  po::options_description all;
  all.add(cli).add(keys);

  po::variables_map vm;
  try {
    po::store(po::parse_command_line(argc, argv, all), vm);
    po::store(po::parse_environment(keys,
                                    [&keys](const std::string& env) -> std::string {
                                      static const std::string kPrefix = "KONTAKTDATA_";
                                      if (env.rfind(kPrefix, 0) != 0) return {};
                                      for (const auto& opt : keys.options()) {
                                        std::string name = opt->long_name();
                                        std::string upper;
                                        for (char ch : name) {
                                          upper += ch == '.' ? '_'
                                                             : static_cast<char>(std::toupper(
                                                                   static_cast<unsigned char>(ch)));
                                        }
                                        if (env == kPrefix + upper) return name;
                                      }
                                      return {};
                                    }),
              vm);
    if (vm.count("config")) {
      const std::string file = vm["config"].as<std::string>();
      std::ifstream in(file);
      require(static_cast<bool>(in), "cannot read config file '" + file + "'");
      po::store(po::parse_config_file(in, keys, false), vm);
    }
    if (vm.count("help")) {
      std::cout << all << "\n";
      return std::nullopt;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw std::runtime_error(std::string("configuration: ") + e.what());
  }
  check(c);
  return c;
}

}  // namespace kontaktdata::app
