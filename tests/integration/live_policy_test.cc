// The public renderings come from an in-memory cache (src/http/page_cache.h): these tests run
// the real server and check that a policy applied while it runs is served at once, with a new
// ETag, on every cached route; and that `embargo policy render --format html` writes the exact
// bytes the server serves.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "http_checks.h"
#include "process.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace bh = boost::beast::http;
using Response = bh::response<bh::string_body>;

using testing::kPublicUrl;
const std::string kPolicies = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/";

// Every route whose answer is cached; each shows PySpector's name.
const std::vector<std::string> kRoutes = {
    "/",
    "/p/pyspector",
    "/p/pyspector/SECURITY.md",
    "/p/pyspector/security.txt",
    "/.well-known/security.txt",
    "/api/v1/programs",
    "/api/v1/programs/pyspector",
};

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// pyspector.toml with another name, written next to the data directory.
std::filesystem::path renamed_policy(const std::filesystem::path& dir, const std::string& name) {
  std::string toml = read_file(kPolicies + "pyspector.toml");
  const std::string from = "name = \"PySpector\"";
  auto at = toml.find(from);
  EXPECT_NE(at, std::string::npos) << "pyspector.toml no longer names itself " << from;
  if (at != std::string::npos) toml.replace(at, from.size(), "name = \"" + name + "\"");
  auto path = dir / "pyspector.toml";
  std::ofstream(path) << toml;
  return path;
}

class LivePolicyTest : public ::testing::Test {
 protected:
  static void start_server() {
    server_ = std::make_unique<testing::TestServer>(
        "live-policy",
        std::vector<std::string>{"company.toml", "project.toml", "pyflashbackup.toml",
                                 "pykour.toml", "pyspector.toml"},
        std::vector<std::string>{"--public-url", kPublicUrl});
    // The policies and pages the tests write, next to the data directory.
    dir_ = server_->data().string() + "-files";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }
  void SetUp() override {
    start_server();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(server_ && server_->port() != 0) << "the server did not say where it listens";
  }

  static std::string binary() { return EMBARGO_BINARY; }

  // `embargo program apply` from another process, as an operator does while the server runs.
  static int apply(const std::string& files) {
    return server_->cli("program apply " + files).status;
  }

  // Waits until `route` shows another process's change: the server notices one within 10 ms
  // (docs/public-pages.md) and then serves every route anew, so the test waits for one route
  // and expects the others at once. Fails after 10 seconds.
  static void await_served(const std::string& route,
                           const std::function<bool(const std::string& body)>& shows) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (!shows(get(route).body())) {
      if (std::chrono::steady_clock::now() > deadline) {
        ADD_FAILURE() << route << " never showed the change";
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }

  // A request as the public sends it: no cookie, no Authorization header.
  static Response get(const std::string& target, const std::string& if_none_match = "") {
    testing::HttpRequest req{bh::verb::get, target, 11};
    if (!if_none_match.empty()) req.set(bh::field::if_none_match, if_none_match);
    return server_->send(std::move(req));
  }

  static inline std::filesystem::path dir_;
  static inline std::unique_ptr<testing::TestServer> server_;
};

using testing::expect_security_headers;

TEST_F(LivePolicyTest, CliHtmlIsTheServedPageByteForByte) {
  for (const char* slug : {"company", "project", "pyflashbackup", "pykour", "pyspector"}) {
    Response served = get(std::string("/p/") + slug);
    ASSERT_EQ(served.result(), bh::status::ok) << slug;
    auto out = dir_ / (std::string(slug) + ".html");
    ASSERT_EQ(testing::run_command(binary() + " policy render " + kPolicies + slug +
                                   ".toml --format html --public-url " + kPublicUrl + " >" +
                                   out.string()),
              0)
        << slug;
    EXPECT_EQ(read_file(out), served.body()) << slug;
  }
}

TEST_F(LivePolicyTest, RepeatedRequestsGetTheSameBytesAndETagAnd304) {
  for (const auto& route : kRoutes) {
    Response first = get(route);
    ASSERT_EQ(first.result(), bh::status::ok) << route;
    std::string etag(first[bh::field::etag]);
    ASSERT_FALSE(etag.empty()) << route;
    Response again = get(route);
    EXPECT_EQ(again[bh::field::etag], etag) << route;
    EXPECT_EQ(again.body(), first.body()) << route;
    Response unchanged = get(route, etag);
    EXPECT_EQ(unchanged.result(), bh::status::not_modified) << route;
    EXPECT_TRUE(unchanged.body().empty()) << route;
    EXPECT_EQ(unchanged[bh::field::etag], etag) << route;
    expect_security_headers(first, route);
    expect_security_headers(unchanged, route + " (304)");
  }
}

TEST_F(LivePolicyTest, APolicyAppliedWhileServingChangesEveryRenderingAndETagTogether) {
  std::map<std::string, Response> before;
  for (const auto& route : kRoutes) {
    before[route] = get(route);
    ASSERT_EQ(before[route].result(), bh::status::ok) << route;
    ASSERT_EQ(before[route].body().find("PySpector Renamed"), std::string::npos) << route;
  }
  Response company = get("/p/company");

  ASSERT_EQ(apply(renamed_policy(dir_, "PySpector Renamed").string()), 0);
  await_served("/p/pyspector/security.txt", [](const std::string& body) {
    return body.find("PySpector Renamed") != std::string::npos;
  });
  for (const auto& route : kRoutes) {
    const std::string old_etag(before[route][bh::field::etag]);
    // A client holding the old page revalidates and gets the new one, not a 304.
    Response after = get(route, old_etag);
    ASSERT_EQ(after.result(), bh::status::ok) << route;
    EXPECT_NE(after[bh::field::etag], old_etag) << route;
    EXPECT_NE(after.body().find("PySpector Renamed"), std::string::npos) << route;
    expect_security_headers(after, route);
  }
  // Another program's page did not change.
  EXPECT_EQ(get("/p/company")[bh::field::etag], company[bh::field::etag]);

  // Applied back within the same second: the revision, not the time, tells the pages apart.
  ASSERT_EQ(apply(kPolicies + "pyspector.toml"), 0);
  await_served("/p/pyspector/security.txt", [](const std::string& body) {
    return body.find("PySpector Renamed") == std::string::npos;
  });
  for (const auto& route : kRoutes) {
    Response restored = get(route);
    EXPECT_EQ(restored.body().find("PySpector Renamed"), std::string::npos) << route;
    EXPECT_EQ(restored[bh::field::etag], before[route][bh::field::etag]) << route;
  }
}

TEST_F(LivePolicyTest, ANewProgramAppearsOnTheIndexAndItsPagesTogether) {
  std::string toml = read_file(kPolicies + "pykour.toml");
  const std::string from = "slug = \"pykour\"";
  auto at = toml.find(from);
  ASSERT_NE(at, std::string::npos);
  toml.replace(at, from.size(), "slug = \"pykour-next\"\nid_prefix = \"PYKOURNEXT\"");
  auto path = dir_ / "pykour-next.toml";
  std::ofstream(path) << toml;

  EXPECT_EQ(get("/p/pykour-next").result(), bh::status::not_found);
  EXPECT_EQ(get("/api/v1/programs/pykour-next").result(), bh::status::not_found);
  std::string index_etag(get("/")[bh::field::etag]);
  ASSERT_EQ(apply(path.string()), 0);
  await_served("/.well-known/security.txt", [](const std::string& body) {
    return body.find("/p/pykour-next") != std::string::npos;
  });
  EXPECT_EQ(get("/p/pykour-next").result(), bh::status::ok);
  EXPECT_EQ(get("/api/v1/programs/pykour-next").result(), bh::status::ok);
  Response index = get("/", index_etag);
  ASSERT_EQ(index.result(), bh::status::ok);
  EXPECT_NE(index.body().find("/p/pykour-next"), std::string::npos);
  EXPECT_NE(get("/api/v1/programs").body().find("\"pykour-next\""), std::string::npos);
  EXPECT_NE(get("/.well-known/security.txt").body().find("/p/pykour-next"), std::string::npos);
}

// Caching changes nothing about refusals: names that are not programs are still 404, whether
// or not their neighbours are cached, and no credentials are ever asked for.
TEST_F(LivePolicyTest, UnknownProgramsAreStill404OnEveryCachedRoute) {
  for (const auto& route : kRoutes) get(route);  // warm the cache
  for (const std::string target :
       {"/p/nope", "/p/nope/security.txt", "/p/nope/SECURITY.md", "/api/v1/programs/nope",
        "/p/PySpector", "/api/v1/programs/%2e%2e", "/p/pyspector%00"}) {
    Response r = get(target);
    EXPECT_EQ(r.result(), bh::status::not_found) << target;
    EXPECT_TRUE(r[bh::field::etag].empty()) << target;
    expect_security_headers(r, target);
  }
}

}  // namespace
}  // namespace embargo
