#include "core/size.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "core/text.h"

namespace embargo {
namespace {

constexpr std::string_view kExpected = R"(expected a size like "10 MB" or "512 KiB")";
// Far above any sensible limit, low enough that no multiplication overflows.
constexpr std::uint64_t kMaxBytes = std::uint64_t{1} << 50;

struct SizeUnit {
  std::string_view word;
  std::uint64_t bytes;
};

constexpr std::array<SizeUnit, 9> kUnits = {{
    {"b", 1},
    {"byte", 1},
    {"bytes", 1},
    {"kb", 1000},
    {"mb", std::uint64_t{1000} * 1000},
    {"gb", std::uint64_t{1000} * 1000 * 1000},
    {"kib", 1024},
    {"mib", std::uint64_t{1024} * 1024},
    {"gib", std::uint64_t{1024} * 1024 * 1024},
}};

std::optional<std::uint64_t> fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return std::nullopt;
}

}  // namespace

std::optional<std::uint64_t> parse_byte_size(std::string_view text, std::string* error) {
  std::string_view s = trim_spaces(text);
  if (s.empty()) return fail(error, std::string(kExpected) + ", got an empty string");
  if (s.front() == '-') return fail(error, "negative size " + quoted(text));

  std::size_t digits = 0;
  while (digits < s.size() && std::isdigit(static_cast<unsigned char>(s[digits]))) ++digits;
  if (digits == 0) return fail(error, std::string(kExpected) + ", got " + quoted(text));
  std::string_view rest = s.substr(digits);
  if (!rest.empty() && (rest.front() == '.' || rest.front() == ',')) {
    return fail(error, quoted(text) + ": the amount must be a whole number");
  }
  while (!rest.empty() && is_space(rest.front())) rest.remove_prefix(1);
  if (rest.empty()) {
    return fail(error, quoted(text) + " has no unit: write it like \"" +
                           std::string(s.substr(0, digits)) + " MB\"");
  }
  std::string unit_text = ascii_lower(rest);
  const auto unit = std::find_if(kUnits.begin(), kUnits.end(),
                                 [&](const SizeUnit& u) { return u.word == unit_text; });
  if (unit == kUnits.end()) {
    return fail(error, "unknown unit " + quoted(rest) + " in " + quoted(text) +
                           ": use bytes, kB, MB, GB, KiB, MiB or GiB");
  }

  std::uint64_t amount = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + digits, amount);
  if (ec != std::errc{} || end != s.data() + digits || amount > kMaxBytes / unit->bytes) {
    return fail(error, quoted(text) + " is too large");
  }
  return amount * unit->bytes;
}

}  // namespace embargo
