// The CSAF 2.0 export of published advisories, checked by @secvisogram/csaf-validator-lib (the
// CSAF schema, the mandatory tests 6.1 and the recommended tests 6.2), and the file names and
// directory paths CSAF 2.0 sections 5.1 and 7.1.11 give a document.
#include "formats/csaf_document.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <vector>

#include "schema_validation.h"

namespace embargo {
namespace {

using testing::validate_document;

const formats::CsafLinks kLinks{
    "https://security.example.org/p/pyspector/csaf/2026/pyspector-sa-2026-0007.json",
    "https://security.example.org/p/pyspector/advisories/PYSPECTOR-SA-2026-0007",
    "https://github.com/ParzivalHack/PySpector"};

// Three revisions of an advisory with two ecosystems, several ranges, a CVSS 3.1 vector, typed
// credits (one in Japanese) and aliases of both kinds.
std::vector<PublishedAdvisory> revisions() {
  PublishedAdvisory first;
  first.id = "PYSPECTOR-SA-2026-0007";
  first.program = "pyspector";
  first.program_name = "PySpector";
  first.version_scheme = "pep440";
  first.draft.summary = "Path traversal in the rapport exporter (« ../ » not refused)";
  first.draft.details = "The exporter joins the **user's** path.\n\nUpgrade.";
  first.draft.affected = {
      {"PyPI", "PySpector_Core", "", {">= 0.1.0, < 0.1.4", "= 0.0.9", "<= 0.0.5"}},
      {"npm", "@pyspector/web", "", {">= 2.0, < 2.3.1", ">= 3.0"}}};
  first.draft.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  first.draft.cwes = {22, 73};
  first.draft.references = {{ReferenceType::fix, "https://github.com/ParzivalHack/x/commit/1"}};
  first.draft.aliases = {"CVE-2026-12345", "GHSA-2345-c6fg-mpqr"};
  first.credits = {{CreditRole::finder, "山田 太郎"},
                   {CreditRole::remediation_developer, "Ada Lovelace"},
                   {CreditRole::tool, "Semgrep"}};
  first.published_at = parse_time("2026-11-02T09:00:00Z");
  first.modified_at = first.published_at;
  PublishedAdvisory second = first;
  second.revision = 2;
  second.modified_at = parse_time("2026-11-20T10:30:00Z");
  PublishedAdvisory third = second;
  third.revision = 3;
  third.modified_at = parse_time("2026-11-21T08:00:00Z");
  return {first, second, third};
}

boost::json::object document_of(const std::vector<PublishedAdvisory>& history) {
  return boost::json::parse(formats::csaf_document(history, kLinks)).as_object();
}

std::vector<std::string> strings(const boost::json::value& array) {
  std::vector<std::string> out;
  for (const auto& v : array.as_array()) out.emplace_back(v.as_string());
  return out;
}

TEST(CsafDocument, PassesTheSchemaTheMandatoryAndTheRecommendedTests) {
  std::string text = formats::csaf_document(revisions(), kLinks);
  auto check = validate_document("csaf", text);
  EXPECT_TRUE(check.valid) << check.output << "\n" << text;
}

TEST(CsafDocument, TracksEveryRevisionAndTheLatestIsTheVersion) {
  auto doc = document_of(revisions());
  const auto& tracking = doc.at("document").at("tracking").as_object();
  EXPECT_EQ(tracking.at("id").as_string(), "PYSPECTOR-SA-2026-0007");
  EXPECT_EQ(tracking.at("version").as_string(), "3");
  EXPECT_EQ(tracking.at("status").as_string(), "final");
  EXPECT_EQ(tracking.at("initial_release_date").as_string(), "2026-11-02T09:00:00Z");
  EXPECT_EQ(tracking.at("current_release_date").as_string(), "2026-11-21T08:00:00Z");
  const auto& history = tracking.at("revision_history").as_array();
  ASSERT_EQ(history.size(), 3u);
  EXPECT_EQ(history[0].at("summary").as_string(), "Initial public release.");
  EXPECT_EQ(history[2].at("number").as_string(), "3");
  EXPECT_EQ(doc.at("document").at("distribution").at("tlp").at("label").as_string(), "WHITE");
  EXPECT_EQ(doc.at("document").at("references").as_array()[0].at("url").as_string(),
            kLinks.self_url);
}

TEST(CsafDocument, EachRangeIsAnAffectedProductAndEachFixAFixedOne) {
  auto doc = document_of(revisions());
  const auto& vendor = doc.at("product_tree").at("branches").as_array()[0].as_object();
  EXPECT_EQ(vendor.at("name").as_string(), "PySpector");
  const auto& packages = vendor.at("branches").as_array();
  ASSERT_EQ(packages.size(), 2u);
  const auto& python = packages[0].at("branches").as_array();
  ASSERT_EQ(python.size(), 4u);  // three ranges, one release that fixes one
  EXPECT_EQ(python[0].at("category").as_string(), "product_version_range");
  EXPECT_EQ(python[0].at("name").as_string(), "vers:pypi/>=0.1.0|<0.1.4");
  EXPECT_EQ(python[1].at("category").as_string(), "product_version");  // "= 0.0.9"
  EXPECT_EQ(python[1].at("name").as_string(), "0.0.9");
  EXPECT_EQ(python[2].at("name").as_string(), "vers:pypi/<=0.0.5");
  EXPECT_EQ(python[3].at("name").as_string(), "0.1.4");
  // purl-spec: PyPI names lower-cased with '_' as '-'; an npm scope's '@' percent-encoded.
  EXPECT_EQ(python[0].at("product").at("product_identification_helper").at("purl").as_string(),
            "pkg:pypi/pyspector-core");
  // One version's product names it in its purl.
  EXPECT_EQ(python[1].at("product").at("product_identification_helper").at("purl").as_string(),
            "pkg:pypi/pyspector-core@0.0.9");
  EXPECT_EQ(python[3].at("product").at("product_identification_helper").at("purl").as_string(),
            "pkg:pypi/pyspector-core@0.1.4");
  const auto& web = packages[1].at("branches").as_array();
  EXPECT_EQ(web[1].at("name").as_string(), "vers:pypi/>=3.0");
  EXPECT_EQ(web[0].at("product").at("product_identification_helper").at("purl").as_string(),
            "pkg:npm/%40pyspector/web");

  const auto& vulnerability = doc.at("vulnerabilities").as_array()[0].as_object();
  const auto& status = vulnerability.at("product_status").as_object();
  EXPECT_EQ(strings(status.at("known_affected")),
            (std::vector<std::string>{"CSAFPID-0001", "CSAFPID-0003", "CSAFPID-0004",
                                      "CSAFPID-0005", "CSAFPID-0007"}));
  EXPECT_EQ(strings(status.at("fixed")),
            (std::vector<std::string>{"CSAFPID-0002", "CSAFPID-0006"}));
  const auto& remediations = vulnerability.at("remediations").as_array();
  ASSERT_EQ(remediations.size(), 5u);
  EXPECT_EQ(remediations[0].at("category").as_string(), "vendor_fix");
  EXPECT_EQ(remediations[0].at("details").as_string(),
            "Update PySpector_Core to 0.1.4 or a later release.");
  EXPECT_EQ(remediations[1].at("category").as_string(), "none_available");
  EXPECT_EQ(vulnerability.at("cve").as_string(), "CVE-2026-12345");
  EXPECT_EQ(vulnerability.at("ids").as_array()[0].at("text").as_string(), "GHSA-2345-c6fg-mpqr");
  EXPECT_EQ(vulnerability.at("cwe").at("id").as_string(), "CWE-22");
  const auto& score = vulnerability.at("scores").as_array()[0].at("cvss_v3").as_object();
  EXPECT_EQ(score.at("baseScore").as_double(), 9.8);  // the FIRST calculator's score
  EXPECT_EQ(score.at("baseSeverity").as_string(), "CRITICAL");
  const auto& thanks = doc.at("document").at("acknowledgments").as_array();
  EXPECT_EQ(thanks[0].at("names").as_array()[0].as_string(), "山田 太郎");
  EXPECT_EQ(thanks[0].at("summary").as_string(), "found the vulnerability");
}

TEST(CsafDocument, ACvss40VectorIsANoteAndOnlyTheMissingScoreIsReported) {
  auto history = revisions();
  history.back().draft.cvss_vector =
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N";
  std::string text = formats::csaf_document(history, kLinks);
  auto mandatory = validate_document("csaf-mandatory", text);
  EXPECT_TRUE(mandatory.valid) << mandatory.output;
  auto recommended = validate_document("csaf", text);
  EXPECT_FALSE(recommended.valid);
  EXPECT_NE(recommended.output.find("optionalTest_6_2_3"), std::string::npos) << recommended.output;
  EXPECT_NE(recommended.output.find("INVALID (5 errors)"), std::string::npos)
      << "one missing score per affected product, nothing else\n"
      << recommended.output;
  auto doc = boost::json::parse(text).as_object();
  const auto& vulnerability = doc.at("vulnerabilities").as_array()[0].as_object();
  EXPECT_FALSE(vulnerability.contains("scores"));
  bool noted = false;
  for (const auto& note : vulnerability.at("notes").as_array()) {
    noted = noted || note.at("title").as_string() == "CVSS v4.0";
  }
  EXPECT_TRUE(noted);
}

TEST(CsafDocument, AWithdrawnAdvisorySaysWhyAndStaysValid) {
  auto history = revisions();
  PublishedAdvisory withdrawn = history.back();
  withdrawn.revision = 4;
  withdrawn.withdrawn = true;
  withdrawn.withdrawn_reason = "Not a vulnerability: the path is checked before use.";
  withdrawn.withdrawn_at = parse_time("2026-11-22T08:00:00Z");
  withdrawn.modified_at = *withdrawn.withdrawn_at;
  history.push_back(withdrawn);
  std::string text = formats::csaf_document(history, kLinks);
  auto check = validate_document("csaf", text);
  EXPECT_TRUE(check.valid) << check.output;
  auto doc = boost::json::parse(text).as_object();
  const auto& notes = doc.at("document").at("notes").as_array();
  ASSERT_EQ(notes.size(), 2u);
  EXPECT_EQ(notes[1].at("text").as_string(),
            "This advisory was withdrawn on 2026-11-22T08:00:00Z: Not a vulnerability: the path "
            "is checked before use.");
  EXPECT_EQ(doc.at("document").at("tracking").at("revision_history").as_array()[3].at("summary"),
            "Withdrawn: Not a vulnerability: the path is checked before use.");
}

TEST(CsafDocument, IsTheSameTextOnEveryCall) {
  EXPECT_EQ(formats::csaf_document(revisions(), kLinks),
            formats::csaf_document(revisions(), kLinks));
}

// A company's advisory about its own service names no package: the program is the product, and
// the publication its fix.
TEST(CsafDocument, AnAdvisoryWithoutPackagesIsAboutTheProgramItself) {
  auto history = revisions();
  history.back().draft.affected.clear();
  std::string text = formats::csaf_document(history, kLinks);
  auto check = validate_document("csaf", text);
  EXPECT_TRUE(check.valid) << check.output << "\n" << text;
  auto doc = boost::json::parse(text).as_object();
  const auto& program =
      doc.at("product_tree").at("branches").as_array()[0].at("branches").as_array()[0].as_object();
  EXPECT_EQ(program.at("name").as_string(), "PySpector");
  EXPECT_EQ(program.at("product")
                .at("product_identification_helper")
                .at("x_generic_uris")
                .as_array()[0]
                .at("uri")
                .as_string(),
            kLinks.publisher_namespace);
  const auto& vulnerability = doc.at("vulnerabilities").as_array()[0].as_object();
  EXPECT_FALSE(vulnerability.at("product_status").as_object().contains("known_affected"));
  EXPECT_EQ(strings(vulnerability.at("product_status").at("fixed")),
            std::vector<std::string>{"CSAFPID-0001"});
  EXPECT_FALSE(vulnerability.contains("scores"));  // scores name affected products
}

// The examples of CSAF 2.0 section 5.1.
TEST(CsafFileName, IsTheTrackingIdLowerCasedWithOtherCharactersAsUnderscores) {
  EXPECT_EQ(formats::csaf_file_name("Example_Company_-_2019-YH3234"),
            "example_company_-_2019-yh3234.json");
  EXPECT_EQ(formats::csaf_file_name("RHBA-2019:0024"), "rhba-2019_0024.json");
  EXPECT_EQ(formats::csaf_file_name("cisco-sa-20190513-secureboot"),
            "cisco-sa-20190513-secureboot.json");
  EXPECT_EQ(formats::csaf_file_name("2022_#01-A"), "2022_01-a.json");
  PublishedAdvisory advisory = revisions().front();
  EXPECT_EQ(formats::csaf_directory_path(advisory), "2026/pyspector-sa-2026-0007.json");
}

}  // namespace
}  // namespace embargo
