// What the CPR and CVR clients share: failure kinds, and one gSOAP context per call with the
// Serviceplatform context, timeouts and, for an https endpoint, the TLS client certificate.
#include "registry/register_kontekst.hpp"

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <climits>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <stdsoap2.h>

#include <openssl/ssl.h>

#ifndef WITH_OPENSSL
#error "gSOAP must be built with OpenSSL: compile with pkg-config gsoapssl++'s flags"
#endif

namespace kontaktdata::registry {

using domain::Dato;
using Ur = std::chrono::steady_clock;

const char* to_string(Fejlart art) noexcept {
  switch (art) {
    case Fejlart::Timeout:
      return "TIMEOUT";
    case Fejlart::Utilgaengelig:
      return "UTILGAENGELIG";
    case Fejlart::Fejl:
      return "FEJL";
  }
  return "FEJL";
}

namespace detail {

std::string trimmet(std::string_view tekst) {
  const auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!tekst.empty() && blank(tekst.front())) tekst.remove_prefix(1);
  while (!tekst.empty() && blank(tekst.back())) tekst.remove_suffix(1);
  return std::string(tekst);
}

std::optional<Dato> dato_fra_xsd(std::string_view tekst) {
  const std::string t = trimmet(tekst);
  if (t.size() < 10 || t[4] != '-' || t[7] != '-') return std::nullopt;
  Dato d;
  const char* s = t.data();
  if (std::from_chars(s, s + 4, d.aar).ptr != s + 4 ||
      std::from_chars(s + 5, s + 7, d.maaned).ptr != s + 7 ||
      std::from_chars(s + 8, s + 10, d.dag).ptr != s + 10) {
    return std::nullopt;
  }
  if (t.size() > 10 && std::string_view("TZ+-").find(t[10]) == std::string_view::npos) {
    return std::nullopt;
  }
  static constexpr std::array<int, 12> kDage{31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (d.maaned < 1 || d.maaned > 12 || d.dag < 1 || d.dag > kDage[d.maaned - 1]) {
    return std::nullopt;
  }
  const bool skudaar = (d.aar % 4 == 0 && d.aar % 100 != 0) || d.aar % 400 == 0;
  if (d.maaned == 2 && d.dag == 29 && !skudaar) return std::nullopt;
  return d;
}

std::string uden_numre(const std::string& tekst) {
  std::string out;
  std::size_t i = 0;
  while (i < tekst.size()) {
    std::size_t j = i;
    while (j < tekst.size() && std::isdigit(static_cast<unsigned char>(tekst[j]))) ++j;
    if (j - i >= 6) {
      out += '#';
      i = j;
    } else if (j > i) {
      out.append(tekst, i, j - i);
      i = j;
    } else {
      out += tekst[i++];
    }
  }
  return out;
}

void kontroller(const Klientindstillinger& indstillinger, const char* register_navn) {
  const std::string navn(register_navn);
  if (indstillinger.endpoint.empty()) {
    throw std::invalid_argument(navn + "-klient: endpoint mangler");
  }
  if (indstillinger.timeout.count() <= 0) {
    throw std::invalid_argument(navn + "-klient: timeout skal være positiv");
  }
  if (indstillinger.timeout > std::chrono::minutes(30)) {
    throw std::invalid_argument(navn + "-klient: timeout over 30 minutter");
  }
}

// ---- One call's context with one deadline --------------------------------------------------

struct Kald::Frist {
  Ur::time_point slut;
  bool aabnet = false;       // the call opened a connection (else it reused a kept-alive one)
  std::size_t modtaget = 0;  // bytes of the answer the call received
  SOAP_SOCKET (*fopen)(struct soap*, const char*, const char*, int) = nullptr;
  int (*fsend)(struct soap*, const char*, size_t) = nullptr;
  size_t (*frecv)(struct soap*, char*, size_t) = nullptr;
};

struct Kald::Forbindelse {
  const Klientindstillinger* klient = nullptr;
  std::string endpoint;
  struct soap* ctx = nullptr;
  Frist frist;

  Forbindelse() = default;
  Forbindelse(const Forbindelse&) = delete;
  Forbindelse& operator=(const Forbindelse&) = delete;
  ~Forbindelse() {
    if (ctx == nullptr) return;
    soap_destroy(ctx);
    soap_end(ctx);
    soap_force_closesock(ctx);
    soap_free(ctx);
  }
};

namespace {

// What is left of the deadline as a gSOAP timeout (negative: microseconds), at least 1 ms so
// that an expired deadline makes the next socket wait end at once.
int rest_som_timeout(const Kald::Frist& frist) {
  const auto rest =
      std::chrono::duration_cast<std::chrono::microseconds>(frist.slut - Ur::now()).count();
  return -static_cast<int>(std::clamp<long long>(rest, 1000, INT_MAX));
}

Kald::Frist& frist_af(struct soap* ctx) { return *static_cast<Kald::Frist*>(ctx->user); }

SOAP_SOCKET frist_fopen(struct soap* ctx, const char* endpoint, const char* host, int port) {
  auto& frist = frist_af(ctx);
  frist.aabnet = true;
  ctx->connect_timeout = rest_som_timeout(frist);
  return frist.fopen(ctx, endpoint, host, port);
}

int frist_fsend(struct soap* ctx, const char* data, size_t n) {
  auto& frist = frist_af(ctx);
  ctx->send_timeout = rest_som_timeout(frist);
  return frist.fsend(ctx, data, n);
}

size_t frist_frecv(struct soap* ctx, char* data, size_t n) {
  auto& frist = frist_af(ctx);
  ctx->recv_timeout = rest_som_timeout(frist);
  const size_t r = frist.frecv(ctx, data, n);
  frist.modtaget += r;
  return r;
}

// A context for `indstillinger` with the deadline callbacks and, for an https endpoint, the TLS
// client context; `hold_i_live`: HTTP keep-alive (the connection stays open after a call).
std::unique_ptr<Kald::Forbindelse> ny_forbindelse(const Klientindstillinger& indstillinger,
                                                  bool hold_i_live) {
  auto f = std::make_unique<Kald::Forbindelse>();
  f->klient = &indstillinger;
  f->endpoint = indstillinger.endpoint;
  // Responses are read leniently (no SOAP_XML_STRICT): real responses carry far more than the
  // subset schemas name.
  f->ctx = soap_new1(SOAP_C_UTFSTRING | (hold_i_live ? SOAP_IO_KEEPALIVE : 0));
  if (f->ctx == nullptr) throw std::bad_alloc();
  struct soap* ctx = f->ctx;
  ctx->socket_flags = MSG_NOSIGNAL;  // a peer that hangs up gives an error, not SIGPIPE
  f->frist.fopen = ctx->fopen;
  f->frist.fsend = ctx->fsend;
  f->frist.frecv = ctx->frecv;
  ctx->user = &f->frist;
  ctx->fopen = frist_fopen;
  ctx->fsend = frist_fsend;
  ctx->frecv = frist_frecv;
  if (indstillinger.endpoint.rfind("https://", 0) == 0) {
    static std::once_flag init;
    std::call_once(init, [] { soap_ssl_init(); });
    // The settings live in the client, which outlives the context: gSOAP and OpenSSL keep
    // pointers to these strings.
    static const Tlsindstillinger ingen;
    const Tlsindstillinger& tls = indstillinger.tls ? *indstillinger.tls : ingen;
    const bool samlet = tls.noeglefil.empty() || tls.noeglefil == tls.certifikatfil;
    const char* keyfile =
        samlet && !tls.certifikatfil.empty() ? tls.certifikatfil.c_str() : nullptr;
    // Always a password, empty when none is configured: without one, OpenSSL would ask the
    // terminal for the pass phrase of an encrypted key and block the call.
    const char* kodeord = tls.noeglekodeord.c_str();
    const char* cafil = tls.cafil.empty() ? nullptr : tls.cafil.c_str();
    if (soap_ssl_client_context(ctx, SOAP_SSL_DEFAULT, keyfile, kodeord, cafil, nullptr, nullptr) ==
            SOAP_OK &&
        !samlet) {
      SSL_CTX_set_default_passwd_cb_userdata(ctx->ctx, const_cast<char*>(kodeord));
      if (SSL_CTX_use_certificate_chain_file(ctx->ctx, tls.certifikatfil.c_str()) != 1 ||
          SSL_CTX_use_PrivateKey_file(ctx->ctx, tls.noeglefil.c_str(), SSL_FILETYPE_PEM) != 1) {
        soap_set_receiver_error(ctx, "TLS", "klientcertifikat eller nøgle kan ikke læses",
                                SOAP_SSL_ERROR);
      }
    }
  }
  return f;
}

thread_local Forbindelser* traadens_forbindelser = nullptr;

}  // namespace

Kald::Kald(const Klientindstillinger& indstillinger, Ur::time_point frist)
    : pulje_(Forbindelser::traadens()) {
  if (pulje_ != nullptr) {
    forbindelse_ = &pulje_->hent(indstillinger);
  } else {
    egen_ = ny_forbindelse(indstillinger, false);
    forbindelse_ = egen_.get();
  }
  ctx_ = forbindelse_->ctx;
  frist_ = &forbindelse_->frist;
  // This call's own deadline, also on a reused connection (where no connect happens).
  const auto nu = Ur::now();
  frist_->slut = std::min(frist, nu + indstillinger.timeout);
  frist_->aabnet = false;
  frist_->modtaget = 0;
  const int timeout = rest_som_timeout(*frist_);
  ctx_->connect_timeout = timeout;
  ctx_->send_timeout = timeout;
  ctx_->recv_timeout = timeout;
  ctx_->transfer_timeout = timeout;
}

bool Kald::proev_igen() {
  if (pulje_ == nullptr || frist_->aabnet || frist_->modtaget > 0 || er_soap_fault()) {
    return false;
  }
  const int e = ctx_->error;
  if (e != SOAP_EOF && e != SOAP_TCP_ERROR && e != SOAP_SSL_ERROR) return false;
  if (Ur::now() + std::chrono::milliseconds(10) >= frist_->slut) return false;
  // A stale kept-alive connection: the register closed it while idle. Once on a fresh one.
  soap_force_closesock(ctx_);
  ctx_->error = SOAP_OK;
  frist_->aabnet = false;
  frist_->modtaget = 0;
  return true;
}

Kald::~Kald() {
  if (pulje_ == nullptr) return;  // egen_ frees the fresh context, which closes its socket
  if (!lykkedes_) {
    // After any failure the connection's state is unknown: it is not reused.
    pulje_->kasser(*forbindelse_);
    return;
  }
  // The call's memory goes; the connection stays for the next call.
  soap_destroy(ctx_);
  soap_end(ctx_);
}

Forbindelser::Forbindelser() {
  if (traadens_forbindelser != nullptr) {
    throw std::logic_error("Forbindelser: tråden har allerede sine forbindelser");
  }
  traadens_forbindelser = this;
}

Forbindelser::~Forbindelser() {
  if (traadens_forbindelser == this) traadens_forbindelser = nullptr;
}

Forbindelser* Forbindelser::traadens() noexcept { return traadens_forbindelser; }

Kald::Forbindelse& Forbindelser::hent(const Klientindstillinger& indstillinger) {
  for (auto& f : poster_) {
    if (f->klient == &indstillinger && f->endpoint == indstillinger.endpoint) return *f;
  }
  poster_.push_back(ny_forbindelse(indstillinger, true));
  return *poster_.back();
}

void Forbindelser::kasser(Kald::Forbindelse& f) {
  poster_.erase(
      std::remove_if(poster_.begin(), poster_.end(), [&f](const auto& p) { return p.get() == &f; }),
      poster_.end());
}

bool Kald::er_soap_fault() const noexcept {
  const int e = ctx_->error;
  return e == SOAP_FAULT || e == SOAP_CLI_FAULT || e == SOAP_SVR_FAULT;
}

std::string Kald::fault_tekst() const {
  const char* s = soap_fault_string(ctx_);
  return s != nullptr ? s : "";
}

std::string Kald::fault_detalje() const {
  const char* s = soap_fault_detail(ctx_);
  return s != nullptr ? s : "";
}

Registerfejl Kald::fejl(const char* register_navn) const {
  const std::string navn(register_navn);
  const int e = ctx_->error;
  std::string hvad = uden_numre(fault_tekst());
  if (er_soap_fault()) {
    return {Fejlart::Fejl, navn + " svarede med en SOAP-fault: " + hvad};
  }
  if (hvad.empty()) hvad = "gSOAP-fejl " + std::to_string(e);
  // Every socket wait ends at the deadline, so a failure at the deadline is its timeout.
  if (Ur::now() + std::chrono::milliseconds(10) >= frist_->slut) {
    return {Fejlart::Timeout, navn + " svarede ikke inden for timeout (" + hvad + ")"};
  }
  if (e == SOAP_EOF || e == SOAP_TCP_ERROR || e == SOAP_SSL_ERROR || e == SOAP_HTTP_ERROR ||
      e == SOAP_UDP_ERROR || (e >= 300 && e < 600)) {
    return {Fejlart::Utilgaengelig, navn + " er ikke tilgængelig (" +
                                        (e >= 300 && e < 600 ? "HTTP " + std::to_string(e) : hvad) +
                                        ")"};
  }
  return {Fejlart::Fejl, navn + "s svar kunne ikke læses (" + hvad + ")"};
}

}  // namespace detail

}  // namespace kontaktdata::registry
