#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace embargo {

// The fields a report can carry: the union of what the seed policies ask reporters for.
// A program's form chooses among them; the store keeps all of them.
enum class ReportField {
  reporter_name,       // "Full name (for credits)"; empty or "N/A" means anonymous
  reporter_email,      // contact address for the coordination
  title,
  vulnerability_type,  // "type of vulnerability"
  affected_versions,
  affected_component,  // service, URL, IPs, component or dependency affected
  severity,            // low | medium | high | critical, as the reporter judges it
  cvss_vector,         // kept as text until it is scored
  cwe,                 // "CWE-78" or "78"
  description,
  impact,
  steps_to_reproduce,
  requirements,        // what is needed to reproduce (accounts, configuration)
  suggested_fix,
};

struct ReportFieldInfo {
  ReportField field;
  std::string_view name;   // the key in policy files, forms and JSON
  std::string_view label;  // the default label on the form
  std::size_t max_bytes;   // the longest value accepted
  bool multiline;
};

std::span<const ReportFieldInfo> report_fields();
const ReportFieldInfo& info(ReportField f);
std::optional<ReportField> parse_report_field(std::string_view name);

}  // namespace embargo
