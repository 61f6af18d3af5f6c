#pragma once

// Generated register entries for `--synthetic`: any valid number that the fixture does not hold
// is answered with a fictitious person or company made from the number itself, so the same
// number always gets the same answer. For load tests and benchmarks that must exercise the path
// of a found person (the default answers such numbers as unknown, as the real services do).

#include <optional>
#include <string>

#include "simulator/fixture.hpp"

namespace kontaktdata::simulator {

/// A fictitious ordinary person (status 1, a Danish residence, no protection) for a CPR number
/// whose first six digits are a valid date with the century of the 7th digit; else nullopt.
std::optional<CprPerson> synthetic_person(const std::string& pnr);

/// A fictitious active company for a CVR number that passes the modulus-11 check; else nullopt.
std::optional<CvrVirksomhed> synthetic_company(int cvr);

}  // namespace kontaktdata::simulator
