#include "formats/metric_words.h"

#include <cmath>
#include <cstdio>

namespace embargo::formats {
namespace {

std::string count_of(std::int64_t n, const char* unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

// "a b", or "a" alone when the smaller unit's count is 0.
std::string two_units(std::int64_t big, const char* big_unit, std::int64_t small,
                      const char* small_unit) {
  std::string words = count_of(big, big_unit);
  if (small > 0) words += " " + count_of(small, small_unit);
  return words;
}

}  // namespace

std::string elapsed_words(std::int64_t seconds) {
  constexpr std::int64_t kMinute = 60, kHour = 3600, kDay = 86400;
  if (seconds < kMinute) return "less than a minute";
  if (seconds < kHour) return count_of(seconds / kMinute, "minute");
  if (seconds < kDay) {
    return two_units(seconds / kHour, "hour", seconds % kHour / kMinute, "minute");
  }
  return two_units(seconds / kDay, "day", seconds % kDay / kHour, "hour");
}

std::string percent_words(double share) {
  char text[32];
  std::snprintf(text, sizeof text, "%.1f", std::round(share * 1000) / 10);
  std::string words = text;
  if (words.ends_with(".0")) words.resize(words.size() - 2);
  return words + "%";
}

}  // namespace embargo::formats
