// Lexical helpers shared by the parsers of versions (SemVer, PEP 440, dotted numbers) and CWE ids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace embargo::scoring {

// Versions longer than this are refused before any parsing, so no input can make a parser
// allocate without bound; real version strings are a few dozen characters.
inline constexpr std::size_t kMaxVersionLength = 256;

// Sets *error (when error is non-null) to "MESSAGE at character POSITION" (1-based) and
// returns std::nullopt, so that parsers can fail in one statement.
std::nullopt_t fail_at(std::string* error, std::string_view message, std::size_t position);

// Refuses empty and over-long input with a message naming what was being parsed.
bool check_version_length(std::string_view text, std::string_view what, std::string* error);

// Reads the decimal digits in `digits` as a uint64; std::nullopt when they overflow.
std::optional<std::uint64_t> parse_decimal(std::string_view digits);

// Compares two strings of decimal digits numerically without converting them, so that
// identifiers of any length compare correctly; leading zeros are ignored.
int compare_decimal_strings(std::string_view a, std::string_view b);

inline bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_ascii_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline char ascii_lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

}  // namespace embargo::scoring
