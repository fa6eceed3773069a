#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <filesystem>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "auth/secret_box.h"
#include "core/report.h"
#include "formats/report_json.h"
#include "http/site.h"
#include "http/site_routes.h"
#include "http_checks.h"
#include "store/store.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace bh = boost::beast::http;
using Response = bh::response<bh::string_body>;

// docs/design.md: "Content-Security-Policy without unsafe-inline, X-Content-Type-Options: nosniff,
// frame-ancestors 'none', Referrer-Policy: no-referrer on every page (tracking links are
// secrets)". This walks every route `embargo serve` registers (the list serve itself runs) and
// asks each with a valid and an invalid request, so a route added later is checked too.
class SecurityHeadersTest : public ::testing::Test {
 protected:
  static void start_server() {
    server_ = std::make_unique<testing::TestServer>(
        "security-headers",
        std::vector<std::string>{"company.toml", "project.toml", "pyflashbackup.toml",
                                 "pykour.toml", "pyspector.toml"});
    // A report with a file, so that the tracking routes have something to answer.
    Submission s = formats::submission_from_json(
        R"({"vulnerability_type":"XSS","affected_component":"/search","requirements":"none",
            "steps_to_reproduce":"1.","impact":"cookie theft","consent":true})",
        "company");
    Upload file = describe_upload("poc.txt", "text/plain; charset=utf-8", "poc\n");
    s.attachments = {file.info};
    {
      auto store = server_->open_store(4, 256);
      token_ = store->create_report(s, "cli", {file}).tracking_token;
    }
  }
  void TearDown() override { server_.reset(); }
  void SetUp() override {
    start_server();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(server_ && server_->port() != 0) << "the server did not say where it listens";
  }

  static Response request(bh::verb method, const std::string& target, const std::string& body) {
    testing::HttpRequest req{method, target, 11};
    if (method == bh::verb::post || method == bh::verb::put) {
      req.set(bh::field::content_type, "application/json");
      req.body() = body;
    }
    return server_->send(std::move(req));
  }

  static inline std::string token_;
  static inline std::unique_ptr<testing::TestServer> server_;
};

// The headers of every answer, and a Cache-Control that says how long it may be kept.
void expect_headers_of_every_answer(const Response& r, const std::string& what) {
  testing::expect_security_headers(r, what);
  EXPECT_FALSE(r["Cache-Control"].empty()) << what;
}

TEST_F(SecurityHeadersTest, EveryRouteAnswersWithTheHeadersWhateverItsAnswer) {
  auto store = server_->open_store();
  auto box = auth::SecretBox::from_key_file(server_->data() / "instance.key");
  http::Router router =
      http::site_routes(*store, box, http::make_site("http://127.0.0.1"), http::SiteOptions{});
  std::size_t checked = 0;
  for (const auto& [verb, pattern] : router.routes()) {
    std::string target = std::regex_replace(pattern, std::regex(R"(\{slug\})"), "company");
    target = std::regex_replace(target, std::regex(R"(\{token\})"), token_);
    target = std::regex_replace(target, std::regex(R"(\{id\})"), "1");
    target = std::regex_replace(target, std::regex(R"(\{file\})"), "style.css");
    target = std::regex_replace(target, std::regex(R"(\{number\})"), "1");
    target = std::regex_replace(target, std::regex(R"(\{year\})"), "2026");
    target = std::regex_replace(target, std::regex(R"(\{email\})"), "nobody@example.org");
    target = std::regex_replace(target, std::regex(R"(\{user\})"), "1");
    target = std::regex_replace(target, std::regex(R"(\{action\})"), "sign-out");
    ASSERT_EQ(target.find('{'), std::string::npos)
        << "a capture the test does not fill: " << pattern;
    std::string what = std::string(bh::to_string(verb)) + " " + target;
    // A plausible request, and one with nonsense for its captures and body.
    Response r = request(verb, target, "{}");
    EXPECT_LT(r.result_int(), 500) << what;
    expect_headers_of_every_answer(r, what);
    std::string bad = std::regex_replace(pattern, std::regex(R"(\{[a-z]+\})"), "%3Cx%3E");
    expect_headers_of_every_answer(request(verb, bad, "not json"),
                                   std::string(bh::to_string(verb)) + " " + bad);
    if (verb == bh::verb::get)
      expect_headers_of_every_answer(request(bh::verb::head, target, ""), what);
    ++checked;
  }
  EXPECT_GE(checked, 20u);
  // What no route answers: an unknown path, a known path with another method.
  expect_headers_of_every_answer(request(bh::verb::get, "/no/such/path", ""), "404");
  expect_headers_of_every_answer(request(bh::verb::delete_, "/p/company", ""), "405");
}

}  // namespace
}  // namespace embargo
