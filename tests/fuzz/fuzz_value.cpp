// libFuzzer targets of the value parsers, one executable each (KONTAKTDATA_FUZZ_VALUE names it):
// the input is one value as a caller could send it. Besides crashes, leaks and undefined
// behaviour, each checks the parser's own promises: a value is refused only with the contract's
// error (domain::Error, never another exception), the boolean form agrees with the validating
// one, and a canonical form is a fixed point (canonicalising it again changes nothing, and it is
// accepted).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "domain/kle.hpp"
#include "domain/validation.hpp"
#include "soap/mapping/mapping.hpp"

namespace {

using namespace kontaktdata;

// Runs f; true when it accepted the value, false when it refused it with domain::Error. Any
// other exception is a bug: abort, so that libFuzzer keeps the input.
template <class F>
bool accepts(F&& f) {
  try {
    f();
    return true;
  } catch (const domain::Error&) {
    return false;
  } catch (...) {
    std::abort();
  }
}

void check(bool ok) {
  if (!ok) std::abort();
}

void fuzz(std::string_view v) {
  const std::string s(v);
#if defined(KONTAKTDATA_FUZZ_VALUE_cpr)
  check(accepts([&] { domain::validate_cpr(v); }) == domain::is_valid_cpr(v));
  if (domain::is_valid_cpr(v)) check(accepts([&] { domain::cpr_foedselsdato(v); }));
#elif defined(KONTAKTDATA_FUZZ_VALUE_cvr)
  check(accepts([&] { domain::validate_cvr(v); }) == domain::is_valid_cvr(v));
#elif defined(KONTAKTDATA_FUZZ_VALUE_sagsomraade)
  const bool ok = domain::is_valid_sagsomraade(v);
  check(accepts([&] { domain::validate_sagsomraade(v); }) == ok);
  if (ok) check(domain::scope_matches(v, v) && domain::sagsomraade_niveau(v) >= 1);
#elif defined(KONTAKTDATA_FUZZ_VALUE_uuid)
  check(accepts([&] { domain::validate_uuid(v, "UUID"); }) == domain::is_valid_uuid(v));
#elif defined(KONTAKTDATA_FUZZ_VALUE_sprog)
  std::string canonical;
  if (accepts([&] { canonical = domain::validate_sprog(v); })) {
    check(domain::validate_sprog(canonical) == canonical);
    check(domain::canonical_sprog(canonical) == canonical);
  }
#elif defined(KONTAKTDATA_FUZZ_VALUE_landekode)
  accepts([&] { domain::validate_landekode(v); });
#elif defined(KONTAKTDATA_FUZZ_VALUE_email)
  if (accepts([&] { domain::validate_email(v); })) check(v.size() <= 254);
#elif defined(KONTAKTDATA_FUZZ_VALUE_mobilnummer)
  std::string e164;
  if (accepts([&] { e164 = domain::normalise_mobilnummer(v); })) {
    check(!e164.empty() && e164[0] == '+');
    check(domain::normalise_mobilnummer(e164) == e164);
  }
#elif defined(KONTAKTDATA_FUZZ_VALUE_postnummer)
  accepts([&] { domain::validate_postnummer(v); });
#elif defined(KONTAKTDATA_FUZZ_VALUE_dato)
  // parse_dato answers a broken date with an invalid Dato (the domain refuses it with
  // UGYLDIG_VAERDI): a valid one must survive a round trip through its text.
  std::optional<domain::Dato> dato;
  check(accepts([&] { dato = kontaktdata::soap::mapping::parse_dato(s); }));
  if (domain::is_valid_dato(*dato)) {
    const std::string text = kontaktdata::soap::mapping::format_dato(*dato);
    check(kontaktdata::soap::mapping::parse_dato(text) == *dato);
    check(accepts([&] { domain::validate_dato(*dato, "Dato"); }));
  } else {
    check(!accepts([&] { domain::validate_dato(*dato, "Dato"); }));
  }
#else
#error "KONTAKTDATA_FUZZ_VALUE_<parser> names the parser"
#endif
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  domain::indlaes_kodelister();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  fuzz(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
