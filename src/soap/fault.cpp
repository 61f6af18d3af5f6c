#include "soap/fault.hpp"

#include <stdsoap2.h>

#include <optional>

#include "domain/error.hpp"

namespace kontaktdata::soap {

namespace {

constexpr const char* kSpfNamespace =
    "http://serviceplatformen.dk/xml/schemas/ServiceplatformFault/1/";

std::string escape_xml(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

thread_local std::optional<domain::Error> pending_error;

// The service speaks SOAP 1.1 only, also to a client that sent a SOAP 1.2 envelope (which gSOAP
// parses, binding SOAP-ENV to 1.2's namespace for the answer) or whose request broke before its
// envelope was read (no version yet: gSOAP would write a fault without envelope or faultcode).
void answer_in_soap11(struct ::soap* ctx) {
  if (ctx->local_namespaces != nullptr && ctx->local_namespaces[0].out != nullptr) {
    soap_set_namespaces(ctx, ctx->namespaces);  // forget what the request's envelope bound
  }
  ctx->version = 0;
  soap_set_version(ctx, 1);
}

// Fills faultcode/faultstring/detail for the current error of `ctx` (when no operation set them).
void on_set_error(struct ::soap* ctx, const char** code, const char** text) {
  const char** detail = soap_faultdetail(ctx);
  if (detail != nullptr && *detail != nullptr) return;  // an operation's fault: already complete
  answer_in_soap11(ctx);
  const domain::Error error = pending_error ? *pending_error : error_for_engine_status(ctx->error);
  pending_error.reset();
  const bool client = domain::is_client_error(error.code());
  *code = client ? "SOAP-ENV:Client" : "SOAP-ENV:Server";
  *text = soap_strdup(ctx, error.what());
  if (detail != nullptr) {
    *detail = soap_strdup(ctx, serviceplatform_fault_xml(error.code(), error.what()).c_str());
  }
}

}  // namespace

domain::Error error_for_engine_status(int soap_error) {
  using domain::ErrorCode;
  if (soap_xml_error_check(soap_error)) {
    switch (soap_error) {
      case SOAP_LENGTH:
        return {ErrorCode::UgyldigForespoergsel,
                "forespørgslen er ikke gyldig: en værdi er længere end skemaet tillader"};
      case SOAP_LEVEL:
        return {ErrorCode::UgyldigForespoergsel, "forespørgslen er for dybt indlejret"};
      case SOAP_SYNTAX_ERROR:
      case SOAP_UTF_ERROR:
        return {ErrorCode::UgyldigForespoergsel, "forespørgslen er ikke velformet XML"};
      default:
        return {ErrorCode::UgyldigForespoergsel,
                "forespørgslen er ikke gyldig efter skemaet (forkert, manglende eller ukendt "
                "element)"};
    }
  }
  switch (soap_error) {
    case SOAP_NO_METHOD:
      return {ErrorCode::UgyldigForespoergsel, "ukendt operation eller ugyldig SOAP-krop"};
    case SOAP_VERSIONMISMATCH:
      return {ErrorCode::UgyldigForespoergsel, "kun SOAP 1.1 understøttes"};
    case SOAP_MUSTUNDERSTAND:
      return {ErrorCode::UgyldigForespoergsel, "ukendt SOAP-header med mustUnderstand"};
    case SOAP_EOM:
    case SOAP_FD_EXCEEDED:
      return {ErrorCode::UgyldigForespoergsel, "forespørgslen er for stor"};
    case SOAP_EOF:
    case SOAP_NO_DATA:
      return {ErrorCode::UgyldigForespoergsel, "forespørgslen er tom eller ufuldstændig"};
    case SOAP_ZLIB_ERROR:
      return {ErrorCode::UgyldigForespoergsel, "forespørgslen kunne ikke pakkes ud"};
    default:
      break;
  }
  if (soap_http_error_check(soap_error)) {
    return {ErrorCode::UgyldigForespoergsel, "ugyldig HTTP-forespørgsel"};
  }
  return {ErrorCode::InternFejl, "intern fejl"};
}

std::string serviceplatform_fault_xml(domain::ErrorCode code, const std::string& text) {
  std::string xml;
  xml.reserve(256 + text.size());
  xml += "<spf:ServiceplatformFault xmlns:spf=\"";
  xml += kSpfNamespace;
  xml += "\"><spf:ErrorList><spf:Error><spf:ErrorCode>";
  xml += domain::to_string(code);
  xml += "</spf:ErrorCode><spf:ErrorText>";
  xml += escape_xml(text);
  xml += "</spf:ErrorText></spf:Error></spf:ErrorList></spf:ServiceplatformFault>";
  return xml;
}

int to_fault(struct ::soap* ctx, const domain::Error& error) {
  const std::string detail = serviceplatform_fault_xml(error.code(), error.what());
  answer_in_soap11(ctx);
  if (domain::is_client_error(error.code())) {
    return soap_sender_fault(ctx, error.what(), detail.c_str());
  }
  return soap_receiver_fault(ctx, error.what(), detail.c_str());
}

void set_pending_engine_error(const domain::Error& error) { pending_error = error; }

std::optional<domain::Error> take_pending_engine_error() {
  std::optional<domain::Error> e = std::move(pending_error);
  pending_error.reset();
  return e;
}

void clear_pending_engine_error() { pending_error.reset(); }

void install_fault_hook(struct ::soap* ctx) { ctx->fseterror = on_set_error; }

}  // namespace kontaktdata::soap
