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

// A rough length in hours (a day or business day counts as 24), for picking the longest of
// several promises.
std::int64_t approximate_hours(const Duration& d);

// Whether `a` ends before `b` whatever the calendar: a day lasts 23 to 25 hours across
// daylight-saving changes, and business days may be stretched without bound by weekends and
// holidays. Durations of one unit compare by amount. Policy checks refuse an SLA only when
// this says it is impossible, never on a guess.
bool surely_shorter(const Duration& a, const Duration& b);

}  // namespace embargo
