#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::store::sql {

// The words of a report that say what it is about: lower-cased words of at least three letters
// or digits (any non-ASCII byte counts as a letter, as FTS5's unicode61 tokenizer keeps them),
// without common English words, each once, in order of first appearance, at most `limit`.
std::vector<std::string> significant_terms(std::string_view text, std::size_t limit);

// The words of a similar-reports query, and whether a report must have any of them or every one.
struct SimilarQuery {
  std::vector<std::string> terms;
  bool every = false;
};

// An FTS5 query matching the terms in the title, description or affected component:
// {title description affected_component} : ("a" OR "b" ...), or AND when `every`. Each term is
// quoted (inner quotes doubled), so no input is read as FTS5 syntax. Empty when there are no
// terms.
std::string similar_match(const SimilarQuery& query);

// The same query for PostgreSQL's to_tsquery('simple', ...): each term a quoted lexeme (inner
// quotes and backslashes escaped) restricted to the weights of the title (A), description (B)
// and affected component (C): 'a':ABC | 'b':ABC, or & when `every`. Empty when there are no
// terms.
std::string similar_tsquery(const SimilarQuery& query);

// A report's word, and how many reports have it (a count that may stop past the budget).
struct TermFrequency {
  std::string term;
  std::int64_t reports = 0;
};

// Chooses the query for a report's similar reports from its words that other reports share
// (`shared`: each in two reports or more), bounding the reports BM25 must rank by `budget`: BM25
// scores every report the query matches, and a word in most reports costs that many scores while
// barely changing the ranking. Normally the rarest words, at most `max_terms`, as many as keep
// their reports within the budget, any of them matching. When even the rarest word is over the
// budget, no word is telling alone but a few together may be: the rarest words are required
// together, one more at a time (at most `max_terms`), until the reports having all of them
// (`count_every`, which may stop past the budget) fit. Empty when no other report has all of
// them, or they never fit.
SimilarQuery choose_similar_query(
    std::vector<TermFrequency> shared, std::int64_t budget, std::size_t max_terms,
    const std::function<std::int64_t(const std::vector<std::string>&)>& count_every);

}  // namespace embargo::store::sql
