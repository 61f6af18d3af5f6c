#pragma once

// The engine's side of mutual TLS (tls.hpp): a gSOAP context made a TLS server context, and the
// peer certificate of an accepted connection. For src/soap/ only.

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "soap/tls.hpp"

struct soap;

namespace kontaktdata::soap {

/// Makes `ctx` a TLS server context with mutual authentication: the client must present a
/// certificate that chains to `client_ca` (and is not revoked when `crl` is set); protocol
/// `min_version` or later, `ciphers` for TLS 1.2, no compression, no renegotiation. Throws
/// std::runtime_error with OpenSSL's reason when a file cannot be used. Returns the server
/// certificate's expiry.
std::chrono::system_clock::time_point configure_tls_server(struct ::soap* ctx,
                                                           const TlsSettings& settings);

/// The fingerprint and subject of the peer certificate of an accepted TLS connection on `ctx`;
/// nullopt when there is none.
std::optional<std::pair<std::string, std::string>> peer_certificate(struct ::soap* ctx);

}  // namespace kontaktdata::soap
