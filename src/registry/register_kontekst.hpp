#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "domain/kontaktanvisning.hpp"

// What the register clients (CprKlient, CvrKlient) share: their settings, the Serviceplatform
// context of this service's own agreement, and the outcome of one lookup. No gSOAP type appears
// here or in the clients' headers: gSOAP stops in src/registry/.

struct soap;

namespace kontaktdata::registry {

/// The Serviceplatform InvocationContext of THIS service's own agreement (configuration), sent
/// with every register call. The caller's CallersServiceCallIdentifier is added per call.
struct Serviceplatformkontekst {
  /// InvocationContext/ServiceAgreementUUID.
  std::string service_agreement_uuid;
  /// InvocationContext/UserSystemUUID (this service as a user system).
  std::string user_system_uuid;
  /// InvocationContext/UserUUID.
  std::string user_uuid;
  /// InvocationContext/ServiceUUID (SF1520: e6be2436-..., SF1530: c0daecde-...).
  std::string service_uuid;
};

/// The TLS client certificate for a real Serviceplatform endpoint (https only). The project links
/// gSOAP built with OpenSSL (libgsoapssl++, whose -DWITH_OPENSSL every part is compiled with,
/// since the layout of `struct soap` depends on it). The endpoint's certificate must be signed by
/// a CA in `cafil` (or the system's CAs) and name the endpoint's host.
struct Tlsindstillinger {
  /// PEM file with the client certificate (chain); may hold the private key too.
  std::string certifikatfil;
  /// PEM file with the private key; empty: the key is in `certifikatfil`.
  std::string noeglefil;
  /// Password of the private key; empty: none.
  std::string noeglekodeord;
  /// PEM file with the CA certificates that sign the endpoint's certificate.
  std::string cafil;
};

/// Settings of one register client.
struct Klientindstillinger {
  /// The endpoint URL (http://... or, with TLS, https://...).
  std::string endpoint;
  /// The longest one call may take in total (connect, send and receive together).
  std::chrono::milliseconds timeout{3000};
  /// The Serviceplatform context of this service's own agreement.
  Serviceplatformkontekst kontekst;
  /// Client certificate, used for an https endpoint.
  std::optional<Tlsindstillinger> tls;
};

/// Why a register gave no answer.
enum class Fejlart {
  Timeout,        ///< no complete answer within the timeout
  Utilgaengelig,  ///< not reachable: connection refused or reset, DNS, TLS, HTTP error status
  Fejl            ///< it answered, but with a SOAP fault or a message that could not be read
};

/// The wire-like name of a failure kind ("TIMEOUT", "UTILGAENGELIG", "FEJL").
const char* to_string(Fejlart art) noexcept;

/// A lookup that gave no register data. `tekst` is for the operator's log; it never holds a
/// CPR number.
struct Registerfejl {
  /// The kind of failure.
  Fejlart art = Fejlart::Fejl;
  /// What happened, in a line.
  std::string tekst;
};

/// The outcome of one lookup: the register's data (`kendt` false for an unknown number) or why
/// there is none.
using Opslag = std::variant<domain::Registerdata, Registerfejl>;

namespace detail {

/// One register call's own gSOAP context: UTF-8 strings, lenient parsing of responses, no
/// SIGPIPE, and one deadline for the whole call (connect, send and every receive get only what
/// is left of the timeout). Internal to the registry library; defined in cpr_klient.cpp.
class Kald {
 public:
  /// A fresh context for one call with `indstillinger` (TLS set up for an https endpoint) that
  /// ends at `frist` or after the settings' timeout, whichever comes first.
  Kald(const Klientindstillinger& indstillinger, std::chrono::steady_clock::time_point frist);
  ~Kald();
  Kald(const Kald&) = delete;
  Kald& operator=(const Kald&) = delete;

  /// The context (owned by this object).
  struct soap* ctx() const noexcept {
    return ctx_;
  }

  /// After a call that did not return SOAP_OK: whether the register answered with a SOAP fault.
  bool er_soap_fault() const noexcept;
  /// The fault string and detail of a SOAP fault (empty when absent).
  std::string fault_tekst() const;
  /// The fault's detail as text (empty when absent).
  std::string fault_detalje() const;

  /// The failure of a call that did not return SOAP_OK, classified; `register_navn` names the
  /// register in the text ("CPR", "CVR").
  Registerfejl fejl(const char* register_navn) const;

  /// The call's deadline and the socket callbacks it wraps (defined in cpr_klient.cpp).
  struct Frist;

 private:
  struct soap* ctx_ = nullptr;
  std::unique_ptr<Frist> frist_;
};

/// `tekst` with every run of six or more digits replaced by "#": no CPR number reaches a log.
std::string uden_numre(const std::string& tekst);

/// `tekst` without leading and trailing blanks.
std::string trimmet(std::string_view tekst);

/// The date of an xsd:date or xsd:dateTime ("2024-06-01", "2024-06-01+01:00",
/// "2024-06-01T00:00:00Z"): its first ten characters; nullopt when they are no valid date.
std::optional<domain::Dato> dato_fra_xsd(std::string_view tekst);

/// Checks settings shared by both clients (endpoint, timeout); throws std::invalid_argument with a
/// clear text.
void kontroller(const Klientindstillinger& indstillinger, const char* register_navn);

}  // namespace detail

}  // namespace kontaktdata::registry
