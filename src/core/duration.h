#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace embargo {

// A promised response time as a policy writes it: "48h", "7d", "2 weeks", "7 business days".
// Hours are elapsed time; days and weeks are calendar days in the program's time zone (the
// same local time N days later, across daylight-saving changes); business days skip the
// program's weekend days and holidays.
struct Duration {
  enum class Unit { hours, days, business_days };

  std::int64_t amount = 0;
  Unit unit = Unit::hours;

  friend bool operator==(const Duration&, const Duration&) = default;
};

// Parses a duration; on failure returns nullopt and sets *error to what was expected.
// Accepted: "<n>h", "<n> hours", "<n>d", "<n> days", "<n>w", "<n> weeks",
// "<n> business days", "<n>bd"; n is a non-negative whole number below 10 years of hours.
std::optional<Duration> parse_duration(std::string_view text, std::string* error);

// The canonical text, e.g. "48h", "7d", "7 business days" (weeks are shown as days).
std::string format_duration(const Duration& d);

// Plain words for pages: "48 hours", "7 days", "7 business days", "1 hour".
std::string describe_duration(const Duration& d);

// Orders two durations when both are of the same unit or comparable (hours vs days counts
// a day as 24 hours; business days count as days, a lower bound). Used to catch impossible SLAs.
std::int64_t approximate_hours(const Duration& d);

}  // namespace embargo
