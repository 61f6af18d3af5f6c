#pragma once

// Wire <-> domain mapping. gSOAP's types stop here: everything returned to the domain is a plain
// value copied out of the request's soap memory; everything returned to gSOAP is allocated in
// the context's memory and freed with it after the response is sent.

#include <optional>
#include <string>

#include "domain/model.hpp"
#include "kdsoapH.h"

namespace kontaktdata::soap::mapping {

/// The three Serviceplatform context elements, as the domain's Kaldkontekst. OnBehalfOfUser,
/// CallersServiceCallIdentifier and AccountingInfo come from InvocationContext, else CallContext.
domain::Kaldkontekst to_domain(const kdsoap::callctx__CallContextType* call,
                               const kdsoap::autctx__AuthorityContextType* authority,
                               const kdsoap::invctx__InvocationContextType* invocation);

/// A Part; a missing or empty choice is UGYLDIG_FORESPOERGSEL.
domain::Part to_domain(const kdsoap::kd__PartType* part);

/// A whole Kontaktdata aggregate. xsd:date values are checked here (UGYLDIG_VAERDI, naming the
/// element), since gSOAP hands them over unchecked.
domain::Kontaktdata to_domain(const kdsoap::kd__KontaktdataType* data);

/// xsd:dateTime (struct timeval, UTC) <-> the domain's microsecond instant.
domain::Tidspunkt to_domain(const struct timeval& tv);
struct timeval to_wire(domain::Tidspunkt t);

/// xsd:date ("YYYY-MM-DD", an optional zone accepted and ignored) <-> Dato. `element` names the
/// element in the error text.
domain::Dato parse_dato(const std::string& text, const char* element);
std::string format_dato(const domain::Dato& dato);

/// Domain -> wire, allocated in `ctx`.
kdsoap::kd__PartType* to_wire(struct ::soap* ctx, const domain::Part& part);
kdsoap::kd__KontaktdataType* to_wire(struct ::soap* ctx, const domain::Kontaktdata& data);

}  // namespace kontaktdata::soap::mapping
