#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

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

class Forbindelser;

/// One register call's gSOAP context: UTF-8 strings, lenient parsing of responses, no SIGPIPE,
/// and one deadline for the whole call (connect, send and every receive get only what is left of
/// the timeout). On a thread with Forbindelser, the context is that thread's kept-alive one for
/// the client (its connection, and for https its TLS context and session, reused); elsewhere a
/// fresh one, closed after the call. Internal to the registry library.
class Kald {
 public:
  /// The context for one call with `indstillinger` (TLS set up for an https endpoint) that ends
  /// at `frist` or after the settings' timeout, whichever comes first. `indstillinger` must
  /// outlive the calling thread's Forbindelser (it identifies the kept-alive context).
  Kald(const Klientindstillinger& indstillinger, std::chrono::steady_clock::time_point frist);
  /// Frees the call's memory. The connection stays open for the next call only after a call
  /// that succeeded; after any failure it is closed.
  ~Kald();
  Kald(const Kald&) = delete;
  Kald& operator=(const Kald&) = delete;

  /// The context (owned by this object or by the thread's Forbindelser).
  struct soap* ctx() const noexcept {
    return ctx_;
  }

  /// Makes the call (`kald` sends the request on ctx() and reads the answer, returning the gSOAP
  /// code). When it failed on a kept-alive connection before any of the answer arrived (the
  /// register had closed the idle connection), it is made once more on a fresh connection, if
  /// the deadline leaves time for it; never more than once. Returns the last call's code.
  template <class F>
  int udfoer(F&& kald) {
    int rc = kald();
    if (rc != 0 && proev_igen()) rc = kald();
    lykkedes_ = rc == 0;
    return rc;
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

  /// The call's deadline and the socket callbacks it wraps.
  struct Frist;
  /// A context with its deadline (kept by Forbindelser, or this call's own).
  struct Forbindelse;

 private:
  // After a failed call: whether it failed on a reused connection with nothing of the answer
  // received, with time left; if so, closes that connection and readies the context for a
  // fresh one.
  bool proev_igen();

  struct soap* ctx_ = nullptr;
  Frist* frist_ = nullptr;
  Forbindelse* forbindelse_ = nullptr;
  std::unique_ptr<Forbindelse> egen_;  // a fresh context (no Forbindelser on this thread)
  Forbindelser* pulje_ = nullptr;      // the thread's, when the context is kept there
  bool lykkedes_ = false;
};

/// The kept-alive register connections of one thread (a Registeropslag worker): one gSOAP
/// context per client, made on its first call and reused by every later call on this thread
/// while its calls succeed. While an object lives, Kald on its thread uses it; at most one per
/// thread. Destroying it closes the connections.
class Forbindelser {
 public:
  Forbindelser();
  ~Forbindelser();
  Forbindelser(const Forbindelser&) = delete;
  Forbindelser& operator=(const Forbindelser&) = delete;

  /// The calling thread's, or nullptr.
  static Forbindelser* traadens() noexcept;

 private:
  friend class Kald;
  // The kept context for `indstillinger`, made when there is none.
  Kald::Forbindelse& hent(const Klientindstillinger& indstillinger);
  // Closes and frees the kept context `f` (after a failure).
  void kasser(Kald::Forbindelse& f);

  std::vector<std::unique_ptr<Kald::Forbindelse>> poster_;
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
