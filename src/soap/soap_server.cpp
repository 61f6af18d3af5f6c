#include "soap/soap_server.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include <fcntl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/ssl.h>

#include "soap/endpoint.hpp"
#include "soap/fault.hpp"
#include "soap/schema_validator.hpp"
#include "soap/tls_context.hpp"

namespace kontaktdata::soap {

namespace {

// Every XSD the contract consists of, relative to contract_dir.
constexpr std::array<const char*, 6> kXsdFiles = {
    "xsd/KontaktdataServiceMsg.xsd",  "xsd/KontaktdataServiceTypes.xsd",
    "xsd/sp/CallContext_1.xsd",       "xsd/sp/AuthorityContext_1.xsd",
    "xsd/sp/InvocationContext_1.xsd", "xsd/sp/ServiceplatformFault_1.xsd",
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read contract file " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string new_request_id() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(rng()));
  return buf;
}

// What the engine hooks know about the exchange on the connection: the request's bytes as they
// arrive (header and body, bounded), its framing, and how much of the answer has been written.
struct Exchange {
  std::string raw;
  std::size_t header_end = std::string::npos;  // offset of the body in raw
  std::size_t scanned = 0;                     // raw checked for a DOCTYPE up to here
  long long content_length = -1;
  bool chunked = false;
  bool doctype = false;
  bool encoded = false;  // a Content-Encoding other than identity, refused
  bool get = false;      // a GET, answered (or refused) by http_get
  std::size_t sent = 0;

  void reset() { *this = Exchange{}; }
  std::size_t body_received() const {
    return header_end == std::string::npos ? 0 : raw.size() - header_end;
  }
  bool body_complete() const {
    return content_length >= 0 && body_received() >= static_cast<std::size_t>(content_length);
  }
  /// The body as sent, with chunked framing removed.
  std::string body() const {
    if (header_end == std::string::npos) return {};
    std::string_view rest(raw);
    rest.remove_prefix(header_end);
    if (!chunked) {
      if (content_length >= 0 && rest.size() > static_cast<std::size_t>(content_length)) {
        rest = rest.substr(0, static_cast<std::size_t>(content_length));
      }
      return std::string(rest);
    }
    std::string out;
    while (!rest.empty()) {
      const auto eol = rest.find("\r\n");
      if (eol == std::string_view::npos) break;
      const unsigned long size =
          std::strtoul(std::string(rest.substr(0, eol)).c_str(), nullptr, 16);
      rest.remove_prefix(eol + 2);
      if (size == 0 || rest.size() < size) {
        out.append(rest.substr(0, std::min<std::size_t>(size, rest.size())));
        break;
      }
      out.append(rest.substr(0, size));
      rest.remove_prefix(std::min<std::size_t>(size + 2, rest.size()));
    }
    return out;
  }
};

constexpr std::string_view kDoctype = "<!DOCTYPE";

struct WorkerState {
  const ContractDocuments* documents = nullptr;
  const SchemaValidator* validator = nullptr;        // null when schema validation is switched off
  const std::vector<ClientRule>* clients = nullptr;  // the TLS allow-list; null for plain HTTP
  std::string service_path;
  std::size_t max_capture = 0;
  SOAP_SOCKET socket = SOAP_INVALID_SOCKET;  // the connection being served
  size_t (*original_frecv)(struct ::soap*, char*, size_t) = nullptr;
  int (*original_fsend)(struct ::soap*, const char*, size_t) = nullptr;
  int (*original_fparsehdr)(struct ::soap*, const char*, const char*) = nullptr;
  Exchange x;
};

WorkerState* state_of(struct ::soap* ctx) { return static_cast<WorkerState*>(ctx->user); }

size_t capturing_frecv(struct ::soap* ctx, char* buf, size_t len) {
  WorkerState* st = state_of(ctx);
  Exchange& x = st->x;
  // gSOAP reads on past a body's Content-Length when the XML in it is incomplete, waiting for
  // bytes that never come: once the whole body is in, the input ends here.
  if (x.body_complete()) return 0;
  const size_t n = st->original_frecv(ctx, buf, len);
  if (n == 0 || x.raw.size() + n > st->max_capture) return n;  // too large: gSOAP refuses it
  x.raw.append(buf, n);
  if (x.header_end == std::string::npos) {
    const auto pos = x.raw.find("\r\n\r\n");
    if (pos != std::string::npos) x.header_end = pos + 4;
  }
  // A body that declares a DTD is refused: gSOAP does not expand entities, but it would still
  // hand the raw values on. The bytes pass on unchanged; the operation or the fault hook answers.
  if (!x.doctype && x.raw.find(kDoctype, x.scanned) != std::string::npos) {
    x.doctype = true;
    set_pending_engine_error(domain::Error(domain::ErrorCode::UgyldigForespoergsel,
                                           "forespørgslen må ikke indeholde en DOCTYPE"));
  }
  x.scanned = x.raw.size() >= kDoctype.size() ? x.raw.size() - kDoctype.size() + 1 : 0;
  return n;
}

// Learns the body's framing from the HTTP header, and refuses a body larger than the limit from
// its Content-Length, before reading it. A compressed body (any Content-Encoding but identity) is
// refused too, before gSOAP (built WITH_GZIP) would inflate it: the DOCTYPE pre-scan, the
// Content-Length limit and the schema validation all look at the bytes as sent.
int framing_fparsehdr(struct ::soap* ctx, const char* key, const char* value) {
  WorkerState* st = state_of(ctx);
  if (value != nullptr && soap_tag_cmp(key, "Content-Encoding") == 0 &&
      soap_tag_cmp(value, "identity") != 0) {
    st->x.encoded = true;
    set_pending_engine_error(
        domain::Error(domain::ErrorCode::UgyldigForespoergsel,
                      "forespørgslen må ikke være komprimeret (Content-Encoding: kun identity)"));
    return ctx->error = SOAP_EOM;
  }
  if (value != nullptr && soap_tag_cmp(key, "Content-Length") == 0) {
    const unsigned long long length = std::strtoull(value, nullptr, 10);
    st->x.content_length = static_cast<long long>(length);
    if (length > ctx->recv_maxlength) {
      set_pending_engine_error(
          domain::Error(domain::ErrorCode::UgyldigForespoergsel, "forespørgslen er for stor"));
      return ctx->error = SOAP_EOM;
    }
  } else if (value != nullptr && soap_tag_cmp(key, "Transfer-Encoding") == 0 &&
             soap_tag_cmp(value, "chunked") == 0) {
    st->x.chunked = true;
  }
  return st->original_fparsehdr(ctx, key, value);
}

// Called by gSOAP once the request is parsed, before the operation runs: the whole body must
// also be valid against the contract's XSDs (gSOAP checks neither element order nor patterns).
int validating_fpreparefinalrecv(struct ::soap* ctx) {
  WorkerState* st = state_of(ctx);
  if (st->validator == nullptr || ctx->status == SOAP_GET) return SOAP_OK;  // GET has no body
  Exchange& x = st->x;
  if (x.raw.size() > st->max_capture - 1) return SOAP_OK;  // not captured whole; gSOAP refused it
  // Trailing bytes after the root element that gSOAP did not need are read here, so that the
  // validator sees the whole body (and the next request on the connection starts clean).
  char buf[4096];
  while (x.content_length >= 0 && !x.body_complete()) {
    if (capturing_frecv(ctx, buf, sizeof buf) == 0) break;
  }
  const std::string body = x.body();
  if (auto reason = st->validator->validate(body.data(), body.size())) {
    set_pending_engine_error(
        domain::Error(domain::ErrorCode::UgyldigForespoergsel,
                      "forespørgslen er ikke gyldig efter skemaet: " + *reason));
    return ctx->error = SOAP_TYPE;
  }
  return SOAP_OK;
}

// gSOAP closes the socket when a request ends early (EOF), before anything can be answered.
// The close is deferred to the end of SoapWorker::serve, so that the caller gets its fault.
int deferred_fclosesocket(struct ::soap* ctx, SOAP_SOCKET socket) {
  WorkerState* st = state_of(ctx);
  if (st != nullptr && socket == st->socket) return SOAP_OK;
  return ::close(socket) == 0 ? SOAP_OK : SOAP_EOF;
}

int deferred_fshutdownsocket(struct ::soap* ctx, SOAP_SOCKET socket, int how) {
  WorkerState* st = state_of(ctx);
  if (st != nullptr && socket == st->socket) return SOAP_OK;  // see deferred_fclosesocket
  return ::shutdown(socket, how) == 0 ? SOAP_OK : SOAP_EOF;
}

// The connection outlives its requests (it goes back to the server's poller between them), so
// gSOAP never ends it: not after a fault, not at the end of a keep-alive run. Its TLS session and
// socket are Connection's to close.
int keep_connection_fclose(struct ::soap* /*ctx*/) { return SOAP_OK; }

int counted_fsend(struct ::soap* ctx, const char* buf, size_t len) {
  WorkerState* st = state_of(ctx);
  st->x.sent += len;
  return st->original_fsend(ctx, buf, len);
}

int http_get(struct ::soap* ctx) {
  WorkerState* st = state_of(ctx);
  st->x.get = true;
  const std::string target = ctx->path;
  const std::string* doc = st->documents->find(st->service_path, target);
  if (doc == nullptr) return 404;
  ctx->http_content = "text/xml; charset=utf-8";
  if (soap_response(ctx, SOAP_FILE) || soap_send_raw(ctx, doc->data(), doc->size()) ||
      soap_end_send(ctx)) {
    return soap_closesock(ctx);
  }
  return SOAP_OK;
}

void configure(struct ::soap* ctx, const SoapSettings& s) {
  soap_set_imode(ctx, SOAP_XML_STRICT | SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE);
  soap_set_omode(ctx, SOAP_C_UTFSTRING | SOAP_IO_KEEPALIVE | SOAP_XML_INDENT);
  ctx->bind_flags = SO_REUSEADDR;
  ctx->max_keep_alive = s.keep_alive;
  ctx->recv_timeout = s.recv_timeout_s;
  ctx->send_timeout = s.send_timeout_s;
  ctx->transfer_timeout = s.transfer_timeout_s;
  // Worker contexts accept no connections; gSOAP bounds a TLS handshake by the accept timeout.
  ctx->accept_timeout = s.tls ? s.tls->handshake_timeout_s : 0;
  ctx->recv_maxlength = s.max_request_bytes;
  ctx->maxlevel = 32;
  ctx->maxlength = 4096;
  // Far above the contract's 1000 (which the service answers FOR_MANGE) and far below abuse.
  ctx->maxoccurs = 100000;
  ctx->fget = http_get;
  install_fault_hook(ctx);
}

}  // namespace

ContractDocuments::ContractDocuments(const std::string& contract_dir,
                                     const std::string& public_url) {
  wsdl_ = read_file(contract_dir + "/wsdl/context/KontaktdataService.wsdl");
  static const std::regex kAddress(R"((<soap:address\s+location=")[^"]*("))");
  if (!std::regex_search(wsdl_, kAddress)) {
    throw std::runtime_error("the WSDL has no soap:address to set");
  }
  wsdl_ = std::regex_replace(wsdl_, kAddress, "$1" + public_url + "$2");
  for (const char* f : kXsdFiles) xsd_[f] = read_file(contract_dir + "/" + f);
}

const std::string* ContractDocuments::find(const std::string& service_path,
                                           const std::string& target) const {
  const auto q = target.find('?');
  const std::string path = target.substr(0, q);
  const std::string query = q == std::string::npos ? "" : target.substr(q + 1);
  if (path == service_path && (query == "wsdl" || query == "WSDL")) return &wsdl_;
  // An XSD is served wherever its relative location resolves: the WSDL at <path> includes
  // ../../xsd/..., which resolves to /xsd/... below any prefix.
  const auto x = path.rfind("/xsd/");
  if (x != std::string::npos && query.empty()) {
    auto it = xsd_.find(path.substr(x + 1));
    if (it != xsd_.end()) return &it->second;
  }
  return nullptr;
}

struct Connection::Tls {
  SSL* ssl = nullptr;
  CallerIdentity caller;
};

Connection::Connection(int socket, std::string peer) : socket_(socket), peer_(std::move(peer)) {}

Connection::~Connection() {
  if (tls_ && tls_->ssl != nullptr) {
    SSL_shutdown(tls_->ssl);  // one close_notify, not waiting for the peer's
    SSL_free(tls_->ssl);
  }
  if (socket_ >= 0) ::close(socket_);
}

SoapWorker::SoapWorker(Endpoint* endpoint, RequestLogger logger, NoticeLogger notice)
    : endpoint_(endpoint), logger_(std::move(logger)), notice_(std::move(notice)) {}

SoapWorker::~SoapWorker() {
  if (endpoint_) {
    delete state_of(endpoint_->soap);
    endpoint_->soap->user = nullptr;
    endpoint_->soap->ssl = nullptr;  // every session is its connection's
  }
}

bool SoapWorker::handshake(Connection& conn) {
  struct ::soap* ctx = endpoint_->soap;
  ctx->ssl = nullptr;  // a session of its own, not SSL_clear of another connection's
  const int rc = soap_ssl_accept(ctx);
  auto tls = std::make_unique<Connection::Tls>();
  tls->ssl = ctx->ssl;
  ctx->ssl = nullptr;
  if (rc != SOAP_OK) {
    if (tls->ssl != nullptr) SSL_free(tls->ssl);
    if (notice_) {
      const char* why = soap_fault_string(ctx);
      std::string text = why != nullptr ? why : "no reason given";
      std::replace(text.begin(), text.end(), '\n', ' ');
      notice_(true, "TLS handshake refused, peer " + conn.peer_ + ": " + text);
    }
    soap_destroy(ctx);  // the fault gSOAP made of the failure
    soap_end(ctx);
    return false;
  }
  ctx->ssl = tls->ssl;
  const auto peer = peer_certificate(ctx);
  ctx->ssl = nullptr;
  if (peer) tls->caller = identify(peer->first, peer->second, *state_of(ctx)->clients);
  if (!tls->caller.listed && notice_) {
    notice_(true, "TLS client certificate not on the allow-list, peer " + conn.peer_ + ", sha256 " +
                      tls->caller.sha256 + ": its requests are refused");
  }
  conn.tls_ = std::move(tls);
  return true;
}

bool SoapWorker::serve(Connection& conn) {
  struct ::soap* ctx = endpoint_->soap;
  WorkerState* st = state_of(ctx);
  ctx->socket = conn.socket_;
  st->socket = conn.socket_;
  std::snprintf(ctx->host, sizeof ctx->host, "%s", conn.peer_.c_str());
  bool keep = true;
  if (st->clients != nullptr && !conn.tls_) keep = handshake(conn);
  if (keep && conn.tls_) {
    ctx->ssl = conn.tls_->ssl;
    endpoint_->set_caller(&conn.tls_->caller);
  }
  // One request, and the next ones as long as they are already here (in TLS's buffers): a
  // client that waits between requests gets its connection back in the poller, not a worker.
  while (keep) {
    keep = serve_one(conn);
    if (!keep || ctx->ssl == nullptr || SSL_has_pending(ctx->ssl) != 1) break;
  }
  endpoint_->set_caller(nullptr);
  ctx->ssl = nullptr;
  ctx->socket = SOAP_INVALID_SOCKET;
  st->socket = SOAP_INVALID_SOCKET;
  return keep;
}

bool SoapWorker::serve_one(Connection& conn) {
  struct ::soap* ctx = endpoint_->soap;
  WorkerState* st = state_of(ctx);
  // The generated serve() loop's keep-alive countdown, kept with the connection between its
  // requests, so that each request gets its own request id, log line, fault handling and
  // memory cleanup.
  ctx->keep_alive = conn.keep_alive_ < 0 ? ctx->max_keep_alive + 1 : conn.keep_alive_;
  if (ctx->keep_alive > 0 && ctx->max_keep_alive > 0) ctx->keep_alive--;
  RequestRecord& rec = endpoint_->record();
  rec = RequestRecord{};
  rec.request_id = new_request_id();
  st->x.reset();
  clear_pending_engine_error();
  const auto start = std::chrono::steady_clock::now();
  const bool begun = soap_begin_serve(ctx) == SOAP_OK;
  // A GET answered by http_get: not a SOAP request, no log line (soap_response() has changed
  // ctx->status by now, so the exchange remembers it).
  if (!begun && st->x.get && ctx->error >= SOAP_STOP) {
    soap_destroy(ctx);
    soap_end(ctx);
    ++conn.requests_;
    conn.keep_alive_ = ctx->keep_alive;
    return ctx->keep_alive != 0;
  }
  if (!begun &&
      (ctx->error == SOAP_EOF || ctx->error == SOAP_TCP_ERROR || ctx->error == SOAP_SSL_ERROR) &&
      st->x.raw.empty()) {
    soap_destroy(ctx);
    soap_end(ctx);
    return false;  // the client closed an idle (kept-alive) connection: no request, no log line
  }
  ++conn.requests_;
  if (!begun || endpoint_->dispatch() != SOAP_OK) {
    int err = ctx->error;
    // A request cut short is a malformed request (gSOAP would not answer an EOF at all), and
    // so is a POST whose body is not XML (gSOAP reports it as SOAP_POST, expecting a form).
    if (err == SOAP_EOF || err == SOAP_OK || err >= SOAP_STOP) err = SOAP_SYNTAX_ERROR;
    if (rec.outcome == "OK") {
      rec.outcome = st->x.doctype
                        ? "UGYLDIG_FORESPOERGSEL"
                        : std::string(domain::to_string(error_for_engine_status(err).code()));
    }
    if (st->x.doctype) rec.detail = "DOCTYPE refused";
    if (st->x.encoded) rec.detail = "Content-Encoding refused";
    // gSOAP answers some errors itself while reading the request; answer the rest here.
    if (st->x.sent == 0) {
      ctx->socket = st->socket;
      ctx->keep_alive = 0;
      ctx->error = err;
      soap_send_fault(ctx);
    }
  }
  if (logger_) {
    logger_({rec.request_id, rec.operation, rec.system, rec.municipality, rec.outcome, rec.detail,
             std::chrono::duration_cast<std::chrono::microseconds>(
                 std::chrono::steady_clock::now() - start)});
  }
  const bool failed = rec.outcome != "OK";
  // Bytes of a next request read along with this one (HTTP pipelining) would be lost with this
  // context's buffer: such a connection is closed after the answer, and the client sends again.
  const bool pipelined =
      st->x.content_length >= 0 && st->x.header_end != std::string::npos &&
      st->x.raw.size() > st->x.header_end + static_cast<std::size_t>(st->x.content_length);
  soap_destroy(ctx);
  soap_end(ctx);
  conn.keep_alive_ = ctx->keep_alive;
  return !failed && !pipelined && ctx->keep_alive != 0;  // a fault closes the connection
}

SoapServer::SoapServer(SoapSettings settings, domain::KontaktdataService& service,
                       RequestLogger logger, NoticeLogger notice)
    : settings_(std::move(settings)),
      documents_(settings_.contract_dir, settings_.public_url),
      validator_(settings_.contract_dir),
      prototype_(std::make_unique<Endpoint>(service)),
      logger_(std::move(logger)),
      notice_(std::move(notice)) {
  configure(prototype_->soap, settings_);
  if (settings_.tls) certificate_expiry_ = configure_tls_server(prototype_->soap, *settings_.tls);
}

SoapServer::~SoapServer() { close(); }

int SoapServer::bind() {
  struct ::soap* ctx = prototype_->soap;
  if (!soap_valid_socket(
          soap_bind(ctx, settings_.host.c_str(), settings_.port, settings_.backlog))) {
    char buf[512];
    soap_sprint_fault(ctx, buf, sizeof buf);
    throw std::runtime_error("cannot listen on " + settings_.host + ":" +
                             std::to_string(settings_.port) + ": " + buf);
  }
  const int fd = static_cast<int>(ctx->master);
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0 ||
      ::fcntl(fd, F_SETFD, FD_CLOEXEC) < 0) {
    throw std::runtime_error("cannot make the listening socket non-blocking");
  }
  return fd;
}

void SoapServer::close() {
  struct ::soap* ctx = prototype_->soap;
  if (soap_valid_socket(ctx->master)) {
    ::close(ctx->master);
    ctx->master = SOAP_INVALID_SOCKET;
  }
}

std::unique_ptr<SoapWorker> SoapServer::make_worker() {
  auto* copy = static_cast<Endpoint*>(prototype_->copy());
  copy->soap->master = SOAP_INVALID_SOCKET;  // the listener's socket stays the listener's
  auto* st = new WorkerState;
  st->documents = &documents_;
  st->validator = settings_.validate_schema ? &validator_ : nullptr;
  st->clients = settings_.tls ? &settings_.tls->clients : nullptr;
  st->service_path = settings_.path;
  st->max_capture = settings_.max_request_bytes + 65536;  // the body and a generous header
  struct ::soap* ctx = copy->soap;
  ctx->user = st;
  st->original_frecv = ctx->frecv;
  ctx->frecv = capturing_frecv;
  st->original_fsend = ctx->fsend;
  ctx->fsend = counted_fsend;
  st->original_fparsehdr = ctx->fparsehdr;
  ctx->fparsehdr = framing_fparsehdr;
  ctx->fpreparefinalrecv = validating_fpreparefinalrecv;
  ctx->fclosesocket = deferred_fclosesocket;
  ctx->fshutdownsocket = deferred_fshutdownsocket;
  ctx->fclose = keep_connection_fclose;
  return std::unique_ptr<SoapWorker>(new SoapWorker(copy, logger_, notice_));
}

}  // namespace kontaktdata::soap
