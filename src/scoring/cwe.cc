#include "scoring/cwe.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <tuple>
#include <utility>

#include "scoring/version_text.h"

namespace embargo::scoring {
namespace {

using K = CweKind;
using A = CweAbstraction;
using S = CweStatus;
using M = CweMappingUsage;

#include "scoring/cwe_data.inc"

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

std::string_view trim(std::string_view text) {
  while (!text.empty() && is_space(text.front())) text.remove_prefix(1);
  while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
  return text;
}

bool contains_ignoring_case(std::string_view haystack, std::string_view needle) {
  auto it = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end(),
                        [](char a, char b) { return ascii_lower(a) == ascii_lower(b); });
  return it != haystack.end();
}

std::vector<std::string_view> split_words(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && is_space(text[i])) ++i;
    std::size_t start = i;
    while (i < text.size() && !is_space(text[i])) ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// Base and Variant name concrete mistakes, so they are the better answer to a search.
int abstraction_rank(CweAbstraction abstraction) {
  switch (abstraction) {
    case A::kBase:
    case A::kVariant:
      return 0;
    case A::kCompound:
      return 1;
    case A::kClass:
      return 2;
    case A::kPillar:
      return 3;
    case A::kNone:
      return 4;
  }
  return 4;
}

}  // namespace

std::string_view cwe_catalogue_version() { return kCweVersion; }

std::span<const CweEntry> cwe_catalogue() { return kCweCatalogue; }

std::span<const CweEntry> view_1003() { return kCweView1003; }

const CweEntry* find_cwe(int id) {
  auto it = std::lower_bound(std::begin(kCweCatalogue), std::end(kCweCatalogue), id,
                             [](const CweEntry& entry, int key) { return entry.id < key; });
  if (it == std::end(kCweCatalogue) || it->id != id) return nullptr;
  return &*it;
}

std::optional<int> parse_cwe_id(std::string_view text, std::string* error) {
  auto fail = [&](std::string message) -> std::optional<int> {
    if (error != nullptr) *error = std::move(message);
    return std::nullopt;
  };
  const std::string_view trimmed = trim(text);
  if (trimmed.empty()) return fail("CWE id is empty");
  const std::string quoted = "'" + std::string(trimmed) + "'";
  std::string_view digits = trimmed;
  if (digits.size() >= 4 && ascii_lower(digits[0]) == 'c' && ascii_lower(digits[1]) == 'w' &&
      ascii_lower(digits[2]) == 'e' && digits[3] == '-') {
    digits.remove_prefix(4);
    if (digits.empty()) return fail("CWE id " + quoted + " has no number after 'CWE-'");
  }
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (digits[i] < '0' || digits[i] > '9') {
      const auto position = static_cast<std::size_t>(digits.data() - trimmed.data()) + i + 1;
      return fail("CWE id " + quoted + " is not of the form CWE-<number>: unexpected '" +
                  std::string(1, digits[i]) + "' at character " + std::to_string(position));
    }
  }
  int id = 0;
  const auto parsed = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (parsed.ec == std::errc::result_out_of_range) {
    return fail("CWE id " + quoted + " is too large (at most " +
                std::to_string(std::numeric_limits<int>::max()) + ")");
  }
  if (id == 0) return fail("CWE id " + quoted + " is zero; CWE ids start at 1");
  return id;
}

std::vector<std::string> check_cwe(int id) {
  std::vector<std::string> warnings;
  const std::string name = "CWE-" + std::to_string(id);
  const CweEntry* entry = find_cwe(id);
  if (entry == nullptr) {
    warnings.push_back(name + " is not in the CWE " + std::string(kCweVersion) + " catalogue");
    return warnings;
  }
  if (entry->status == S::kDeprecated || entry->status == S::kObsolete) {
    warnings.push_back(name + " (" + std::string(entry->name) + ") is " +
                       std::string(to_string(entry->status)) + " in CWE " +
                       std::string(kCweVersion));
  }
  if (entry->mapping_usage == M::kDiscouraged || entry->mapping_usage == M::kProhibited) {
    warnings.push_back(name + " (" + std::string(entry->name) + "): MITRE mapping usage is " +
                       std::string(to_string(entry->mapping_usage)) +
                       "; map the vulnerability to a more specific weakness");
  }
  return warnings;
}

std::vector<const CweEntry*> search_cwe(std::string_view words, std::size_t limit) {
  const std::vector<std::string_view> terms = split_words(words);
  std::vector<const CweEntry*> found;
  if (terms.empty() || limit == 0) return found;
  std::optional<int> exact_id;
  if (terms.size() == 1) exact_id = parse_cwe_id(terms.front(), nullptr);
  for (const CweEntry& entry : kCweCatalogue) {
    const bool all_words = std::all_of(terms.begin(), terms.end(), [&](std::string_view term) {
      return contains_ignoring_case(entry.name, term);
    });
    if (all_words || entry.id == exact_id) found.push_back(&entry);
  }
  auto key = [&](const CweEntry* entry) {
    return std::make_tuple(entry->id != exact_id, !entry->in_view_1003,
                           abstraction_rank(entry->abstraction), entry->id);
  };
  const std::size_t kept = std::min(limit, found.size());
  std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(kept), found.end(),
                    [&](const CweEntry* a, const CweEntry* b) { return key(a) < key(b); });
  found.resize(kept);
  return found;
}

std::string_view to_string(CweKind kind) { return kind == K::kWeakness ? "weakness" : "category"; }

std::string_view to_string(CweAbstraction abstraction) {
  switch (abstraction) {
    case A::kNone:
      return "";
    case A::kPillar:
      return "Pillar";
    case A::kClass:
      return "Class";
    case A::kBase:
      return "Base";
    case A::kVariant:
      return "Variant";
    case A::kCompound:
      return "Compound";
  }
  return "";
}

std::string_view to_string(CweStatus status) {
  switch (status) {
    case S::kDeprecated:
      return "Deprecated";
    case S::kObsolete:
      return "Obsolete";
    case S::kIncomplete:
      return "Incomplete";
    case S::kDraft:
      return "Draft";
    case S::kUsable:
      return "Usable";
    case S::kStable:
      return "Stable";
  }
  return "";
}

std::string_view to_string(CweMappingUsage usage) {
  switch (usage) {
    case M::kAllowed:
      return "Allowed";
    case M::kAllowedWithReview:
      return "Allowed-with-Review";
    case M::kDiscouraged:
      return "Discouraged";
    case M::kProhibited:
      return "Prohibited";
  }
  return "";
}

}  // namespace embargo::scoring
