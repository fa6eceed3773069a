// Report submissions are limited per client: the peer's address, or behind a proxy named with
// --trusted-proxy, the client X-Forwarded-For names. A header from anyone else is ignored.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "process.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace bh = boost::beast::http;

class ClientRateLimitTest : public ::testing::Test {
 protected:
  void TearDown() override { server_.reset(); }

  void start(const std::vector<std::string>& extra, const std::vector<std::string>& policies = {}) {
    server_ = std::make_unique<testing::TestServer>(
        std::string("rate-") + ::testing::UnitTest::GetInstance()->current_test_info()->name(),
        policies, extra);
    ASSERT_NE(server_->port(), 0);
  }

  // An initialised data directory that no server serves: the one start() made, its server
  // ended.
  std::string idle_data() {
    start({});
    server_->kill();
    return server_->data().string();
  }

  // A submission to a program that does not exist: the limit is checked before the handler,
  // so the answer is 404 while under the limit and 429 beyond it.
  unsigned submit(const std::string& forwarded_for,
                  const std::string& target = "/api/v1/programs/none/reports") {
    testing::HttpRequest request{bh::verb::post, target, 11};
    request.set(bh::field::content_type, "application/json");
    if (!forwarded_for.empty()) request.set("X-Forwarded-For", forwarded_for);
    request.body() = "{}";
    last_ = server_->send(std::move(request));
    return last_.result_int();
  }

  bh::response<bh::string_body> last_;  // the answer to the latest submit
  std::unique_ptr<testing::TestServer> server_;
};

constexpr int kBurst = 10;  // serve's submission limit: a burst of 10, then one every 6 seconds

TEST_F(ClientRateLimitTest, ForwardedForIsIgnoredUnlessThePeerIsATrustedProxy) {
  start({});
  for (int i = 0; i < kBurst; ++i) {
    EXPECT_EQ(submit("198.51.100." + std::to_string(i)), 404u) << i;
  }
  EXPECT_EQ(submit("198.51.100.200"), 429u) << "a made-up header must not buy a new bucket";
}

TEST_F(ClientRateLimitTest, BehindATrustedProxyEachForwardedClientHasItsOwnLimit) {
  start({"--trusted-proxy", "127.0.0.1"});
  for (int i = 0; i < kBurst; ++i) EXPECT_EQ(submit("198.51.100.1"), 404u) << i;
  EXPECT_EQ(submit("198.51.100.1"), 429u);
  EXPECT_EQ(submit("198.51.100.2"), 404u) << "another client behind the same proxy";
  // What the client wrote to the left of what the proxy appended is not believed.
  EXPECT_EQ(submit("203.0.113.5, 198.51.100.1"), 429u);
}

// `serve --submission-rate-limit N`: a burst of N, then N a minute; 0 is no limit (load tests).
TEST_F(ClientRateLimitTest, TheSubmissionLimitCanBeChangedOrTurnedOff) {
  start({"--submission-rate-limit", "3"});
  for (int i = 0; i < 3; ++i) EXPECT_EQ(submit(""), 404u) << i;
  EXPECT_EQ(submit(""), 429u);
  server_->kill();
  server_->restart({"--submission-rate-limit", "0"});
  ASSERT_NE(server_->port(), 0);
  for (int i = 0; i < 3 * kBurst; ++i) ASSERT_EQ(submit(""), 404u) << i;
}

// The browser form is a way to submit like the API, and shares the limit's size (each route
// counts its own posts).
TEST_F(ClientRateLimitTest, TheReportFormIsLimitedLikeTheApi) {
  start({"--submission-rate-limit", "2"});
  EXPECT_EQ(submit("", "/p/none/report"), 404u);
  EXPECT_EQ(submit("", "/p/none/report"), 404u);
  EXPECT_EQ(submit("", "/p/none/report"), 429u);
  // A browser's form is told on a page, and when to try again; the API keeps its JSON error.
  EXPECT_EQ(last_[bh::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(last_.body().find("<h1>Too many reports</h1>"), std::string::npos) << last_.body();
  EXPECT_NE(last_.body().find("send it again in "), std::string::npos);
  EXPECT_FALSE(last_[bh::field::retry_after].empty());
  for (int i = 0; i < 2; ++i) submit("");
  EXPECT_EQ(submit(""), 429u);
  EXPECT_EQ(last_[bh::field::content_type], "application/json");
  EXPECT_NE(last_.body().find("\"rate_limited\""), std::string::npos) << last_.body();
  EXPECT_FALSE(last_[bh::field::retry_after].empty());
}

// Over the limit, the report form comes back with everything the reporter typed, and when to
// send it: nothing typed is lost to a 429.
TEST_F(ClientRateLimitTest, AFormOverTheLimitComesBackWithEverythingTyped) {
  start({"--submission-rate-limit", "1"}, {"pyspector.toml"});
  auto post = [&] {
    testing::HttpRequest request{bh::verb::post, "/p/pyspector/report", 11};
    request.set(bh::field::content_type, "application/x-www-form-urlencoded");
    request.body() = "title=Path+traversal+kept+as+typed&description=Every+word+of+this+too";
    return server_->send(std::move(request));
  };
  EXPECT_EQ(post().result(), bh::status::forbidden);  // no CSRF token: refused, but counted
  auto limited = post();
  EXPECT_EQ(limited.result(), bh::status::too_many_requests);
  EXPECT_FALSE(limited[bh::field::retry_after].empty());
  EXPECT_NE(limited.body().find("value=\"Path traversal kept as typed\""), std::string::npos)
      << limited.body();
  EXPECT_NE(limited.body().find("Every word of this too"), std::string::npos);
  EXPECT_NE(limited.body().find("send it again in "), std::string::npos);
}

TEST_F(ClientRateLimitTest, ANegativeSubmissionLimitIsRefused) {
  EXPECT_EQ(testing::run_command(
                "timeout 10 " + std::string(EMBARGO_BINARY) + " serve --data " + idle_data() +
                " --listen 127.0.0.1:0 --submission-rate-limit -1 >/dev/null 2>&1"),
            2);
}

TEST_F(ClientRateLimitTest, AnInvalidTrustedProxyIsRefused) {
  EXPECT_EQ(testing::run_command("timeout 10 " + std::string(EMBARGO_BINARY) + " serve --data " +
                                 idle_data() +
                                 " --listen 127.0.0.1:0 --trusted-proxy proxy.example 2>&1 | "
                                 "grep -q \"'proxy.example' is not an IP address\""),
            0);
}

}  // namespace
}  // namespace embargo
