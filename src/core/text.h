#pragma once

#include <string>
#include <string_view>

namespace embargo {

// Small text helpers shared by core's value parsers and validators.

// Spaces and tabs: what may surround a value in a policy file.
bool is_space(char c);
// Strips spaces and tabs at both ends.
std::string_view trim_spaces(std::string_view s);
// Nothing but spaces, tabs and line breaks (an empty string is blank).
bool is_blank(std::string_view s);
// The text in double quotes, as error messages show values: "48 hrs".
std::string quoted(std::string_view s);

}  // namespace embargo
