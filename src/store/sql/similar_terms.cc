#include "store/sql/similar_terms.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "core/text.h"

namespace embargo::store::sql {
namespace {

// Words that appear in any report and say nothing about what it is about.
constexpr std::array<std::string_view, 64> kStopWords = {
    "about", "after", "all",   "also",  "and",    "any",  "are",   "because", "been",    "before",
    "being", "but",   "can",   "could", "did",    "does", "for",   "from",    "had",     "has",
    "have",  "how",   "into",  "its",   "may",    "more", "not",   "now",     "one",     "only",
    "other", "our",   "out",   "over",  "should", "some", "such",  "than",    "that",    "the",
    "their", "them",  "then",  "there", "these",  "they", "this",  "those",   "through", "used",
    "using", "very",  "was",   "were",  "what",   "when", "where", "which",   "while",   "who",
    "will",  "with",  "would", "you",
};

bool is_word_byte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

}  // namespace

std::vector<std::string> significant_terms(std::string_view text, std::size_t limit) {
  std::vector<std::string> terms;
  std::unordered_set<std::string> seen;
  std::size_t i = 0;
  while (i < text.size() && terms.size() < limit) {
    while (i < text.size() && !is_word_byte(static_cast<unsigned char>(text[i]))) ++i;
    std::string word;
    while (i < text.size() && is_word_byte(static_cast<unsigned char>(text[i]))) {
      word += ascii_lower(text[i++]);
    }
    if (word.size() < 3 || word.size() > 64) continue;
    if (std::find(kStopWords.begin(), kStopWords.end(), word) != kStopWords.end()) continue;
    if (seen.insert(word).second) terms.push_back(std::move(word));
  }
  return terms;
}

std::string similar_match(const SimilarQuery& query) {
  if (query.terms.empty()) return "";
  std::string match = "{title description affected_component} : (";
  for (std::size_t i = 0; i < query.terms.size(); ++i) {
    if (i > 0) match += query.every ? " AND " : " OR ";
    match += '"';
    for (char c : query.terms[i]) {
      if (c == '"') match += '"';
      match += c;
    }
    match += '"';
  }
  return match + ")";
}

std::string similar_tsquery(const SimilarQuery& query) {
  std::string match;
  for (std::size_t i = 0; i < query.terms.size(); ++i) {
    if (i > 0) match += query.every ? " & " : " | ";
    match += '\'';
    for (char c : query.terms[i]) {
      if (c == '\'' || c == '\\') match += c;
      match += c;
    }
    match += "':ABC";
  }
  return match;
}

SimilarQuery choose_similar_query(
    std::vector<TermFrequency> shared, std::int64_t budget, std::size_t max_terms,
    const std::function<std::int64_t(const std::vector<std::string>&)>& count_every) {
  std::stable_sort(shared.begin(), shared.end(),
                   [](const auto& a, const auto& b) { return a.reports < b.reports; });
  SimilarQuery query;
  std::int64_t ranked = 0;
  for (const auto& candidate : shared) {
    if (query.terms.size() == max_terms || ranked + candidate.reports > budget) break;
    ranked += candidate.reports;
    query.terms.push_back(candidate.term);
  }
  if (!query.terms.empty() || shared.empty()) return query;

  query.every = true;
  query.terms.push_back(shared[0].term);
  for (std::size_t i = 1; i < shared.size() && i < max_terms; ++i) {
    query.terms.push_back(shared[i].term);
    std::int64_t reports = count_every(query.terms);
    if (reports < 2) break;  // only the report itself: more words cannot find more
    if (reports <= budget) return query;
  }
  return {};
}

}  // namespace embargo::store::sql
