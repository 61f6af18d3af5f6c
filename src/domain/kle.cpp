#include "domain/kle.hpp"

#include <string>

#include "domain/error.hpp"

namespace kontaktdata::domain {

namespace {

bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

}  // namespace

int sagsomraade_niveau(std::string_view value) noexcept {
  // Two digits, then up to two more groups of a dot and two digits: lengths 2, 5 and 8 only.
  if (value.size() != 2 && value.size() != 5 && value.size() != 8) return 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const bool dot_position = (i % 3) == 2;
    if (dot_position ? value[i] != '.' : !is_digit(value[i])) return 0;
  }
  return static_cast<int>(value.size() + 1) / 3;
}

bool is_valid_sagsomraade(std::string_view value) noexcept { return sagsomraade_niveau(value) > 0; }

void validate_sagsomraade(std::string_view value, std::string_view element) {
  if (!is_valid_sagsomraade(value)) {
    throw Error(ErrorCode::UgyldigSagsomraade,
                std::string(element) + ": skal være et KLE-nummer (NN, NN.NN eller NN.NN.NN)");
  }
}

bool scope_matches(std::string_view scope, std::string_view case_area) noexcept {
  if (!is_valid_sagsomraade(scope) || !is_valid_sagsomraade(case_area)) return false;
  if (scope.size() > case_area.size() || case_area.substr(0, scope.size()) != scope) return false;
  // Between two valid KLE numbers a shorter prefix always ends at a dot; the check says the rule
  // outright rather than lean on the format.
  return scope.size() == case_area.size() || case_area[scope.size()] == '.';
}

}  // namespace kontaktdata::domain
