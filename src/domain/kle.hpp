#pragma once

#include <string_view>

namespace kontaktdata::domain {

/// True when `value` is a KLE number in one of the forms `NN`, `NN.NN` or `NN.NN.NN` (digits:
/// main group, group, subject).
bool is_valid_sagsomraade(std::string_view value) noexcept;

/// Checks a KLE number; throws Error(UgyldigSagsomraade) whose text names `element`.
void validate_sagsomraade(std::string_view value, std::string_view element = "Sagsomraade");

/// The number of levels of a valid KLE number (1 for `32`, 2 for `32.18`, 3 for `32.18.04`);
/// 0 for an invalid one. The more levels, the more specific the scope.
int sagsomraade_niveau(std::string_view value) noexcept;

/// True when `scope` covers `case_area`: both are valid KLE numbers and `scope` is `case_area`
/// itself or a prefix of it that ends at a dot (`32` and `32.18` match `32.18.04`; `3` does not
/// match `32`, and `32.1` matches nothing, being no KLE number).
bool scope_matches(std::string_view scope, std::string_view case_area) noexcept;

}  // namespace kontaktdata::domain
