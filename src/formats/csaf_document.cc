#include "formats/csaf_document.h"

#include <algorithm>
#include <array>
#include <boost/json.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <cctype>
#include <map>
#include <stdexcept>
#include <utility>
#include <variant>

#include "core/text.h"
#include "core/version.h"
#include "scoring/cvss.h"
#include "scoring/cwe.h"
#include "scoring/range_interval.h"
#include "scoring/version.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

// The package URL type (purl-spec's PURL-TYPES) of each OSV ecosystem that has one; a package of
// another ecosystem is named by a "generic" purl.
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kPurlTypes = {{
    {"PyPI", "pypi"},
    {"npm", "npm"},
    {"crates.io", "cargo"},
    {"Go", "golang"},
    {"Maven", "maven"},
    {"RubyGems", "gem"},
    {"NuGet", "nuget"},
    {"Packagist", "composer"},
    {"Hex", "hex"},
    {"Pub", "pub"},
    {"Hackage", "hackage"},
    {"CRAN", "cran"},
    {"SwiftURL", "swift"},
    {"Debian", "deb"},
    {"Ubuntu", "deb"},
    {"Alpine", "apk"},
}};

// One path segment of a purl, percent-encoded as purl-spec asks ("@scope" is "%40scope").
std::string purl_segment(std::string_view text) {
  return boost::urls::encode(text, boost::urls::unreserved_chars);
}

// The purl the team gave, or the one purl-spec derives from the ecosystem and name: namespaces
// split on '/' (npm scopes, Go module paths) or ':' (Maven's group), PyPI names normalised.
std::string package_url(const AffectedPackage& package) {
  if (!package.purl.empty()) return package.purl;
  std::string_view ecosystem =
      std::string_view(package.ecosystem).substr(0, package.ecosystem.find(':'));
  auto known = std::find_if(kPurlTypes.begin(), kPurlTypes.end(),
                            [&](const auto& entry) { return entry.first == ecosystem; });
  std::string type(known == kPurlTypes.end() ? "generic" : known->second);
  std::string name = package.name;
  if (type == "pypi") {
    std::transform(name.begin(), name.end(), name.begin(), [](unsigned char c) {
      return c == '_' || c == '.' ? '-' : static_cast<char>(std::tolower(c));
    });
  }
  if (type == "maven") std::replace(name.begin(), name.end(), ':', '/');
  std::string purl = "pkg:" + type;
  if (type == "deb" || type == "apk") purl += "/" + ascii_lower(ecosystem);
  std::size_t start = 0;
  while (true) {
    std::size_t slash = name.find('/', start);
    purl += "/" + purl_segment(std::string_view(name).substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return purl;
}

scoring::VersionScheme scheme_of(const PublishedAdvisory& advisory) {
  std::string error;
  auto scheme = scoring::parse_version_scheme(advisory.version_scheme, &error);
  if (!scheme) throw std::runtime_error("advisory " + advisory.id + ": " + error);
  return *scheme;
}

// The versioning scheme a `vers` range names: the program's scheme, as vers-spec calls it.
std::string_view vers_scheme(scoring::VersionScheme scheme) {
  switch (scheme) {
    case scoring::VersionScheme::semver:
      return "semver";
    case scoring::VersionScheme::pep440:
      return "pypi";
    case scoring::VersionScheme::dotted:
      return "generic";
  }
  return "generic";
}

// An interval in vers syntax (the notation CSAF 2.0 section 3.1.2.3 recommends for
// product_version_range): "vers:pypi/>=1.0|<1.2.3", "vers:semver/<2.0.0", "vers:generic/*".
std::string vers_range(scoring::VersionScheme scheme, const scoring::VulnerableInterval& range) {
  std::vector<std::string> constraints;
  if (range.introduced != "0") constraints.push_back(">=" + range.introduced);
  if (!range.fixed.empty()) constraints.push_back("<" + range.fixed);
  if (!range.last_affected.empty()) constraints.push_back("<=" + range.last_affected);
  std::string text = "vers:" + std::string(vers_scheme(scheme)) + "/";
  if (constraints.empty()) return text + "*";
  for (std::size_t i = 0; i < constraints.size(); ++i) text += (i ? "|" : "") + constraints[i];
  return text;
}

// A product of the tree. One version is named by the package's purl with that version; a range
// of versions by the package's purl alone.
json::object product(const std::string& name, const std::string& id, const std::string& purl,
                     const std::string& version = "") {
  std::string helper = purl;
  if (!version.empty() && purl.find('@') == std::string::npos) {
    helper += "@" + purl_segment(version);
  }
  return {{"name", name},
          {"product_id", id},
          {"product_identification_helper", json::object{{"purl", helper}}}};
}

// What a reference is, in the words of a CSAF reference's summary.
std::string_view reference_words(ReferenceType type) {
  switch (type) {
    case ReferenceType::advisory:
      return "Another advisory about this vulnerability";
    case ReferenceType::article:
      return "An article about this vulnerability";
    case ReferenceType::detection:
      return "How to detect this vulnerability";
    case ReferenceType::discussion:
      return "A discussion of this vulnerability";
    case ReferenceType::report:
      return "The report of this vulnerability";
    case ReferenceType::fix:
      return "The fix";
    case ReferenceType::introduced:
      return "The change that introduced this vulnerability";
    case ReferenceType::git:
      return "The source repository";
    case ReferenceType::package:
      return "The package";
    case ReferenceType::evidence:
      return "Evidence of this vulnerability";
    case ReferenceType::web:
      return "More about this vulnerability";
  }
  return "More about this vulnerability";
}

// What the products of the tree say about the vulnerability.
struct ProductFacts {
  json::array affected;
  json::array fixed;
  json::array remediations;
};

// The vendor branch of the product tree: one product_name branch per package, under it one
// branch per vulnerable range and one per release that fixes one.
json::object product_tree(const PublishedAdvisory& advisory, const CsafLinks& links,
                          ProductFacts& facts) {
  scoring::VersionScheme scheme = scheme_of(advisory);
  int next_id = 0;
  auto new_id = [&next_id] {
    std::string number = std::to_string(++next_id);
    return "CSAFPID-" + std::string(number.size() < 4 ? 4 - number.size() : 0, '0') + number;
  };
  json::array packages;
  for (const auto& package : advisory.draft.affected) {
    std::string purl = package_url(package);
    json::array versions;
    std::map<std::string, std::string> fixed_ids;  // release -> product id
    for (const auto& range : package.ranges) {
      std::string error;
      auto interval = scoring::parse_vulnerable_interval(scheme, range, &error);
      // A published range was checked when it was written; one that no longer parses means the
      // stored revision was damaged.
      if (!interval) {
        std::string message = "stored range '";
        message += range;
        message += "': ";
        message += error;
        throw std::runtime_error(message);
      }
      std::string id = new_id();
      bool single =
          !interval->last_affected.empty() && interval->last_affected == interval->introduced;
      json::object branch{{"category", single ? "product_version" : "product_version_range"},
                          {"name", single ? interval->introduced : vers_range(scheme, *interval)},
                          {"product", product(package.name + " " + range, id, purl,
                                              single ? interval->introduced : "")}};
      versions.push_back(std::move(branch));
      facts.affected.push_back(json::value(id));
      json::object remediation{{"product_ids", json::array{json::value(id)}}};
      if (interval->fixed.empty()) {
        remediation["category"] = "none_available";
        remediation["details"] = "No release of " + package.name + " that fixes " + range +
                                 " is named in this advisory.";
      } else {
        remediation["category"] = "vendor_fix";
        remediation["details"] =
            "Update " + package.name + " to " + interval->fixed + " or a later release.";
        remediation["url"] = links.page_url;
        if (!fixed_ids.contains(interval->fixed)) fixed_ids[interval->fixed] = new_id();
      }
      facts.remediations.push_back(std::move(remediation));
    }
    for (const auto& [release, id] : fixed_ids) {
      versions.push_back(
          json::object{{"category", "product_version"},
                       {"name", release},
                       {"product", product(package.name + " " + release, id, purl, release)}});
      facts.fixed.push_back(json::value(id));
    }
    packages.push_back(json::object{
        {"category", "product_name"}, {"name", package.name}, {"branches", std::move(versions)}});
  }
  if (advisory.draft.affected.empty()) {
    // An advisory that names no package is about what the program runs itself (a service, a
    // site): the program is the product, named by its address, and the publication is its fix.
    std::string id = new_id();
    json::object helper{
        {"x_generic_uris", json::array{json::object{{"namespace", links.publisher_namespace},
                                                    {"uri", links.publisher_namespace}}}}};
    packages.push_back(json::object{
        {"category", "product_name"},
        {"name", advisory.program_name},
        {"product", json::object{{"name", advisory.program_name},
                                 {"product_id", id},
                                 {"product_identification_helper", std::move(helper)}}}});
    facts.fixed.push_back(json::value(id));
    facts.remediations.push_back(json::object{
        {"category", "vendor_fix"},
        {"details", "Fixed by " + advisory.program_name + " when this advisory was published."},
        {"product_ids", json::array{json::value(id)}},
        {"url", links.page_url}});
  }
  return {{"branches", json::array{json::object{{"category", "vendor"},
                                                {"name", advisory.program_name},
                                                {"branches", std::move(packages)}}}}};
}

std::string severity_words(scoring::CvssRating rating) {
  std::string words(scoring::to_string(rating));
  if (!words.empty()) words[0] = static_cast<char>(std::toupper(words[0]));
  return words;
}

// A CVSS 3.x vector as a CSAF score of every affected product. CSAF 2.0 holds no CVSS 4.0 score:
// a 4.0 vector is stated in a note instead.
void add_cvss(const std::string& vector, const json::array& affected, json::object& vulnerability,
              json::array& notes, json::object& document) {
  auto assessed = scoring::assess_cvss(vector);
  const auto* assessment = std::get_if<scoring::CvssAssessment>(&assessed);
  if (assessment == nullptr) return;
  std::string words = severity_words(assessment->rating);
  document["aggregate_severity"] = json::object{{"text", words}};
  double base = assessment->base_tenths / 10.0;
  // CSAF scores name the affected products; an advisory about no affected product states its
  // vector in a note too.
  if (assessment->version == scoring::CvssVersion::k4_0 || affected.empty()) {
    std::string score = std::to_string(assessment->base_tenths / 10) + "." +
                        std::to_string(assessment->base_tenths % 10);
    notes.push_back(
        json::object{{"category", "other"},
                     {"title", "CVSS v" + std::string(scoring::to_string(assessment->version))},
                     {"text", vector + " (base score " + score + ", " + words + ")"}});
    return;
  }
  std::string version(scoring::to_string(assessment->version));
  json::object cvss{{"version", version},
                    {"vectorString", vector},
                    {"baseScore", base},
                    {"baseSeverity", ascii_upper(scoring::to_string(assessment->rating))}};
  vulnerability["scores"] =
      json::array{json::object{{"cvss_v3", std::move(cvss)}, {"products", affected}}};
}

// What a credited person did, in words, for an acknowledgment's summary.
std::string_view credit_words(CreditRole role) {
  switch (role) {
    case CreditRole::finder:
      return "found the vulnerability";
    case CreditRole::reporter:
      return "reported the vulnerability";
    case CreditRole::analyst:
      return "analysed the vulnerability";
    case CreditRole::coordinator:
      return "coordinated the disclosure";
    case CreditRole::remediation_developer:
      return "developed the fix";
    case CreditRole::remediation_reviewer:
      return "reviewed the fix";
    case CreditRole::remediation_verifier:
      return "verified the fix";
    case CreditRole::tool:
      return "the tool that found the vulnerability";
    case CreditRole::sponsor:
      return "sponsored the work";
    case CreditRole::other:
      return "contributed";
  }
  return "contributed";
}

json::object vulnerability_of(const PublishedAdvisory& advisory, const ProductFacts& facts,
                              json::object& document) {
  const AdvisoryDraft& draft = advisory.draft;
  json::object vulnerability{{"title", draft.summary},
                             {"release_date", format_time(advisory.published_at)}};
  json::array ids;
  for (const auto& alias : draft.aliases) {
    if (alias.starts_with("CVE-") && !vulnerability.contains("cve")) {
      vulnerability["cve"] = alias;
    } else {
      ids.push_back(json::object{
          {"system_name", alias.starts_with("GHSA-") ? "GitHub Security Advisory" : "CVE"},
          {"text", alias}});
    }
  }
  if (!ids.empty()) vulnerability["ids"] = std::move(ids);
  json::array notes{json::object{{"category", "description"},
                                 {"title", "Details"},
                                 {"text", draft.details.empty() ? draft.summary : draft.details}}};
  // CSAF 2.0 holds one CWE per vulnerability: the first is the weakness, the others are named.
  for (std::size_t i = 0; i < draft.cwes.size(); ++i) {
    const auto* entry = scoring::find_cwe(draft.cwes[i]);
    std::string cwe = "CWE-" + std::to_string(draft.cwes[i]);
    std::string name = entry ? std::string(entry->name) : cwe;
    if (i == 0) {
      vulnerability["cwe"] = json::object{{"id", cwe}, {"name", name}};
    } else {
      std::string text = cwe;
      text += " ";
      text += name;
      notes.push_back(
          json::object{{"category", "other"}, {"title", "Also " + cwe}, {"text", std::move(text)}});
    }
  }
  if (!draft.cvss_vector.empty()) {
    add_cvss(draft.cvss_vector, facts.affected, vulnerability, notes, document);
  }
  vulnerability["notes"] = std::move(notes);
  json::object status;
  if (!facts.affected.empty()) status["known_affected"] = facts.affected;
  if (!facts.fixed.empty()) status["fixed"] = facts.fixed;
  vulnerability["product_status"] = std::move(status);
  vulnerability["remediations"] = facts.remediations;
  return vulnerability;
}

json::array references_of(const PublishedAdvisory& advisory, const CsafLinks& links) {
  json::array references{json::object{{"category", "self"},
                                      {"summary", "This CSAF document, at its canonical address"},
                                      {"url", links.self_url}},
                         json::object{{"category", "external"},
                                      {"summary", "The advisory on the program's page"},
                                      {"url", links.page_url}}};
  for (const auto& reference : advisory.draft.references) {
    references.push_back(json::object{{"category", "external"},
                                      {"summary", reference_words(reference.type)},
                                      {"url", reference.url}});
  }
  return references;
}

std::string revision_summary(const PublishedAdvisory& revision) {
  if (revision.withdrawn) return "Withdrawn: " + revision.withdrawn_reason;
  if (revision.revision == 1) return "Initial public release.";
  return "Updated.";
}

json::object tracking_of(std::span<const PublishedAdvisory> revisions) {
  const PublishedAdvisory& latest = revisions.back();
  json::array history;
  for (const auto& revision : revisions) {
    history.push_back(json::object{{"date", format_time(revision.modified_at)},
                                   {"number", std::to_string(revision.revision)},
                                   {"summary", revision_summary(revision)}});
  }
  return {{"id", latest.id},
          {"status", "final"},
          {"version", std::to_string(latest.revision)},
          {"initial_release_date", format_time(latest.published_at)},
          {"current_release_date", format_time(latest.modified_at)},
          {"revision_history", std::move(history)},
          {"generator",
           json::object{{"date", format_time(latest.modified_at)},
                        {"engine", json::object{{"name", "Embargo"},
                                                {"version", std::string(kEmbargoVersion)}}}}}};
}

// The value with the keys of every object in code-point order (recommended test 6.2.13).
json::value sorted(const json::value& value) {
  if (const auto* array = value.if_array()) {
    json::array out;
    for (const auto& item : *array) out.push_back(sorted(item));
    return out;
  }
  const auto* object = value.if_object();
  if (object == nullptr) return value;
  std::vector<std::string_view> keys;
  for (const auto& entry : *object) keys.push_back(entry.key());
  std::sort(keys.begin(), keys.end());
  json::object out;
  for (auto key : keys) out[key] = sorted(object->at(key));
  return out;
}

}  // namespace

std::string csaf_file_name(std::string_view tracking_id) {
  std::string name;
  for (char c : tracking_id) {
    char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool kept = (lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '+' ||
                lower == '-';
    if (kept) {
      name += lower;
    } else if (name.empty() || name.back() != '_') {
      name += '_';
    }
  }
  return name + ".json";
}

std::string csaf_directory_path(const PublishedAdvisory& advisory) {
  return format_time(advisory.published_at).substr(0, 4) + "/" + csaf_file_name(advisory.id);
}

std::string csaf_document(std::span<const PublishedAdvisory> revisions, const CsafLinks& links) {
  if (revisions.empty()) throw std::logic_error("csaf_document: no published revision");
  const PublishedAdvisory& latest = revisions.back();
  json::object document{
      {"category", "csaf_security_advisory"},
      {"csaf_version", "2.0"},
      {"lang", "en"},
      {"title", latest.draft.summary},
      {"publisher", json::object{{"category", "vendor"},
                                 {"name", latest.program_name},
                                 {"namespace", links.publisher_namespace}}},
      {"distribution", json::object{{"tlp", json::object{{"label", "WHITE"},
                                                         {"url", "https://www.first.org/tlp/"}}}}},
      {"tracking", tracking_of(revisions)},
      {"references", references_of(latest, links)}};
  json::array notes{
      json::object{{"category", "summary"}, {"title", "Summary"}, {"text", latest.draft.summary}}};
  if (latest.withdrawn) {
    notes.push_back(json::object{
        {"category", "general"},
        {"title", "Withdrawn"},
        {"text", "This advisory was withdrawn on " + format_time(*latest.withdrawn_at) + ": " +
                     latest.withdrawn_reason}});
  }
  document["notes"] = std::move(notes);
  if (!latest.credits.empty()) {
    json::array acknowledgments;
    for (const auto& credit : latest.credits) {
      acknowledgments.push_back(json::object{{"names", json::array{json::value(credit.name)}},
                                             {"summary", credit_words(credit.role)}});
    }
    document["acknowledgments"] = std::move(acknowledgments);
  }
  ProductFacts facts;
  json::object tree = product_tree(latest, links, facts);
  json::object vulnerability = vulnerability_of(latest, facts, document);
  json::object csaf{{"document", std::move(document)},
                    {"product_tree", std::move(tree)},
                    {"vulnerabilities", json::array{std::move(vulnerability)}}};
  return json::serialize(sorted(csaf));
}

}  // namespace embargo::formats
