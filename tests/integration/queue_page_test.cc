// The desk's queue page against a real `embargo serve`: who sees what (nobody, a reporter, a
// viewer, a handler of another program, a handler, an owner, an admin), the member's own
// reports first, overdue and due-soon marks in words, search snippets, filters and pages.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <regex>
#include <string>

#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::TestServer;
namespace bh = boost::beast::http;

using testing::kPassword;

class QueuePageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(
        "queue-page", std::vector<std::string>{"company.toml", "pyspector.toml"},
        [](TestServer& server) {
          // Eighteen months of past reports, seeded before there is a team: nobody handles them.
          ASSERT_EQ(server.cli("demo seed --program company --reports 60 --seed 7").status, 0);
          for (const char* who : {"viewer", "handler", "owner", "other"}) {
            bool other = who == std::string("other");
            server.add_member(std::string(who) + "@example.org", other ? "pyspector" : "company",
                              other ? "handler" : who);
          }
          server.remember("fresh", submitted(server, "company", "company-sql-injection.json"));
          server.remember("other",
                          submitted(server, "pyspector", "pyspector-command-injection.json"));
        });
    fresh_ = server_->recall("fresh");
    other_ = server_->recall("other");
  }

  // Files examples/demo/FILE through the CLI; returns the report's id.
  static std::string submitted(const TestServer& server, const std::string& program,
                               const std::string& file) {
    auto stored = server.cli("report submit --program " + program + " --json " +
                             std::string(EMBARGO_SOURCE_DIR) + "/examples/demo/" + file);
    EXPECT_EQ(stored.status, 0) << stored.out;
    return std::string(boost::json::parse(stored.out).at("id").as_string());
  }
  void TearDown() override { server_.reset(); }

  static std::unique_ptr<Browser> signed_in(const std::string& email,
                                            const std::string& password = kPassword) {
    auto browser = std::make_unique<Browser>(*server_);
    EXPECT_TRUE(browser->sign_in(email, password)) << email;
    return browser;
  }

  static std::unique_ptr<TestServer> server_;
  static std::string fresh_;
  static std::string other_;
};
std::unique_ptr<TestServer> QueuePageTest::server_;
std::string QueuePageTest::fresh_;
std::string QueuePageTest::other_;

TEST_F(QueuePageTest, EachCallerSeesOnlyTheProgramsTheyMayRead) {
  Browser nobody(*server_);
  auto r = nobody.get("/desk");
  EXPECT_EQ(r.result(), bh::status::see_other);
  EXPECT_EQ(r[bh::field::location], "/signin?next=%2Fdesk");
  // A reporter holds a tracking link, not a session: the desk is the same to them as to nobody.
  Browser reporter(*server_);
  EXPECT_EQ(reporter.get("/desk").result(), bh::status::see_other);

  std::map<std::string, std::pair<bool, bool>> sees{
      // who: (the company report, the pyspector report)
      {"viewer@example.org", {true, false}},
      {"handler@example.org", {true, false}},
      {"owner@example.org", {true, false}},
      {"other@example.org", {false, true}},
  };
  for (const auto& [email, expected] : sees) {
    auto browser = signed_in(email);
    auto page = browser->get("/desk");
    ASSERT_EQ(page.result(), bh::status::ok) << email;
    EXPECT_EQ(page.body().find(fresh_) != std::string::npos, expected.first) << email;
    EXPECT_EQ(page.body().find(other_) != std::string::npos, expected.second) << email;
    auto hidden =
        browser->get(std::string("/desk?program=") + (expected.first ? "pyspector" : "company"));
    EXPECT_EQ(hidden.result(), bh::status::bad_request) << email;
    EXPECT_NE(hidden.body().find("there is no program"), std::string::npos) << email;
  }
  auto admin = signed_in(server_->admin_email(), server_->admin_password());
  auto page = admin->get("/desk");
  EXPECT_NE(page.body().find(fresh_), std::string::npos);
  EXPECT_NE(page.body().find(other_), std::string::npos);
}

TEST_F(QueuePageTest, OverdueReportsAreMarkedInWordsAndComeFirst) {
  auto browser = signed_in("owner@example.org");
  auto page = browser->get("/desk");
  ASSERT_EQ(page.result(), bh::status::ok);
  auto first_overdue = page.body().find("<strong>Overdue:</strong>");
  ASSERT_NE(first_overdue, std::string::npos) << "the seeded past holds overdue reports";
  EXPECT_NE(page.body().find("overdue by "), std::string::npos);
  // The fresh report is due in days: it comes after every overdue one.
  EXPECT_LT(first_overdue, page.body().find(fresh_));
  auto only = browser->get("/desk?overdue=1");
  EXPECT_EQ(only.body().find(fresh_), std::string::npos);
  EXPECT_NE(only.body().find("overdue by "), std::string::npos);
  EXPECT_EQ(only.body().find("due in "), std::string::npos);
}

TEST_F(QueuePageTest, AHandlersOwnReportsComeFirst) {
  auto handler = signed_in("handler@example.org");
  auto before = handler->get("/desk");
  EXPECT_EQ(before.body().find("Assigned to you"), std::string::npos);

  std::string token = server_->cli("token create --user handler@example.org --scope triage").out;
  token.erase(token.find_last_not_of(" \n") + 1);
  testing::HttpRequest assign{bh::verb::patch, "/api/v1/reports/" + fresh_, 11};
  assign.set(bh::field::authorization, "Bearer " + token);
  assign.set(bh::field::content_type, "application/json");
  assign.body() = R"({"handler": "handler@example.org", "labels": ["web"]})";
  ASSERT_EQ(server_->send(assign).result(), bh::status::ok);

  auto after = handler->get("/desk");
  auto own = after.body().find("Assigned to you");
  ASSERT_NE(own, std::string::npos);
  EXPECT_LT(own, after.body().find(fresh_));
  EXPECT_LT(after.body().find(fresh_), after.body().find("<h2 id=\"all-heading\">"));
  auto labelled = handler->get("/desk?label=web&handler=me");
  EXPECT_NE(labelled.body().find(fresh_), std::string::npos);
  // The own table follows the filters: the fresh report is not overdue, so it is not listed.
  auto overdue = handler->get("/desk?overdue=1");
  EXPECT_EQ(overdue.body().find("Assigned to you"), std::string::npos);
  EXPECT_EQ(overdue.body().find(fresh_), std::string::npos);
}

TEST_F(QueuePageTest, SearchShowsSnippetsAndBadFiltersSayWhatIsWrong) {
  auto browser = signed_in("viewer@example.org");
  auto found = browser->get("/desk?q=UNION");
  ASSERT_EQ(found.result(), bh::status::ok);
  EXPECT_NE(found.body().find(fresh_), std::string::npos);
  EXPECT_NE(found.body().find("class=\"snippet\""), std::string::npos);
  EXPECT_NE(found.body().find("value=\"UNION\""), std::string::npos) << "the filter is kept";
  auto injected = browser->get("/desk?q=%3Cscript%3E");
  EXPECT_EQ(injected.body().find("<script>"), std::string::npos);
  // A cursor that was never issued, or an order the list cannot have: a 400 page, never a 500.
  for (const char* target : {"/desk?after=zzz", "/desk?order=relevance"}) {
    auto refused = browser->get(target);
    EXPECT_EQ(refused.result(), bh::status::bad_request) << target;
    EXPECT_NE(refused.body().find("error-summary"), std::string::npos) << target;
  }
  auto bad = browser->get("/desk?state=finished");
  EXPECT_EQ(bad.result(), bh::status::bad_request);
  EXPECT_NE(bad.body().find("state: &apos;finished&apos; is not a state"), std::string::npos)
      << bad.body();
}

TEST_F(QueuePageTest, PagesFollowOneAnotherWithoutRepeats) {
  auto browser = signed_in("owner@example.org");
  std::string target = "/desk?all=1&limit=25";
  std::set<std::string> seen;
  int pages = 0;
  std::regex row(R"re(<a href="/desk/reports/([A-Z0-9-]+)">)re");
  while (!target.empty() && pages < 10) {
    auto page = browser->get(target);
    ASSERT_EQ(page.result(), bh::status::ok);
    auto body = page.body();
    auto all = body.substr(body.find("<h2 id=\"all-heading\">"));
    for (auto it = std::sregex_iterator(all.begin(), all.end(), row); it != std::sregex_iterator();
         ++it) {
      EXPECT_TRUE(seen.insert((*it)[1]).second) << "repeated: " << (*it)[1];
    }
    std::smatch next;
    target.clear();
    if (std::regex_search(all, next, std::regex(R"re(<a href="([^"]+)">Next page</a>)re"))) {
      target = std::regex_replace(std::string(next[1]), std::regex("&amp;"), "&");
    }
    ++pages;
  }
  EXPECT_EQ(seen.size(), 61u) << "60 seeded and one submitted";
  EXPECT_EQ(pages, 3);
}

}  // namespace
}  // namespace embargo
