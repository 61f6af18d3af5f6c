#include "soap/endpoint.hpp"

#include <exception>

#include "domain/error.hpp"
#include "soap/fault.hpp"
#include "soap/mapping/mapping.hpp"

namespace kontaktdata::soap {

using domain::Error;
using domain::ErrorCode;

Endpoint::Endpoint(domain::KontaktdataService& service) : service_(service) {}

kdsoap::KontaktdataBindingService* Endpoint::copy() {
  auto* dup = new Endpoint(service_);
  soap_done(dup->soap);
  soap_copy_context(dup->soap, this->soap);
  return dup;
}

template <typename Request, typename Body>
int Endpoint::run(domain::Operation op, const Request* req, Body&& body) noexcept {
  record_.operation = domain::to_string(op);
  try {
    if (req == nullptr) throw Error(ErrorCode::UgyldigForespoergsel, "tom forespørgsel");
    if (auto refused = take_pending_engine_error()) throw *refused;  // e.g. a DOCTYPE
    const domain::Kaldkontekst ctx = mapping::to_domain(
        req->callctx__CallContext, req->autctx__AuthorityContext, req->invctx__InvocationContext);
    if (!ctx.user_system_uuid.empty()) record_.system = ctx.user_system_uuid;
    if (ctx.municipality_cvr) record_.municipality = *ctx.municipality_cvr;
    body(ctx);
    record_.outcome = "OK";
    return SOAP_OK;
  } catch (const Error& e) {
    record_.outcome = std::string(domain::to_string(e.code()));
    if (e.code() == ErrorCode::InternFejl || e.code() == ErrorCode::MidlertidigFejl) {
      record_.detail = e.what();
    }
    return to_fault(this->soap, e);
  } catch (const std::exception& e) {
    // Internals go to the log line only; the caller gets a reference to it.
    record_.outcome = "INTERN_FEJL";
    record_.detail = e.what();
    return to_fault(this->soap,
                    Error(ErrorCode::InternFejl, "intern fejl, reference " + record_.request_id));
  } catch (...) {
    record_.outcome = "INTERN_FEJL";
    record_.detail = "unknown exception";
    return to_fault(this->soap,
                    Error(ErrorCode::InternFejl, "intern fejl, reference " + record_.request_id));
  }
}

template <typename Request>
int Endpoint::not_implemented(domain::Operation op, const Request* req) noexcept {
  return run(op, req,
             [&](const domain::Kaldkontekst& ctx) { service_.ikke_implementeret(ctx, op); });
}

int Endpoint::Laes(kdsoap::kd__LaesRequestType* req, kdsoap::kd__LaesResponseType& resp) {
  return run(domain::Operation::Laes, req, [&](const domain::Kaldkontekst& ctx) {
    if (req->Registreringstidspunkt != nullptr) {
      // Reading as the service knew it at an earlier instant needs the history store.
      service_.ikke_implementeret(ctx, domain::Operation::Laes);
    }
    const domain::Part part = mapping::to_domain(req->Part);
    resp.Kontaktdata = mapping::to_wire(this->soap, service_.laes(ctx, part));
  });
}

int Endpoint::Opret(kdsoap::kd__OpretRequestType* req, kdsoap::kd__OpretResponseType& resp) {
  return run(domain::Operation::Opret, req, [&](const domain::Kaldkontekst& ctx) {
    domain::Kontaktdata data = mapping::to_domain(req->Kontaktdata);
    std::optional<std::string> note;
    if (req->Note != nullptr) note = *req->Note;
    const domain::Versionssvar svar = service_.opret(ctx, std::move(data), note);
    resp.Part = mapping::to_wire(this->soap, svar.part);
    resp.Version = svar.version;
  });
}

// Not built yet: each answers INTERN_FEJL "ikke implementeret endnu" after the context checks.
int Endpoint::List(kdsoap::kd__ListRequestType* req, kdsoap::kd__ListResponseType&) {
  return not_implemented(domain::Operation::List, req);
}
int Endpoint::Ret(kdsoap::kd__RetRequestType* req, kdsoap::kd__RetResponseType&) {
  return not_implemented(domain::Operation::Ret, req);
}
int Endpoint::Passiver(kdsoap::kd__PassiverRequestType* req, kdsoap::kd__PassiverResponseType&) {
  return not_implemented(domain::Operation::Passiver, req);
}
int Endpoint::Slet(kdsoap::kd__SletRequestType* req, kdsoap::kd__SletResponseType&) {
  return not_implemented(domain::Operation::Slet, req);
}
int Endpoint::Importer(kdsoap::kd__ImporterRequestType* req, kdsoap::kd__ImporterResponseType&) {
  return not_implemented(domain::Operation::Importer, req);
}
int Endpoint::HentKontaktanvisning(kdsoap::kd__HentKontaktanvisningRequestType* req,
                                   kdsoap::kd__HentKontaktanvisningResponseType&) {
  return not_implemented(domain::Operation::HentKontaktanvisning, req);
}
int Endpoint::LaesOpgavesprog(kdsoap::kd__LaesOpgavesprogRequestType* req,
                              kdsoap::kd__LaesOpgavesprogResponseType&) {
  return not_implemented(domain::Operation::LaesOpgavesprog, req);
}
int Endpoint::RetOpgavesprog(kdsoap::kd__RetOpgavesprogRequestType* req,
                             kdsoap::kd__RetOpgavesprogResponseType&) {
  return not_implemented(domain::Operation::RetOpgavesprog, req);
}
int Endpoint::ListHaendelser(kdsoap::kd__ListHaendelserRequestType* req,
                             kdsoap::kd__ListHaendelserResponseType&) {
  return not_implemented(domain::Operation::ListHaendelser, req);
}
int Endpoint::ListAdgangslog(kdsoap::kd__ListAdgangslogRequestType* req,
                             kdsoap::kd__ListAdgangslogResponseType&) {
  return not_implemented(domain::Operation::ListAdgangslog, req);
}

}  // namespace kontaktdata::soap
