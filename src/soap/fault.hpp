#pragma once

#include <optional>
#include <string>

#include "domain/error.hpp"

struct soap;

namespace kontaktdata::soap {

/// The code and external text that a gSOAP engine error (soap->error, found before or outside an
/// operation: not well-formed, wrong element, too long, too large, too deep) maps to.
domain::Error error_for_engine_status(int soap_error);

/// The `ServiceplatformFault` detail element for one error, as XML text (escaped).
std::string serviceplatform_fault_xml(domain::ErrorCode code, const std::string& text);

/// Turns an error into a SOAP 1.1 Fault on `ctx`: faultcode Client for the caller's errors and
/// Server for ours, the text as faultstring and a `ServiceplatformFault` detail. Returns the
/// gSOAP status for an operation to return. The one place where an error becomes a fault.
int to_fault(struct ::soap* ctx, const domain::Error& error);

/// Names the error that the next engine fault on this thread is to carry instead of the one
/// derived from gSOAP's status (e.g. a DOCTYPE cut off while the body was being read).
void set_pending_engine_error(const domain::Error& error);

/// Takes (and clears) the pending error of this thread, if any.
std::optional<domain::Error> take_pending_engine_error();
void clear_pending_engine_error();

/// Installs the hook that gives every fault gSOAP raises by itself (before an operation runs) the
/// contract's `ServiceplatformFault` detail, through `error_for_engine_status`.
void install_fault_hook(struct ::soap* ctx);

}  // namespace kontaktdata::soap
