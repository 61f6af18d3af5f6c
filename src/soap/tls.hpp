#pragma once

// Mutual TLS for the listener: its settings, and the allow-list that maps client certificates to
// the calling systems they may speak for. No gSOAP or OpenSSL type crosses this header (the
// engine's side is tls_context.hpp, for src/soap/ only).

#include <string>
#include <vector>

namespace kontaktdata::soap {

/// One line of the client allow-list: a certificate, named by its SHA-256 fingerprint or by its
/// subject, and one calling system (InvocationContext/UserSystemUUID) it may speak for.
struct ClientRule {
  std::string user_system_uuid;
  std::string sha256;   ///< upper-case hex without colons; empty when the rule names a subject
  std::string subject;  ///< RFC 2253 form ("CN=Demo ESDH,O=Demo,C=DK"); empty for a fingerprint
  int line = 0;         ///< where it stands in its file
};

/// Reads an allow-list file: one rule per line, `<UserSystemUUID> sha256:<fingerprint>` or
/// `<UserSystemUUID> subject:<RFC 2253 subject>`; `#` starts a comment, blank lines are skipped.
/// A fingerprint may be written with or without colons, in either case (as `openssl x509
/// -fingerprint -sha256` prints it). Throws std::runtime_error naming the file and line.
std::vector<ClientRule> load_client_rules(const std::string& path);

/// The listener's TLS settings. An empty `certificate` means plain HTTP.
struct TlsSettings {
  std::string certificate;   ///< PEM: the server certificate chain (and the key, if `key` is empty)
  std::string key;           ///< PEM private key, when not in `certificate`
  std::string key_password;  ///< the key's password; empty when it has none
  std::string client_ca;     ///< PEM bundle of the CAs that client certificates must chain to
  std::string crl;           ///< PEM file of certificate revocation lists; empty: none checked
  std::string ciphers;       ///< OpenSSL cipher list for TLS 1.2 (TLS 1.3's suites are all strong)
  std::string min_version = "1.2";  ///< "1.2" or "1.3"
  int handshake_timeout_s = 10;
  std::vector<ClientRule> clients;  ///< the allow-list
};

/// The default TLS 1.2 cipher list: forward secrecy and AEAD only.
inline constexpr const char* kDefaultCiphers =
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:"
    "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256";

/// Who is at the other end of a TLS connection, and which calling systems it may speak for.
struct CallerIdentity {
  bool listed = false;               ///< some rule of the allow-list names the certificate
  std::string sha256;                ///< the client certificate's fingerprint (upper-case hex)
  std::string subject;               ///< its subject, RFC 2253
  std::vector<std::string> systems;  ///< the UserSystemUUIDs it may speak for
};

/// The systems the certificate with this fingerprint and subject may speak for.
CallerIdentity identify(const std::string& sha256, const std::string& subject,
                        const std::vector<ClientRule>& rules);

/// Upper-case hex of a fingerprint as written in a rule ("ab:cd..." -> "ABCD..."); empty when
/// the text is not 64 hex digits.
std::string normalise_fingerprint(const std::string& text);

}  // namespace kontaktdata::soap
