#include "scoring/version_dotted.h"

#include <algorithm>

#include "scoring/version_text.h"

namespace embargo::scoring {

std::optional<DottedVersion> parse_dotted_version(std::string_view text, std::string* error) {
  if (!check_version_length(text, "version", error)) return std::nullopt;
  std::size_t pos = (text[0] == 'v' || text[0] == 'V') ? 1 : 0;
  DottedVersion version;
  while (true) {
    const std::size_t start = pos;
    while (pos < text.size() && is_ascii_digit(text[pos])) ++pos;
    if (pos == start) return fail_at(error, "expected a digit", start);
    const auto part = parse_decimal(text.substr(start, pos - start));
    if (!part) return fail_at(error, "version component overflows 64 bits", start);
    version.parts.push_back(*part);
    if (pos == text.size()) return version;
    if (text[pos] != '.') {
      return fail_at(error, "unexpected character '" + std::string(1, text[pos]) + "'", pos);
    }
    ++pos;
  }
}

int compare(const DottedVersion& a, const DottedVersion& b) {
  const std::size_t n = std::max(a.parts.size(), b.parts.size());
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t x = i < a.parts.size() ? a.parts[i] : 0;
    const std::uint64_t y = i < b.parts.size() ? b.parts[i] : 0;
    if (x != y) return x < y ? -1 : 1;
  }
  return 0;
}

std::string to_string(const DottedVersion& version) {
  std::string out;
  for (std::size_t i = 0; i < version.parts.size(); ++i) {
    out += (i == 0 ? "" : ".") + std::to_string(version.parts[i]);
  }
  return out;
}

}  // namespace embargo::scoring
