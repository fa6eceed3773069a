#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::scoring {

// The CWE catalogue (MITRE CWE 4.15) compiled into the binary, so that triage can name,
// look up and pick a weakness without network access or data files.

enum class CweKind { kWeakness, kCategory };

// How specific a weakness is; categories have none.
enum class CweAbstraction { kNone, kPillar, kClass, kBase, kVariant, kCompound };

enum class CweStatus { kDeprecated, kObsolete, kIncomplete, kDraft, kUsable, kStable };

// MITRE's guidance on whether an entry may be used to map a vulnerability's root cause.
enum class CweMappingUsage { kAllowed, kAllowedWithReview, kDiscouraged, kProhibited };

struct CweEntry {
  int id;
  std::string_view name;
  CweKind kind;
  CweAbstraction abstraction;
  CweStatus status;
  CweMappingUsage mapping_usage;
  bool in_view_1003;
};

// The CWE release the catalogue was generated from, e.g. "4.15".
std::string_view cwe_catalogue_version();

// Every weakness and category, sorted by id.
std::span<const CweEntry> cwe_catalogue();

// The entries of NVD view 1003, sorted by id: the short list offered first by pickers.
std::span<const CweEntry> view_1003();

// The entry with this id, or nullptr when the catalogue has none.
const CweEntry* find_cwe(int id);

// Reads "CWE-79", "cwe-79" or "79" (surrounding whitespace ignored). On failure returns
// nullopt and, when error is not null, says what is wrong with the text.
std::optional<int> parse_cwe_id(std::string_view text, std::string* error);

// Why an id should not be used to classify a report: unknown, deprecated or obsolete, or
// discouraged or prohibited for mapping. Empty when the id is fine to use.
std::vector<std::string> check_cwe(int id);

// Entries whose name contains every whitespace-separated word (case-insensitive), or whose
// id is the query itself ("79", "CWE-79"). Ranked: the exact id first, then view 1003
// entries, then Base and Variant before Compound, Class, Pillar and categories, then id.
std::vector<const CweEntry*> search_cwe(std::string_view words, std::size_t limit);

std::string_view to_string(CweKind kind);
std::string_view to_string(CweAbstraction abstraction);
std::string_view to_string(CweStatus status);
std::string_view to_string(CweMappingUsage usage);

}  // namespace embargo::scoring
