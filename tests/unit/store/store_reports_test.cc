#include <fstream>
#include <iterator>

#include "core/error.h"
#include "core/secret.h"
#include "core/time_source.h"
#include "store/public_id.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

// Ids carry the UTC year in which the test runs, as the store stamps receipt with
// system_time().now().
std::string this_year() { return std::to_string(utc_year(system_time().now())); }

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class StoreReportsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
    store_->apply_program(test_policy("py-flash-backup", "PFB"),
                          test_policy_source("py-flash-backup", "PFB"), "cli");
  }
};

TEST_F(StoreReportsTest, StoresAReportAndFindsItById) {
  Submission s = test_submission("pyspector", "OS command injection in cli.py");
  s.fields[ReportField::severity] = "high";
  s.fields[ReportField::reporter_email] = "finder@example.org";
  s.credit = {CreditChoice::Kind::handle, "@finder"};
  Upload poc = describe_upload("poc.txt", "text/plain", std::string(120, 'x'));
  s.attachments = {poc.info};
  s.channel = "form";
  auto created = store_->create_report(s, "reporter", {poc});

  auto found = store_->find_report(created.report.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created.report.id);
  EXPECT_EQ(found->program, "pyspector");
  EXPECT_EQ(found->state, State::new_report);
  EXPECT_EQ(found->severity, Severity::high);
  EXPECT_EQ(found->submission.fields, s.fields);
  EXPECT_EQ(found->submission.credit.kind, CreditChoice::Kind::handle);
  EXPECT_EQ(found->submission.credit.text, "@finder");
  EXPECT_TRUE(found->submission.consented);
  EXPECT_EQ(found->submission.channel, "form");
  ASSERT_EQ(found->submission.attachments.size(), 1u);
  EXPECT_EQ(found->submission.attachments[0].file_name, "poc.txt");
  EXPECT_EQ(found->submission.attachments[0].size, 120u);
  EXPECT_EQ(found->received_at, created.report.received_at);
  EXPECT_TRUE(found->history.empty());
  EXPECT_FALSE(store_->find_report("PYSPECTOR-1999-0001"));
}

TEST_F(StoreReportsTest, NumbersReportsPerProgramAndYear) {
  std::string year = this_year();
  EXPECT_EQ(store_->create_report(test_submission("pyspector", "a"), "r").report.id,
            "PYSPECTOR-" + year + "-0001");
  EXPECT_EQ(store_->create_report(test_submission("pyspector", "b"), "r").report.id,
            "PYSPECTOR-" + year + "-0002");
  // Another program counts on its own, under the prefix its policy names.
  EXPECT_EQ(store_->create_report(test_submission("py-flash-backup", "c"), "r").report.id,
            "PFB-" + year + "-0001");
  EXPECT_EQ(store_->create_report(test_submission("pyspector", "d"), "r").report.id,
            "PYSPECTOR-" + year + "-0003");
}

TEST_F(StoreReportsTest, StartsANewSequenceEachYear) {
  // A sequence row for last year, as if reports had been received then.
  int year = utc_year(system_time().now());
  raw()->exec("INSERT INTO report_sequences VALUES (1, " + std::to_string(year - 1) + ", 42)");
  EXPECT_EQ(store_->create_report(test_submission("pyspector", "a"), "r").report.id,
            "PYSPECTOR-" + std::to_string(year) + "-0001");
  EXPECT_EQ(count("SELECT next FROM report_sequences WHERE year = " + std::to_string(year - 1)),
            42);
}

TEST_F(StoreReportsTest, FormatsIdsWithAtLeastFourDigits) {
  EXPECT_EQ(format_public_id("PFB", 2026, 7), "PFB-2026-0007");
  EXPECT_EQ(format_public_id("PFB", 2026, 12345), "PFB-2026-12345");
  EXPECT_EQ(id_prefix(test_policy("py-flash-backup")), "PYFLASHBACKUP");
  EXPECT_EQ(id_prefix(test_policy("py-flash-backup", "PFB")), "PFB");
}

TEST_F(StoreReportsTest, FindsAReportByItsTrackingTokenOnly) {
  auto created = store_->create_report(test_submission("pyspector", "a"), "r");
  EXPECT_EQ(created.tracking_token.size(), 43u);  // 32 bytes in unpadded base64url
  auto found = store_->find_report_by_token(created.tracking_token);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, created.report.id);
  EXPECT_FALSE(store_->find_report_by_token(new_secret()));
  EXPECT_FALSE(store_->find_report_by_token(""));
  EXPECT_FALSE(store_->find_report_by_token(hash_secret(created.tracking_token)));
}

TEST_F(StoreReportsTest, KeepsOnlyTheHashOfTheTrackingToken) {
  auto created = store_->create_report(test_submission("pyspector", "a"), "r");
  EXPECT_EQ(count("SELECT count(*) FROM reports WHERE tracking_hash = '" +
                  hash_secret(created.tracking_token) + "'"),
            1);
  store_.reset();  // closing checkpoints the log into the main file
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    EXPECT_EQ(file_bytes(entry.path()).find(created.tracking_token), std::string::npos)
        << entry.path();
  }
}

TEST_F(StoreReportsTest, ARefusedSubmissionLeavesNothingAndConsumesNoId) {
  std::int64_t events = count("SELECT count(*) FROM audit_events");
  Submission missing_description = test_submission("pyspector", "a");
  missing_description.fields.erase(ReportField::description);
  try {
    store_->create_report(missing_description, "r");
    FAIL() << "a report without its required description was stored";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.field(), "description");
  }
  try {
    store_->create_report(test_submission("nope", "a"), "r");
    FAIL() << "a report for an unknown program was stored";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::not_found);
    EXPECT_EQ(r.field(), "program");
  }
  EXPECT_EQ(count("SELECT count(*) FROM reports"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM report_sequences"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events"), events);
  EXPECT_EQ(store_->create_report(test_submission("pyspector", "b"), "r").report.id,
            "PYSPECTOR-" + this_year() + "-0001");
}

TEST_F(StoreReportsTest, AppliesAnAllowedTransitionWithItsHistory) {
  auto id = store_->create_report(test_submission("pyspector", "a"), "r").report.id;
  Report acknowledged =
      store_->transition_report(id, team_transition(State::new_report, State::acknowledged));
  EXPECT_EQ(acknowledged.state, State::acknowledged);
  store_->transition_report(
      id, team_transition(State::acknowledged, State::needs_info, "Which version?"));

  auto found = store_->find_report(id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->state, State::needs_info);
  ASSERT_EQ(found->history.size(), 2u);
  EXPECT_EQ(found->history[0].from, State::new_report);
  EXPECT_EQ(found->history[0].to, State::acknowledged);
  EXPECT_EQ(found->history[0].actor, Actor::team);
  EXPECT_EQ(found->history[0].actor_name, "handler@example.org");
  EXPECT_EQ(found->history[1].reason, "Which version?");
  EXPECT_EQ(found->updated_at, found->history[1].at);
}

TEST_F(StoreReportsTest, ARefusedTransitionLeavesTheReportAsItWas) {
  auto id = store_->create_report(test_submission("pyspector", "a"), "r").report.id;
  std::int64_t events = count("SELECT count(*) FROM audit_events");
  // new -> fixed is not in the table; a close without a reason is refused; so is a stale `from`.
  EXPECT_THROW(store_->transition_report(id, team_transition(State::new_report, State::fixed)),
               Refusal);
  EXPECT_THROW(store_->transition_report(id, team_transition(State::new_report, State::spam)),
               Refusal);
  EXPECT_THROW(store_->transition_report(id, team_transition(State::triaged, State::accepted)),
               Refusal);
  try {
    store_->transition_report("PYSPECTOR-1999-0001",
                              team_transition(State::new_report, State::acknowledged));
    FAIL() << "an unknown report was moved";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::not_found);
  }
  auto found = store_->find_report(id);
  EXPECT_EQ(found->state, State::new_report);
  EXPECT_TRUE(found->history.empty());
  EXPECT_EQ(count("SELECT count(*) FROM transitions"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM audit_events"), events);
}

TEST_F(StoreReportsTest, ADuplicatePointsAtAnOriginalOfTheSameProgram) {
  auto original = store_->create_report(test_submission("pyspector", "a"), "r").report.id;
  auto copy = store_->create_report(test_submission("pyspector", "a again"), "r").report.id;
  auto elsewhere = store_->create_report(test_submission("py-flash-backup", "b"), "r").report.id;

  Transition to_elsewhere = team_transition(State::new_report, State::duplicate, "Known");
  to_elsewhere.duplicate_of = elsewhere;
  EXPECT_THROW(store_->transition_report(copy, to_elsewhere), Refusal);
  Transition to_nothing = to_elsewhere;
  to_nothing.duplicate_of = "PYSPECTOR-1999-0001";
  EXPECT_THROW(store_->transition_report(copy, to_nothing), Refusal);
  Transition to_itself = to_elsewhere;
  to_itself.duplicate_of = copy;
  EXPECT_THROW(store_->transition_report(copy, to_itself), Refusal);
  EXPECT_EQ(store_->find_report(copy)->state, State::new_report);

  Transition to_original = to_elsewhere;
  to_original.duplicate_of = original;
  store_->transition_report(copy, to_original);
  auto found = store_->find_report(copy);
  EXPECT_EQ(found->state, State::duplicate);
  ASSERT_EQ(found->history.size(), 1u);
  EXPECT_EQ(found->history[0].duplicate_of, original);
}

}  // namespace
}  // namespace embargo::store::testing
