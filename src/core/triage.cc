#include "core/triage.h"

#include <algorithm>

#include "core/email.h"
#include "core/error.h"
#include "core/text.h"

namespace embargo {
namespace {

bool is_label_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == ':' ||
         c == '-';
}

// Checks one handler field: empty (nobody) or an email address.
void check_handler(const std::string& field, const std::string& email) {
  if (!email.empty() && !is_valid_email(email)) {
    throw invalid(field, field + ": '" + email + "' is not an email address");
  }
}

// Account emails compare without regard to ASCII case, as the users table does.
bool same_address(std::string_view a, std::string_view b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](char x, char y) {
    auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    return lower(x) == lower(y);
  });
}

}  // namespace

bool TriageUpdate::empty() const {
  return !cvss_vector && !cwe && !affected_versions && !fixed_versions && !handler &&
         !backup_handler && !labels && !severity;
}

std::vector<std::string> normalize_labels(const std::vector<std::string>& labels) {
  std::vector<std::string> out;
  for (const auto& label : labels) {
    if (label.empty() || label.size() > kMaxLabelBytes ||
        !std::all_of(label.begin(), label.end(), is_label_char)) {
      throw invalid("labels", "labels: " + quoted(label) +
                                  " is not a label (1-40 characters of a-z, 0-9, '.', '_', ':', "
                                  "'-')");
    }
    out.push_back(label);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > kMaxLabels) {
    throw invalid("labels", "labels: at most " + std::to_string(kMaxLabels) + " per report, not " +
                                std::to_string(out.size()));
  }
  return out;
}

std::vector<std::string> normalize_version_list(const std::string& field,
                                                const std::vector<std::string>& entries) {
  if (entries.size() > kMaxVersionEntries) {
    throw invalid(field, field + ": at most " + std::to_string(kMaxVersionEntries) +
                             " entries, not " + std::to_string(entries.size()));
  }
  std::vector<std::string> out;
  for (const auto& entry : entries) {
    std::string_view trimmed = trim_spaces(entry);
    if (trimmed.empty()) throw invalid(field, field + ": an entry is empty");
    if (trimmed.size() > kMaxVersionEntryBytes) {
      throw invalid(field, field + ": an entry is longer than " +
                               std::to_string(kMaxVersionEntryBytes) + " bytes");
    }
    if (auto problem = text_problem(trimmed, false)) {
      throw invalid(field, field + ": " + quoted(trimmed) + " " + *problem);
    }
    out.emplace_back(trimmed);
  }
  return out;
}

Triage apply_triage_update(const Triage& current, const TriageUpdate& update) {
  Triage next = current;
  if (update.cvss_vector) next.cvss_vector = std::string(trim_spaces(*update.cvss_vector));
  if (update.cwe) next.cwe = *update.cwe;
  if (next.cwe && *next.cwe <= 0) {
    throw invalid("cwe", "cwe: CWE ids are positive numbers, not " + std::to_string(*next.cwe));
  }
  if (update.affected_versions) {
    next.affected_versions = normalize_version_list("affected_versions", *update.affected_versions);
  }
  if (update.fixed_versions) {
    next.fixed_versions = normalize_version_list("fixed_versions", *update.fixed_versions);
  }
  if (update.handler) next.handler = *update.handler;
  if (update.backup_handler) next.backup_handler = *update.backup_handler;
  check_handler("handler", next.handler);
  check_handler("backup_handler", next.backup_handler);
  if (!next.backup_handler.empty() && same_address(next.backup_handler, next.handler)) {
    throw invalid("backup_handler",
                  "backup_handler: the backup must be someone else than the handler");
  }
  if (update.labels) next.labels = normalize_labels(*update.labels);
  return next;
}

std::optional<Severity> severity_after(
    const std::optional<Severity>& current, const TriageUpdate& update,
    const std::optional<std::optional<Severity>>& new_vector_rating) {
  if (update.severity) return *update.severity;
  if (new_vector_rating) return *new_vector_rating;
  return current;
}

}  // namespace embargo
