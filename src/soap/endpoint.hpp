#pragma once

#include <string>

#include "domain/kontaktdata_service.hpp"
#include "kdsoapKontaktdataBindingService.h"
#include "soap/tls.hpp"

namespace kontaktdata::soap {

/// What one request did, for its log line. Filled by the operation, read by the server.
struct RequestRecord {
  std::string request_id;
  std::string operation = "-";
  std::string system = "-";
  std::string municipality = "-";
  std::string outcome = "OK";  ///< "OK" or the ErrorCode sent
  std::string detail;          ///< internal detail of an INTERN_FEJL, for the log only
};

/// The service: one short function per operation (wire -> domain, use case, domain -> wire).
/// One Endpoint per worker thread (copy()); every operation runs in a noexcept wrapper that turns
/// any exception into the contract's fault, so nothing unwinds through gSOAP's C code.
class Endpoint : public kdsoap::KontaktdataBindingService {
 public:
  explicit Endpoint(domain::KontaktdataService& service);
  Endpoint(const Endpoint&) = delete;
  Endpoint& operator=(const Endpoint&) = delete;
  ~Endpoint() override = default;

  /// A new Endpoint on a copy of this one's gSOAP context (settings and hooks included).
  KontaktdataBindingService* copy() override;

  /// The record of the request being served; reset it before each request.
  RequestRecord& record() { return record_; }

  /// The TLS client of the connection being served, or null for plain HTTP. Every request on a
  /// TLS connection must name (UserSystemUUID) a calling system that its client certificate may
  /// speak for, else it is ADGANG_NAEGTET before anything else is looked at.
  void set_caller(const CallerIdentity* caller) { caller_ = caller; }

  int Laes(kdsoap::kd__LaesRequestType* req, kdsoap::kd__LaesResponseType& resp) override;
  int List(kdsoap::kd__ListRequestType* req, kdsoap::kd__ListResponseType& resp) override;
  int Opret(kdsoap::kd__OpretRequestType* req, kdsoap::kd__OpretResponseType& resp) override;
  int Ret(kdsoap::kd__RetRequestType* req, kdsoap::kd__RetResponseType& resp) override;
  int Passiver(kdsoap::kd__PassiverRequestType* req,
               kdsoap::kd__PassiverResponseType& resp) override;
  int Slet(kdsoap::kd__SletRequestType* req, kdsoap::kd__SletResponseType& resp) override;
  int Importer(kdsoap::kd__ImporterRequestType* req,
               kdsoap::kd__ImporterResponseType& resp) override;
  int HentKontaktanvisning(kdsoap::kd__HentKontaktanvisningRequestType* req,
                           kdsoap::kd__HentKontaktanvisningResponseType& resp) override;
  int LaesOpgavesprog(kdsoap::kd__LaesOpgavesprogRequestType* req,
                      kdsoap::kd__LaesOpgavesprogResponseType& resp) override;
  int RetOpgavesprog(kdsoap::kd__RetOpgavesprogRequestType* req,
                     kdsoap::kd__RetOpgavesprogResponseType& resp) override;
  int ListHaendelser(kdsoap::kd__ListHaendelserRequestType* req,
                     kdsoap::kd__ListHaendelserResponseType& resp) override;
  int ListAdgangslog(kdsoap::kd__ListAdgangslogRequestType* req,
                     kdsoap::kd__ListAdgangslogResponseType& resp) override;

 private:
  /// Runs `body(context)` for `op`; maps every exception to a fault and records the outcome.
  template <typename Request, typename Body>
  int run(domain::Operation op, const Request* req, Body&& body) noexcept;

  domain::KontaktdataService& service_;
  RequestRecord record_;
  const CallerIdentity* caller_ = nullptr;
};

}  // namespace kontaktdata::soap
