#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/severity.h"

namespace embargo {

// The team's assessment of a report, beside what the reporter submitted: how bad it is (CVSS),
// what kind of weakness (CWE), which versions it affects and which fix it, who works on it, and
// the team's own labels. Vectors, CWE ids and versions are kept as text and checked by the
// scoring library when they are set (core depends on nothing of ours).
struct Triage {
  std::string cvss_vector;  // normalised "CVSS:4.0/..." or "CVSS:3.1/..."; empty: none
  std::optional<int> cwe;
  std::vector<std::string> affected_versions;  // versions or ranges in the program's scheme
  std::vector<std::string> fixed_versions;
  std::string handler;              // the primary handler's email; empty: nobody
  std::string backup_handler;       // empty: nobody
  std::vector<std::string> labels;  // sorted, unique

  bool operator==(const Triage&) const = default;
};

// A PATCH of a report's triage: an absent field is left as it is, a present one replaces it.
// Clearing is replacing by the empty value: "" for text, {} for lists, an empty inner optional
// for the CWE and the severity.
struct TriageUpdate {
  std::optional<std::string> cvss_vector;
  std::optional<std::optional<int>> cwe;
  std::optional<std::vector<std::string>> affected_versions;
  std::optional<std::vector<std::string>> fixed_versions;
  std::optional<std::string> handler;
  std::optional<std::string> backup_handler;
  std::optional<std::vector<std::string>> labels;
  // The team's rating. Left absent, a new CVSS vector sets it from the vector's score.
  std::optional<std::optional<Severity>> severity;

  bool empty() const;
};

inline constexpr std::size_t kMaxLabels = 20;
inline constexpr std::size_t kMaxLabelBytes = 40;
inline constexpr std::size_t kMaxVersionEntries = 50;
inline constexpr std::size_t kMaxVersionEntryBytes = 256;

// A label is 1-40 characters of a-z, 0-9, '.', '_', ':' and '-' (so it reads the same in a URL,
// a filter and a CSV). Returns the labels sorted without repeats; throws Refusal (field
// "labels") for a bad label or more than 20.
std::vector<std::string> normalize_labels(const std::vector<std::string>& labels);

// A list of versions or ranges: at most 50 entries, each one non-empty line of text of at most
// 256 bytes, trimmed of surrounding spaces. Throws Refusal naming `field`. Whether each entry
// parses in the program's scheme is the scoring library's to say (the store checks it).
std::vector<std::string> normalize_version_list(const std::string& field,
                                                const std::vector<std::string>& entries);

// The pure rules of an update, applied to `current`: labels and version lists normalised,
// handlers that are email addresses, and a backup who is not the primary handler. Throws Refusal
// naming the field. What needs the program or the catalogue (membership, the CVSS vector, the
// CWE id, version syntax) is checked by the store on the result.
Triage apply_triage_update(const Triage& current, const TriageUpdate& update);

// A report's severity after an update, the one rule every backend applies: the team's own rating
// when the update sets or clears one; otherwise, when the update brought a new CVSS vector, the
// rating of its score (`new_vector_rating`, from the scoring library; an empty inner optional for
// a 0.0 score); otherwise the severity it had.
std::optional<Severity> severity_after(
    const std::optional<Severity>& current, const TriageUpdate& update,
    const std::optional<std::optional<Severity>>& new_vector_rating);

}  // namespace embargo
