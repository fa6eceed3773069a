#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace embargo {

// UTF-8 as RFC 3629 defines it, for the checks of uploaded text and form values.

// Decodes one sequence at `pos`, refusing overlong forms, surrogates and values above U+10FFFF.
// Returns the code point and advances `pos` past it, or nullopt (leaving `pos` unchanged).
std::optional<std::uint32_t> decode_utf8(std::string_view text, std::size_t& pos);

// The offset of the first byte that does not begin a valid sequence, or nullopt when all of
// `text` is valid UTF-8.
std::optional<std::size_t> invalid_utf8_at(std::string_view text);

}  // namespace embargo
