#include "core/duration.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/text.h"

namespace embargo {
namespace {

constexpr std::int64_t kHoursPerDay = 24;
// parse_duration's upper bound: 10 years of 365 days, in hours.
constexpr std::int64_t kMaxHours = std::int64_t{10} * 365 * kHoursPerDay;
constexpr std::string_view kExpected =
    R"(expected a duration like "48h", "7d" or "7 business days")";

// A unit as a policy may spell it, and what one of it is worth.
struct UnitWord {
  std::string_view word;
  Duration::Unit unit;
  std::int64_t multiplier;  // weeks are stored as days
};

constexpr std::array<UnitWord, 13> kUnits = {{
    {"h", Duration::Unit::hours, 1},
    {"hour", Duration::Unit::hours, 1},
    {"hours", Duration::Unit::hours, 1},
    {"d", Duration::Unit::days, 1},
    {"day", Duration::Unit::days, 1},
    {"days", Duration::Unit::days, 1},
    {"w", Duration::Unit::days, 7},
    {"week", Duration::Unit::days, 7},
    {"weeks", Duration::Unit::days, 7},
    {"bd", Duration::Unit::business_days, 1},
    {"business day", Duration::Unit::business_days, 1},
    {"business days", Duration::Unit::business_days, 1},
    {"business-days", Duration::Unit::business_days, 1},
}};

// Lower-cases the unit and folds runs of blanks into one space, so that "Business  Days"
// matches "business days".
std::string normalise_unit(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (is_space(c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ascii_lower(c);
    }
  }
  return out;
}

std::optional<Duration> fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
  return std::to_string(n) + " " + std::string(n == 1 ? one : many);
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text, std::string* error) {
  const std::string_view s = trim_spaces(text);
  if (s.empty()) return fail(error, std::string(kExpected) + ", got an empty string");
  if (s.front() == '-') return fail(error, "negative duration " + quoted(text));
  if (s.front() == '+') return fail(error, std::string(kExpected) + ", got " + quoted(text));

  const auto digits_end = std::find_if(
      s.begin(), s.end(), [](char c) { return !std::isdigit(static_cast<unsigned char>(c)); });
  const std::string_view number = s.substr(0, static_cast<std::size_t>(digits_end - s.begin()));
  const std::string_view rest = s.substr(number.size());
  if (number.empty()) return fail(error, std::string(kExpected) + ", got " + quoted(text));
  if (!rest.empty() && (rest.front() == '.' || rest.front() == ',')) {
    return fail(error, quoted(text) + ": the amount must be a whole number");
  }

  const std::string unit_text = normalise_unit(rest);
  if (unit_text.empty()) {
    return fail(error, quoted(text) + " has no unit: write it like \"" + std::string(number) +
                           "h\", \"" + std::string(number) + "d\" or \"" + std::string(number) +
                           " business days\"");
  }
  const auto unit = std::find_if(kUnits.begin(), kUnits.end(),
                                 [&](const UnitWord& u) { return u.word == unit_text; });
  if (unit == kUnits.end()) {
    return fail(error, "unknown unit " + quoted(trim_spaces(rest)) + " in " + quoted(text) +
                           ": use h, hours, d, days, w, weeks, bd or business days");
  }

  std::int64_t amount = 0;
  const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), amount);
  const std::int64_t per_hour = unit->unit == Duration::Unit::hours ? 1 : kHoursPerDay;
  const bool too_long = ec != std::errc{} || end != number.data() + number.size() ||
                        amount > kMaxHours / (per_hour * unit->multiplier) ||
                        amount * per_hour * unit->multiplier >= kMaxHours;
  if (too_long)
    return fail(error, quoted(text) + " is too long: a duration must be under 10 years");

  return Duration{amount * unit->multiplier, unit->unit};
}

std::string format_duration(const Duration& d) {
  switch (d.unit) {
    case Duration::Unit::hours:
      return std::to_string(d.amount) + "h";
    case Duration::Unit::days:
      return std::to_string(d.amount) + "d";
    case Duration::Unit::business_days:
      return plural(d.amount, "business day", "business days");
  }
  return std::to_string(d.amount) + "h";
}

std::string describe_duration(const Duration& d) {
  switch (d.unit) {
    case Duration::Unit::hours:
      return plural(d.amount, "hour", "hours");
    case Duration::Unit::days:
      return plural(d.amount, "day", "days");
    case Duration::Unit::business_days:
      return plural(d.amount, "business day", "business days");
  }
  return plural(d.amount, "hour", "hours");
}

std::int64_t approximate_hours(const Duration& d) {
  return d.unit == Duration::Unit::hours ? d.amount : d.amount * kHoursPerDay;
}

bool surely_shorter(const Duration& a, const Duration& b) {
  if (a.unit == b.unit) return a.amount < b.amount;
  auto shortest = [](const Duration& d) {
    return d.unit == Duration::Unit::hours ? d.amount : d.amount * (kHoursPerDay - 1);
  };
  switch (a.unit) {
    case Duration::Unit::hours:
      return a.amount < shortest(b);
    case Duration::Unit::days:
      return a.amount * (kHoursPerDay + 1) < shortest(b);
    case Duration::Unit::business_days:
      return a.amount == 0 && shortest(b) > 0;
  }
  return false;
}

}  // namespace embargo
