// The advisory rules of core (normalize_advisory_draft, the draft JSON), the ranges as OSV reads
// them (scoring::parse_vulnerable_interval, against the event rules of the OSV schema text), and
// the exports of a published revision: the OSV record, checked by the OSV schema itself, and the
// Markdown snippet.
#include "core/advisory.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "core/advisory_json.h"
#include "formats/advisory_markdown.h"
#include "formats/cve_record.h"
#include "formats/ghsa_body.h"
#include "formats/osv_json.h"
#include "refusal.h"
#include "schema_validation.h"
#include "scoring/range_interval.h"

namespace embargo {
namespace {

using testing::refusal_of;
using testing::validate_document;

AdvisoryDraft minimal() {
  AdvisoryDraft draft;
  draft.summary = "  Path traversal in the exporter ";
  draft.affected = {{"PyPI", "pyspector", "", {">= 0.1.0, < 0.1.4"}}};
  return draft;
}

TEST(AdvisoryDraft, IsTrimmedAndNormalised) {
  AdvisoryDraft draft = minimal();
  draft.aliases = {"cve-2026-1234", "GHSA-2345-c6fg-mpqr", "CVE-2026-1234"};
  draft.cwes = {22, 22, 79};
  AdvisoryDraft out = normalize_advisory_draft(draft);
  EXPECT_EQ(out.summary, "Path traversal in the exporter");
  EXPECT_EQ(out.aliases, (std::vector<std::string>{"CVE-2026-1234", "GHSA-2345-c6fg-mpqr"}));
  EXPECT_EQ(out.cwes, (std::vector<int>{22, 79}));
  EXPECT_EQ(normalize_advisory_draft(out), out);
}

TEST(AdvisoryDraft, RefusesNamingTheFieldAndItsPosition) {
  auto field_of = [](AdvisoryDraft draft) {
    return refusal_of([&] { normalize_advisory_draft(draft); }).field();
  };
  AdvisoryDraft d = minimal();
  d.summary = " ";
  EXPECT_EQ(field_of(d), "summary");
  d = minimal();
  d.summary = std::string(201, 'a');
  EXPECT_EQ(field_of(d), "summary");
  d = minimal();
  d.summary = "two\nlines";
  EXPECT_EQ(field_of(d), "summary");
  d = minimal();
  d.affected.push_back({"Gem", "x", "", {"< 1"}});  // RubyGems is OSV's name
  EXPECT_EQ(field_of(d), "affected[2].ecosystem");
  d = minimal();
  d.affected[0].purl = "pypi/pyspector";
  EXPECT_EQ(field_of(d), "affected[1].purl");
  d = minimal();
  d.affected[0].ranges = {};
  EXPECT_EQ(field_of(d), "affected[1].ranges");
  d = minimal();
  d.references = {{ReferenceType::web, "https://example.org"}, {ReferenceType::fix, "ftp://x"}};
  EXPECT_EQ(field_of(d), "references[2].url");
  d = minimal();
  d.aliases = {"GHSA-aaaa-bbbb-cccc"};  // a, b: not in GitHub's alphabet
  EXPECT_EQ(field_of(d), "aliases[1]");
  d = minimal();
  d.credits = {{CreditRole::tool, "", ""}};
  EXPECT_EQ(field_of(d), "credits[1]");
  d = minimal();
  d.credits = {{CreditRole::analyst, "ALPHA-2026-0001", "Bob"}};
  EXPECT_EQ(field_of(d), "credits[1].name");
  d = minimal();
  d.credits = {{CreditRole::reporter, "", "Somebody"}};
  EXPECT_EQ(field_of(d), "credits[1].report");
  d = minimal();
  d.credits = {{CreditRole::tool, "", "fuzzer"}, {CreditRole::tool, "", "fuzzer"}};
  EXPECT_EQ(field_of(d), "credits[2]");
  Refusal message = refusal_of([] {
    AdvisoryDraft bad = minimal();
    bad.affected[0].ecosystem = "pypi";
    normalize_advisory_draft(bad);
  });
  EXPECT_EQ(std::string(message.what()).rfind("affected[1].ecosystem: \"pypi\"", 0), 0u)
      << message.what();
}

TEST(AdvisoryDraft, EcosystemsAreOsvsWithAnOptionalRelease) {
  EXPECT_TRUE(is_osv_ecosystem("PyPI"));
  EXPECT_TRUE(is_osv_ecosystem("crates.io"));
  EXPECT_TRUE(is_osv_ecosystem("Debian:12"));
  EXPECT_FALSE(is_osv_ecosystem("Debian:"));
  EXPECT_FALSE(is_osv_ecosystem("pypi"));
  EXPECT_FALSE(is_osv_ecosystem(""));
}

TEST(AdvisoryDraftJson, ReadsWhatItWritesAndNamesUnknownKeys) {
  AdvisoryDraft draft = normalize_advisory_draft(minimal());
  draft.details = "**bold** text";
  draft.cwes = {22};
  draft.references = {{ReferenceType::fix, "https://example.org/fix"}};
  draft.credits = {{CreditRole::finder, "PYSPECTOR-2026-0001", ""},
                   {CreditRole::remediation_developer, "", "Żaneta"}};
  boost::json::value json = advisory_draft_to_json(draft);
  EXPECT_EQ(advisory_draft_from_json(json), draft);
  EXPECT_EQ(refusal_of([] {
              advisory_draft_from_json(boost::json::parse(R"({"summary": "x", "severity": 1})"));
            }).field(),
            "severity");
  EXPECT_EQ(refusal_of([] {
              advisory_draft_from_json(boost::json::parse(
                  R"({"affected": [{"ecosystem": "PyPI", "name": "a", "ranges": [1]}]})"));
            }).field(),
            "affected[1].ranges[1]");
  EXPECT_EQ(refusal_of([] {
              advisory_draft_from_json(
                  boost::json::parse(R"({"credits": [{"role": "hero", "name": "x"}]})"));
            }).field(),
            "credits[1].role");
  EXPECT_EQ(refusal_of([] {
              advisory_draft_from_json(boost::json::parse(R"({"cwes": ["CWE-x"]})"));
            }).field(),
            "cwes[1]");
}

// OSV schema text, "affected[].ranges[].events": one introduced event ("0": before every
// version), then fixed (the first release without the bug) or last_affected, never both.
TEST(VulnerableInterval, ReadsARangeAsOsvEvents) {
  using scoring::VersionScheme;
  auto read = [](VersionScheme scheme, std::string_view text) {
    std::string error;
    auto interval = scoring::parse_vulnerable_interval(scheme, text, &error);
    EXPECT_TRUE(interval) << text << ": " << error;
    return interval.value_or(scoring::VulnerableInterval{});
  };
  auto fixed = read(VersionScheme::semver, ">= 2.0.0, < 2.3.1");
  EXPECT_EQ(fixed.introduced, "2.0.0");
  EXPECT_EQ(fixed.fixed, "2.3.1");
  EXPECT_EQ(fixed.last_affected, "");
  auto open = read(VersionScheme::semver, "<= 1.9.7");
  EXPECT_EQ(open.introduced, "0");
  EXPECT_EQ(open.last_affected, "1.9.7");
  auto one = read(VersionScheme::pep440, "= 1.0.2");
  EXPECT_EQ(one.introduced, "1.0.2");
  EXPECT_EQ(one.last_affected, "1.0.2");
  auto unbounded = read(VersionScheme::dotted, ">= 3.1");
  EXPECT_EQ(unbounded.introduced, "3.1");
  EXPECT_TRUE(unbounded.fixed.empty() && unbounded.last_affected.empty());
  // PEP 440 versions are written in their normal form, as PyPI lists them.
  EXPECT_EQ(read(VersionScheme::pep440, "< v0.1.3-beta").fixed, "0.1.3b0");

  for (const char* bad :
       {"> 1.0.0", "!= 1.0.0", ">= 1.0.0, >= 1.1.0", "< 2.0.0, <= 2.1.0", ">= 2.0.0, < 2.0.0",
        ">= 3.0.0, < 2.0.0", "= 1.0.0, < 2.0.0", "2.0.0 <"}) {
    std::string error;
    EXPECT_FALSE(scoring::parse_vulnerable_interval(VersionScheme::semver, bad, &error)) << bad;
    EXPECT_FALSE(error.empty()) << bad;
  }
  std::string error;
  scoring::parse_vulnerable_interval(VersionScheme::semver, "> 1.0.0", &error);
  EXPECT_NE(error.find("write '>='"), std::string::npos) << error;
}

PublishedAdvisory published(std::string scheme = "pep440") {
  PublishedAdvisory advisory;
  advisory.id = "PYSPECTOR-SA-2026-0001";
  advisory.program = "pyspector";
  advisory.program_name = "PySpector";
  advisory.version_scheme = std::move(scheme);
  advisory.revision = 2;
  advisory.draft.summary = "Path traversal in the *report* exporter";
  advisory.draft.details = "Upgrade.\n\n```\nexport --to ../../etc\n```";
  advisory.draft.affected = {
      {"PyPI", "pyspector", "pkg:pypi/pyspector", {">= 0.1.0, < 0.1.4", "= 0.0.9", "<= 0.0.5"}}};
  advisory.draft.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  advisory.draft.cwes = {22};
  advisory.draft.references = {{ReferenceType::fix, "https://example.org/commit/1"}};
  advisory.draft.aliases = {"CVE-2026-12345"};
  advisory.credits = {{CreditRole::finder, "Ada Lovelace"},
                      {CreditRole::remediation_developer, "- [x](javascript:alert(1))"}};
  advisory.published_at = parse_time("2026-11-02T09:00:00Z");
  advisory.modified_at = parse_time("2026-11-20T10:30:00Z");
  return advisory;
}

TEST(OsvRecord, FollowsTheSchemaAndItsRangeRules) {
  boost::json::object record =
      formats::osv_record(published(), "https://security.example.org/p/pyspector/advisories/x");
  std::string text = boost::json::serialize(record);
  auto check = validate_document("osv", text);
  EXPECT_TRUE(check.valid) << check.output << "\n" << text;

  EXPECT_EQ(record.at("id").as_string(), "x_PYSPECTOR-SA-2026-0001");
  EXPECT_EQ(record.at("modified").as_string(), "2026-11-20T10:30:00Z");
  EXPECT_EQ(record.at("published").as_string(), "2026-11-02T09:00:00Z");
  const auto& ranges = record.at("affected").as_array()[0].at("ranges").as_array();
  ASSERT_EQ(ranges.size(), 3u);
  EXPECT_EQ(boost::json::serialize(ranges[0]),
            R"({"type":"ECOSYSTEM","events":[{"introduced":"0.1.0"},{"fixed":"0.1.4"}]})");
  EXPECT_EQ(boost::json::serialize(ranges[1]),
            R"({"type":"ECOSYSTEM","events":[{"introduced":"0.0.9"},{"last_affected":"0.0.9"}]})");
  EXPECT_EQ(boost::json::serialize(ranges[2]),
            R"({"type":"ECOSYSTEM","events":[{"introduced":"0"},{"last_affected":"0.0.5"}]})");
  EXPECT_EQ(boost::json::serialize(record.at("severity")),
            R"([{"type":"CVSS_V3","score":"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"}])");
  EXPECT_EQ(boost::json::serialize(record.at("credits")),
            R"j([{"name":"Ada Lovelace","type":"FINDER"},)j"
            R"j({"name":"- [x](javascript:alert(1))","type":"REMEDIATION_DEVELOPER"}])j");
  EXPECT_FALSE(record.contains("withdrawn"));
}

TEST(OsvRecord, ASemVerProgramHasSemverRangesAndAWithdrawalIsDated) {
  PublishedAdvisory advisory = published("semver");
  advisory.draft.affected = {{"npm", "left-pad", "pkg:npm/left-pad", {">= 1.0.0, < 1.3.1"}}};
  advisory.draft.cvss_vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N";
  advisory.withdrawn = true;
  advisory.withdrawn_reason = "Not exploitable";
  advisory.withdrawn_at = parse_time("2026-11-21T08:00:00Z");
  boost::json::object record = formats::osv_record(advisory, "https://example.org/a");
  auto check = validate_document("osv", boost::json::serialize(record));
  EXPECT_TRUE(check.valid) << check.output;
  EXPECT_EQ(record.at("withdrawn").as_string(), "2026-11-21T08:00:00Z");
  EXPECT_EQ(record.at("affected").as_array()[0].at("ranges").as_array()[0].at("type").as_string(),
            "SEMVER");
  EXPECT_EQ(record.at("severity").as_array()[0].at("type").as_string(), "CVSS_V4");
}

constexpr const char* kCnaOrg = "b3476cb9-2e3d-41a6-98d0-0f47421a65b6";

TEST(CveRecord, IsAValidCveJson51RecordForTheCna) {
  boost::json::object record = formats::cve_record(
      published(), "https://security.example.org/p/pyspector/advisories/x", {kCnaOrg, "example"});
  std::string text = boost::json::serialize(record);
  auto check = validate_document("cve5", text);
  EXPECT_TRUE(check.valid) << check.output << "\n" << text;
  const auto& metadata = record.at("cveMetadata").as_object();
  EXPECT_EQ(metadata.at("cveId").as_string(), "CVE-2026-12345");
  EXPECT_EQ(metadata.at("state").as_string(), "PUBLISHED");
  const auto& cna = record.at("containers").at("cna").as_object();
  const auto& product = cna.at("affected").as_array()[0].as_object();
  EXPECT_EQ(product.at("collectionURL").as_string(), "https://pypi.python.org");
  EXPECT_EQ(product.at("packageName").as_string(), "pyspector");
  EXPECT_EQ(boost::json::serialize(product.at("versions").as_array()[0]),
            R"({"version":"0.1.0","status":"affected","versionType":"python","lessThan":"0.1.4"})");
  EXPECT_EQ(boost::json::serialize(product.at("versions").as_array()[2]),
            R"({"version":"0","status":"affected","versionType":"python",)"
            R"("lessThanOrEqual":"0.0.5"})");
  const auto& cvss = cna.at("metrics").as_array()[0].at("cvssV3_1").as_object();
  EXPECT_EQ(cvss.at("baseScore").as_double(), 9.8);  // the FIRST calculator's score of the vector
  EXPECT_EQ(cvss.at("baseSeverity").as_string(), "CRITICAL");
  EXPECT_EQ(cna.at("credits").as_array()[1].at("type").as_string(), "remediation developer");
}

TEST(CveRecord, AWithdrawnAdvisoryIsARejectedRecord) {
  PublishedAdvisory advisory = published();
  advisory.withdrawn = true;
  advisory.withdrawn_reason = "Not a vulnerability: the path is checked before use.";
  advisory.withdrawn_at = parse_time("2026-11-21T08:00:00Z");
  auto record = formats::cve_record(advisory, "https://example.org/a", {kCnaOrg, ""});
  auto check = validate_document("cve5", boost::json::serialize(record));
  EXPECT_TRUE(check.valid) << check.output;
  EXPECT_EQ(record.at("cveMetadata").at("state").as_string(), "REJECTED");
}

TEST(CveRecord, NeedsACveIdAPackageAndTheCnasUuid) {
  PublishedAdvisory advisory = published();
  EXPECT_EQ(refusal_of([&] {
              formats::cve_record(advisory, "https://x.org", {"example", ""});
            }).field(),
            "cna-org-id");
  advisory.draft.aliases = {"GHSA-2345-c6fg-mpqr"};
  EXPECT_EQ(refusal_of([&] {
              formats::cve_record(advisory, "https://x.org", {kCnaOrg, ""});
            }).field(),
            "aliases");
  advisory.draft.aliases = {"CVE-2026-12345"};
  advisory.draft.affected.clear();
  EXPECT_EQ(refusal_of([&] {
              formats::cve_record(advisory, "https://x.org", {kCnaOrg, ""});
            }).field(),
            "affected");
}

TEST(GhsaBody, IsAValidRequestBodyForGitHub) {
  boost::json::object body = formats::ghsa_body(published());
  std::string text = boost::json::serialize(body);
  auto check = validate_document("ghsa", text);
  EXPECT_TRUE(check.valid) << check.output << "\n" << text;
  const auto& vulnerabilities = body.at("vulnerabilities").as_array();
  ASSERT_EQ(vulnerabilities.size(), 3u);
  EXPECT_EQ(boost::json::serialize(vulnerabilities[0]),
            R"({"package":{"ecosystem":"pip","name":"pyspector"},)"
            R"("vulnerable_version_range":">= 0.1.0, < 0.1.4","vulnerable_functions":[],)"
            R"("patched_versions":"0.1.4"})");
  EXPECT_EQ(vulnerabilities[1].at("vulnerable_version_range").as_string(), "= 0.0.9");
  EXPECT_EQ(vulnerabilities[2].at("vulnerable_version_range").as_string(), "<= 0.0.5");
  EXPECT_TRUE(vulnerabilities[2].at("patched_versions").is_null());
  EXPECT_EQ(body.at("cve_id").as_string(), "CVE-2026-12345");
  // A CVSS 3.x vector is given as it is, and then no severity (GitHub takes one or the other).
  EXPECT_EQ(body.at("cvss_vector_string").as_string(), published().draft.cvss_vector);
  EXPECT_FALSE(body.contains("severity"));
  // GitHub credits accounts by login, which Embargo does not know: the names are in the text.
  EXPECT_FALSE(body.contains("credits"));
  std::string description(body.at("description").as_string());
  EXPECT_NE(description.find("- Ada Lovelace (finder)"), std::string::npos) << description;
}

TEST(GhsaBody, ACvss40VectorGivesItsRatingAndOtherEcosystemsAreOther) {
  PublishedAdvisory advisory = published("semver");
  advisory.draft.cvss_vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N";
  advisory.draft.affected = {{"Debian:12", "openssl", "", {"< 3.0.12"}}};
  advisory.draft.aliases.clear();
  boost::json::object body = formats::ghsa_body(advisory);
  auto check = validate_document("ghsa", boost::json::serialize(body));
  EXPECT_TRUE(check.valid) << check.output;
  EXPECT_FALSE(body.contains("cvss_vector_string"));
  EXPECT_EQ(body.at("severity").as_string(), "critical");
  EXPECT_EQ(body.at("vulnerabilities").as_array()[0].at("package").at("ecosystem").as_string(),
            "other");
  EXPECT_TRUE(body.at("cve_id").is_null());
}

TEST(AdvisoryMarkdown, ListsWhatWasPublishedAndEscapesNames) {
  std::string md = formats::advisory_markdown(published(), "https://example.org/a");
  EXPECT_NE(md.find("## PYSPECTOR-SA-2026-0001: Path traversal in the \\*report\\* exporter\n"),
            std::string::npos)
      << md;
  EXPECT_NE(md.find("- **Fixed in**: 0.1.4\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- **Aliases**: CVE-2026-12345\n"), std::string::npos) << md;
  EXPECT_NE(md.find("- Ada Lovelace (finder)\n"), std::string::npos) << md;
  // A name that reads as a list item and a link stays text.
  EXPECT_NE(md.find("- \\- \\[x\\](javascript:alert(1)) (remediation developer)\n"),
            std::string::npos)
      << md;
}

}  // namespace
}  // namespace embargo
