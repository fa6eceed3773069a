// Advisories against a real `embargo serve`: who may use each route of the team API (nobody, a
// viewer, a handler, a handler of another program, an owner, an owner's triage-scoped token, an
// admin); that nothing of a draft or a scheduled advisory is reachable from the public side
// (page, OSV file, list, feeds, hall of fame) until it is published; the reporter's answer to
// their credit line on the thread page; and a publication whose instant passed while the server
// was down, made when it starts.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <chrono>
#include <map>
#include <string>
#include <thread>

#include "core/time.h"
#include "core/time_source.h"
#include "data_file.h"
#include "http_checks.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::HttpRequest;
using testing::HttpResponse;
using testing::read_text;
using testing::TestServer;
namespace bh = boost::beast::http;
namespace json = boost::json;

constexpr const char* kShopDraft = R"({"summary": "SQL injection in the shop search",
  "details": "The `q` parameter reached the query unescaped.",
  "affected": [{"ecosystem": "Packagist", "name": "example/shop", "ranges": ["< 4.2.1"]}],
  "cvss_vector": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
  "cwes": [89]})";

class AdvisoryServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(
        "advisories", std::vector<std::string>{"company.toml", "pyspector.toml"},
        [](TestServer& server) {
          for (const char* who : {"viewer", "handler", "owner", "other"}) {
            std::string email = std::string(who) + "@example.org";
            bool other = who == std::string("other");
            server.add_member(email, other ? "pyspector" : "company", other ? "owner" : who);
            server.remember(who, token(server, email, "admin"));
          }
          server.remember("owner-triage", token(server, "owner@example.org", "triage"));
          server.remember("admin", token(server, server.admin_email(), "admin"));
        },
        std::vector<std::string>{"--submission-rate-limit", "0"});
    for (const char* who : {"viewer", "handler", "owner", "other", "owner-triage", "admin"}) {
      tokens_[who] = server_->recall(who);
    }
  }
  void TearDown() override { server_.reset(); }

  static std::string token(const TestServer& server, const std::string& email,
                           const std::string& scope) {
    auto out = server.cli("token create --user " + email + " --scope " + scope);
    EXPECT_EQ(out.status, 0) << out.out;
    std::string token = out.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) token.pop_back();
    return token;
  }

  static HttpResponse call(bh::verb method, const std::string& target, const std::string& who,
                           const std::string& body = "") {
    HttpRequest request{method, target, 11};
    if (!who.empty()) request.set(bh::field::authorization, "Bearer " + tokens_.at(who));
    if (!body.empty()) {
      request.set(bh::field::content_type, "application/json");
      request.body() = body;
    }
    return server_->send(request);
  }

  static HttpResponse get(const std::string& target) {
    return server_->send(HttpRequest{bh::verb::get, target, 11});
  }

  // A company report as its reporter sends it (credited as the handle "jo_r"), accepted by the
  // team; with its tracking token.
  static std::pair<std::string, std::string> accepted_report() {
    HttpRequest submit{bh::verb::post, "/api/v1/programs/company/reports", 11};
    submit.set(bh::field::content_type, "application/json");
    submit.body() =
        read_text(std::string(EMBARGO_SOURCE_DIR) + "/examples/demo/company-sql-injection.json");
    auto created = server_->send(submit);
    EXPECT_EQ(created.result(), bh::status::created) << created.body();
    json::object body = testing::json_object_of(created);
    std::string id(body.at("id").as_string());
    std::string tracking(body.at("tracking_api_url").as_string());
    for (const char* to : {"acknowledged", "accepted"}) {
      auto moved = call(bh::verb::post, "/api/v1/reports/" + id + "/transitions", "handler",
                        std::string(R"({"to": ")") + to + "\"}");
      EXPECT_EQ(moved.result(), bh::status::ok) << moved.body();
    }
    return {id, tracking.substr(tracking.rfind('/') + 1)};
  }

  static std::string create_advisory(const std::string& report) {
    auto created = call(bh::verb::post, "/api/v1/programs/company/advisories", "handler",
                        R"({"reports": [")" + report + R"("], "draft": )" + kShopDraft + "}");
    EXPECT_EQ(created.result(), bh::status::created) << created.body();
    return std::string(testing::json_object_of(created).at("id").as_string());
  }

  static std::unique_ptr<TestServer> server_;
  static std::map<std::string, std::string> tokens_;
};
std::unique_ptr<TestServer> AdvisoryServerTest::server_;
std::map<std::string, std::string> AdvisoryServerTest::tokens_;

TEST_F(AdvisoryServerTest, EachRouteAnswersEachCallerWhatItsRoleAllows) {
  auto [report, tracking] = accepted_report();
  std::string id = create_advisory(report);
  std::string base = "/api/v1/advisories/" + id;
  struct Case {
    bh::verb method;
    std::string target;
    std::string body;
    std::map<std::string, bh::status> expected;
  };
  const auto ok = bh::status::ok;
  const auto forbidden = bh::status::forbidden;
  const auto hidden = bh::status::not_found;
  const auto nobody = bh::status::unauthorized;
  std::vector<Case> cases{
      {bh::verb::get,
       "/api/v1/programs/company/advisories",
       "",
       {{"", nobody}, {"viewer", ok}, {"other", hidden}, {"handler", ok}}},
      {bh::verb::get, base, "", {{"", nobody}, {"viewer", ok}, {"other", hidden}}},
      {bh::verb::put,
       base,
       kShopDraft,
       {{"", nobody}, {"viewer", forbidden}, {"other", hidden}, {"handler", ok}}},
      {bh::verb::post,
       base + "/review",
       R"({"in_review": true})",
       {{"", nobody}, {"viewer", forbidden}, {"other", hidden}, {"handler", ok}}},
      {bh::verb::post,
       base + "/schedule",
       R"({"publish_at": "2099-01-01T09:00:00Z"})",
       {{"", nobody},
        {"viewer", forbidden},
        {"other", hidden},
        {"handler", forbidden},
        {"owner-triage", forbidden},
        {"owner", ok}}},
      {bh::verb::post,
       base + "/withdraw",
       R"({"reason": "no"})",
       {{"", nobody}, {"viewer", forbidden}, {"other", hidden}, {"handler", forbidden}}},
      {bh::verb::post,
       base + "/publish",
       "",
       {{"", nobody}, {"viewer", forbidden}, {"other", hidden}, {"handler", forbidden}}},
      {bh::verb::get, base + "/export", "", {{"", nobody}, {"other", hidden}}},
      {bh::verb::post,
       "/api/v1/programs/company/advisories",
       R"({"reports": [")" + report + R"("]})",
       {{"", nobody}, {"viewer", forbidden}, {"other", hidden}}},
  };
  for (const auto& c : cases) {
    for (const auto& [who, status] : c.expected) {
      auto r = call(c.method, c.target, who, c.body);
      EXPECT_EQ(r.result(), status) << (who.empty() ? "nobody" : who) << " " << c.method << " "
                                    << c.target << ": " << r.body();
    }
  }
  // The matrix's PUT replaced the draft with one that credits nobody. Crediting the reporter
  // again, the owner's publication waits for the reporter's agreement: the company asks first.
  auto credited =
      call(bh::verb::put, base, "handler",
           R"({"summary": "SQL injection", "credits": [{"role": "finder", "report": ")" + report +
               R"("}]})");
  ASSERT_EQ(credited.result(), bh::status::ok) << credited.body();
  auto published = call(bh::verb::post, base + "/publish", "owner");
  EXPECT_EQ(published.result(), bh::status::conflict) << published.body();
  EXPECT_NE(published.body().find("credits[1]"), std::string::npos) << published.body();
}

// The desk's list of a program's advisories: its members read it, with each advisory's state,
// summary and reports; a member of another program and a caller who is not signed in do not.
TEST_F(AdvisoryServerTest, TheDesksAdvisoryListShowsItsProgramsAdvisoriesToItsMembersOnly) {
  auto [report, tracking] = accepted_report();
  std::string id = create_advisory(report);
  const std::string list = "/desk/programs/company/advisories";

  Browser viewer(*server_);
  ASSERT_TRUE(viewer.sign_in("viewer@example.org", testing::kPassword));
  HttpResponse page = viewer.get(list);
  ASSERT_EQ(page.result(), bh::status::ok) << page.body();
  EXPECT_TRUE(testing::contains(page, "<a href=\"/desk/advisories/" + id + "\">" + id + "</a>"))
      << page.body();
  EXPECT_TRUE(testing::contains(page, "<td>SQL injection in the shop search</td>"));
  EXPECT_TRUE(testing::contains(page, "<td>" + report + "</td>"));
  EXPECT_TRUE(testing::contains(page, "<td>draft</td>"));
  EXPECT_TRUE(testing::contains(page, "<td>not scheduled</td>")) << "a draft has no date yet";

  Browser other(*server_);
  ASSERT_TRUE(other.sign_in("other@example.org", testing::kPassword));
  EXPECT_EQ(other.get(list).result(), bh::status::not_found);
  EXPECT_EQ(other.get("/desk/programs/pyspector/advisories").result(), bh::status::ok);

  HttpResponse nobody = Browser(*server_).get(list);
  EXPECT_EQ(nobody.result(), bh::status::see_other);
  EXPECT_EQ(testing::location(nobody), "/signin?next=%2Fdesk%2Fprograms%2Fcompany%2Fadvisories");
}

TEST_F(AdvisoryServerTest, BadDraftsAreRefusedNamingTheField) {
  auto [report, tracking] = accepted_report();
  std::string id = create_advisory(report);
  auto script = call(bh::verb::put, "/api/v1/advisories/" + id, "handler",
                     R"({"summary": "x", "details": "Hello\n\n<script>alert(1)</script>"})");
  EXPECT_EQ(script.result(), bh::status::unprocessable_entity) << script.body();
  EXPECT_NE(script.body().find("details: line 3: raw HTML"), std::string::npos) << script.body();
  auto range = call(bh::verb::put, "/api/v1/advisories/" + id, "handler",
                    R"({"summary": "x", "affected": [{"ecosystem": "npm", "name": "a",
                        "ranges": ["!= 1.0"]}]})");
  EXPECT_EQ(range.result(), bh::status::unprocessable_entity) << range.body();
  EXPECT_NE(range.body().find("affected[1].ranges[1]"), std::string::npos) << range.body();
  auto past = call(bh::verb::post, "/api/v1/advisories/" + id + "/schedule", "owner",
                   R"({"publish_at": "2020-01-01T00:00:00Z"})");
  EXPECT_EQ(past.result(), bh::status::unprocessable_entity) << past.body();
  EXPECT_NE(past.body().find("publish_at"), std::string::npos) << past.body();
  // Nothing of the refused drafts was stored.
  auto kept = call(bh::verb::get, "/api/v1/advisories/" + id, "viewer");
  EXPECT_EQ(testing::json_object_of(kept).at("draft").at("summary").as_string(),
            "SQL injection in the shop search");
  EXPECT_TRUE(testing::json_object_of(kept).at("publish_at").is_null());
}

TEST_F(AdvisoryServerTest, NothingLeaksBeforePublicationAndEverythingAppearsAfter) {
  auto [report, tracking] = accepted_report();
  std::string id = create_advisory(report);
  std::string page = "/p/company/advisories/" + id;
  auto hidden_everywhere = [&](const std::string& when) {
    EXPECT_EQ(get(page).result(), bh::status::not_found) << when;
    EXPECT_EQ(get(page + ".osv.json").result(), bh::status::not_found) << when;
    for (const char* list : {"/p/company/advisories", "/p/company/advisories.atom",
                             "/advisories.atom", "/p/company/hall-of-fame"}) {
      auto r = get(list);
      EXPECT_EQ(r.result(), bh::status::ok) << when << " " << list;
      EXPECT_EQ(r.body().find(id), std::string::npos) << when << " " << list;
      EXPECT_EQ(r.body().find("jo_r"), std::string::npos) << when << " " << list;
    }
  };
  hidden_everywhere("draft");
  auto scheduled = call(bh::verb::post, "/api/v1/advisories/" + id + "/schedule", "owner",
                        R"({"publish_at": "2099-01-01T09:00:00Z"})");
  ASSERT_EQ(scheduled.result(), bh::status::ok) << scheduled.body();
  hidden_everywhere("scheduled");

  // The reporter sees the line on their thread and accepts it (the company asks first).
  Browser reporter(*server_);
  auto thread = reporter.get("/r/" + tracking);
  ASSERT_EQ(thread.result(), bh::status::ok);
  // The company credits reporters in its hall of fame, and says so.
  EXPECT_NE(thread.body().find("The hall of fame will list you as: <strong class=\"credit-line\">"
                               "jo_r</strong>"),
            std::string::npos);
  EXPECT_NE(thread.body().find("2099-01-01 09:00 UTC"), std::string::npos);
  auto answered = reporter.post("/r/" + tracking + "/advisory-credit",
                                {{"advisory", id}, {"decision", "accepted"}});
  EXPECT_EQ(answered.result(), bh::status::see_other) << answered.body();
  hidden_everywhere("scheduled, credit accepted");

  // Another reporter's link cannot answer for this advisory.
  auto [other_report, other_tracking] = accepted_report();
  Browser stranger(*server_);
  stranger.get("/r/" + other_tracking);
  auto refused = stranger.post("/r/" + other_tracking + "/advisory-credit",
                               {{"advisory", id}, {"decision", "declined"}});
  EXPECT_EQ(refused.result(), bh::status::not_found);

  auto published = call(bh::verb::post, "/api/v1/advisories/" + id + "/publish", "owner");
  ASSERT_EQ(published.result(), bh::status::ok) << published.body();
  auto html = get(page);
  ASSERT_EQ(html.result(), bh::status::ok);
  EXPECT_NE(html.body().find("SQL injection in the shop search"), std::string::npos);
  EXPECT_NE(html.body().find("<code>q</code>"), std::string::npos);  // the Markdown, rendered
  auto again = server_->send([&] {
    HttpRequest r{bh::verb::get, page, 11};
    r.set(bh::field::if_none_match, html[bh::field::etag]);
    return r;
  }());
  EXPECT_EQ(again.result(), bh::status::not_modified);
  auto osv = get(page + ".osv.json");
  ASSERT_EQ(osv.result(), bh::status::ok);
  EXPECT_EQ(testing::json_object_of(osv).at("id").as_string(), "x_" + id);
  EXPECT_NE(get("/p/company/advisories").body().find(id), std::string::npos);
  EXPECT_NE(get("/p/company/advisories.atom").body().find(id), std::string::npos);
  EXPECT_NE(get("/advisories.atom").body().find(id), std::string::npos);
  // The company credits reporters in its hall of fame only, not in the advisory.
  EXPECT_NE(get("/p/company/hall-of-fame").body().find("<li>jo_r</li>"), std::string::npos);
  EXPECT_EQ(html.body().find("jo_r"), std::string::npos);
  // The reporter's page now links the advisory, and the report is disclosed.
  auto after = reporter.get("/r/" + tracking);
  EXPECT_NE(after.body().find("href=\"/p/company/advisories/" + id + "\""), std::string::npos);
  auto shown = call(bh::verb::get, "/api/v1/reports/" + report, "viewer");
  EXPECT_EQ(testing::json_object_of(shown).at("state").as_string(), "disclosed");
  // A program without a hall of fame has no such page.
  EXPECT_EQ(get("/p/pyspector/hall-of-fame").result(), bh::status::not_found);
}

TEST_F(AdvisoryServerTest, AnInstantThatPassedWhileTheServerWasDownPublishesAtStart) {
  auto [report, tracking] = accepted_report();
  std::string id = create_advisory(report);
  auto declined = Browser(*server_);
  declined.get("/r/" + tracking);
  declined.post("/r/" + tracking + "/advisory-credit",
                {{"advisory", id}, {"decision", "declined"}});
  std::string in_an_hour = format_time(system_time().now() + std::chrono::hours(1));
  auto scheduled = call(bh::verb::post, "/api/v1/advisories/" + id + "/schedule", "owner",
                        R"({"publish_at": ")" + in_an_hour + R"("})");
  ASSERT_EQ(scheduled.result(), bh::status::ok) << scheduled.body();
  server_->kill();
  // Two hours pass while the server is down: the instant is in the past when it starts again.
  server_->advance_time(std::chrono::hours(2));
  server_->restart({"--submission-rate-limit", "0"});
  HttpResponse page;
  for (int attempt = 0; attempt < 50; ++attempt) {
    page = get("/p/company/advisories/" + id);
    if (page.result() == bh::status::ok) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(page.result(), bh::status::ok);
  auto shown = call(bh::verb::get, "/api/v1/advisories/" + id, "viewer");
  EXPECT_EQ(testing::json_object_of(shown).at("state").as_string(), "published");
  EXPECT_EQ(testing::json_object_of(shown).at("revision").as_int64(), 1);
}

}  // namespace
}  // namespace embargo
