#include "store/public_id.h"

#include <fmt/format.h>

#include <cctype>

namespace embargo::store {

std::string id_prefix(const Policy& policy) {
  if (!policy.identity.id_prefix.empty()) return policy.identity.id_prefix;
  std::string prefix;
  for (char c : policy.identity.slug) {
    if (c != '-') prefix += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return prefix;
}

int utc_year(Time t) {
  std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(t)};
  return static_cast<int>(date.year());
}

std::string format_public_id(const std::string& prefix, int year, std::int64_t sequence) {
  return fmt::format("{}-{}-{:04}", prefix, year, sequence);
}

}  // namespace embargo::store
