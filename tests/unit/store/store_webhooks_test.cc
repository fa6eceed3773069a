// The webhook side of the store: webhooks per program (the secret kept as the caller sealed it,
// never listed nor audited), and the delivery log written with the outbox's bookkeeping.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/time_source.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

// Queues one webhook item per new report, so that the log has an outbox item to name.
class OneWebhookItem final : public Announcer {
 public:
  std::vector<OutboxItem> report_created(const Report&, const Policy&, const std::string&,
                                         const IntakeNotes&) override {
    OutboxItem item;
    item.channel = "webhook";
    item.event = "report.created";
    item.recipient = "https://hooks.example.org/embargo";
    item.message_id = "delivery-" + std::to_string(++made_);
    item.payload = "sealed";
    return {item};
  }

 private:
  int made_ = 0;
};

class StoreWebhooksTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("acme"), test_policy_source("acme"), "test");
    store_->apply_program(test_policy("other"), test_policy_source("other"), "test");
  }

  NewWebhook hook(const std::string& program,
                  const std::string& url = "https://hooks.example.org/a") {
    return {program, url, "SEALED-SECRET", {"report.created", "report.state"}};
  }

  Submission submission() {
    Submission s;
    s.program = "acme";
    s.fields[ReportField::title] = "A title";
    s.fields[ReportField::description] = "A description";
    s.consented = true;
    return s;
  }
};

TEST_F(StoreWebhooksTest, AddedListedAndRemovedWithoutTheSecret) {
  auto added = store_->webhooks().add_webhook(hook("acme"), "cli");
  store_->webhooks().add_webhook(hook("other", "http://127.0.0.1:8080/x"), "cli");
  auto listed = store_->webhooks().list_webhooks("acme");
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].key, added.key);
  EXPECT_EQ(listed[0].url, "https://hooks.example.org/a");
  EXPECT_EQ(listed[0].events, (std::vector<std::string>{"report.created", "report.state"}));
  EXPECT_EQ(listed[0].created_by, "cli");
  EXPECT_EQ(store_->webhooks().webhook_secret(added.key), "SEALED-SECRET");

  // Another program's webhook cannot be removed through this one.
  EXPECT_FALSE(store_->webhooks().remove_webhook("other", added.key, "cli"));
  EXPECT_TRUE(store_->webhooks().remove_webhook("acme", added.key, "cli"));
  EXPECT_FALSE(store_->webhooks().remove_webhook("acme", added.key, "cli"));
  EXPECT_TRUE(store_->webhooks().list_webhooks("acme").empty());
  EXPECT_EQ(store_->webhooks().webhook_secret(added.key), std::nullopt);
  EXPECT_EQ(count("SELECT count(*) FROM webhooks WHERE secret = 'SEALED-SECRET'"), 1);  // other's

  std::vector<std::string> actions;
  for (const auto& event : store_->audit_log({.program = "acme",
                           .report = "",
                           .after_seq = 0,
                           .limit = 100,
                           .newest_first = false})) {
    actions.push_back(event.action);
    EXPECT_EQ(event.details.find("SEALED"), std::string::npos) << event.details;
  }
  EXPECT_EQ(actions,
            (std::vector<std::string>{"program.applied", "webhook.added", "webhook.removed"}));
}

TEST_F(StoreWebhooksTest, RefusesWhatCannotBeDelivered) {
  auto refused_field = [&](const NewWebhook& webhook) {
    try {
      store_->webhooks().add_webhook(webhook, "cli");
    } catch (const Refusal& e) {
      return e.field();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused_field(hook("acme", "ftp://hooks.example.org/")), "url");
  EXPECT_EQ(refused_field(hook("acme", "file:///etc/passwd")), "url");
  EXPECT_EQ(refused_field(hook("acme", "https://")), "url");
  EXPECT_EQ(refused_field(hook("acme", "https://a.example/ b")), "url");
  auto no_events = hook("acme");
  no_events.events.clear();
  EXPECT_EQ(refused_field(no_events), "events");
  auto unknown = hook("acme");
  unknown.events = parse_webhook_events("report.created, report.deleted");
  EXPECT_EQ(refused_field(unknown), "events");
  auto no_secret = hook("acme");
  no_secret.sealed_secret.clear();
  EXPECT_EQ(refused_field(no_secret), "secret");
  EXPECT_EQ(refused_field(hook("nope")), "program");
  EXPECT_EQ(count("SELECT count(*) FROM webhooks"), 0);
}

TEST_F(StoreWebhooksTest, EventListsAreReadInTheirOwnOrderWithoutRepeats) {
  EXPECT_EQ(parse_webhook_events(" report.state,report.created,,report.state "),
            (std::vector<std::string>{"report.created", "report.state"}));
  EXPECT_TRUE(parse_webhook_events("").empty());
}

TEST_F(StoreWebhooksTest, EachAttemptIsLoggedWithItsOutcome) {
  auto added = store_->webhooks().add_webhook(hook("acme"), "cli");
  store_->mail().set_announcer(std::make_shared<OneWebhookItem>());
  auto created = store_->create_report(submission(), "test");
  auto item = store_->mail().due_outbox(system_time().now(), 10).at(0);

  WebhookAttempt failed{item.key,
                        added.key,
                        system_time().now(),
                        503,
                        std::chrono::milliseconds(12),
                        "HTTP 503",
                        std::string(1500, 'x')};
  store_->webhooks().record_webhook_attempt(failed, false,
                                            system_time().now() + std::chrono::minutes(1));
  EXPECT_TRUE(store_->mail().due_outbox(system_time().now(), 10).empty());
  // An answer with a NUL byte is kept up to it, on either engine (PostgreSQL's text holds none).
  WebhookAttempt sent{item.key,
                      added.key,
                      system_time().now(),
                      200,
                      std::chrono::milliseconds(3),
                      "",
                      std::string("ok\0binary", 9)};
  store_->webhooks().record_webhook_attempt(sent, true, std::nullopt);

  auto log = store_->webhooks().list_webhook_deliveries("acme", 10);
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0].attempt.status, 200);
  EXPECT_EQ(log[0].outcome, "sent");
  EXPECT_EQ(log[0].delivery, "delivery-1");
  EXPECT_EQ(log[0].report, created.report.id);
  EXPECT_EQ(log[0].url, "https://hooks.example.org/a");
  EXPECT_EQ(log[0].attempt.response, "ok");
  EXPECT_EQ(log[1].attempt.status, 503);
  EXPECT_EQ(log[1].outcome, "retry");
  EXPECT_EQ(log[1].attempt.error, "HTTP 503");
  EXPECT_EQ(log[1].attempt.duration, std::chrono::milliseconds(12));
  EXPECT_EQ(log[1].attempt.response.size(), 1024U);
  EXPECT_EQ(store_->mail().list_outbox({"sent", 10}).at(0).attempts, 2);
  EXPECT_TRUE(store_->webhooks().list_webhook_deliveries("other", 10).empty());
  EXPECT_THROW(store_->webhooks().list_webhook_deliveries("acme", 0), Refusal);
}

}  // namespace
}  // namespace embargo::store::testing
