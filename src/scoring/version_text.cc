#include "scoring/version_text.h"

#include <limits>

namespace embargo::scoring {

std::nullopt_t fail_at(std::string* error, std::string_view message, std::size_t position) {
  if (error != nullptr) {
    *error = std::string(message) + " at character " + std::to_string(position + 1);
  }
  return std::nullopt;
}

bool check_version_length(std::string_view text, std::string_view what, std::string* error) {
  if (text.empty()) {
    if (error != nullptr) *error = "empty " + std::string(what);
    return false;
  }
  if (text.size() > kMaxVersionLength) {
    if (error != nullptr) {
      *error = std::string(what) + " is " + std::to_string(text.size()) +
               " characters long; the limit is " + std::to_string(kMaxVersionLength);
    }
    return false;
  }
  return true;
}

std::optional<std::uint64_t> parse_decimal(std::string_view digits) {
  constexpr std::uint64_t kMax = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t value = 0;
  for (char c : digits) {
    const auto digit = static_cast<std::uint64_t>(c - '0');
    if (value > (kMax - digit) / 10) return std::nullopt;
    value = value * 10 + digit;
  }
  return value;
}

int compare_decimal_strings(std::string_view a, std::string_view b) {
  while (a.size() > 1 && a.front() == '0') a.remove_prefix(1);
  while (b.size() > 1 && b.front() == '0') b.remove_prefix(1);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

}  // namespace embargo::scoring
