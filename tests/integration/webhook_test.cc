// Webhooks end to end with real parts: reports filed and moved through the CLI, a real
// `embargo serve` whose outbox POSTs them, and a real HTTP receiver (Python's http.server) that
// keeps every request; signatures checked with OpenSSL's HMAC, not Embargo's.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <regex>
#include <sstream>
#include <string>
#include <thread>

#include "test_server.h"
#include "webhook_sink.h"

namespace embargo::testing {
namespace {

namespace json = boost::json;
using namespace std::chrono_literals;

constexpr const char* kSecret = "It's a Secret to Everybody";
const std::string kReport =
    std::string(EMBARGO_SOURCE_DIR) + "/examples/demo/pyspector-command-injection.json";

// "sha256=" and HMAC-SHA256(secret, body) in hex, as `openssl dgst` computes it.
std::string openssl_signature(const std::string& secret, const std::string& body) {
  auto file = std::filesystem::temp_directory_path() /
              ("embargo-webhook-body-" + std::to_string(::getpid()));
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
  std::filesystem::remove(file);
  return "sha256=" + out.substr(0, out.find(' '));
}

std::string file_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class WebhookTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>("webhook", std::vector<std::string>{"pyspector.toml"});
  }

  // `webhook add` for the sink, with the secret on standard input; returns the webhook's id.
  std::string add(const WebhookSink& sink, const std::string& events = "") {
    auto added = server_->cli("webhook add --program pyspector --url " + sink.url() +
                                  " --secret-stdin" + (events.empty() ? "" : " --events " + events),
                              std::string(kSecret) + "\n");
    EXPECT_EQ(added.status, 0) << added.out;
    return added.out.substr(0, added.out.find('\n'));
  }

  std::string submit() {
    auto stored = server_->cli("report submit --program pyspector --json " + kReport);
    EXPECT_EQ(stored.status, 0) << stored.out;
    return std::string(json::parse(stored.out).at("id").as_string());
  }

  json::array deliveries() {
    auto log = server_->cli("webhook deliveries --program pyspector --json");
    EXPECT_EQ(log.status, 0) << log.out;
    return json::parse(log.out).as_array();
  }

  // Waits until the server's outbox has logged `count` attempts.
  json::array wait_for_attempts(std::size_t count) {
    auto deadline = std::chrono::steady_clock::now() + 20s;
    auto log = deliveries();
    while (log.size() < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(100ms);
      log = deliveries();
    }
    EXPECT_EQ(log.size(), count);
    return log;
  }

  std::unique_ptr<TestServer> server_;
};

TEST_F(WebhookTest, AReportFiledThroughTheCliReachesTheReceiverSigned) {
  WebhookSink sink;
  std::string id = add(sink);
  std::string report = submit();
  ASSERT_TRUE(sink.wait_for(1, 20s)) << "no webhook arrived";

  auto request = sink.requests().at(0);
  EXPECT_EQ(request.path, "/hook");
  EXPECT_EQ(request.headers["content-type"], "application/json");
  EXPECT_EQ(request.headers["user-agent"], "Embargo-Hookshot");
  EXPECT_EQ(request.headers["x-embargo-event"], "report.created");
  EXPECT_EQ(request.headers["x-embargo-signature-256"], openssl_signature(kSecret, request.body));
  EXPECT_NE(request.headers["x-embargo-signature-256"], openssl_signature("wrong", request.body));

  auto body = json::parse(request.body).as_object();
  EXPECT_EQ(body.at("event"), "report.created");
  EXPECT_EQ(body.at("delivery").as_string(), request.headers["x-embargo-delivery"]);
  EXPECT_TRUE(body.at("sent_at").is_string());
  const auto& summary = body.at("report").as_object();
  EXPECT_EQ(summary.at("id").as_string(), report);
  EXPECT_EQ(summary.at("program"), "pyspector");
  EXPECT_EQ(summary.at("state"), "new");
  EXPECT_EQ(summary.at("severity"), "high");
  EXPECT_EQ(summary.at("title"),
            "OS command injection in cli.py leading to arbitrary command execution");
  // The report's details stay on the desk.
  EXPECT_EQ(request.body.find("crafted path"), std::string::npos) << request.body;
  EXPECT_EQ(request.body.find("finder@example.net"), std::string::npos) << request.body;

  auto moved = server_->cli("report transition " + report + " --to acknowledged");
  ASSERT_EQ(moved.status, 0) << moved.out;
  ASSERT_TRUE(sink.wait_for(2, 20s));
  auto state = sink.requests().at(1);
  EXPECT_EQ(state.headers["x-embargo-event"], "report.state");
  EXPECT_EQ(state.headers["x-embargo-signature-256"], openssl_signature(kSecret, state.body));
  auto transition = json::parse(state.body).at("transition").as_object();
  EXPECT_EQ(transition.at("from"), "new");
  EXPECT_EQ(transition.at("to"), "acknowledged");

  auto log = wait_for_attempts(2);
  EXPECT_EQ(log[0].at("event"), "report.state");
  EXPECT_EQ(log[0].at("status"), 200);
  EXPECT_EQ(log[0].at("outcome"), "sent");
  EXPECT_EQ(log[1].at("event"), "report.created");
  EXPECT_EQ(log[1].at("delivery"), body.at("delivery"));
  EXPECT_EQ(log[1].at("report").as_string(), report);
  EXPECT_EQ(log[1].at("webhook").as_int64(), std::stoll(id));

  // Removed, it hears nothing more.
  auto removed = server_->cli("webhook remove --program pyspector " + id);
  ASSERT_EQ(removed.status, 0) << removed.out;
  submit();
  auto sent = server_->cli("mail send --now");
  EXPECT_EQ(sent.out, "0 items sent\n");
  ASSERT_TRUE(server_->outbox_drained());
  EXPECT_EQ(sink.requests().size(), 2U);
}

TEST_F(WebhookTest, OnlyTheSubscribedEventsAreSent) {
  WebhookSink sink;
  add(sink, "report.state");
  std::string report = submit();
  ASSERT_EQ(server_->cli("report transition " + report + " --to acknowledged").status, 0);
  ASSERT_TRUE(sink.wait_for(1, 20s));
  ASSERT_TRUE(server_->outbox_drained()) << "a call is still queued";
  auto requests = sink.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].headers["x-embargo-event"], "report.state");
}

TEST_F(WebhookTest, AFailedAttemptIsRetriedWithTheSameDeliveryAndLogged) {
  WebhookSink sink({.fail_first = 1});
  add(sink);
  submit();
  ASSERT_TRUE(sink.wait_for(1, 20s));
  auto first = wait_for_attempts(1);
  EXPECT_EQ(first[0].at("status"), 500);
  EXPECT_EQ(first[0].at("error"), "HTTP 500");
  EXPECT_EQ(first[0].at("response"), "status 500 for request 1\n");
  EXPECT_EQ(first[0].at("outcome"), "retry");

  // The next attempt is a minute away: `mail send --now` makes it at once.
  auto sent = server_->cli("mail send --now");
  EXPECT_EQ(sent.out, "1 item sent\n");
  auto requests = sink.requests();
  ASSERT_EQ(requests.size(), 2U);
  EXPECT_EQ(requests[1].headers["x-embargo-delivery"], requests[0].headers["x-embargo-delivery"]);
  EXPECT_EQ(requests[1].headers["x-embargo-signature-256"],
            openssl_signature(kSecret, requests[1].body));

  auto log = deliveries();
  ASSERT_EQ(log.size(), 2U);
  EXPECT_EQ(log[0].at("status"), 200);
  EXPECT_EQ(log[0].at("error"), "");
  EXPECT_EQ(log[0].at("outcome"), "sent");
  EXPECT_EQ(log[1].at("status"), 500);
  EXPECT_EQ(log[0].at("delivery"), log[1].at("delivery"));
}

TEST_F(WebhookTest, AGoneReceiverFailsForGood) {
  WebhookSink sink({.status = 410});
  add(sink);
  submit();
  auto log = wait_for_attempts(1);
  EXPECT_EQ(log[0].at("status"), 410);
  EXPECT_EQ(log[0].at("outcome"), "failed");
  auto failed = server_->cli("mail outbox --state failed --json");
  auto items = json::parse(failed.out).as_array();
  ASSERT_EQ(items.size(), 1U);
  EXPECT_EQ(items[0].at("channel"), "webhook");
  EXPECT_EQ(items[0].at("last_error"), "HTTP 410");
  EXPECT_EQ(server_->cli("mail send --now").out, "0 items sent\n");
  EXPECT_EQ(sink.requests().size(), 1U);
}

TEST_F(WebhookTest, OnlyHttpUrlsAndTheSecretIsNeverShownNorStoredInClear) {
  auto ftp = server_->cli("webhook add --program pyspector --url ftp://127.0.0.1/x --secret-stdin",
                          "secret\n");
  EXPECT_EQ(ftp.status, 1);
  auto no_stdin = server_->cli("webhook add --program pyspector --url http://127.0.0.1/x");
  EXPECT_EQ(no_stdin.status, 1);
  auto unknown = server_->cli(
      "webhook add --program pyspector --url http://127.0.0.1/x --secret-stdin --events x.y",
      "secret\n");
  EXPECT_EQ(unknown.status, 1);

  WebhookSink sink;
  add(sink);
  auto list = server_->cli("webhook list --program pyspector --json");
  ASSERT_EQ(list.status, 0);
  EXPECT_EQ(list.out.find(kSecret), std::string::npos);
  auto listed = json::parse(list.out).as_array();
  ASSERT_EQ(listed.size(), 1U);
  EXPECT_EQ(listed[0].at("url").as_string(), sink.url());
  // No --events: every event.
  EXPECT_EQ(listed[0].at("events"), json::parse(R"(["report.created","report.message",)"
                                                R"("report.state","advisory.published"])"));
  for (const char* file : {"embargo.db", "embargo.db-wal"}) {
    auto path = server_->data() / file;
    if (std::filesystem::exists(path)) {
      EXPECT_EQ(file_text(path).find(kSecret), std::string::npos) << file;
    }
  }
  if (server_->database() != nullptr) {
    auto db = server_->raw();
    auto q = db->query(
        "SELECT count(*) FROM webhooks w, audit_events a"
        " WHERE strpos(w.secret, ?1) > 0 OR strpos(w.url, ?1) > 0 OR strpos(a.details, ?1) > 0");
    q.bind(1, kSecret);
    ASSERT_TRUE(q.step());
    EXPECT_EQ(q.integer(0), 0) << "the secret is in the PostgreSQL database";
  }
}

}  // namespace
}  // namespace embargo::testing
