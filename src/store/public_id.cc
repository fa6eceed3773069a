#include "store/public_id.h"

#include <fmt/format.h>

#include "core/error.h"

namespace embargo::store {

std::string id_prefix(const Policy& policy) {
  if (policy.identity.id_prefix.empty()) {
    throw invalid("id_prefix", "program " + policy.identity.slug + " has no report id prefix");
  }
  return policy.identity.id_prefix;
}

int utc_year(Time t) {
  std::chrono::year_month_day date{std::chrono::floor<std::chrono::days>(t)};
  return static_cast<int>(date.year());
}

std::string format_public_id(const std::string& prefix, int year, std::int64_t sequence) {
  return fmt::format("{}-{}-{:04}", prefix, year, sequence);
}

}  // namespace embargo::store
