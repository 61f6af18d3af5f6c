#include "store/sql_files.hpp"

#include <algorithm>
#include <stdexcept>

namespace kontaktdata::store {

const SqlFile& find_sql(std::span<const SqlFile> files, std::string_view name) {
  auto it = std::lower_bound(files.begin(), files.end(), name,
                             [](const SqlFile& f, std::string_view n) { return f.name < n; });
  if (it == files.end() || it->name != name) {
    throw std::out_of_range("no embedded SQL file " + std::string(name));
  }
  return *it;
}

std::string sql(std::string_view name) { return std::string(find_sql(sql_files(), name).text); }

std::string_view stem(std::string_view name) noexcept {
  auto slash = name.rfind('/');
  return slash == std::string_view::npos ? name : name.substr(slash + 1);
}

}  // namespace kontaktdata::store
