#pragma once

#include <string>

#include "domain/model.hpp"
#include "domain/ports.hpp"

namespace kontaktdata::store {

/// The retention job: removes what `opbevaring` no longer keeps, as of `now`, and says how much.
/// Connects with `owner_dsn` (the owner role, kontaktdata_owner: the serving role may not delete
/// access-log lines, events, idempotency keys or register cache entries) and deletes, in batches
/// of at most `batch` rows, each batch its own transaction (so a large purge neither holds locks
/// long nor grows one transaction):
///   - registrations superseded before now - historik (a later registration of the same part was
///     made before then), with their addresses, channels and forms. A part's current
///     registration -- its newest -- is never deleted, so current contact data is never touched,
///     and a read at any instant from the cut-off on answers as before;
///   - feed events from before now - haendelser (numbering continues);
///   - access-log lines from before now - adgangslog;
///   - idempotency keys reserved before now - idempotens;
///   - register cache entries fetched before now - registercache (the cache's time to live;
///     the cache belongs to no municipality, so this is the only way its entries leave).
/// Safe to run while the service serves, and to run again after a failure. Throws
/// std::invalid_argument for a negative period or a batch below 1, and domain::Error
/// (MidlertidigFejl when the database is unavailable, else InternFejl; the cause nested) when
/// the database fails; batches committed before a failure stay deleted.
domain::Oprydning purge(const std::string& owner_dsn, const domain::Opbevaring& opbevaring,
                        domain::Tidspunkt now, int batch = 10000);

}  // namespace kontaktdata::store
