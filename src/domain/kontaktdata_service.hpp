#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "domain/model.hpp"
#include "domain/ports.hpp"

namespace kontaktdata::domain {

/// The answer to Opret (and later Ret/Passiver): the part and its new version.
struct Versionssvar {
  Part part;
  std::int64_t version = 0;
};

/// Address protection for a system that may not see protected addresses: a person's postal
/// addresses lose their value and get Tilbageholdt true (fails closed while CPR's protection
/// cannot be confirmed).
void tilbagehold_beskyttede_adresser(Kontaktdata& data);

/// The use cases of the contract. Each call is one unit of work: it checks the context
/// (MANGLENDE_KONTEKST, UGYLDIG_CVR, ADGANG_NAEGTET, in that order), validates and normalises the
/// input, and runs in one Session that it commits. Throws `Error` with the contract's code.
class KontaktdataService {
 public:
  /// `now` is injectable for tests; by default the system clock.
  explicit KontaktdataService(Store& store, std::function<Tidspunkt()> now = {});

  /// Creates a part's contact data (Opret). Address IDs the caller left empty are chosen here.
  Versionssvar opret(const Kaldkontekst& ctx, Kontaktdata data,
                     const std::optional<std::string>& note);

  /// Reads a part's current contact data (Laes). None held: PART_FINDES_IKKE.
  Kontaktdata laes(const Kaldkontekst& ctx, const Part& part);

  /// For an operation not built yet: checks the context like any other, then answers
  /// INTERN_FEJL "ikke implementeret endnu".
  [[noreturn]] void ikke_implementeret(const Kaldkontekst& ctx, Operation op);

 private:
  /// The context checks shared by every operation; returns the calling system.
  KaldendeSystem autoriser(Session& session, const Kaldkontekst& ctx, Operation op);

  Store& store_;
  std::function<Tidspunkt()> now_;
};

}  // namespace kontaktdata::domain
