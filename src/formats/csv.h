#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embargo::formats {

// CSV as RFC 4180 writes it, for the exports a team opens in a spreadsheet: fields separated by
// commas, records ended by CRLF, a field quoted (its quotes doubled) when it holds a comma, a
// quote, a CR or an LF. The text is UTF-8, without a byte-order mark.
//
// Exported text comes from reporters, so every field is also protected against formula
// injection as OWASP recommends: a field that begins with '=', '+', '-', '@', a tab or a CR gets
// a leading apostrophe, so that a spreadsheet shows it as text instead of evaluating it.

// One field as written in a record.
std::string csv_field(std::string_view text);

// One record: its fields written by csv_field, separated by commas, ended by CRLF.
std::string csv_record(const std::vector<std::string>& fields);

}  // namespace embargo::formats
