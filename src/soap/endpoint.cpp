#include "soap/endpoint.hpp"

#include <algorithm>
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

namespace {

// A TLS client may speak only for the calling systems its certificate is mapped to.
void check_caller(const CallerIdentity& caller, const std::string& user_system_uuid) {
  if (!caller.listed) {
    throw Error(ErrorCode::AdgangNaegtet, "klientcertifikatet er ikke godkendt til tjenesten");
  }
  if (std::find(caller.systems.begin(), caller.systems.end(), user_system_uuid) ==
      caller.systems.end()) {
    throw Error(ErrorCode::AdgangNaegtet,
                "klientcertifikatet må ikke kalde som det kaldende system i InvocationContext");
  }
}

}  // namespace

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
    if (caller_ != nullptr) check_caller(*caller_, ctx.user_system_uuid);
    body(ctx);
    record_.outcome = "OK";
    return SOAP_OK;
  } catch (const Error& e) {
    record_.outcome = std::string(domain::to_string(e.code()));
    // Why a call was refused or failed goes to the log line; these texts carry no personal data.
    if (e.code() == ErrorCode::InternFejl || e.code() == ErrorCode::MidlertidigFejl ||
        e.code() == ErrorCode::AdgangNaegtet) {
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

namespace {

std::optional<std::string> opt(const std::string* s) {
  if (s == nullptr) return std::nullopt;
  return *s;
}

std::optional<int> opt(const int* i) {
  if (i == nullptr) return std::nullopt;
  return *i;
}

}  // namespace

int Endpoint::Laes(kdsoap::kd__LaesRequestType* req, kdsoap::kd__LaesResponseType& resp) {
  return run(domain::Operation::Laes, req, [&](const domain::Kaldkontekst& ctx) {
    resp.Kontaktdata = mapping::to_wire(
        this->soap, service_.laes(ctx, mapping::to_domain(req->Part),
                                  mapping::to_domain(req->Registreringstidspunkt)));
  });
}

int Endpoint::List(kdsoap::kd__ListRequestType* req, kdsoap::kd__ListResponseType& resp) {
  return run(domain::Operation::List, req, [&](const domain::Kaldkontekst& ctx) {
    for (const auto& r : service_.list(ctx, mapping::to_domain(req->Part))) {
      resp.Resultat.push_back(mapping::to_wire(this->soap, r));
    }
  });
}

int Endpoint::Opret(kdsoap::kd__OpretRequestType* req, kdsoap::kd__OpretResponseType& resp) {
  return run(domain::Operation::Opret, req, [&](const domain::Kaldkontekst& ctx) {
    const domain::Versionssvar svar =
        service_.opret(ctx, mapping::to_domain(req->Kontaktdata), opt(req->Note));
    resp.Part = mapping::to_wire(this->soap, svar.part);
    resp.Version = svar.version;
  });
}

int Endpoint::Ret(kdsoap::kd__RetRequestType* req, kdsoap::kd__RetResponseType& resp) {
  return run(domain::Operation::Ret, req, [&](const domain::Kaldkontekst& ctx) {
    const domain::Versionssvar svar =
        service_.ret(ctx, mapping::to_domain(req->Kontaktdata), opt(req->Note));
    resp.Part = mapping::to_wire(this->soap, svar.part);
    resp.Version = svar.version;
  });
}

int Endpoint::Passiver(kdsoap::kd__PassiverRequestType* req,
                       kdsoap::kd__PassiverResponseType& resp) {
  return run(domain::Operation::Passiver, req, [&](const domain::Kaldkontekst& ctx) {
    std::optional<std::int64_t> version;
    if (req->Version != nullptr) version = *req->Version;
    const domain::Versionssvar svar =
        service_.passiver(ctx, mapping::to_domain(req->Part), version, opt(req->Note));
    resp.Part = mapping::to_wire(this->soap, svar.part);
    resp.Version = svar.version;
  });
}

int Endpoint::Slet(kdsoap::kd__SletRequestType* req, kdsoap::kd__SletResponseType& resp) {
  return run(domain::Operation::Slet, req, [&](const domain::Kaldkontekst& ctx) {
    resp.Part = mapping::to_wire(this->soap,
                                 service_.slet(ctx, mapping::to_domain(req->Part), opt(req->Note)));
  });
}

int Endpoint::Importer(kdsoap::kd__ImporterRequestType* req,
                       kdsoap::kd__ImporterResponseType& resp) {
  return run(domain::Operation::Importer, req, [&](const domain::Kaldkontekst& ctx) {
    for (const auto& r : service_.importer(ctx, mapping::to_domain(req->Kontaktdata))) {
      resp.Resultat.push_back(mapping::to_wire(this->soap, r));
    }
  });
}

int Endpoint::HentKontaktanvisning(kdsoap::kd__HentKontaktanvisningRequestType* req,
                                   kdsoap::kd__HentKontaktanvisningResponseType& resp) {
  return run(domain::Operation::HentKontaktanvisning, req, [&](const domain::Kaldkontekst& ctx) {
    for (const auto& a : service_.hent_kontaktanvisning(ctx, mapping::to_domain(*req))) {
      resp.Kontaktanvisning.push_back(mapping::to_wire(this->soap, a));
    }
  });
}

int Endpoint::LaesOpgavesprog(kdsoap::kd__LaesOpgavesprogRequestType* req,
                              kdsoap::kd__LaesOpgavesprogResponseType& resp) {
  return run(domain::Operation::LaesOpgavesprog, req, [&](const domain::Kaldkontekst& ctx) {
    for (const auto& o : service_.laes_opgavesprog(ctx, opt(req->Sagsomraade))) {
      resp.Opgavesprog.push_back(mapping::to_wire(this->soap, o));
    }
  });
}

int Endpoint::RetOpgavesprog(kdsoap::kd__RetOpgavesprogRequestType* req,
                             kdsoap::kd__RetOpgavesprogResponseType& resp) {
  return run(domain::Operation::RetOpgavesprog, req, [&](const domain::Kaldkontekst& ctx) {
    if (auto o = service_.ret_opgavesprog(ctx, req->Sagsomraade, req->Sprog)) {
      resp.Opgavesprog = mapping::to_wire(this->soap, *o);
    }
  });
}

int Endpoint::ListHaendelser(kdsoap::kd__ListHaendelserRequestType* req,
                             kdsoap::kd__ListHaendelserResponseType& resp) {
  return run(domain::Operation::ListHaendelser, req, [&](const domain::Kaldkontekst& ctx) {
    const domain::Haendelsesside side =
        service_.list_haendelser(ctx, req->FraSekvensnummer, opt(req->MaksAntal));
    for (const auto& h : side.haendelser) resp.Haendelse.push_back(mapping::to_wire(this->soap, h));
    resp.NaesteSekvensnummer = side.naeste_sekvensnummer;
  });
}

int Endpoint::ListAdgangslog(kdsoap::kd__ListAdgangslogRequestType* req,
                             kdsoap::kd__ListAdgangslogResponseType& resp) {
  return run(domain::Operation::ListAdgangslog, req, [&](const domain::Kaldkontekst& ctx) {
    for (const auto& p :
         service_.list_adgangslog(ctx, mapping::to_domain(req->Part), mapping::to_domain(req->Fra),
                                  mapping::to_domain(req->Til), opt(req->MaksAntal))) {
      resp.Logpost.push_back(mapping::to_wire(this->soap, p));
    }
  });
}

}  // namespace kontaktdata::soap
