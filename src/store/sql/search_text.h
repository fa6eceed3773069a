#pragma once

#include <string>
#include <string_view>

namespace embargo::store::sql {

// Turns what a user typed into an FTS5 query that matches reports containing every word.
// Each whitespace-separated word becomes a quoted string (inner quotes doubled), so FTS5 syntax
// in the input ("NEAR(", "*", "-", "OR", a lone quote) is searched for as text, never parsed.
// Empty when the input has no words.
std::string fts_query(std::string_view text);

}  // namespace embargo::store::sql
