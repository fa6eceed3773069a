#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <fstream>
#include <regex>

#include "core/time.h"
#include "process.h"
#include "security_txt_lint.h"

namespace embargo {
namespace {

namespace asio = boost::asio;
namespace bh = boost::beast::http;
using namespace std::chrono_literals;
using Response = bh::response<bh::string_body>;

constexpr const char* kPublic = "https://security.example.org";
// A report's title that no policy contains: it must never appear in a public rendering.
constexpr const char* kSecret = "UNPUBLISHED-path-traversal-7f3a";

// One `embargo serve` on its own data directory, with the public URL a real deployment has.
class Server {
 public:
  Server(const std::string& name, const std::vector<std::string>& setup) {
    dir_ = std::filesystem::temp_directory_path() /
           ("embargo-policy-text-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    const std::string binary = EMBARGO_BINARY;
    EXPECT_EQ(testing::run_command(binary + " init --data " + dir_.string() + " >/dev/null"), 0);
    for (const auto& command : setup) {
      EXPECT_EQ(testing::run_command(binary + " " + command + " --data " + dir_.string()), 0)
          << command;
    }
    process_ = std::make_unique<testing::Process>(
        std::vector<std::string>{binary, "serve", "--data", dir_.string(), "--listen",
                                 "127.0.0.1:0", "--public-url", kPublic});
    port_ = testing::listening_port(*process_);
  }
  ~Server() {
    process_.reset();
    std::filesystem::remove_all(dir_);
  }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  unsigned short port() const { return port_; }
  const std::filesystem::path& dir() const { return dir_; }

  // A request as the public sends it: no cookie, no Authorization header.
  Response request(const std::string& target, bh::verb method = bh::verb::get,
                   const std::string& if_none_match = "") const {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    bh::request<bh::string_body> req{method, target, 11};
    req.set(bh::field::host, "127.0.0.1");
    if (!if_none_match.empty()) req.set(bh::field::if_none_match, if_none_match);
    if (method == bh::verb::post || method == bh::verb::put) req.prepare_payload();
    bh::write(socket, req);
    boost::beast::flat_buffer buffer;
    bh::response_parser<bh::string_body> parser;
    if (method == bh::verb::head) parser.skip(true);
    bh::read(socket, buffer, parser);
    return parser.release();
  }

 private:
  std::filesystem::path dir_;
  std::unique_ptr<testing::Process> process_;
  unsigned short port_ = 0;
};

std::filesystem::path report_file() {
  return std::filesystem::temp_directory_path() /
         ("embargo-policy-text-report-" + std::to_string(::getpid()) + ".json");
}

// The five example programs, and one report whose title must stay private.
std::vector<std::string> setup_commands() {
  const std::string policies = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/";
  std::string apply = "program apply";
  for (const char* slug : {"company", "project", "pyflashbackup", "pykour", "pyspector"}) {
    apply += " " + policies + slug + ".toml";
  }
  const auto report = report_file();
  std::ofstream(report) << R"({"description": ")" << kSecret << R"( in the static handler"})";
  return {apply + " >/dev/null",
          "report submit --program pykour " + report.string() + " >/dev/null"};
}

class PolicyTextTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = std::make_unique<Server>("five", setup_commands());
    std::filesystem::remove(report_file());
  }
  static void TearDownTestSuite() { server_.reset(); }
  void SetUp() override {
    ASSERT_NE(server_->port(), 0) << "the server did not say where it listens";
  }

  static Response get(const std::string& target) { return server_->request(target); }

  static inline std::unique_ptr<Server> server_;
};

const std::vector<std::string> kSlugs = {"company", "project", "pyflashbackup", "pykour",
                                         "pyspector"};

void expect_security_headers(const Response& r, const std::string& what) {
  EXPECT_NE(r["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos) << what;
  EXPECT_EQ(r["X-Content-Type-Options"], "nosniff") << what;
  EXPECT_EQ(r["Referrer-Policy"], "no-referrer") << what;
  EXPECT_EQ(r["X-Frame-Options"], "DENY") << what;
}

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
    auto lint = testing::lint_security_txt(r.body(), now(), kPublic + url);
    EXPECT_TRUE(lint.errors.empty()) << url << "\n" << lint.describe() << r.body();
    EXPECT_TRUE(lint.warnings.empty()) << url << "\n" << lint.describe() << r.body();
    EXPECT_EQ(lint.values("Canonical"), std::vector<std::string>{kPublic + url});
    EXPECT_EQ(lint.values("Policy"), std::vector<std::string>{kPublic + ("/p/" + slug)});
  }
}

TEST_F(PolicyTextTest, TheInstanceFileListsEveryProgram) {
  Response r = get("/.well-known/security.txt");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(r[bh::field::content_type], "text/plain; charset=utf-8");
  expect_security_headers(r, "well-known");
  auto lint = testing::lint_security_txt(r.body(), now(),
                                         std::string(kPublic) + "/.well-known/security.txt");
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
