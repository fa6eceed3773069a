#include "core/report_field.h"

#include <array>

namespace embargo {
namespace {

constexpr std::size_t kLine = 300;
constexpr std::size_t kText = std::size_t{64} * 1024;

constexpr std::array<ReportFieldInfo, 14> kFields = {{
    {ReportField::reporter_name, "reporter_name", "Your name (for credits)", 200, false},
    {ReportField::reporter_email, "reporter_email", "Email address", 254, false},
    {ReportField::title, "title", "Title", kLine, false},
    {ReportField::vulnerability_type, "vulnerability_type", "Type of vulnerability", kLine, false},
    {ReportField::affected_versions, "affected_versions", "Affected version(s)", kLine, false},
    {ReportField::affected_component, "affected_component",
     "Affected component, service, URL or IPs", 2000, true},
    {ReportField::severity, "severity", "Severity", 16, false},
    {ReportField::cvss_vector, "cvss_vector", "CVSS vector", 200, false},
    {ReportField::cwe, "cwe", "CWE", 16, false},
    {ReportField::description, "description", "Description", kText, true},
    {ReportField::impact, "impact", "Impact", kText, true},
    {ReportField::steps_to_reproduce, "steps_to_reproduce", "Steps to reproduce", kText, true},
    {ReportField::requirements, "requirements", "Requirements to reproduce", kText, true},
    {ReportField::suggested_fix, "suggested_fix", "Suggested fix", kText, true},
}};

}  // namespace

std::span<const ReportFieldInfo> report_fields() { return kFields; }

const ReportFieldInfo& info(ReportField f) { return kFields[static_cast<std::size_t>(f)]; }

std::optional<ReportField> parse_report_field(std::string_view name) {
  for (const auto& f : kFields) {
    if (f.name == name) return f.field;
  }
  return std::nullopt;
}

}  // namespace embargo
