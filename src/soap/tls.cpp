#include "soap/tls_context.hpp"

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <ctime>
#include <fstream>
#include <memory>
#include <mutex>
#include <stdexcept>

#include "stdsoap2.h"

#ifndef WITH_OPENSSL
#error "gSOAP must be built with OpenSSL: compile with pkg-config gsoapssl++'s flags"
#endif

namespace kontaktdata::soap {
namespace {

// OpenSSL's queued errors as one line, oldest first (and the queue emptied).
std::string openssl_errors() {
  std::string out;
  while (const unsigned long e = ERR_get_error()) {
    char buf[256];
    ERR_error_string_n(e, buf, sizeof buf);
    if (!out.empty()) out += "; ";
    out += buf;
  }
  return out.empty() ? "no detail from OpenSSL" : out;
}

[[noreturn]] void fail(const std::string& what) {
  throw std::runtime_error("TLS: " + what + ": " + openssl_errors());
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return {};
  const auto e = s.find_last_not_of(" \t\r");
  return s.substr(b, e - b + 1);
}

bool is_lower_uuid(const std::string& s) {
  if (s.size() != 36) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    const char c = s[i];
    if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// The key's password, handed to OpenSSL whenever it asks: never the terminal.
int password_callback(char* buf, int size, int /*rwflag*/, void* userdata) {
  const auto* password = static_cast<const std::string*>(userdata);
  if (password == nullptr || size <= 0) return 0;
  const int n = static_cast<int>(std::min<std::size_t>(password->size(), size - 1));
  std::memcpy(buf, password->data(), static_cast<std::size_t>(n));
  buf[n] = '\0';
  return n;
}

std::string hex(const unsigned char* data, unsigned int n) {
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(n * 2);
  for (unsigned int i = 0; i < n; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

}  // namespace

std::string normalise_fingerprint(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == ':') continue;
    if (!std::isxdigit(static_cast<unsigned char>(c))) return {};
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out.size() == 64 ? out : std::string();
}

std::vector<ClientRule> load_client_rules(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read the client allow-list '" + path + "'");
  std::vector<ClientRule> rules;
  std::string raw;
  int line_no = 0;
  while (std::getline(in, raw)) {
    ++line_no;
    const std::string line = trim(raw.substr(0, raw.find('#')));
    if (line.empty()) continue;
    auto bad = [&](const std::string& why) {
      return std::runtime_error(path + ":" + std::to_string(line_no) + ": " + why);
    };
    const auto space = line.find_first_of(" \t");
    if (space == std::string::npos) {
      throw bad(
          "expected '<UserSystemUUID> sha256:<fingerprint>' or '<UserSystemUUID> subject:<DN>'");
    }
    ClientRule rule;
    rule.line = line_no;
    rule.user_system_uuid = line.substr(0, space);
    if (!is_lower_uuid(rule.user_system_uuid)) throw bad("not a lower-case UUID: the first word");
    const std::string selector = trim(line.substr(space));
    if (selector.rfind("sha256:", 0) == 0) {
      rule.sha256 = normalise_fingerprint(selector.substr(7));
      if (rule.sha256.empty()) throw bad("a SHA-256 fingerprint is 64 hex digits");
    } else if (selector.rfind("subject:", 0) == 0) {
      rule.subject = trim(selector.substr(8));
      if (rule.subject.empty()) throw bad("empty subject");
    } else {
      throw bad("the certificate is named by sha256:<fingerprint> or subject:<DN>");
    }
    rules.push_back(std::move(rule));
  }
  return rules;
}

CallerIdentity identify(const std::string& sha256, const std::string& subject,
                        const std::vector<ClientRule>& rules) {
  CallerIdentity id;
  id.sha256 = sha256;
  id.subject = subject;
  for (const ClientRule& r : rules) {
    const bool match = r.sha256.empty() ? r.subject == subject : r.sha256 == sha256;
    if (!match) continue;
    id.listed = true;
    if (std::find(id.systems.begin(), id.systems.end(), r.user_system_uuid) == id.systems.end()) {
      id.systems.push_back(r.user_system_uuid);
    }
  }
  return id;
}

std::chrono::system_clock::time_point configure_tls_server(struct ::soap* ctx,
                                                           const TlsSettings& s) {
  static std::once_flag init;
  std::call_once(init, [] { soap_ssl_init(); });
  ERR_clear_error();
  if (s.min_version != "1.2" && s.min_version != "1.3") {
    throw std::runtime_error("TLS: the minimum version is 1.2 or 1.3");
  }
  // gSOAP makes the context: client certificates required (SSL_VERIFY_PEER and
  // FAIL_IF_NO_PEER_CERT), verified against client_ca only, never the system's default CAs.
  const unsigned short flags =
      SOAP_SSL_REQUIRE_CLIENT_AUTHENTICATION | SOAP_SSL_NO_DEFAULT_CA_PATH |
      (s.min_version == "1.3" ? SOAP_TLSv1_3 : SOAP_TLSv1_2 | SOAP_TLSv1_3);
  // The certificate and key are loaded below, so that the key may be a file of its own and its
  // password never makes OpenSSL ask the terminal.
  if (soap_ssl_server_context(ctx, flags, nullptr, "", s.client_ca.c_str(), nullptr, nullptr,
                              nullptr, "kontaktdata") != SOAP_OK ||
      ctx->ctx == nullptr) {
    char buf[512];
    soap_sprint_fault(ctx, buf, sizeof buf);
    throw std::runtime_error(std::string("TLS: cannot make the server context: ") + buf);
  }
  SSL_CTX* c = ctx->ctx;
  static thread_local std::string password;  // read by the callback during the load below only
  password = s.key_password;
  SSL_CTX_set_default_passwd_cb(c, password_callback);
  SSL_CTX_set_default_passwd_cb_userdata(c, &password);
  if (SSL_CTX_use_certificate_chain_file(c, s.certificate.c_str()) != 1) {
    fail("cannot use the server certificate " + s.certificate);
  }
  const std::string& keyfile = s.key.empty() ? s.certificate : s.key;
  if (SSL_CTX_use_PrivateKey_file(c, keyfile.c_str(), SSL_FILETYPE_PEM) != 1) {
    fail("cannot use the private key " + keyfile);
  }
  SSL_CTX_set_default_passwd_cb_userdata(c, nullptr);
  password.assign(password.size(), '\0');
  if (SSL_CTX_check_private_key(c) != 1) fail("the private key does not fit the certificate");

  // The CAs named in the CertificateRequest, so that a client with several certificates picks
  // the right one.
  STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(s.client_ca.c_str());
  if (names == nullptr) fail("cannot read the client CA file " + s.client_ca);
  SSL_CTX_set_client_CA_list(c, names);

  if (SSL_CTX_set_min_proto_version(c, s.min_version == "1.3" ? TLS1_3_VERSION : TLS1_2_VERSION) !=
      1) {
    fail("cannot set the minimum protocol version");
  }
  if (SSL_CTX_set_cipher_list(c, s.ciphers.empty() ? kDefaultCiphers : s.ciphers.c_str()) != 1) {
    fail("no usable cipher in tls.ciphers");
  }
  SSL_CTX_set_options(
      c, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);

  if (!s.crl.empty()) {
    // Every client certificate must then be covered by a CRL of its issuer: one that is not
    // (no CRL loaded for that CA, or one past its nextUpdate) fails verification.
    X509_STORE* store = SSL_CTX_get_cert_store(c);
    X509_LOOKUP* lookup = X509_STORE_add_lookup(store, X509_LOOKUP_file());
    if (lookup == nullptr || X509_load_crl_file(lookup, s.crl.c_str(), X509_FILETYPE_PEM) <= 0) {
      fail("cannot read the certificate revocation list " + s.crl);
    }
    X509_STORE_set_flags(store, X509_V_FLAG_CRL_CHECK);
  }

  X509* cert = SSL_CTX_get0_certificate(c);
  std::tm tm{};
  if (cert == nullptr || ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) != 1) {
    fail("cannot read the server certificate's expiry");
  }
  return std::chrono::system_clock::from_time_t(timegm(&tm));
}

std::optional<std::pair<std::string, std::string>> peer_certificate(struct ::soap* ctx) {
  if (ctx->ssl == nullptr) return std::nullopt;
  std::unique_ptr<X509, void (*)(X509*)> cert(SSL_get1_peer_certificate(ctx->ssl), X509_free);
  if (!cert) return std::nullopt;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int n = 0;
  if (X509_digest(cert.get(), EVP_sha256(), md, &n) != 1) return std::nullopt;
  std::unique_ptr<BIO, int (*)(BIO*)> bio(BIO_new(BIO_s_mem()), BIO_free);
  if (!bio) return std::nullopt;
  // The form `openssl x509 -noout -subject -nameopt RFC2253` prints, as the allow-list has it.
  X509_NAME_print_ex(bio.get(), X509_get_subject_name(cert.get()), 0, XN_FLAG_RFC2253);
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio.get(), &data);
  return std::make_pair(hex(md, n), std::string(data, static_cast<std::size_t>(len)));
}

}  // namespace kontaktdata::soap
