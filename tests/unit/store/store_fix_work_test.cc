// The work on a report's fix the reporter follows: the expected fix date with its evaluation
// (the company promises both within 7 business days), every change with its reason, told to the
// reporter; and the request to verify a fix (PySpector invites the reporter "to verify the
// patch"), with the team's patches whatever the form lets reporters send, and the answer, which
// reopens the fix when it is still vulnerable.
#include "refusal.h"
#include "triage_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;

class StoreFixWorkTest : public TriageStoreTest {
 protected:
  void SetUp() override {
    TriageStoreTest::SetUp();
    // "verifying" invites reporters to verify fixes and takes no files from them.
    std::string source = R"([program]
slug = "verifying"
name = "Verifying"

[form]
fields = [{ field = "title", required = true }, { field = "description", required = true }]

[disclosure]
reporter_may_verify = true
)";
    PolicyLoad load = load_policy(source, "verifying.toml");
    ASSERT_TRUE(load.policy) << load.errors.front().message;
    store_->apply_program(*load.policy, source, "cli");
  }

  std::string fixing(const std::string& program) {
    std::string id = add(program, "Heap overflow in the parser");
    for (auto [from, to] : {std::pair{State::new_report, State::acknowledged},
                            std::pair{State::acknowledged, State::accepted},
                            std::pair{State::accepted, State::fixing}}) {
      store_->transition_report(id, team_transition(from, to));
    }
    return id;
  }

  NewMessage team_message(const std::string& body, std::vector<Upload> uploads = {}) {
    return {Actor::team, "handler@example.org", false, body, std::move(uploads)};
  }
};

TEST_F(StoreFixWorkTest, TheExpectedDateIsToldToTheReporterAndEveryChangeNeedsAReason) {
  std::string id = add("alpha", "SQL injection");
  Report first = store_->set_expected_fix(
      id,
      {"2026-12-20", "Confirmed: the search query is built by string concatenation.", "", {}, {}},
      "handler@example.org");
  ASSERT_EQ(first.expected_fixes.size(), 1u);
  EXPECT_EQ(first.expected_fixes[0].fix_on, "2026-12-20");
  EXPECT_EQ(first.expected_fixes[0].actor, "handler@example.org");
  ASSERT_FALSE(first.messages.empty());
  const Message& told = first.messages.back();
  EXPECT_FALSE(told.internal);
  EXPECT_NE(told.body.find("Expected fix date: 2026-12-20."), std::string::npos) << told.body;
  EXPECT_NE(told.body.find("string concatenation"), std::string::npos);
  // A word the reporter can see restarts the status-update clock.
  EXPECT_EQ(first.reporter_updates.size(), 1u);

  Refusal no_reason = refusal_of([&] {
    store_->set_expected_fix(id, {"2027-01-10", "Still confirmed.", "", {}, {}}, "h");
  });
  EXPECT_EQ(no_reason.field(), "reason");
  Report moved = store_->set_expected_fix(
      id, {"2027-01-10", "Still confirmed.", "The fix needs a schema migration.", {}, {}},
      "owner@example.org");
  ASSERT_EQ(moved.expected_fixes.size(), 2u);
  EXPECT_EQ(moved.expected_fixes[1].reason, "The fix needs a schema migration.");
  EXPECT_NE(moved.messages.back().body.find(
                "The expected date moved from 2026-12-20: The fix needs a schema migration."),
            std::string::npos)
      << moved.messages.back().body;

  for (const char* bad : {"2026-13-01", "20.12.2026", "2026-02-30", ""}) {
    EXPECT_EQ(refusal_of([&] {
                store_->set_expected_fix(id, {bad, "x", "because", {}, {}}, "h");
              }).field(),
              "fix_on")
        << bad;
  }
  EXPECT_EQ(refusal_of([&] {
              store_->set_expected_fix(id, {"2027-02-01", " ", "because", {}, {}}, "h");
            }).field(),
            "evaluation");
  EXPECT_EQ(store_->find_report(id)->expected_fixes.size(), 2u);
}

TEST_F(StoreFixWorkTest, VerificationNeedsTheProgramsInvitationAndAFixInTheWorks) {
  std::string alpha = fixing("alpha");
  Refusal uninvited = refusal_of(
      [&] { store_->request_verification(alpha, "2.3.1", team_message("Does 2.3.1 fix it?")); });
  EXPECT_EQ(uninvited.field(), "verification");
  std::string fresh = add("verifying", "Not accepted yet");
  EXPECT_EQ(refusal_of([&] {
              store_->request_verification(fresh, "2.3.1", team_message("Does it?"));
            }).field(),
            "state");
  std::string id = fixing("verifying");
  EXPECT_EQ(refusal_of([&] { store_->request_verification(id, " ", team_message("x")); }).field(),
            "fixed_in");
}

TEST_F(StoreFixWorkTest, TheTeamSendsPatchesAndTheReportersAnswerIsRecorded) {
  std::string id = fixing("verifying");
  Upload patch = describe_upload("fix.patch", "text/plain; charset=utf-8",
                                 "--- a/parse.c\n+++ b/parse.c\n@@ -1 +1 @@\n-x\n+y\n");
  Report asked = store_->request_verification(id, "commit 4f2a9c1",
                                              team_message("The patch bounds the copy.", {patch}));
  ASSERT_EQ(asked.verifications.size(), 1u);
  EXPECT_EQ(asked.verifications[0].fixed_in, "commit 4f2a9c1");
  EXPECT_FALSE(asked.verifications[0].answered_at);
  ASSERT_EQ(asked.messages.back().attachments.size(), 1u);
  EXPECT_EQ(asked.messages.back().attachments[0].file_name, "fix.patch");
  EXPECT_EQ(refusal_of([&] {
              store_->request_verification(id, "commit 5", team_message("And this one?"));
            }).field(),
            "verification");
  Upload binary = describe_upload("fix.exe", "application/octet-stream", "MZ");
  store_->answer_verification(id, true, "");
  EXPECT_EQ(refusal_of([&] {
              store_->request_verification(id, "1.2", team_message("Binary?", {binary}));
            }).field(),
            "attachments");

  Report answered = *store_->find_report(id);
  ASSERT_EQ(answered.verifications.size(), 1u);
  EXPECT_EQ(answered.verifications[0].fixed, std::optional<bool>(true));
  EXPECT_EQ(answered.messages.back().author, Actor::reporter);
  EXPECT_NE(answered.messages.back().body.find("it is fixed"), std::string::npos);
  EXPECT_EQ(refusal_of([&] { store_->answer_verification(id, true, ""); }).field(), "verification");
}

TEST_F(StoreFixWorkTest, StillVulnerableNeedsAReasonAndReopensAFixedReport) {
  std::string id = fixing("verifying");
  store_->transition_report(id, team_transition(State::fixing, State::fixed));
  store_->request_verification(id, "release 2.3.1", team_message("Please try 2.3.1."));
  EXPECT_EQ(refusal_of([&] { store_->answer_verification(id, false, "  "); }).field(), "because");
  Report reopened =
      store_->answer_verification(id, false, "A 65 KiB header still overflows the buffer.");
  EXPECT_EQ(reopened.state, State::fixing);
  EXPECT_EQ(reopened.verifications.back().fixed, std::optional<bool>(false));
  EXPECT_EQ(reopened.verifications.back().because, "A 65 KiB header still overflows the buffer.");
  EXPECT_NE(reopened.history.back().reason.find("A 65 KiB header"), std::string::npos);
  EXPECT_EQ(reopened.history.back().from, State::fixed);
}

}  // namespace
}  // namespace embargo::store::testing
