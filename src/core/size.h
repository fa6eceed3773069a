#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace embargo {

// Parses a byte size as a policy writes it, e.g. the largest attachment: "10 MB", "512 KiB",
// "2MB", "300 bytes". SI units (kB, MB, GB) are powers of 1000, IEC units (KiB, MiB, GiB) powers
// of 1024; units are case-insensitive; the amount is a whole number. On failure returns nullopt
// and sets *error to what was expected.
std::optional<std::uint64_t> parse_byte_size(std::string_view text, std::string* error);

}  // namespace embargo
