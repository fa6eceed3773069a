// The SLA clock alerts to the team, against a real store and Pykour's own policy (acknowledgement
// within 48 hours, a follow-up within 96): who is told when a clock is due soon and when it is
// overdue, once each, as each member chose to hear.
#include "jobs/clock_alerts.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <optional>
#include <set>

#include "jobs/mail_config.h"
#include "store_fixture.h"

namespace embargo::jobs {
namespace {

using std::chrono::hours;

constexpr const char* kOwner = "owner@pykour.example";
constexpr const char* kHandler = "handler@pykour.example";

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class ClockAlertsTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    box_.emplace(auth::SecretBox::from_key_file(dir_ / "instance.key"));
    std::string path = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/pykour.toml";
    auto load = load_policy_file(path);
    ASSERT_TRUE(load.policy.has_value());
    store_->apply_program(*load.policy, read_file(path), "test");
    MailConfig config;
    config.smtp.url = "smtp://127.0.0.1:25";
    config.smtp.from = "desk@embargo.test";
    config.public_url = "https://desk.example";
    save_mail_config(store_->mail(), key(), config, "test");
    for (const char* email : {kOwner, kHandler}) {
      store_->accounts().add_user(email, "$argon2id$x", false, "test");
    }
    store_->accounts().set_member("pykour", kOwner, Role::owner, "test");
    store_->accounts().set_member("pykour", kHandler, Role::handler, "test");
    Submission s;
    s.program = "pykour";
    s.channel = "email";
    s.fields[ReportField::description] = "The secret details of the traversal.";
    auto created = store_->create_report(s, "test");
    id_ = created.report.id;
    received_ = created.report.received_at;
  }

  // The queued team mails, as (recipient, subject line) pairs, oldest first.
  std::vector<std::pair<std::string, std::string>> queued() {
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& entry : store_->mail().due_outbox(Time::max(), 100)) {
      std::string raw = key().open(entry.item.payload);
      auto at = raw.find("Subject: ");
      out.emplace_back(entry.item.recipient, raw.substr(at + 9, raw.find('\r', at) - at - 9));
    }
    return out;
  }

  std::optional<auth::SecretBox> box_;  // the instance key, made in the test's directory
  const auth::SecretBox& key() const { return *box_; }
  std::string id_;
  Time received_{};
};

TEST_F(ClockAlertsTest, DueSoonGoesToTheOwnersWhileNobodyHandlesIt) {
  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(20)), 0) << "28 hours left";
  EXPECT_TRUE(queued().empty());

  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(30)), 1) << "18 hours left";
  auto mails = queued();
  ASSERT_EQ(mails.size(), 1U);
  EXPECT_EQ(mails[0].first, kOwner);
  EXPECT_EQ(mails[0].second, "[" + id_ + "] Acknowledge: due soon");
  std::string raw = key().open(store_->mail().due_outbox(Time::max(), 1)[0].item.payload);
  EXPECT_NE(raw.find("the \"Acknowledge\" promise is due in 18 hours"), std::string::npos) << raw;
  EXPECT_NE(raw.find("escalated to the program's owners"), std::string::npos) << raw;
  EXPECT_NE(raw.find("It is due by "), std::string::npos) << raw;
  EXPECT_EQ(raw.find("secret details"), std::string::npos) << raw;

  // Once per clock and level, however often the server looks.
  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(31)), 0);
  EXPECT_EQ(queued().size(), 1U);
}

TEST_F(ClockAlertsTest, OverdueGoesToTheHandlerAndEscalatesToTheOwners) {
  TriageUpdate update;
  update.handler = kHandler;
  store_->update_triage(id_, update, kOwner);
  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(30)), 1);
  auto mails = queued();
  ASSERT_EQ(mails.size(), 1U) << "due soon: the handler alone";
  EXPECT_EQ(mails[0].first, kHandler);

  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(50)), 1);
  mails = queued();
  ASSERT_EQ(mails.size(), 3U);
  std::set<std::string> told = {mails[1].first, mails[2].first};
  EXPECT_EQ(told, (std::set<std::string>{kOwner, kHandler}));
  EXPECT_EQ(mails[2].second, "[" + id_ + "] Acknowledge: overdue");
  std::string raw = key().open(store_->mail().due_outbox(Time::max(), 3)[2].item.payload);
  EXPECT_NE(raw.find("the \"Acknowledge\" promise is overdue by 2 hours"), std::string::npos)
      << raw;
  EXPECT_NE(raw.find("It was due by "), std::string::npos) << raw;
}

TEST_F(ClockAlertsTest, EachMemberHearsAsTheyChose) {
  auto owner = store_->accounts().find_user(kOwner);
  store_->accounts().set_notify_mode(owner->key, NotifyMode::digest, kOwner);
  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(30)), 1);
  EXPECT_TRUE(queued().empty());
  auto lines = store_->mail().due_digest_entries(Time::max(), true);
  ASSERT_EQ(lines.size(), 1U);
  EXPECT_EQ(lines[0].recipient, kOwner);
  EXPECT_EQ(key().open(lines[0].payload), id_ + ": Acknowledge due in 18 hours");

  store_->accounts().set_notify_mode(owner->key, NotifyMode::off, kOwner);
  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(50)), 1) << "made, told to nobody";
  EXPECT_TRUE(queued().empty());
}

TEST_F(ClockAlertsTest, NothingForAClosedReport) {
  store_->transition_report(
      id_, store::testing::team_transition(State::new_report, State::spam, "Not a report."));
  EXPECT_EQ(alert_due_clocks(*store_, key(), received_ + hours(50)), 0);
  EXPECT_TRUE(queued().empty());
}

}  // namespace
}  // namespace embargo::jobs
