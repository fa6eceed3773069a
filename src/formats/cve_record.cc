#include "formats/cve_record.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <stdexcept>
#include <utility>
#include <variant>

#include "core/error.h"
#include "scoring/cvss.h"
#include "scoring/cwe.h"
#include "scoring/range_interval.h"
#include "scoring/version.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

// The package registries whose collection URL the CVE schema lists, by OSV ecosystem name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kCollections = {{
    {"PyPI", "https://pypi.python.org"},
    {"npm", "https://www.npmjs.com"},
    {"crates.io", "https://crates.io"},
    {"Go", "https://pkg.go.dev"},
    {"Maven", "https://repo.maven.apache.org/maven2"},
    {"RubyGems", "https://rubygems.org"},
    {"NuGet", "https://nuget.org/packages"},
    {"Packagist", "https://packagist.org"},
    {"Hex", "https://hex.pm"},
    {"Pub", "https://pub.dev"},
    {"Hackage", "https://hackage.haskell.org"},
}};

bool is_uuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    bool hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    if (dash ? c != '-' : !hex) return false;
  }
  return true;
}

std::string iso_millis(Time t) {
  std::string text = format_time(t);
  return text.substr(0, text.size() - 1) + ".000Z";
}

// "semver", "python" (PEP 440) or "custom": the versionType a CVE record names a scheme by.
std::string version_type(scoring::VersionScheme scheme) {
  switch (scheme) {
    case scoring::VersionScheme::semver:
      return "semver";
    case scoring::VersionScheme::pep440:
      return "python";
    case scoring::VersionScheme::dotted:
      return "custom";
  }
  return "custom";
}

// A published range was checked when it was written; one that no longer parses means the stored
// revision was damaged.
std::string damaged_range(const std::string& range, const std::string& error) {
  std::string message = "stored range '";
  message += range;
  message += "': ";
  message += error;
  return message;
}

json::object provider(const CnaIdentity& cna, Time updated) {
  json::object metadata{{"orgId", cna.org_id}, {"dateUpdated", iso_millis(updated)}};
  if (!cna.short_name.empty()) metadata["shortName"] = cna.short_name;
  return metadata;
}

json::array affected_json(const PublishedAdvisory& advisory) {
  std::string error;
  auto scheme = scoring::parse_version_scheme(advisory.version_scheme, &error);
  if (!scheme) throw std::runtime_error("advisory " + advisory.id + ": " + error);
  json::array affected;
  for (const auto& package : advisory.draft.affected) {
    json::object product{{"defaultStatus", "unaffected"}};
    std::string_view base =
        std::string_view(package.ecosystem).substr(0, package.ecosystem.find(':'));
    auto collection = std::find_if(kCollections.begin(), kCollections.end(),
                                   [&](const auto& entry) { return entry.first == base; });
    if (collection != kCollections.end()) {
      product["collectionURL"] = collection->second;
      product["packageName"] = package.name;
    } else {
      product["vendor"] = advisory.program_name;
      product["product"] = package.name;
    }
    json::array versions;
    for (const auto& range : package.ranges) {
      auto interval = scoring::parse_vulnerable_interval(*scheme, range, &error);
      if (!interval) throw std::runtime_error(damaged_range(range, error));
      json::object version{{"version", interval->introduced},
                           {"status", "affected"},
                           {"versionType", version_type(*scheme)}};
      if (!interval->fixed.empty()) version["lessThan"] = interval->fixed;
      bool single = interval->last_affected == interval->introduced;
      if (!interval->last_affected.empty() && !single) {
        version["lessThanOrEqual"] = interval->last_affected;
      }
      if (interval->fixed.empty() && interval->last_affected.empty()) version["lessThan"] = "*";
      versions.push_back(std::move(version));
    }
    product["versions"] = std::move(versions);
    affected.push_back(std::move(product));
  }
  return affected;
}

json::array metrics_json(const std::string& vector) {
  auto assessed = scoring::assess_cvss(vector);
  const auto* assessment = std::get_if<scoring::CvssAssessment>(&assessed);
  if (assessment == nullptr) return {};
  std::string rating(scoring::to_string(assessment->rating));
  std::transform(rating.begin(), rating.end(), rating.begin(),
                 [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  std::string version(scoring::to_string(assessment->version));
  json::object cvss{{"version", version},
                    {"vectorString", vector},
                    {"baseScore", assessment->base_tenths / 10.0},
                    {"baseSeverity", rating}};
  std::string key = version == "4.0" ? "cvssV4_0" : version == "3.1" ? "cvssV3_1" : "cvssV3_0";
  return {json::object{{key, std::move(cvss)}}};
}

json::array references_json(const PublishedAdvisory& advisory, std::string_view advisory_url) {
  json::array references{
      json::object{{"url", advisory_url}, {"tags", json::array{"vendor-advisory"}}}};
  for (const auto& reference : advisory.draft.references) {
    json::object entry{{"url", reference.url}};
    if (reference.type == ReferenceType::fix) entry["tags"] = json::array{"patch"};
    if (reference.type == ReferenceType::report) entry["tags"] = json::array{"issue-tracking"};
    references.push_back(std::move(entry));
  }
  return references;
}

std::string credit_type(CreditRole role) {
  std::string type(to_string(role));
  std::replace(type.begin(), type.end(), '_', ' ');
  return type;
}

}  // namespace

json::object cve_record(const PublishedAdvisory& advisory, std::string_view advisory_url,
                        const CnaIdentity& cna) {
  if (!is_uuid(cna.org_id)) {
    throw invalid_at("cna-org-id",
                     "give the UUID the CVE Program knows the submitting CNA by (no policy holds "
                     "it)");
  }
  const AdvisoryDraft& draft = advisory.draft;
  auto cve = std::find_if(draft.aliases.begin(), draft.aliases.end(),
                          [](const std::string& alias) { return alias.starts_with("CVE-"); });
  if (cve == draft.aliases.end()) {
    throw invalid_at("aliases",
                     "the advisory has no CVE id: a CNA assigns one first; add it as an alias");
  }
  json::object metadata{{"cveId", *cve},
                        {"assignerOrgId", cna.org_id},
                        {"state", advisory.withdrawn ? "REJECTED" : "PUBLISHED"}};
  if (!cna.short_name.empty()) metadata["assignerShortName"] = cna.short_name;
  metadata["datePublished"] = iso_millis(advisory.published_at);
  metadata["dateUpdated"] = iso_millis(advisory.modified_at);

  json::object container{{"providerMetadata", provider(cna, advisory.modified_at)}};
  if (advisory.withdrawn) {
    metadata["dateRejected"] = iso_millis(*advisory.withdrawn_at);
    container["rejectedReasons"] =
        json::array{json::object{{"lang", "en"}, {"value", advisory.withdrawn_reason}}};
  } else {
    if (draft.affected.empty()) {
      throw invalid_at("affected", "a CVE record names the affected product: add a package");
    }
    container["title"] = draft.summary;
    container["datePublic"] = iso_millis(advisory.published_at);
    json::object description{{"lang", "en"},
                             {"value", draft.details.empty() ? draft.summary : draft.details}};
    if (!draft.details.empty()) {
      description["supportingMedia"] = json::array{
          json::object{{"type", "text/markdown"}, {"base64", false}, {"value", draft.details}}};
    }
    container["descriptions"] = json::array{std::move(description)};
    container["affected"] = affected_json(advisory);
    if (!draft.cwes.empty()) {
      json::array descriptions;
      for (int id : draft.cwes) {
        std::string cwe = "CWE-" + std::to_string(id);
        const auto* entry = scoring::find_cwe(id);
        descriptions.push_back(
            json::object{{"lang", "en"},
                         {"cweId", cwe},
                         {"description", entry ? cwe + " " + std::string(entry->name) : cwe},
                         {"type", "CWE"}});
      }
      container["problemTypes"] =
          json::array{json::object{{"descriptions", std::move(descriptions)}}};
    }
    if (!draft.cvss_vector.empty()) {
      json::array metrics = metrics_json(draft.cvss_vector);
      if (!metrics.empty()) container["metrics"] = std::move(metrics);
    }
    container["references"] = references_json(advisory, advisory_url);
    if (!advisory.credits.empty()) {
      json::array credits;
      for (const auto& credit : advisory.credits) {
        credits.push_back(json::object{
            {"lang", "en"}, {"value", credit.name}, {"type", credit_type(credit.role)}});
      }
      container["credits"] = std::move(credits);
    }
  }
  return {{"dataType", "CVE_RECORD"},
          {"dataVersion", "5.1"},
          {"cveMetadata", std::move(metadata)},
          {"containers", json::object{{"cna", std::move(container)}}}};
}

}  // namespace embargo::formats
