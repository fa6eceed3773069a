#include "formats/ghsa_body.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>
#include <variant>

#include "formats/security_md.h"
#include "scoring/cvss.h"
#include "scoring/range_interval.h"
#include "scoring/version.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

// GitHub's ecosystem names, by OSV's; anything else is "other".
constexpr std::array<std::pair<std::string_view, std::string_view>, 12> kEcosystems = {{
    {"PyPI", "pip"},
    {"npm", "npm"},
    {"RubyGems", "rubygems"},
    {"Maven", "maven"},
    {"NuGet", "nuget"},
    {"Packagist", "composer"},
    {"Go", "go"},
    {"crates.io", "rust"},
    {"Hex", "erlang"},
    {"GitHub Actions", "actions"},
    {"Pub", "pub"},
    {"SwiftURL", "swift"},
}};

std::string github_ecosystem(std::string_view osv) {
  auto it = std::find_if(kEcosystems.begin(), kEcosystems.end(),
                         [&](const auto& entry) { return entry.first == osv; });
  return std::string(it == kEcosystems.end() ? "other" : it->second);
}

// The interval as GitHub writes a vulnerable range: ">= 2.0.0, < 2.3.1", "< 1.0.6", "<= 1.9.7",
// "= 1.0.2".
std::string github_range(const scoring::VulnerableInterval& interval) {
  if (!interval.last_affected.empty() && interval.last_affected == interval.introduced) {
    return "= " + interval.introduced;
  }
  std::string range = interval.introduced == "0" ? "" : ">= " + interval.introduced;
  std::string upper = !interval.fixed.empty()           ? "< " + interval.fixed
                      : !interval.last_affected.empty() ? "<= " + interval.last_affected
                                                        : "";
  if (!range.empty() && !upper.empty()) range += ", ";
  return range + upper;
}

json::array vulnerabilities_json(const PublishedAdvisory& advisory) {
  std::string error;
  auto scheme = scoring::parse_version_scheme(advisory.version_scheme, &error);
  if (!scheme) throw std::runtime_error("advisory " + advisory.id + ": " + error);
  json::array vulnerabilities;
  for (const auto& package : advisory.draft.affected) {
    std::string ecosystem = github_ecosystem(package.ecosystem);
    for (const auto& range : package.ranges) {
      auto interval = scoring::parse_vulnerable_interval(*scheme, range, &error);
      if (!interval) throw std::runtime_error("stored range '" + range + "': " + error);
      json::object vulnerability{
          {"package", json::object{{"ecosystem", ecosystem}, {"name", package.name}}},
          {"vulnerable_version_range", github_range(*interval)},
          {"vulnerable_functions", json::array{}}};
      vulnerability["patched_versions"] =
          interval->fixed.empty() ? json::value() : json::value(interval->fixed);
      vulnerabilities.push_back(std::move(vulnerability));
    }
  }
  return vulnerabilities;
}

std::string description_of(const PublishedAdvisory& advisory) {
  std::string text =
      advisory.draft.details.empty() ? advisory.draft.summary : advisory.draft.details;
  if (!advisory.credits.empty()) {
    text += "\n\n### Credits\n\n";
    for (const auto& credit : advisory.credits) {
      std::string role(to_string(credit.role));
      std::replace(role.begin(), role.end(), '_', ' ');
      text += "- " + markdown_text(credit.name) + " (" + role + ")\n";
    }
  }
  return text;
}

}  // namespace

json::object ghsa_body(const PublishedAdvisory& advisory) {
  const AdvisoryDraft& draft = advisory.draft;
  json::object body{{"summary", draft.summary}, {"description", description_of(advisory)}};
  auto cve = std::find_if(draft.aliases.begin(), draft.aliases.end(),
                          [](const std::string& alias) { return alias.starts_with("CVE-"); });
  body["cve_id"] = cve == draft.aliases.end() ? json::value() : json::value(*cve);
  body["vulnerabilities"] = vulnerabilities_json(advisory);
  json::array cwes;
  for (int id : draft.cwes) cwes.push_back(json::value("CWE-" + std::to_string(id)));
  body["cwe_ids"] = std::move(cwes);
  if (!draft.cvss_vector.empty()) {
    auto assessed = scoring::assess_cvss(draft.cvss_vector);
    const auto* assessment = std::get_if<scoring::CvssAssessment>(&assessed);
    if (draft.cvss_vector.starts_with("CVSS:3.")) {
      body["cvss_vector_string"] = draft.cvss_vector;
    } else if (assessment != nullptr && assessment->rating != scoring::CvssRating::kNone) {
      std::string rating(scoring::to_string(assessment->rating));
      std::transform(rating.begin(), rating.end(), rating.begin(),
                     [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      body["severity"] = rating;
    }
  }
  return body;
}

}  // namespace embargo::formats
