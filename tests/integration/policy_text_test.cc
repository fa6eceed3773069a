#include <gtest/gtest.h>
#include <unistd.h>

#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "core/time.h"
#include "core/time_source.h"
#include "http_checks.h"
#include "security_txt_lint.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace bh = boost::beast::http;
using namespace std::chrono_literals;
using Response = bh::response<bh::string_body>;

using testing::kPublicUrl;
// A report's title that no policy contains: it must never appear in a public rendering.
constexpr const char* kSecret = "UNPUBLISHED-path-traversal-7f3a";

// One `embargo serve` on its own data directory, with the public URL a real deployment has.
class Server : public testing::TestServer {
 public:
  Server(const std::string& name, const std::vector<std::string>& policies)
      : TestServer("policy-text-" + name, policies, {"--public-url", kPublicUrl}) {}

  // A request as the public sends it: no cookie, no Authorization header.
  Response request(const std::string& target, bh::verb method = bh::verb::get,
                   const std::string& if_none_match = "") const {
    testing::HttpRequest req{method, target, 11};
    if (!if_none_match.empty()) req.set(bh::field::if_none_match, if_none_match);
    return send(std::move(req));
  }
};

std::filesystem::path report_file() {
  return std::filesystem::temp_directory_path() /
         ("embargo-policy-text-report-" + std::to_string(::getpid()) + ".json");
}

// The five example programs, and one report whose title must stay private.
std::unique_ptr<Server> five_programs() {
  auto server = std::make_unique<Server>(
      "five", std::vector<std::string>{"company.toml", "project.toml", "pyflashbackup.toml",
                                       "pykour.toml", "pyspector.toml"});
  const auto report = report_file();
  std::ofstream(report) << R"({"description": ")" << kSecret << R"( in the static handler"})";
  auto submitted = server->cli("report submit --program pykour " + report.string());
  EXPECT_EQ(submitted.status, 0) << submitted.out;
  std::filesystem::remove(report);
  return server;
}

class PolicyTextTest : public ::testing::Test {
 protected:
  static void start_server() { server_ = five_programs(); }
  void TearDown() override { server_.reset(); }
  void SetUp() override {
    start_server();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(server_ && server_->port() != 0) << "the server did not say where it listens";
  }

  static Response get(const std::string& target) { return server_->request(target); }

  static inline std::unique_ptr<Server> server_;
};

const std::vector<std::string> kSlugs = {"company", "project", "pyflashbackup", "pykour",
                                         "pyspector"};

using testing::expect_security_headers;

std::string error_code(const Response& r) {
  return std::string(
      boost::json::parse(r.body()).as_object().at("error").as_object().at("code").as_string());
}

TEST_F(PolicyTextTest, EachProgramsSecurityTxtIsServedAndPassesTheChecker) {
  for (const auto& slug : kSlugs) {
    const std::string url = "/p/" + slug + "/security.txt";
    Response r = get(url);
    ASSERT_EQ(r.result(), bh::status::ok) << url << r.body();
    EXPECT_EQ(r[bh::field::content_type], "text/plain; charset=utf-8");
    EXPECT_EQ(r[bh::field::cache_control], "public, max-age=300");
    EXPECT_TRUE(std::regex_match(std::string(r[bh::field::etag]), std::regex(R"("[0-9a-f]{32}")")))
        << r[bh::field::etag];
    expect_security_headers(r, url);
    auto lint = testing::lint_security_txt(r.body(), system_time().now(), kPublicUrl + url);
    EXPECT_TRUE(lint.errors.empty()) << url << "\n" << lint.describe() << r.body();
    EXPECT_TRUE(lint.warnings.empty()) << url << "\n" << lint.describe() << r.body();
    EXPECT_EQ(lint.values("Canonical"), std::vector<std::string>{kPublicUrl + url});
    EXPECT_EQ(lint.values("Policy"), std::vector<std::string>{kPublicUrl + ("/p/" + slug)});
  }
}

TEST_F(PolicyTextTest, TheInstanceFileListsEveryProgram) {
  Response r = get("/.well-known/security.txt");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(r[bh::field::content_type], "text/plain; charset=utf-8");
  expect_security_headers(r, "well-known");
  auto lint = testing::lint_security_txt(r.body(), system_time().now(),
                                         std::string(kPublicUrl) + "/.well-known/security.txt");
  EXPECT_TRUE(lint.errors.empty()) << lint.describe() << r.body();
  EXPECT_TRUE(lint.warnings.empty()) << lint.describe() << r.body();
  // Each program's contacts (see security_txt_test.cc), in the store's order: by slug.
  EXPECT_EQ(lint.values("Contact"),
            (std::vector<std::string>{"https://security.example.org/p/company/report",
                                      "https://security.example.org/p/project/report",
                                      "mailto:stas-chubar@yandex.ru",
                                      "https://security.example.org/p/pyflashbackup/report",
                                      "https://security.example.org/p/pykour/report",
                                      "https://security.example.org/p/pyspector/report"}));
  EXPECT_EQ(lint.values("Policy").size(), 5u);
}

TEST_F(PolicyTextTest, EachProgramsSecurityMdIsServed) {
  const std::vector<std::string> names = {"Company", "Project", "PyFlashBackup", "Pykour",
                                          "PySpector"};
  for (std::size_t i = 0; i < kSlugs.size(); ++i) {
    const std::string url = "/p/" + kSlugs[i] + "/SECURITY.md";
    Response r = get(url);
    ASSERT_EQ(r.result(), bh::status::ok) << url << r.body();
    EXPECT_EQ(r[bh::field::content_type], "text/markdown; charset=utf-8");
    EXPECT_EQ(r[bh::field::cache_control], "public, max-age=300");
    EXPECT_FALSE(r[bh::field::etag].empty());
    expect_security_headers(r, url);
    EXPECT_TRUE(r.body().starts_with("# " + names[i] + " Security Policy\n")) << r.body();
    EXPECT_NE(r.body().find("This policy is published at <https://security.example.org/p/" +
                            kSlugs[i] + ">."),
              std::string::npos);
  }
}

TEST_F(PolicyTextTest, AMatchingETagGetsNotModified) {
  for (const std::string url :
       {"/p/pyspector/security.txt", "/.well-known/security.txt", "/p/pyspector/SECURITY.md"}) {
    Response first = get(url);
    ASSERT_EQ(first.result(), bh::status::ok) << url;
    const std::string etag(first[bh::field::etag]);
    // Rendered again, the same bytes: the tag is over the body, not the moment.
    EXPECT_EQ(get(url)[bh::field::etag], etag);
    for (const std::string& tag : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
      Response again = server_->request(url, bh::verb::get, tag);
      EXPECT_EQ(again.result(), bh::status::not_modified) << url << " " << tag;
      EXPECT_TRUE(again.body().empty());
      EXPECT_EQ(again[bh::field::etag], etag);
      expect_security_headers(again, url + " 304");
    }
    Response changed = server_->request(url, bh::verb::get, "\"0123456789abcdef0123456789abcdef\"");
    EXPECT_EQ(changed.result(), bh::status::ok) << url;
    EXPECT_EQ(changed.body(), first.body());
  }
}

TEST_F(PolicyTextTest, HeadAnswersLikeGetWithoutABody) {
  Response get_response = get("/p/pykour/security.txt");
  Response head = server_->request("/p/pykour/security.txt", bh::verb::head);
  EXPECT_EQ(head.result(), bh::status::ok);
  EXPECT_EQ(head[bh::field::etag], get_response[bh::field::etag]);
  EXPECT_TRUE(head.body().empty());
}

TEST_F(PolicyTextTest, AnUnknownProgramIsNotFound) {
  for (const std::string url :
       {"/p/no-such-program/security.txt", "/p/no-such-program/SECURITY.md",
        "/p/Not%20A%20Slug/security.txt", "/p/pykour/security.md", "/p/pykour/SECURITY.txt"}) {
    Response r = get(url);
    EXPECT_EQ(r.result(), bh::status::not_found) << url;
    EXPECT_EQ(r[bh::field::content_type], "application/json") << url;
    expect_security_headers(r, url);
  }
  EXPECT_EQ(error_code(get("/p/no-such-program/security.txt")), "unknown_program");
  EXPECT_EQ(error_code(get("/p/no-such-program/SECURITY.md")), "unknown_program");
}

TEST_F(PolicyTextTest, OtherMethodsAreRefused) {
  for (const std::string url :
       {"/p/pyspector/security.txt", "/.well-known/security.txt", "/p/pyspector/SECURITY.md"}) {
    for (bh::verb method : {bh::verb::post, bh::verb::put, bh::verb::delete_, bh::verb::patch}) {
      Response r = server_->request(url, method);
      EXPECT_EQ(r.result(), bh::status::method_not_allowed) << url << " " << method;
      EXPECT_EQ(r[bh::field::allow], "GET, HEAD") << url;
      expect_security_headers(r, url);
    }
  }
}

TEST_F(PolicyTextTest, NothingPrivateIsRevealed) {
  for (const std::string url :
       {"/p/pykour/security.txt", "/.well-known/security.txt", "/p/pykour/SECURITY.md"}) {
    Response r = get(url);
    ASSERT_EQ(r.result(), bh::status::ok) << url;
    EXPECT_EQ(r.body().find(kSecret), std::string::npos) << url;
    EXPECT_EQ(r.body().find("PYKOUR-"), std::string::npos) << url;  // no report id either
    EXPECT_EQ(r.find(bh::field::set_cookie), r.end()) << url;
  }
}

TEST(PolicyTextEmptyInstance, TheInstanceFileIsNotFoundWhileThereIsNoProgram) {
  Server server("empty", {});
  ASSERT_NE(server.port(), 0);
  Response r = server.request("/.well-known/security.txt");
  EXPECT_EQ(r.result(), bh::status::not_found);
  EXPECT_EQ(error_code(r), "no_programs");
  expect_security_headers(r, "empty well-known");
}

}  // namespace
}  // namespace embargo
