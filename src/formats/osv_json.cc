#include "formats/osv_json.h"

#include <stdexcept>

#include "core/text.h"
#include "scoring/range_interval.h"
#include "scoring/version.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

constexpr const char* kSchemaVersion = "1.6.0";

scoring::VersionScheme scheme_of(const PublishedAdvisory& advisory) {
  std::string error;
  auto scheme = scoring::parse_version_scheme(advisory.version_scheme, &error);
  if (!scheme) throw std::runtime_error("advisory " + advisory.id + ": " + error);
  return *scheme;
}

json::object range_events(scoring::VersionScheme scheme, const std::string& range) {
  std::string error;
  auto interval = scoring::parse_vulnerable_interval(scheme, range, &error);
  // A published range was checked when it was written; one that no longer parses means the
  // stored revision was damaged.
  if (!interval) throw std::runtime_error("stored range '" + range + "': " + error);
  json::array events{json::object{{"introduced", interval->introduced}}};
  if (!interval->fixed.empty()) events.push_back(json::object{{"fixed", interval->fixed}});
  if (!interval->last_affected.empty()) {
    events.push_back(json::object{{"last_affected", interval->last_affected}});
  }
  return {{"type", scheme == scoring::VersionScheme::semver ? "SEMVER" : "ECOSYSTEM"},
          {"events", std::move(events)}};
}

json::array affected_json(const PublishedAdvisory& advisory) {
  scoring::VersionScheme scheme = scheme_of(advisory);
  json::array affected;
  for (const auto& package : advisory.draft.affected) {
    json::object id{{"ecosystem", package.ecosystem}, {"name", package.name}};
    if (!package.purl.empty()) id["purl"] = package.purl;
    json::array ranges;
    for (const auto& range : package.ranges) ranges.push_back(range_events(scheme, range));
    affected.push_back(json::object{{"package", std::move(id)}, {"ranges", std::move(ranges)}});
  }
  return affected;
}

}  // namespace

std::string osv_id(std::string_view advisory_id) { return "x_" + std::string(advisory_id); }

json::object osv_record(const PublishedAdvisory& advisory, std::string_view advisory_url) {
  const AdvisoryDraft& draft = advisory.draft;
  json::object record{{"schema_version", kSchemaVersion},
                      {"id", osv_id(advisory.id)},
                      {"modified", format_time(advisory.modified_at)},
                      {"published", format_time(advisory.published_at)}};
  if (advisory.withdrawn_at) record["withdrawn"] = format_time(*advisory.withdrawn_at);
  if (!draft.aliases.empty())
    record["aliases"] = json::array(draft.aliases.begin(), draft.aliases.end());
  record["summary"] = draft.summary;
  if (!draft.details.empty()) record["details"] = draft.details;
  if (!draft.cvss_vector.empty()) {
    const char* type = draft.cvss_vector.starts_with("CVSS:4.0/") ? "CVSS_V4" : "CVSS_V3";
    record["severity"] = json::array{json::object{{"type", type}, {"score", draft.cvss_vector}}};
  }
  record["affected"] = affected_json(advisory);
  json::array references{json::object{{"type", "ADVISORY"}, {"url", advisory_url}}};
  for (const auto& reference : draft.references) {
    references.push_back(
        json::object{{"type", ascii_upper(to_string(reference.type))}, {"url", reference.url}});
  }
  record["references"] = std::move(references);
  if (!advisory.credits.empty()) {
    json::array credits;
    for (const auto& credit : advisory.credits) {
      credits.push_back(
          json::object{{"name", credit.name}, {"type", ascii_upper(to_string(credit.role))}});
    }
    record["credits"] = std::move(credits);
  }
  if (!draft.cwes.empty()) {
    json::array cwes;
    for (int cwe : draft.cwes) cwes.push_back(json::value("CWE-" + std::to_string(cwe)));
    record["database_specific"] = json::object{{"cwe_ids", std::move(cwes)}};
  }
  return record;
}

}  // namespace embargo::formats
