// The end of a report's life as each seed's SECURITY.md promises it (examples/policies/ are the
// seeds as policies), walked through the store and the exports: a report of the program's own
// form, accepted, an advisory scheduled for the fix's release and published at its instant.
//   PySpector: credited by default, the GitHub advisory body with the credit, a duplicate
//     acknowledged privately; the disclosure "with the fix" kept.
//   The company: credit only as the reporter agrees ("in mutual consultation"), in the hall of
//     fame, not in the advisory.
//   The project: credit "with their permission" in the release-notes snippet: absent until the
//     reporter agrees, present after.
//   Pykour: "fixes for all maintained versions": one range per maintained branch, each in the
//     OSV record, the GitHub body and the snippet.
//   PyFlashBackup: credit asked first; the reporter declines and nobody is named.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <fstream>
#include <sstream>

#include "core/sla.h"
#include "core/time_source.h"
#include "formats/advisory_markdown.h"
#include "formats/ghsa_body.h"
#include "formats/osv_json.h"
#include "formats/report_json.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

using std::chrono::hours;
namespace json = boost::json;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SeedEndingsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    for (const char* slug : {"pyspector", "company", "project", "pykour", "pyflashbackup"}) {
      std::string path = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/" + slug + ".toml";
      PolicyLoad load = load_policy_file(path);
      ASSERT_TRUE(load.policy) << slug << ": " << load.errors.front().message;
      policies_[slug] = *load.policy;
      store_->apply_program(*load.policy, load.source, "cli");
    }
  }

  // A report as the program's form takes it, credited by name, accepted and being fixed.
  std::string report(const std::string& program, const std::string& json_text,
                     const std::string& credit = "Ada Lovelace") {
    Submission s = formats::submission_from_json(json_text, program);
    s.channel = "form";  // every seed takes reports through the web form
    s.credit = {CreditChoice::Kind::name, credit};
    std::string id = store_->create_report(s, "r").report.id;
    for (auto [from, to] : {std::pair{State::new_report, State::acknowledged},
                            std::pair{State::acknowledged, State::accepted},
                            std::pair{State::accepted, State::fixing}}) {
      store_->transition_report(id, team_transition(from, to));
    }
    return id;
  }

  std::string demo(const std::string& name) {
    return read_file(std::string(EMBARGO_SOURCE_DIR) + "/examples/demo/" + name);
  }

  // Drafts the advisory, schedules it an hour ahead and publishes it at that instant.
  PublishedAdvisory publish(const std::string& program, const std::vector<std::string>& reports,
                            AdvisoryDraft draft, Time at) {
    auto& advisories = store_->advisories();
    Advisory advisory = advisories.create_advisory({program, reports, std::move(draft)}, "owner");
    advisories.schedule_advisory(advisory.id, at + hours(1), "", "owner", at);
    EXPECT_EQ(advisories.publish_due_advisories(at + hours(1)),
              std::vector<std::string>{advisory.id});
    return *advisories.find_published(advisory.id);
  }

  std::string url(const PublishedAdvisory& a) {
    return "https://security.example.org/p/" + a.program + "/advisories/" + a.id;
  }

  std::map<std::string, Policy> policies_;
};

TEST_F(SeedEndingsTest, PySpectorCreditsByDefaultInItsGitHubAdvisoryAndDuplicatesPrivately) {
  std::string original = report("pyspector", demo("pyspector-command-injection.json"));
  Submission again =
      formats::submission_from_json(demo("pyspector-command-injection.json"), "pyspector");
  again.channel = "form";
  again.credit = {CreditChoice::Kind::name, "Second Finder"};
  std::string duplicate = store_->create_report(again, "r").report.id;
  Transition closing = team_transition(State::new_report, State::duplicate, "reported before");
  closing.duplicate_of = original;
  store_->transition_report(duplicate, closing);

  AdvisoryDraft draft;
  draft.affected = {{"PyPI", "pyspector", "pkg:pypi/pyspector", {"< 0.1.4"}}};
  Time at = system_time().now();
  PublishedAdvisory published = publish("pyspector", {original, duplicate}, draft, at);
  ASSERT_EQ(published.credits.size(), 1u);
  EXPECT_EQ(published.credits[0].name,
            "Ada Lovelace");  // "Valid reporters will be publicly credited"

  json::object ghsa = formats::ghsa_body(published);
  EXPECT_EQ(ghsa.at("vulnerabilities").as_array()[0].at("package").at("ecosystem").as_string(),
            "pip");
  EXPECT_EQ(ghsa.at("vulnerabilities").as_array()[0].at("patched_versions").as_string(), "0.1.4");
  std::string description(ghsa.at("description").as_string());
  EXPECT_NE(description.find("- Ada Lovelace (finder)"), std::string::npos) << description;
  EXPECT_EQ(description.find("Second Finder"), std::string::npos) << description;

  // Fixed and disclosed at the release's instant: the disclosure promise ("published with the
  // fix") is kept.
  Report disclosed = *store_->find_report(original);
  ASSERT_EQ(disclosed.state, State::disclosed);
  for (const Clock& clock : evaluate_clocks(disclosed, policies_["pyspector"], at + hours(2))) {
    if (clock.kind == ClockKind::disclosure) {
      EXPECT_EQ(clock.status, Clock::Status::met);
    }
  }
  EXPECT_EQ(store_->find_report(duplicate)->state, State::duplicate);
}

TEST_F(SeedEndingsTest, TheCompanyNamesAReporterOnlyInItsHallOfFameAndOnlyIfTheyAgree) {
  std::string id = report("company", demo("company-sql-injection.json"), "jo_r");
  auto& advisories = store_->advisories();
  Advisory advisory = advisories.create_advisory({"company", {id}, AdvisoryDraft{}}, "owner");
  advisories.answer_credit(advisory.id, id, CreditDecision::accepted);
  Time at = system_time().now();
  advisories.schedule_advisory(advisory.id, at + hours(1), "", "owner", at);
  advisories.publish_due_advisories(at + hours(1));
  PublishedAdvisory published = *advisories.find_published(advisory.id);
  EXPECT_TRUE(published.credits.empty());
  EXPECT_EQ(published.hall_of_fame, std::vector<std::string>{"jo_r"});
}

TEST_F(SeedEndingsTest, TheProjectCreditsInItsReleaseNotesOnlyWithPermission) {
  std::string without = report("project", demo("project-denial-of-service.json"), "Grace");
  PublishedAdvisory unnamed = publish("project", {without}, AdvisoryDraft{}, system_time().now());
  std::string notes = formats::advisory_markdown(unnamed, url(unnamed));
  EXPECT_EQ(notes.find("Grace"), std::string::npos) << notes;

  std::string with = report("project", demo("project-denial-of-service.json"), "Grace");
  auto& advisories = store_->advisories();
  Advisory advisory = advisories.create_advisory({"project", {with}, AdvisoryDraft{}}, "owner");
  advisories.answer_credit(advisory.id, with, CreditDecision::accepted);
  advisories.publish_advisory(advisory.id, "owner", system_time().now());
  PublishedAdvisory named = *advisories.find_published(advisory.id);
  notes = formats::advisory_markdown(named, url(named));
  EXPECT_NE(notes.find("- Grace (finder)"), std::string::npos) << notes;
}

TEST_F(SeedEndingsTest, PykourListsAFixForEveryMaintainedRelease) {
  std::string id = report("pykour", demo("pykour-path-traversal.json"));
  AdvisoryDraft draft;
  draft.affected = {{"PyPI", "pykour", "pkg:pypi/pykour", {">= 0.2.0, < 0.2.5", "< 0.1.9"}}};
  PublishedAdvisory published = publish("pykour", {id}, draft, system_time().now());
  json::object osv = formats::osv_record(published, url(published));
  const auto& ranges = osv.at("affected").as_array()[0].at("ranges").as_array();
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].at("events").as_array()[1].at("fixed").as_string(), "0.2.5");
  EXPECT_EQ(ranges[1].at("events").as_array()[1].at("fixed").as_string(), "0.1.9");
  json::object ghsa = formats::ghsa_body(published);
  ASSERT_EQ(ghsa.at("vulnerabilities").as_array().size(), 2u);
  EXPECT_EQ(ghsa.at("vulnerabilities").as_array()[0].at("vulnerable_version_range").as_string(),
            ">= 0.2.0, < 0.2.5");
  std::string notes = formats::advisory_markdown(published, url(published));
  EXPECT_NE(notes.find("- **Fixed in**: 0.2.5, 0.1.9\n"), std::string::npos) << notes;
}

TEST_F(SeedEndingsTest, PyFlashBackupAsksFirstAndADeclineNamesNobody) {
  std::string id = report(
      "pyflashbackup",
      R"({"description": "The backup archive is written world-readable.", "consent": false})");
  auto& advisories = store_->advisories();
  Advisory advisory = advisories.create_advisory({"pyflashbackup", {id}, AdvisoryDraft{}}, "owner");
  EXPECT_TRUE(advisory.reporter_credits[0].consent_needed);
  advisories.answer_credit(advisory.id, id, CreditDecision::declined);
  advisories.publish_advisory(advisory.id, "owner", system_time().now());
  PublishedAdvisory published = *advisories.find_published(advisory.id);
  EXPECT_TRUE(published.credits.empty());
  EXPECT_EQ(formats::advisory_markdown(published, url(published)).find("Ada"), std::string::npos);
}

}  // namespace
}  // namespace embargo::store::testing
