#include "scoring/semver.h"

#include <algorithm>

#include "scoring/version_text.h"

namespace embargo::scoring {
namespace {

bool is_identifier_char(char c) { return is_ascii_digit(c) || is_ascii_alpha(c) || c == '-'; }

bool all_digits(std::string_view s) { return std::all_of(s.begin(), s.end(), is_ascii_digit); }

// Reads one of MAJOR, MINOR, PATCH starting at *pos.
std::optional<std::uint64_t> read_core_number(std::string_view text, std::size_t* pos,
                                              std::string_view name, std::string* error) {
  const std::size_t start = *pos;
  while (*pos < text.size() && is_ascii_digit(text[*pos])) ++*pos;
  const std::string_view digits = text.substr(start, *pos - start);
  if (digits.empty()) {
    return fail_at(error, "expected a digit for the " + std::string(name) + " version", start);
  }
  if (digits.size() > 1 && digits[0] == '0') {
    return fail_at(error, "leading zero in the " + std::string(name) + " version", start);
  }
  const auto value = parse_decimal(digits);
  if (!value) {
    return fail_at(error, "the " + std::string(name) + " version overflows 64 bits", start);
  }
  return value;
}

// Reads dot-separated identifiers after '-' or '+' up to `stop` (or the end).
bool read_identifiers(std::string_view text, std::size_t* pos, char stop, bool prerelease,
                      std::vector<std::string>* out, std::string* error) {
  const std::string_view what = prerelease ? "pre-release" : "build metadata";
  while (true) {
    const std::size_t start = *pos;
    while (*pos < text.size() && is_identifier_char(text[*pos])) ++*pos;
    const std::string_view id = text.substr(start, *pos - start);
    if (id.empty()) {
      fail_at(error, "empty " + std::string(what) + " identifier", start);
      return false;
    }
    if (prerelease && id.size() > 1 && id[0] == '0' && all_digits(id)) {
      fail_at(error, "leading zero in numeric pre-release identifier", start);
      return false;
    }
    out->emplace_back(id);
    if (*pos == text.size() || text[*pos] == stop) return true;
    if (text[*pos] != '.') {
      fail_at(error,
              "invalid character '" + std::string(1, text[*pos]) + "' in " + std::string(what),
              *pos);
      return false;
    }
    ++*pos;
  }
}

int compare_identifiers(const std::string& a, const std::string& b) {
  const bool a_numeric = all_digits(a);
  const bool b_numeric = all_digits(b);
  if (a_numeric && b_numeric) return compare_decimal_strings(a, b);
  if (a_numeric != b_numeric) return a_numeric ? -1 : 1;
  const int c = a.compare(b);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

int compare_numbers(std::uint64_t a, std::uint64_t b) { return a < b ? -1 : (a > b ? 1 : 0); }

}  // namespace

std::optional<SemVer> parse_semver(std::string_view text, std::string* error) {
  if (!check_version_length(text, "SemVer version", error)) return std::nullopt;
  SemVer version;
  std::size_t pos = 0;
  std::uint64_t* parts[] = {&version.major, &version.minor, &version.patch};
  const char* names[] = {"major", "minor", "patch"};
  for (int i = 0; i < 3; ++i) {
    if (i > 0) {
      if (pos == text.size()) {
        return fail_at(error, "expected '.' and the " + std::string(names[i]) + " version", pos);
      }
      if (text[pos] != '.') {
        return fail_at(error, "expected '.' before the " + std::string(names[i]) + " version", pos);
      }
      ++pos;
    }
    const auto number = read_core_number(text, &pos, names[i], error);
    if (!number) return std::nullopt;
    *parts[i] = *number;
  }
  if (pos < text.size() && text[pos] == '-') {
    ++pos;
    if (!read_identifiers(text, &pos, '+', true, &version.prerelease, error)) return std::nullopt;
  }
  if (pos < text.size() && text[pos] == '+') {
    ++pos;
    if (!read_identifiers(text, &pos, '\0', false, &version.build, error)) return std::nullopt;
  }
  if (pos < text.size()) {
    return fail_at(error, "unexpected character '" + std::string(1, text[pos]) + "'", pos);
  }
  return version;
}

int compare(const SemVer& a, const SemVer& b) {
  if (int c = compare_numbers(a.major, b.major)) return c;
  if (int c = compare_numbers(a.minor, b.minor)) return c;
  if (int c = compare_numbers(a.patch, b.patch)) return c;
  // A version without pre-release identifiers outranks one with them (section 11.3).
  if (a.prerelease.empty() || b.prerelease.empty()) {
    if (a.prerelease.empty() && b.prerelease.empty()) return 0;
    return a.prerelease.empty() ? 1 : -1;
  }
  const std::size_t n = std::min(a.prerelease.size(), b.prerelease.size());
  for (std::size_t i = 0; i < n; ++i) {
    if (int c = compare_identifiers(a.prerelease[i], b.prerelease[i])) return c;
  }
  return compare_numbers(a.prerelease.size(), b.prerelease.size());
}

std::string to_string(const SemVer& version) {
  std::string out = std::to_string(version.major) + "." + std::to_string(version.minor) + "." +
                    std::to_string(version.patch);
  for (std::size_t i = 0; i < version.prerelease.size(); ++i) {
    out += (i == 0 ? "-" : ".") + version.prerelease[i];
  }
  for (std::size_t i = 0; i < version.build.size(); ++i) {
    out += (i == 0 ? "+" : ".") + version.build[i];
  }
  return out;
}

}  // namespace embargo::scoring
