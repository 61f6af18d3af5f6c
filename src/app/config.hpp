#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace kontaktdata::app {

/// The whole configuration, read once at start-up from one INI file plus environment overrides
/// (`KONTAKTDATA_` + the key in upper case with dots as underscores, e.g. KONTAKTDATA_LISTEN_PORT).
/// Precedence: command line, then environment, then file, then defaults.
struct Config {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8080;
  std::string listen_path = "/kontaktdata";
  /// Serve plain HTTP (no TLS): only on a loopback address, for the demo and tests, or behind a
  /// TLS-terminating proxy on the same machine. Without it the server needs tls.certificate.
  bool listen_plain_http = false;
  std::string public_url;  ///< default http(s)://<host>:<port><path>
  int workers = 8;
  int backlog = 128;
  int keep_alive = 100;
  int recv_timeout_s = 10;
  int send_timeout_s = 10;
  int transfer_timeout_s = 30;
  int idle_timeout_s = 30;    ///< an idle kept-alive connection is closed after this
  int max_connections = 512;  ///< open client connections; more are refused at once
  std::size_t max_request_bytes = 8 * 1024 * 1024;
  bool validate_schema = true;  ///< validate each request against xsd/ (Xerces-C)
  /// Mutual TLS of the listener (PEM files); see README "TLS".
  std::string tls_certificate;
  std::string tls_key;
  std::string tls_key_password;
  std::string tls_client_ca;
  std::string tls_crl;
  std::string tls_clients;  ///< the allow-list: client certificate -> calling systems
  std::string tls_ciphers;  ///< TLS 1.2 cipher list; default: ECDHE with AES-GCM or ChaCha20
  std::string tls_min_version = "1.2";
  int tls_handshake_timeout_s = 10;
  int tls_expiry_warning_days = 30;
  std::string db_dsn;        ///< the serving role
  std::string db_owner_dsn;  ///< the owner role, for --migrate only
  int db_pool_size = 8;
  std::string contract_dir;
  std::string log_level = "info";
  /// Retention (see README): superseded registrations, feed events, access-log lines, and
  /// idempotency keys (which is also the window in which a retried write is recognised).
  int retention_history_days = 1826;
  int retention_events_days = 90;
  int retention_access_log_days = 183;
  int retention_idempotency_hours = 24;
  /// The national registers (SF1520 CPR PersonLookup, SF1530 CVR getLegalUnit). The endpoints
  /// are required to serve; https takes the TLS client certificate settings below.
  std::string registry_cpr_endpoint;
  std::string registry_cvr_endpoint;
  int registry_timeout_ms = 2000;     ///< the longest one request waits for the registers
  int registry_max_in_flight = 16;    ///< register calls in flight, all requests together
  int registry_breaker_failures = 5;  ///< failures in a row that open a register's breaker
  int registry_breaker_open_s = 30;   ///< seconds an open breaker makes no call
  int registry_cache_ttl_s = 86400;   ///< the register cache's time to live
  int registry_refresh_s = 900;       ///< a cached answer younger than this is used as it is
  /// This service's own Serviceplatform agreement (InvocationContext).
  std::string registry_service_agreement_uuid;
  std::string registry_user_system_uuid;
  std::string registry_user_uuid;
  std::string registry_cpr_service_uuid = "e6be2436-bf35-4df2-83fe-925142825dc2";  ///< SF1520
  std::string registry_cvr_service_uuid = "c0daecde-e278-43b7-84fd-477bfeeea027";  ///< SF1530
  /// TLS client certificate for https endpoints (PEM files); optional.
  std::string registry_tls_certificate;
  std::string registry_tls_key;
  std::string registry_tls_key_password;
  std::string registry_tls_ca;
  bool migrate = false;  ///< apply migrations and exit
  bool purge = false;    ///< remove what has outlived its retention period and exit
};

/// Parses the command line (`--config FILE`, `--migrate`, `--help`, any key as `--listen.port`),
/// the environment and the file, and checks every value. Throws std::runtime_error with a message
/// naming the key on any problem. Returns nullopt when --help was printed.
std::optional<Config> load_config(int argc, const char* const argv[]);

}  // namespace kontaktdata::app
