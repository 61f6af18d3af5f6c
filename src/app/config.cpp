#include "app/config.hpp"

#include <boost/program_options.hpp>
#include <fstream>
#include <iostream>
#include <stdexcept>

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
  return d;
}

void require(bool ok, const std::string& message) {
  if (!ok) throw std::runtime_error("configuration: " + message);
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
  if (c.public_url.empty()) {
    c.public_url = "http://" + c.listen_host + ":" + std::to_string(c.listen_port) + c.listen_path;
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
      "remove history, events, access log and idempotency keys past their retention, as the "
      "owner role, and exit");
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
