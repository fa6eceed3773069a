#include <thread>

#include "core/time_source.h"
#include "refusal.h"
#include "store/public_id.h"
#include "triage_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;
using std::chrono::hours;

constexpr const char* kHigh40 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:N/SC:N/SI:N/SA:N";

// Programs "alpha" (credit asked: a reporter agrees first) and "gamma" (credits by default,
// private acknowledgement for duplicates), SemVer releases.
class StoreAdvisoriesTest : public TriageStoreTest {
 protected:
  void SetUp() override {
    TriageStoreTest::SetUp();
    std::string source = triage_policy_source("gamma") + R"(
[credit]
default = "public"
private_for = ["duplicate"]
)";
    PolicyLoad load = load_policy(source, "gamma.toml");
    ASSERT_TRUE(load.policy) << load.errors.front().message;
    store_->apply_program(*load.policy, source, "cli");
  }

  // A report of the program, credited by name, moved to fixed with its triage.
  std::string fixed_report(const std::string& program, const std::string& title,
                           const std::string& name = "Ada Lovelace") {
    Submission s = test_submission(program, title);
    s.credit = {CreditChoice::Kind::name, name};
    std::string id = store_->create_report(s, "r").report.id;
    TriageUpdate triage;
    triage.cvss_vector = kHigh40;
    triage.cwe = std::optional<int>(78);
    store_->update_triage(id, triage, "handler@example.org");
    for (auto [from, to] : {std::pair{State::new_report, State::acknowledged},
                            std::pair{State::acknowledged, State::accepted},
                            std::pair{State::accepted, State::fixed}}) {
      store_->transition_report(id, team_transition(from, to));
    }
    return id;
  }

  AdvisoryDraft package_draft(const std::string& range = ">= 2.0.0, < 2.3.1") {
    AdvisoryDraft draft;
    draft.affected = {{"PyPI", "alpha-tool", "pkg:pypi/alpha-tool", {range}}};
    return draft;
  }

  Advisory create(const std::string& program, const std::vector<std::string>& reports,
                  AdvisoryDraft draft) {
    return store_->advisories().create_advisory({program, reports, std::move(draft)},
                                                "handler@example.org");
  }

  AdvisoryStore& advisories() { return store_->advisories(); }
};

TEST_F(StoreAdvisoriesTest, ADraftTakesItsReportsTitleScoreWeaknessAndReporter) {
  std::string report = fixed_report("alpha", "Command injection in the CLI");
  Advisory advisory = create("alpha", {report}, package_draft());
  EXPECT_EQ(advisory.id, format_public_id("ALPHA-SA", utc_year(system_time().now()), 1));
  EXPECT_EQ(advisory.state, AdvisoryState::draft);
  EXPECT_EQ(advisory.draft.summary, "Command injection in the CLI");
  EXPECT_EQ(advisory.draft.cvss_vector, kHigh40);
  EXPECT_EQ(advisory.draft.cwes, std::vector<int>{78});
  ASSERT_EQ(advisory.draft.credits.size(), 1u);
  EXPECT_EQ(advisory.draft.credits[0].report, report);
  EXPECT_EQ(advisory.draft.credits[0].role, CreditRole::finder);
  ASSERT_EQ(advisory.reporter_credits.size(), 1u);
  EXPECT_EQ(advisory.reporter_credits[0].line, "Ada Lovelace");
  EXPECT_TRUE(advisory.reporter_credits[0].consent_needed);  // alpha asks
  EXPECT_FALSE(advisory.reporter_credits[0].publishable());
  EXPECT_EQ(advisories().find_advisory(advisory.id)->draft, advisory.draft);
  EXPECT_EQ(advisories().advisories_of_report(report).size(), 1u);
}

TEST_F(StoreAdvisoriesTest, NothingOfADraftOrAScheduleIsPublic) {
  std::string report = fixed_report("alpha", "Path traversal");
  Advisory advisory = create("alpha", {report}, package_draft());
  advisories().schedule_advisory(advisory.id, system_time().now() + hours(24), "",
                                 "owner@example.org", system_time().now());
  EXPECT_FALSE(advisories().find_published(advisory.id));
  EXPECT_TRUE(advisories().published_revisions(advisory.id).empty());
  EXPECT_TRUE(advisories().list_published("alpha", 100).empty());
  EXPECT_TRUE(advisories().list_published("", 100).empty());
  EXPECT_EQ(store_->find_report(report)->state, State::fixed);
}

TEST_F(StoreAdvisoriesTest, BadDraftsAreRefusedNamingTheFieldAndNothingIsStored) {
  std::string report = fixed_report("alpha", "XSS");
  std::string other = fixed_report("beta", "Elsewhere");
  auto refused = [&](AdvisoryDraft draft, std::vector<std::string> reports = {}) {
    if (reports.empty()) reports = {report};
    return refusal_of([&] { create("alpha", reports, std::move(draft)); });
  };
  EXPECT_EQ(refused(package_draft("> 2.0.0")).field(), "affected[1].ranges[1]");
  EXPECT_EQ(refused(package_draft(">= two")).field(), "affected[1].ranges[1]");
  EXPECT_EQ(refused(package_draft(">= 2.4.0, < 2.3.1")).field(), "affected[1].ranges[1]");
  AdvisoryDraft ecosystem = package_draft();
  ecosystem.affected[0].ecosystem = "pypi";
  EXPECT_EQ(refused(ecosystem).field(), "affected[1].ecosystem");
  AdvisoryDraft stranger = package_draft();
  stranger.credits = {{CreditRole::finder, other, ""}};
  Refusal unknown = refused(stranger);
  EXPECT_EQ(unknown.field(), "credits[1].report");
  EXPECT_NE(std::string(unknown.what()).find(other), std::string::npos);
  AdvisoryDraft named_finder = package_draft();
  named_finder.credits = {{CreditRole::finder, "", "Somebody"}};
  EXPECT_EQ(refused(named_finder).field(), "credits[1].report");
  AdvisoryDraft cwe = package_draft();
  cwe.cwes = {999999};
  EXPECT_EQ(refused(cwe).field(), "cwes[1]");
  AdvisoryDraft vector = package_draft();
  vector.cvss_vector = "CVSS:4.0/AV:N";
  EXPECT_EQ(refused(vector).field(), "cvss_vector");
  AdvisoryDraft alias = package_draft();
  alias.aliases = {"CVE-26-1"};
  EXPECT_EQ(refused(alias).field(), "aliases[1]");
  AdvisoryDraft reference = package_draft();
  reference.references = {{ReferenceType::fix, "javascript:alert(1)"}};
  EXPECT_EQ(refused(reference).field(), "references[1].url");
  EXPECT_EQ(refused(package_draft(), {other}).field(), "reports");
  EXPECT_EQ(count("SELECT count(*) FROM advisories"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM advisory_sequences"), 0);
}

TEST_F(StoreAdvisoriesTest, SchedulingRefusesThePastAndUnacceptedReportsAndLogsEachMove) {
  std::string report = fixed_report("alpha", "Deserialisation");
  Advisory advisory = create("alpha", {report}, package_draft());
  Time at = system_time().now();
  EXPECT_EQ(refusal_of([&] {
              advisories().schedule_advisory(advisory.id, at - hours(1), "", "o", at);
            }).field(),
            "publish_at");
  store_->transition_report(report, team_transition(State::fixed, State::fixing, "incomplete fix"));
  store_->transition_report(report,
                            team_transition(State::fixing, State::needs_info, "does it work?"));
  Refusal unaccepted =
      refusal_of([&] { advisories().schedule_advisory(advisory.id, at + hours(1), "", "o", at); });
  EXPECT_EQ(unaccepted.field(), "reports");
  EXPECT_EQ(unaccepted.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(count("SELECT count(*) FROM embargo_changes"), 0);
  store_->transition_report(report, team_transition(State::needs_info, State::fixing));

  advisories().schedule_advisory(advisory.id, at + hours(1), "", "owner@example.org", at);
  EXPECT_EQ(refusal_of([&] {
              advisories().schedule_advisory(advisory.id, at + hours(2), " ", "o", at);
            }).field(),
            "reason");
  Advisory moved = advisories().schedule_advisory(advisory.id, at + hours(48),
                                                  "The release slipped", "owner@example.org", at);
  EXPECT_EQ(moved.publish_at, at + hours(48));
  ASSERT_EQ(moved.embargo_changes.size(), 2u);
  EXPECT_FALSE(moved.embargo_changes[0].from);
  EXPECT_EQ(moved.embargo_changes[1].from, at + hours(1));
  EXPECT_EQ(moved.embargo_changes[1].to, at + hours(48));
  EXPECT_EQ(moved.embargo_changes[1].reason, "The release slipped");
  EXPECT_EQ(moved.embargo_changes[1].actor, "owner@example.org");
}

TEST_F(StoreAdvisoriesTest, TheInstantPublishesOnceDisclosesTheReportAndLeavesOutUnagreedCredit) {
  std::string report = fixed_report("alpha", "SSRF");
  Advisory advisory = create("alpha", {report}, package_draft());
  Time at = system_time().now();
  advisories().schedule_advisory(advisory.id, at + hours(24), "", "owner@example.org", at);

  EXPECT_TRUE(
      advisories().publish_due_advisories(at + hours(24) - std::chrono::seconds(1)).empty());
  EXPECT_FALSE(advisories().find_published(advisory.id));
  EXPECT_EQ(advisories().publish_due_advisories(at + hours(24)),
            std::vector<std::string>{advisory.id});
  EXPECT_TRUE(advisories().publish_due_advisories(at + hours(25)).empty());

  auto published = advisories().find_published(advisory.id);
  ASSERT_TRUE(published);
  EXPECT_EQ(published->revision, 1);
  EXPECT_EQ(published->published_at, at + hours(24));
  EXPECT_EQ(published->version_scheme, "semver");
  EXPECT_TRUE(published->credits.empty());  // alpha asks, and Ada never answered
  EXPECT_EQ(advisories().find_advisory(advisory.id)->state, AdvisoryState::published);
  Report disclosed = *store_->find_report(report);
  EXPECT_EQ(disclosed.state, State::disclosed);
  EXPECT_EQ(disclosed.history.back().reason, publication_reason(advisory.id));
  EXPECT_EQ(count("SELECT count(*) FROM advisory_revisions"), 1);
}

TEST_F(StoreAdvisoriesTest, APublicationByHandWaitsForTheReporterWhereTheProgramAsks) {
  std::string report = fixed_report("alpha", "Auth bypass");
  Advisory advisory = create("alpha", {report}, package_draft());
  Refusal waiting =
      refusal_of([&] { advisories().publish_advisory(advisory.id, "o", system_time().now()); });
  EXPECT_EQ(waiting.field(), "credits[1]");
  EXPECT_EQ(waiting.kind(), Refusal::Kind::conflict);
  EXPECT_FALSE(advisories().find_published(advisory.id));

  advisories().answer_credit(advisory.id, report, CreditDecision::accepted);
  advisories().publish_advisory(advisory.id, "owner@example.org", system_time().now());
  auto published = advisories().find_published(advisory.id);
  ASSERT_TRUE(published);
  ASSERT_EQ(published->credits.size(), 1u);
  EXPECT_EQ(published->credits[0].name, "Ada Lovelace");
  EXPECT_EQ(published->credits[0].role, CreditRole::finder);
  EXPECT_EQ(refusal_of([&] {
              advisories().answer_credit(advisory.id, report, CreditDecision::declined);
            }).field(),
            "credit");
}

TEST_F(StoreAdvisoriesTest, AChangedCreditChoiceAsksAgainAndADeclineIsHonoured) {
  std::string report = fixed_report("alpha", "Open redirect");
  Advisory advisory = create("alpha", {report}, package_draft());
  advisories().answer_credit(advisory.id, report, CreditDecision::accepted);
  store_->change_credit(report, {CreditChoice::Kind::handle, "@ada"}, "reporter");
  Advisory asked = *advisories().find_advisory(advisory.id);
  EXPECT_EQ(asked.reporter_credits[0].line, "@ada");
  EXPECT_FALSE(asked.reporter_credits[0].publishable());

  advisories().answer_credit(advisory.id, report, CreditDecision::declined);
  advisories().publish_advisory(advisory.id, "owner@example.org", system_time().now());
  EXPECT_TRUE(advisories().find_published(advisory.id)->credits.empty());
}

TEST_F(StoreAdvisoriesTest, DefaultCreditPublishesAndDuplicatesAreAcknowledgedPrivately) {
  std::string original = fixed_report("gamma", "Token leak", "Grace Hopper");
  Submission s = test_submission("gamma", "Token leak again");
  s.credit = {CreditChoice::Kind::name, "Linus"};
  std::string duplicate = store_->create_report(s, "r").report.id;
  Transition closing = team_transition(State::new_report, State::duplicate, "reported before");
  closing.duplicate_of = original;
  store_->transition_report(duplicate, closing);

  Advisory advisory = create("gamma", {original, duplicate}, package_draft());
  ASSERT_EQ(advisory.reporter_credits.size(), 2u);
  EXPECT_FALSE(advisory.reporter_credits[0].consent_needed);
  EXPECT_TRUE(advisory.reporter_credits[1].private_only);
  EXPECT_EQ(refusal_of([&] {
              advisories().answer_credit(advisory.id, duplicate, CreditDecision::accepted);
            }).field(),
            "credit");
  advisories().publish_advisory(advisory.id, "owner@example.org", system_time().now());
  auto published = advisories().find_published(advisory.id);
  ASSERT_EQ(published->credits.size(), 1u);
  EXPECT_EQ(published->credits[0].name, "Grace Hopper");
  EXPECT_EQ(store_->find_report(duplicate)->state, State::duplicate);
}

TEST_F(StoreAdvisoriesTest, AnUpdateIsANewRevisionAndAWithdrawalStaysPublic) {
  std::string report = fixed_report("gamma", "Race in the uploader");
  Advisory advisory = create("gamma", {report}, package_draft());
  Time first = system_time().now() - hours(2);
  advisories().publish_advisory(advisory.id, "owner@example.org", first);
  AdvisoryDraft changed = advisories().find_advisory(advisory.id)->draft;
  changed.summary = "Race condition in the uploader";
  changed.aliases = {"cve-2026-12345"};
  Advisory edited = advisories().update_advisory(advisory.id, changed, "owner@example.org");
  EXPECT_TRUE(edited.unpublished_changes);
  EXPECT_EQ(advisories().find_published(advisory.id)->draft.summary, "Race in the uploader");

  Advisory updated =
      advisories().publish_advisory(advisory.id, "owner@example.org", first + hours(1));
  EXPECT_FALSE(updated.unpublished_changes);
  EXPECT_EQ(updated.revision, 2);
  auto latest = advisories().find_published(advisory.id);
  EXPECT_EQ(latest->draft.summary, "Race condition in the uploader");
  EXPECT_EQ(latest->draft.aliases, std::vector<std::string>{"CVE-2026-12345"});
  EXPECT_EQ(latest->published_at, first);
  EXPECT_EQ(latest->modified_at, first + hours(1));
  EXPECT_EQ(refusal_of([&] {
              advisories().publish_advisory(advisory.id, "o", system_time().now());
            }).field(),
            "state");

  EXPECT_EQ(refusal_of([&] {
              advisories().withdraw_advisory(advisory.id, "", "o", system_time().now());
            }).field(),
            "reason");
  advisories().withdraw_advisory(advisory.id, "Not a vulnerability after all", "owner@example.org",
                                 first + hours(2));
  auto withdrawn = advisories().find_published(advisory.id);
  EXPECT_TRUE(withdrawn->withdrawn);
  EXPECT_EQ(withdrawn->withdrawn_reason, "Not a vulnerability after all");
  EXPECT_EQ(withdrawn->revision, 3);
  ASSERT_EQ(advisories().published_revisions(advisory.id).size(), 3u);
  EXPECT_EQ(advisories().list_published("gamma", 10).size(), 1u);
  EXPECT_EQ(refusal_of([&] { advisories().update_advisory(advisory.id, changed, "o"); }).field(),
            "state");
}

TEST_F(StoreAdvisoriesTest, AReportBackInEvaluationBeforeTheInstantHoldsThePublication) {
  std::string report = fixed_report("gamma", "Weak hashing");
  Advisory advisory = create("gamma", {report}, package_draft());
  Time at = system_time().now();
  advisories().schedule_advisory(advisory.id, at + hours(1), "", "owner@example.org", at);
  store_->transition_report(report, team_transition(State::fixed, State::fixing, "regression"));
  store_->transition_report(report, team_transition(State::fixing, State::needs_info, "verify"));
  EXPECT_TRUE(advisories().publish_due_advisories(at + hours(2)).empty());
  EXPECT_EQ(advisories().find_advisory(advisory.id)->state, AdvisoryState::in_review);
  EXPECT_FALSE(advisories().find_published(advisory.id));
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE action = 'advisory.held'"), 1);
}

// "Published with the fix" (PySpector, the company, Pykour, PyFlashBackup): the team schedules
// the advisory for the release while the fix is being made; the publication is the release, so
// the report is fixed and disclosed at the same instant and the disclosure promise is kept.
TEST_F(StoreAdvisoriesTest, APublicationWithTheFixKeepsTheDisclosurePromise) {
  std::string source = triage_policy_source("delta") + R"(
[credit]
default = "public"

[disclosure]
starts = "fix"
embargo = "0d"
)";
  PolicyLoad load = load_policy(source, "delta.toml");
  ASSERT_TRUE(load.policy) << load.errors.front().message;
  store_->apply_program(*load.policy, source, "cli");
  std::string report = store_->create_report(test_submission("delta", "Stored XSS"), "r").report.id;
  for (auto [from, to] : {std::pair{State::new_report, State::acknowledged},
                          std::pair{State::acknowledged, State::accepted},
                          std::pair{State::accepted, State::fixing}}) {
    store_->transition_report(report, team_transition(from, to));
  }
  Advisory advisory = create("delta", {report}, package_draft());
  Time at = system_time().now();
  advisories().schedule_advisory(advisory.id, at + hours(3), "", "owner@example.org", at);
  advisories().publish_due_advisories(at + hours(3));

  Report disclosed = *store_->find_report(report);
  ASSERT_EQ(disclosed.state, State::disclosed);
  ASSERT_GE(disclosed.history.size(), 2u);
  const Transition& fixed = disclosed.history[disclosed.history.size() - 2];
  EXPECT_EQ(fixed.to, State::fixed);
  EXPECT_EQ(fixed.at, at + hours(3));
  EXPECT_EQ(disclosed.history.back().at, at + hours(3));
  bool found = false;
  for (const Clock& clock : evaluate_clocks(disclosed, *load.policy, at + hours(4))) {
    if (clock.kind != ClockKind::disclosure) continue;
    found = true;
    EXPECT_EQ(clock.status, Clock::Status::met);
  }
  EXPECT_TRUE(found);
}

TEST_F(StoreAdvisoriesTest, TwoStoresOnOneFileRacingPublishOnce) {
  std::string report = fixed_report("gamma", "Heap overflow");
  Advisory advisory = create("gamma", {report}, package_draft());
  Time at = system_time().now();
  advisories().schedule_advisory(advisory.id, at + hours(1), "", "owner@example.org", at);
  auto other = open_another(1, 16);
  std::vector<std::string> first, second;
  std::thread a([&] { first = store_->advisories().publish_due_advisories(at + hours(1)); });
  std::thread b([&] { second = other->advisories().publish_due_advisories(at + hours(1)); });
  a.join();
  b.join();
  EXPECT_EQ(first.size() + second.size(), 1u);
  EXPECT_EQ(count("SELECT count(*) FROM advisory_revisions"), 1);
  EXPECT_EQ(count("SELECT count(*) FROM transitions WHERE to_state = 'disclosed'"), 1);
}

TEST_F(StoreAdvisoriesTest, AStoreOpenedAfterTheInstantPublishesOnItsFirstPass) {
  std::string report = fixed_report("gamma", "Missed while down");
  Advisory advisory = create("gamma", {report}, package_draft());
  Time at = system_time().now();
  advisories().schedule_advisory(advisory.id, at + hours(1), "", "owner@example.org", at);
  open();
  EXPECT_EQ(store_->advisories().publish_due_advisories(at + hours(3)),
            std::vector<std::string>{advisory.id});
  EXPECT_EQ(store_->advisories().find_published(advisory.id)->modified_at, at + hours(3));
}

}  // namespace
}  // namespace embargo::store::testing
