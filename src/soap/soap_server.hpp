#pragma once

// The gSOAP side of the HTTP server: binding, accepting, serving one connection (its keep-alive
// requests), HTTP GET of the contract, and engine limits. No gSOAP type crosses this header, so
// the process layer (src/app/) can run the worker pool without seeing gSOAP.

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "domain/kontaktdata_service.hpp"
#include "soap/schema_validator.hpp"

namespace kontaktdata::soap {

class Endpoint;

/// The engine's limits and the contract documents it serves.
struct SoapSettings {
  std::string host = "127.0.0.1";
  int port = 8080;
  std::string path = "/kontaktdata";
  std::string public_url;  ///< soap:address in the served WSDL
  int backlog = 128;
  int keep_alive = 100;  ///< requests per connection
  int recv_timeout_s = 10;
  int send_timeout_s = 10;
  int transfer_timeout_s = 30;
  int accept_timeout_ms = 500;  ///< how often the accept loop looks at the stop flag
  std::size_t max_request_bytes = 8 * 1024 * 1024;
  std::string contract_dir;  ///< holds wsdl/context/KontaktdataService.wsdl and xsd/
};

/// One served request, for the log line.
struct RequestLogEntry {
  std::string request_id;
  std::string operation;
  std::string system;
  std::string municipality;
  std::string outcome;
  std::string detail;
  std::chrono::microseconds duration{};
};

using RequestLogger = std::function<void(const RequestLogEntry&)>;

/// The WSDL (with soap:address set to the public URL) and the XSDs, read once at start-up and
/// served on GET: the WSDL on `<path>?wsdl`, each XSD where its relative schemaLocation resolves.
class ContractDocuments {
 public:
  ContractDocuments(const std::string& contract_dir, const std::string& public_url);
  /// The document for a GET request target (path and query), or nullptr.
  const std::string* find(const std::string& service_path, const std::string& target) const;

 private:
  std::string wsdl_;
  std::map<std::string, std::string> xsd_;  ///< "xsd/sp/CallContext_1.xsd" -> content
};

/// A worker's own engine (a copy of the listener's context) serving whole connections.
class SoapWorker {
 public:
  ~SoapWorker();
  SoapWorker(const SoapWorker&) = delete;
  SoapWorker& operator=(const SoapWorker&) = delete;
  /// Serves every request on the accepted socket until the connection ends.
  void serve(int socket, const std::string& peer);

 private:
  friend class SoapServer;
  SoapWorker(Endpoint* endpoint, RequestLogger logger);
  std::unique_ptr<Endpoint> endpoint_;
  RequestLogger logger_;
};

/// The listening engine.
class SoapServer {
 public:
  SoapServer(SoapSettings settings, domain::KontaktdataService& service, RequestLogger logger);
  ~SoapServer();
  SoapServer(const SoapServer&) = delete;
  SoapServer& operator=(const SoapServer&) = delete;

  /// Binds the listening socket; throws std::runtime_error with a clear message on failure.
  void bind();
  /// Waits up to accept_timeout_ms for a connection: its socket and peer address, or nullopt.
  std::optional<std::pair<int, std::string>> accept();
  /// Closes the listening socket: no new connections.
  void close();
  /// A new worker engine with this server's settings.
  std::unique_ptr<SoapWorker> make_worker();

  const SoapSettings& settings() const { return settings_; }

 private:
  SoapSettings settings_;
  ContractDocuments documents_;
  SchemaValidator validator_;
  std::unique_ptr<Endpoint> prototype_;
  RequestLogger logger_;
};

}  // namespace kontaktdata::soap
