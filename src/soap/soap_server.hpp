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
#include "soap/tls.hpp"

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
  std::size_t max_request_bytes = 8 * 1024 * 1024;
  std::string contract_dir;        ///< holds wsdl/context/KontaktdataService.wsdl and xsd/
  std::optional<TlsSettings> tls;  ///< mutual TLS; none: plain HTTP
  bool validate_schema = true;     ///< validate every request body against xsd/ (Xerces-C)
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

/// A line about the transport that is no request (a refused TLS handshake): warning or info.
using NoticeLogger = std::function<void(bool warning, const std::string& line)>;

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

/// One accepted client connection. Whoever holds it owns it: the server's poller while it is
/// idle, a worker while a request on it is served. Destroying it ends TLS (close_notify, without
/// waiting) and closes the socket.
class Connection {
 public:
  Connection(int socket, std::string peer);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  int socket() const noexcept { return socket_; }
  const std::string& peer() const noexcept { return peer_; }
  /// Requests served on it so far.
  int requests() const noexcept { return requests_; }

 private:
  friend class SoapWorker;
  struct Tls;
  int socket_;
  std::string peer_;
  int requests_ = 0;
  int keep_alive_ = -1;       // gSOAP's keep-alive countdown between requests; -1: not begun
  std::unique_ptr<Tls> tls_;  // after the handshake
};

/// A worker's own engine (a copy of the listener's context) serving connections.
class SoapWorker {
 public:
  ~SoapWorker();
  SoapWorker(const SoapWorker&) = delete;
  SoapWorker& operator=(const SoapWorker&) = delete;
  /// Serves what the client has sent on `connection` (its TLS handshake first, when it is new):
  /// one request, or more while the next is already buffered. True when the connection stays
  /// open for a next request, false when it is to be closed (the client or a fault ended it, it
  /// reached its keep-alive limit, or the handshake was refused).
  bool serve(Connection& connection);

 private:
  friend class SoapServer;
  SoapWorker(Endpoint* endpoint, RequestLogger logger, NoticeLogger notice);
  bool handshake(Connection& connection);
  /// One request; false when the connection is to be closed after it.
  bool serve_one(Connection& connection);
  std::unique_ptr<Endpoint> endpoint_;
  RequestLogger logger_;
  NoticeLogger notice_;
};

/// The listening engine.
class SoapServer {
 public:
  SoapServer(SoapSettings settings, domain::KontaktdataService& service, RequestLogger logger,
             NoticeLogger notice = {});
  ~SoapServer();
  SoapServer(const SoapServer&) = delete;
  SoapServer& operator=(const SoapServer&) = delete;

  /// Binds the listening socket and returns it (non-blocking; the caller accepts on it); throws
  /// std::runtime_error with a clear message on failure.
  int bind();
  /// Closes the listening socket: no new connections.
  void close();
  /// A new worker engine with this server's settings.
  std::unique_ptr<SoapWorker> make_worker();

  const SoapSettings& settings() const { return settings_; }
  /// The server certificate's expiry, when serving TLS.
  std::optional<std::chrono::system_clock::time_point> certificate_expiry() const {
    return certificate_expiry_;
  }

 private:
  SoapSettings settings_;
  ContractDocuments documents_;
  SchemaValidator validator_;
  std::unique_ptr<Endpoint> prototype_;
  RequestLogger logger_;
  NoticeLogger notice_;
  std::optional<std::chrono::system_clock::time_point> certificate_expiry_;
};

}  // namespace kontaktdata::soap
