#pragma once

// Wire <-> domain mapping. gSOAP's types stop here: everything returned to the domain is a plain
// value copied out of the request's soap memory; everything returned to gSOAP is allocated in
// the context's memory and freed with it after the response is sent.

#include <optional>
#include <string>
#include <vector>

#include "domain/kontaktanvisning.hpp"
#include "domain/kontaktdata_service.hpp"
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

/// HentKontaktanvisning's question (its contexts are mapped apart): an absent Fortrolig is false,
/// an absent Virkningstidspunkt stays absent (the domain answers for now).
domain::Anvisningsforespoergsel to_domain(const kdsoap::kd__HentKontaktanvisningRequestType& req);

/// A whole Kontaktdata aggregate. xsd:date values are checked here (UGYLDIG_VAERDI, naming the
/// element), since gSOAP hands them over unchecked.
domain::Kontaktdata to_domain(const kdsoap::kd__KontaktdataType* data);

/// xsd:dateTime (struct timeval, UTC) <-> the domain's microsecond instant.
domain::Tidspunkt to_domain(const struct timeval& tv);
struct timeval to_wire(domain::Tidspunkt t);

/// xsd:date ("YYYY-MM-DD", an optional zone accepted and ignored) <-> Dato. Text of another
/// shape gives Dato{0, 0, 0}, and a date that is not in the calendar is passed on as it is: the
/// domain's rules refuse both with UGYLDIG_VAERDI naming the element (so that in a batch only the
/// item concerned is refused).
domain::Dato parse_dato(const std::string& text);
std::string format_dato(const domain::Dato& dato);

/// Domain -> wire, allocated in `ctx`.
kdsoap::kd__PartType* to_wire(struct ::soap* ctx, const domain::Part& part);
kdsoap::kd__KontaktdataType* to_wire(struct ::soap* ctx, const domain::Kontaktdata& data);
kdsoap::kd__ListResultatType* to_wire(struct ::soap* ctx, const domain::Listresultat& r);
kdsoap::kd__ImportResultatType* to_wire(struct ::soap* ctx, const domain::Skriveresultat& r);
kdsoap::kd__OpgavesprogType* to_wire(struct ::soap* ctx, const domain::Opgavesprog& o);
kdsoap::kd__HaendelseType* to_wire(struct ::soap* ctx, const domain::Haendelse& h);
kdsoap::kd__LogpostType* to_wire(struct ::soap* ctx, const domain::Adgangspost& p);
/// One Kontaktanvisning; a UGYLDIG one carries its Part and Status only (nothing else in the item).
kdsoap::kd__KontaktanvisningType* to_wire(struct ::soap* ctx, const domain::Kontaktanvisning& a);

/// A list of parts (List) or of aggregates (Importer).
std::vector<domain::Part> to_domain(const std::vector<kdsoap::kd__PartType*>& parts);
std::vector<domain::Kontaktdata> to_domain(const std::vector<kdsoap::kd__KontaktdataType*>& items);

/// An optional instant.
std::optional<domain::Tidspunkt> to_domain(const struct timeval* tv);

}  // namespace kontaktdata::soap::mapping
