#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace embargo::store::sqlite {

// The words of a report that say what it is about: lower-cased words of at least three letters
// or digits (any non-ASCII byte counts as a letter, as FTS5's unicode61 tokenizer keeps them),
// without common English words, each once, in order of first appearance, at most `limit`.
std::vector<std::string> significant_terms(std::string_view text, std::size_t limit);

// An FTS5 query matching any of the terms in the title, description or affected component:
// {title description affected_component} : ("a" OR "b" ...). Each term is quoted (inner quotes
// doubled), so no input is read as FTS5 syntax. Empty when there are no terms.
std::string similar_match(const std::vector<std::string>& terms);

}  // namespace embargo::store::sqlite
