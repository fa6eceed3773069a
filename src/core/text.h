#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

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
// Strips spaces, tabs and line breaks at both ends (a form field, a line of a list).
std::string trimmed(std::string_view s);
// Line breaks as LF alone: CR LF (browsers' textareas, mail) and a bare CR become LF.
std::string unix_lines(std::string_view s);
// ASCII case mapping (addresses, ids, header names); other bytes are kept as they are.
char ascii_lower(char c);
std::string ascii_lower(std::string_view s);
std::string ascii_upper(std::string_view s);
// The items with `separator` between them: "a, b, c".
std::string joined(const std::vector<std::string>& items, std::string_view separator = ", ");
// What is wrong with a piece of text a person typed, or nullopt: it must be UTF-8 and free of
// control characters (C0, DEL, C1) other than tab and, where lines are allowed, line breaks.
std::optional<std::string> text_problem(std::string_view text, bool multiline);

}  // namespace embargo
