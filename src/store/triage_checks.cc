#include "store/triage_checks.h"

#include <variant>

#include "core/error.h"
#include "core/text.h"
#include "scoring/cvss.h"
#include "scoring/cwe.h"

namespace embargo::store {
namespace {

std::optional<Severity> severity_of(scoring::CvssRating rating) {
  switch (rating) {
    case scoring::CvssRating::kNone:
      return std::nullopt;
    case scoring::CvssRating::kLow:
      return Severity::low;
    case scoring::CvssRating::kMedium:
      return Severity::medium;
    case scoring::CvssRating::kHigh:
      return Severity::high;
    case scoring::CvssRating::kCritical:
      return Severity::critical;
  }
  return std::nullopt;
}

scoring::PrereleaseSupport prerelease_support(Versions::Prerelease p) {
  switch (p) {
    case Versions::Prerelease::unstated:
      return scoring::PrereleaseSupport::unstated;
    case Versions::Prerelease::supported:
      return scoring::PrereleaseSupport::supported;
    case Versions::Prerelease::best_effort:
      return scoring::PrereleaseSupport::best_effort;
    case Versions::Prerelease::unsupported:
      return scoring::PrereleaseSupport::unsupported;
  }
  return scoring::PrereleaseSupport::unsupported;
}

}  // namespace

ScoredVector score_cvss_vector(std::string_view vector) {
  auto assessed = scoring::assess_cvss(vector);
  if (const auto* error = std::get_if<scoring::CvssError>(&assessed)) {
    throw invalid("cvss_vector", "cvss_vector: " + scoring::describe(*error));
  }
  const auto& a = std::get<scoring::CvssAssessment>(assessed);
  if (a.version == scoring::CvssVersion::k2_0) {
    throw invalid("cvss_vector",
                  "cvss_vector: CVSS 2.0 is not used for triage; give a 4.0, 3.1 "
                  "or 3.0 vector");
  }
  return {a.normalized, severity_of(a.rating)};
}

void check_cwe_exists(int id) {
  if (scoring::find_cwe(id) == nullptr) {
    throw invalid("cwe", "cwe: CWE-" + std::to_string(id) + " is not in the CWE catalogue");
  }
}

void check_version_entries(const std::string& field, const std::vector<std::string>& entries,
                           const Versions& versions) {
  scoring::VersionScheme scheme = version_scheme(versions);
  for (const auto& entry : entries) {
    std::string error;
    if (!scoring::parse_version_entry(scheme, entry, &error)) {
      std::string message = field + ": " + embargo::quoted(entry);
      message += " is not a version or range of the ";
      message += to_string(versions.scheme);
      message += " scheme: " + error;
      throw invalid(field, message);
    }
  }
}

scoring::VersionScheme version_scheme(const Versions& versions) {
  switch (versions.scheme) {
    case Versions::Scheme::semver:
      return scoring::VersionScheme::semver;
    case Versions::Scheme::pep440:
      return scoring::VersionScheme::pep440;
    case Versions::Scheme::generic:
      return scoring::VersionScheme::dotted;
  }
  return scoring::VersionScheme::dotted;
}

scoring::VersionSupport version_support(const Versions& versions, std::string_view entry) {
  std::vector<scoring::SupportRow> table;
  for (const auto& row : versions.supported) table.push_back({row.range, row.supported});
  return scoring::version_support(version_scheme(versions), entry, table,
                                  prerelease_support(versions.prerelease));
}

std::optional<std::optional<Severity>> check_triage(const Triage& before, Triage& after,
                                                    const Policy& policy) {
  std::optional<std::optional<Severity>> rated;
  if (after.cvss_vector != before.cvss_vector && !after.cvss_vector.empty()) {
    ScoredVector scored = score_cvss_vector(after.cvss_vector);
    after.cvss_vector = scored.normalized;
    rated = scored.severity;
  }
  if (after.cwe && after.cwe != before.cwe) check_cwe_exists(*after.cwe);
  check_version_entries("affected_versions", after.affected_versions, policy.versions);
  check_version_entries("fixed_versions", after.fixed_versions, policy.versions);
  return rated;
}

}  // namespace embargo::store
