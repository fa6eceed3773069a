// Webhooks from the announcement to the wire: which webhooks hear of what (by program and
// event), what a body says and keeps back, the signature against OpenSSL's HMAC, and how a POST's
// answer decides between sent, retried and failed, against a real HTTP receiver.
#include "jobs/webhook_announcer.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <regex>

#include "core/time_source.h"
#include "jobs/webhook_delivery.h"
#include "store_fixture.h"
#include "webhook_sink.h"

namespace embargo::jobs {
namespace {

namespace json = boost::json;
using store::testing::test_policy;
using store::testing::test_policy_source;

// HMAC-SHA256 as `openssl dgst -sha256 -hmac` computes it, in the header's form.
std::string openssl_signature(const std::string& secret, const std::string& body,
                              const std::filesystem::path& scratch) {
  auto file = scratch / "body";
  std::ofstream(file, std::ios::binary) << body;
  std::string quoted = "'";
  for (char c : secret) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  quoted += "'";
  std::string command = "openssl dgst -sha256 -hmac " + quoted + " -r " + file.string();
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buffer[256];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  ::pclose(pipe);
  return "sha256=" + out.substr(0, out.find(' '));
}

class WebhookAnnouncerTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("acme"), test_policy_source("acme"), "test");
    store_->apply_program(test_policy("other"), test_policy_source("other"), "test");
    created_ = store_->webhooks().add_webhook(
        {"acme", "https://a.example/hook", "s", {"report.created", "report.state"}}, "cli");
    messages_ = store_->webhooks().add_webhook(
        {"acme", "https://b.example/hook", "s", {"report.message"}}, "cli");
    store_->webhooks().add_webhook(
        {"other", "https://c.example/hook", "s", store::webhook_events()}, "cli");
    store_->mail().set_mail_setting("public_url", "https://desk.example", "test");
    store_->mail().set_announcer(std::make_shared<WebhookAnnouncer>(
        *store_, auth::SecretBox::from_key_file(dir_ / "instance.key")));
  }

  // The outbox's webhook items, oldest first, with their payloads opened.
  std::vector<std::pair<store::OutboxEntry, json::object>> queued() {
    auto key = auth::SecretBox::from_key_file(dir_ / "instance.key");
    std::vector<std::pair<store::OutboxEntry, json::object>> items;
    for (auto& entry : store_->mail().due_outbox(system_time().now(), 100)) {
      auto payload = json::parse(key.open(entry.item.payload)).as_object();
      items.emplace_back(std::move(entry), std::move(payload));
    }
    return items;
  }

  std::string file_report() {
    Submission s;
    s.program = "acme";
    s.fields[ReportField::title] = "Heap overflow in the parser";
    s.fields[ReportField::description] = "The secret details of the overflow";
    s.fields[ReportField::severity] = "high";
    s.consented = true;
    return store_->create_report(s, "test").report.id;
  }

  store::Webhook created_;
  store::Webhook messages_;
};

TEST_F(WebhookAnnouncerTest, EachSubscribedWebhookOfTheProgramGetsOneItem) {
  std::string id = file_report();
  auto items = queued();
  ASSERT_EQ(items.size(), 1U);
  const auto& [entry, payload] = items[0];
  EXPECT_EQ(entry.item.channel, "webhook");
  EXPECT_EQ(entry.item.event, "report.created");
  EXPECT_EQ(entry.item.recipient, "https://a.example/hook");
  EXPECT_TRUE(std::regex_match(
      entry.item.message_id,
      std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
      << entry.item.message_id;
  EXPECT_EQ(payload.at("webhook").as_int64(), created_.key);
  const auto& body = payload.at("body").as_object();
  EXPECT_EQ(body.at("event"), "report.created");
  EXPECT_EQ(body.at("delivery").as_string(), entry.item.message_id);
  const auto& report = body.at("report").as_object();
  EXPECT_EQ(report.at("id").as_string(), id);
  EXPECT_EQ(report.at("program"), "acme");
  EXPECT_EQ(report.at("state"), "new");
  EXPECT_EQ(report.at("severity"), "high");
  EXPECT_EQ(report.at("title"), "Heap overflow in the parser");
  EXPECT_EQ(report.at("url").as_string(), "https://desk.example/desk/reports/" + id);
  EXPECT_EQ(report.size(), 7U);  // and received_at: nothing else
  EXPECT_EQ(json::serialize(payload).find("secret details"), std::string::npos);
}

TEST_F(WebhookAnnouncerTest, APublishedAdvisoryIsAnnouncedToTheWebhooksThatAskedForIt) {
  auto advisories = store_->webhooks().add_webhook(
      {"acme", "https://d.example/hook", "s", {"advisory.published"}}, "cli");
  std::string report = file_report();
  for (auto [from, to] : {std::pair{State::new_report, State::acknowledged},
                          std::pair{State::acknowledged, State::accepted}}) {
    store_->transition_report(report, {.from = from,
                                       .to = to,
                                       .at = system_time().now(),
                                       .actor = Actor::team,
                                       .actor_name = "h@example.org",
                                       .reason = "",
                                       .duplicate_of = ""});
  }
  AdvisoryDraft draft;
  draft.summary = "Heap overflow in the parser";
  draft.affected = {{"PyPI", "acme", "", {"< 2.0"}}};
  Advisory advisory =
      store_->advisories().create_advisory({"acme", {report}, draft}, "handler@example.org");
  // The reporter has not answered about their credit: the team publishes without it.
  draft.credits.clear();
  store_->advisories().update_advisory(advisory.id, draft, "handler@example.org");
  store_->advisories().publish_advisory(advisory.id, "owner@example.org", system_time().now());
  std::vector<json::object> bodies;
  for (const auto& [entry, payload] : queued()) {
    if (entry.item.event != "advisory.published") continue;
    EXPECT_EQ(entry.item.recipient, "https://d.example/hook");
    EXPECT_EQ(payload.at("webhook").as_int64(), advisories.key);
    bodies.push_back(payload.at("body").as_object());
  }
  ASSERT_EQ(bodies.size(), 1U);  // not to acme's other webhooks, nor to other's
  const auto& published = bodies[0].at("advisory").as_object();
  EXPECT_EQ(published.at("id").as_string(), advisory.id);
  EXPECT_EQ(published.at("program"), "acme");
  EXPECT_EQ(published.at("revision").as_int64(), 1);
  EXPECT_EQ(published.at("summary"), "Heap overflow in the parser");
  EXPECT_EQ(published.at("reports").as_array(), json::array{json::value(report)});
  EXPECT_EQ(published.at("url").as_string(),
            "https://desk.example/p/acme/advisories/" + advisory.id);
}

TEST_F(WebhookAnnouncerTest, AMessageIsAnnouncedWithoutItsText) {
  std::string id = file_report();
  store_->add_message(id, {Actor::team, "h@example.org", true, "Internal: exploit works", {}});
  auto items = queued();
  ASSERT_EQ(items.size(), 2U);
  const auto& [entry, payload] = items[1];
  EXPECT_EQ(entry.item.recipient, "https://b.example/hook");
  EXPECT_EQ(entry.item.event, "report.message");
  const auto& message = payload.at("body").at("message").as_object();
  EXPECT_EQ(message.at("author"), "team");
  EXPECT_EQ(message.at("internal"), true);
  EXPECT_EQ(message.at("seq"), 1);
  EXPECT_EQ(json::serialize(payload).find("exploit works"), std::string::npos);

  store_->transition_report(id, {.from = State::new_report,
                                 .to = State::acknowledged,
                                 .at = system_time().now(),
                                 .actor = Actor::team,
                                 .actor_name = "h@example.org",
                                 .reason = "",
                                 .duplicate_of = ""});
  items = queued();
  ASSERT_EQ(items.size(), 3U);
  EXPECT_EQ(items[2].first.item.recipient, "https://a.example/hook");
  const auto& transition = items[2].second.at("body").at("transition").as_object();
  EXPECT_EQ(transition.at("from"), "new");
  EXPECT_EQ(transition.at("to"), "acknowledged");
  EXPECT_EQ(transition.at("by"), "team");
  EXPECT_EQ(items[2].second.at("body").at("report").at("state"), "acknowledged");
}

TEST_F(WebhookAnnouncerTest, ARemovedWebhookHearsNothing) {
  store_->webhooks().remove_webhook("acme", created_.key, "cli");
  file_report();
  EXPECT_TRUE(queued().empty());
}

TEST_F(WebhookAnnouncerTest, TheSignatureIsGitHubsHmacSha256) {
  // RFC 4231, test case 2, and the example of GitHub's "Validating webhook deliveries".
  EXPECT_EQ(webhook_signature("Jefe", "what do ya want for nothing?"),
            "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(webhook_signature("It's a Secret to Everybody", "Hello, World!"),
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
  std::string body = R"({"event":"report.created","report":{"title":"Ünïcode"}})";
  for (const std::string& secret :
       std::vector<std::string>{"s", "It's a Secret to Everybody", std::string(100, 'k')}) {
    EXPECT_EQ(webhook_signature(secret, body), openssl_signature(secret, body, dir_)) << secret;
  }
}

TEST_F(WebhookAnnouncerTest, TheAnswerDecidesBetweenSentRetriedAndFailed) {
  auto post = [](const testing::WebhookSink& sink) {
    return post_webhook({sink.url(), "report.created", "d-1", R"({"a":1})", "secret"});
  };
  testing::WebhookSink ok;
  auto sent = post(ok);
  EXPECT_TRUE(sent.sent);
  EXPECT_EQ(sent.status, 200);
  EXPECT_EQ(sent.response, "status 200 for request 1\n");
  auto request = ok.requests().at(0);
  EXPECT_EQ(request.body, R"({"a":1})");
  EXPECT_EQ(request.headers["x-embargo-event"], "report.created");
  EXPECT_EQ(request.headers["x-embargo-delivery"], "d-1");
  EXPECT_EQ(request.headers["x-embargo-signature-256"], webhook_signature("secret", request.body));

  testing::WebhookSink gone({.status = 410});
  auto refused = post(gone);
  EXPECT_FALSE(refused.sent);
  EXPECT_TRUE(refused.permanent);
  EXPECT_EQ(refused.error, "HTTP 410");

  for (int status : {500, 429, 408}) {
    testing::WebhookSink busy({.status = status});
    auto later = post(busy);
    EXPECT_FALSE(later.sent) << status;
    EXPECT_FALSE(later.permanent) << status;
    EXPECT_EQ(later.status, status);
  }

  std::string closed;
  {
    testing::WebhookSink gone_away;
    closed = gone_away.url();
  }
  auto nobody = post_webhook({closed, "report.created", "d-2", "{}", "secret"});
  EXPECT_FALSE(nobody.sent);
  EXPECT_FALSE(nobody.permanent);
  EXPECT_EQ(nobody.status, 0);
  EXPECT_FALSE(nobody.error.empty());

  auto other_scheme = post_webhook({"file:///etc/passwd", "report.created", "d-3", "{}", "s"});
  EXPECT_FALSE(other_scheme.sent);
  EXPECT_EQ(other_scheme.status, 0);
}

}  // namespace
}  // namespace embargo::jobs
