// The triage API against a real `embargo serve`: who may use which route (nobody, a reporter
// with a tracking link, a viewer, a handler of another program, a handler, an owner, an admin,
// and tokens narrowed by scope or program, revoked ones), and what the routes do: the queue
// with its filters and counts, a report with its notes and clocks, triage changes, transitions
// the state table allows or refuses, internal notes the reporter never sees, replies they do.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <map>
#include <sstream>
#include <string>

#include "data_file.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::HttpRequest;
using testing::HttpResponse;
using testing::read_text;
using testing::TestServer;
namespace bh = boost::beast::http;
namespace json = boost::json;

json::value body_of(const HttpResponse& r) {
  boost::system::error_code ec;
  json::value v = json::parse(r.body(), ec);
  EXPECT_FALSE(ec) << r.body();
  return v;
}

class DeskApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<TestServer>(
        "desk-api", std::vector<std::string>{"company.toml", "pyspector.toml"},
        [](TestServer& server) {
          for (const char* who : {"viewer", "handler", "owner", "other"}) {
            std::string email = std::string(who) + "@example.org";
            server.add_member(email, who == std::string("other") ? "pyspector" : "company",
                              who == std::string("other") ? "handler" : who);
            server.remember(std::string("token ") + who, token(server, email, "triage"));
          }
          server.remember("token admin", token(server, server.admin_email(), "admin"));

          // A report through the public API, as a reporter sends it, and one of the other
          // program.
          HttpRequest submit{bh::verb::post, "/api/v1/programs/company/reports", 11};
          submit.set(bh::field::content_type, "application/json");
          submit.body() = read_text(std::string(EMBARGO_SOURCE_DIR) +
                                    "/examples/demo/company-sql-injection.json");
          auto created = server.send(submit);
          ASSERT_EQ(created.result(), bh::status::created) << created.body();
          server.remember("company report", std::string(body_of(created).at("id").as_string()));
          std::string tracking(body_of(created).at("tracking_api_url").as_string());
          server.remember("tracking token", tracking.substr(tracking.rfind('/') + 1));
          auto other = server.cli("report submit --program pyspector --json " +
                                  std::string(EMBARGO_SOURCE_DIR) +
                                  "/examples/demo/pyspector-command-injection.json");
          ASSERT_EQ(other.status, 0) << other.out;
          server.remember("other report", std::string(json::parse(other.out).at("id").as_string()));
        },
        std::vector<std::string>{"--submission-rate-limit", "0"});
    for (const char* who : {"viewer", "handler", "owner", "other", "admin"}) {
      tokens_[who] = server_->recall(std::string("token ") + who);
    }
    company_report_ = server_->recall("company report");
    tracking_token_ = server_->recall("tracking token");
    other_report_ = server_->recall("other report");
  }
  void TearDown() override { server_.reset(); }

  static std::string token(const TestServer& server, const std::string& email,
                           const std::string& scope, const std::string& program = "") {
    auto out = server.cli("token create --user " + email + " --scope " + scope +
                          (program.empty() ? "" : " --program " + program));
    EXPECT_EQ(out.status, 0) << out.out;
    std::string token = out.out;
    while (!token.empty() && (token.back() == '\n' || token.back() == ' ')) token.pop_back();
    return token;
  }

  static HttpResponse call(bh::verb method, const std::string& target, const std::string& bearer,
                           const std::string& body = "") {
    HttpRequest request{method, target, 11};
    if (!bearer.empty()) request.set(bh::field::authorization, "Bearer " + bearer);
    if (!body.empty()) {
      request.set(bh::field::content_type, "application/json");
      request.body() = body;
    }
    return server_->send(request);
  }

  static std::unique_ptr<TestServer> server_;
  static std::map<std::string, std::string> tokens_;
  static std::string company_report_;
  static std::string other_report_;
  static std::string tracking_token_;
};
std::unique_ptr<TestServer> DeskApiTest::server_;
std::map<std::string, std::string> DeskApiTest::tokens_;
std::string DeskApiTest::company_report_;
std::string DeskApiTest::other_report_;
std::string DeskApiTest::tracking_token_;

// Each route of the triage API as each kind of caller: the exact status it gets.
TEST_F(DeskApiTest, EveryRouteAnswersEachCallerExactlyWhatItsRoleAllows) {
  std::string report = "/api/v1/reports/" + company_report_;
  struct Route {
    bh::verb method;
    std::string target;
    std::string body;
    bool writes;
    bh::status ok;
  };
  std::vector<Route> routes{
      {bh::verb::get, report, "", false, bh::status::ok},
      {bh::verb::get, report + "/similar", "", false, bh::status::ok},
      {bh::verb::get, report + "/audit", "", false, bh::status::ok},
      {bh::verb::patch, report, R"({"labels": ["matrix"]})", true, bh::status::ok},
      {bh::verb::post, report + "/messages", R"({"body": "checking", "visibility": "internal"})",
       true, bh::status::created},
  };
  std::map<std::string, std::pair<bh::status, bh::status>> expected{
      // caller: (reads, writes)
      {"nobody", {bh::status::unauthorized, bh::status::unauthorized}},
      {"reporter", {bh::status::unauthorized, bh::status::unauthorized}},
      {"viewer", {bh::status::ok, bh::status::forbidden}},
      {"other", {bh::status::not_found, bh::status::not_found}},
      {"handler", {bh::status::ok, bh::status::ok}},
      {"owner", {bh::status::ok, bh::status::ok}},
      {"admin", {bh::status::ok, bh::status::ok}},
  };
  for (const auto& [who, statuses] : expected) {
    std::string bearer = who == "nobody" ? "" : who == "reporter" ? tracking_token_ : tokens_[who];
    for (const auto& route : routes) {
      auto r = call(route.method, route.target, bearer, route.body);
      bh::status want = route.writes ? statuses.second : statuses.first;
      if (want == bh::status::ok) want = route.ok;
      EXPECT_EQ(r.result(), want) << who << " " << route.method << " " << route.target << ": "
                                  << r.body();
      if (want == bh::status::unauthorized) {
        EXPECT_NE(r[bh::field::www_authenticate].find("Bearer"), std::string::npos);
      }
    }
  }
  // A report that does not exist answers like one the caller may not see.
  auto missing = call(bh::verb::get, "/api/v1/reports/COMPANY-1999-0001", tokens_["other"]);
  auto hidden = call(bh::verb::get, report, tokens_["other"]);
  EXPECT_EQ(missing.result(), bh::status::not_found);
  EXPECT_EQ(missing.body(), hidden.body());
}

TEST_F(DeskApiTest, TheQueueListsOnlyWhatTheCallerMayReadWithCountsAndFilters) {
  auto mine = body_of(call(bh::verb::get, "/api/v1/reports", tokens_["handler"]));
  bool company = false, other = false;
  for (const auto& row : mine.at("reports").as_array()) {
    company |= row.at("id").as_string() == company_report_;
    other |= row.at("id").as_string() == other_report_;
  }
  EXPECT_TRUE(company);
  EXPECT_FALSE(other) << "a report of a program the handler has no role in";
  EXPECT_GE(mine.at("counts").at("new").as_int64(), 1);

  auto admin = body_of(call(bh::verb::get, "/api/v1/reports", tokens_["admin"]));
  EXPECT_EQ(admin.at("reports").as_array().size(), 2u);
  const auto& first = admin.at("reports").as_array().front();
  EXPECT_FALSE(first.at("due_at").is_null()) << "a new report's acknowledge clock runs";
  EXPECT_EQ(first.at("due_clock"), "acknowledge");

  auto searched =
      body_of(call(bh::verb::get, "/api/v1/reports?q=UNION%20SELECT", tokens_["admin"]));
  ASSERT_EQ(searched.at("reports").as_array().size(), 1u);
  EXPECT_NE(std::string(searched.at("reports").at(0).at("snippet").as_string()).find("["),
            std::string::npos);

  auto hidden_program =
      call(bh::verb::get, "/api/v1/reports?program=pyspector", tokens_["handler"]);
  auto unknown_program = call(bh::verb::get, "/api/v1/reports?program=nothing", tokens_["handler"]);
  EXPECT_EQ(hidden_program.result(), bh::status::not_found);
  EXPECT_EQ(unknown_program.result(), bh::status::not_found);
  auto bad = call(bh::verb::get, "/api/v1/reports?state=done", tokens_["handler"]);
  EXPECT_EQ(bad.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(body_of(bad).at("error").at("fields").at("state").as_string().find("state"), 0u);
}

TEST_F(DeskApiTest, TokensAreNarrowedByScopeAndProgramAndDieWhenRevoked) {
  std::string report = "/api/v1/reports/" + company_report_;
  std::string read_only = token(*server_, "handler@example.org", "read");
  EXPECT_EQ(call(bh::verb::get, report, read_only).result(), bh::status::ok);
  EXPECT_EQ(call(bh::verb::patch, report, read_only, R"({"labels": []})").result(),
            bh::status::forbidden);

  std::string elsewhere = token(*server_, server_->admin_email(), "triage", "pyspector");
  EXPECT_EQ(call(bh::verb::get, report, elsewhere).result(), bh::status::not_found);
  EXPECT_EQ(call(bh::verb::get, "/api/v1/reports/" + other_report_, elsewhere).result(),
            bh::status::ok);

  std::string doomed = token(*server_, "owner@example.org", "triage");
  EXPECT_EQ(call(bh::verb::get, report, doomed).result(), bh::status::ok);
  auto listed = server_->cli("token list --user owner@example.org --json");
  std::string id;
  std::istringstream lines(listed.out);
  for (std::string line; std::getline(lines, line);)
    id = std::to_string(json::parse(line).at("id").as_int64());
  ASSERT_EQ(server_->cli("token revoke --user owner@example.org --id " + id).status, 0);
  auto revoked = call(bh::verb::get, report, doomed);
  EXPECT_EQ(revoked.result(), bh::status::unauthorized);
  EXPECT_NE(revoked[bh::field::www_authenticate].find("invalid_token"), std::string::npos);
}

TEST_F(DeskApiTest, TriageChangesAreCheckedFieldByField) {
  std::string report = "/api/v1/reports/" + company_report_;
  auto set =
      call(bh::verb::patch, report, tokens_["handler"],
           R"({"cvss_vector": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N",
                      "cwe": "CWE-89", "handler": "handler@example.org",
                      "labels": ["web", "sqli"]})");
  ASSERT_EQ(set.result(), bh::status::ok) << set.body();
  auto report_json = body_of(set);
  EXPECT_EQ(report_json.at("triage").at("cwe"), "CWE-89");
  EXPECT_EQ(report_json.at("triage").at("handler"), "handler@example.org");
  EXPECT_EQ(report_json.at("severity"), "high") << "from the vector's score, 8.7";
  EXPECT_EQ(report_json.at("triage").at("labels"), json::parse(R"(["sqli", "web"])"));

  for (const auto& [body, field] : std::vector<std::pair<std::string, std::string>>{
           {R"({"cvss_vector": "CVSS:4.0/AV:X"})", "cvss_vector"},
           {R"({"cwe": 999999})", "cwe"},
           {R"({"handler": "viewer@example.org"})", "handler"},
           {R"({"labels": ["Not A Label"]})", "labels"},
           {R"({"colour": "red"})", "colour"},
           {R"({"severity": "urgent"})", "severity"}}) {
    auto refused = call(bh::verb::patch, report, tokens_["handler"], body);
    EXPECT_EQ(refused.result(), bh::status::unprocessable_entity) << body << refused.body();
    EXPECT_TRUE(body_of(refused).at("error").at("fields").as_object().contains(field))
        << body << refused.body();
  }
  auto malformed = call(bh::verb::patch, report, tokens_["handler"], "{\"labels\": [");
  EXPECT_EQ(malformed.result(), bh::status::unprocessable_entity);
  EXPECT_NE(malformed.body().find("line 1"), std::string::npos) << malformed.body();
}

TEST_F(DeskApiTest, TransitionsFollowTheStateTableAndInternalNotesStayInternal) {
  std::string report = "/api/v1/reports/" + other_report_;
  auto skip = call(bh::verb::post, report + "/transitions", tokens_["other"],
                   R"({"to": "fixed", "reason": "skipping ahead"})");
  // The same 409 the desk page and the reporter's pages give for a move the table refuses.
  EXPECT_EQ(skip.result(), bh::status::conflict) << skip.body();
  EXPECT_TRUE(body_of(skip).at("error").at("fields").as_object().contains("to"));
  auto ack =
      call(bh::verb::post, report + "/transitions", tokens_["other"], R"({"to": "acknowledged"})");
  ASSERT_EQ(ack.result(), bh::status::ok) << ack.body();
  EXPECT_EQ(body_of(ack).at("state"), "acknowledged");
  // Each move starts from the state the report is in now, not only from new.
  auto triaged =
      call(bh::verb::post, report + "/transitions", tokens_["other"], R"({"to": "triaged"})");
  ASSERT_EQ(triaged.result(), bh::status::ok) << triaged.body();
  EXPECT_EQ(body_of(triaged).at("state"), "triaged");
  auto no_visibility =
      call(bh::verb::post, report + "/messages", tokens_["other"], R"({"body": "hello"})");
  EXPECT_EQ(no_visibility.result(), bh::status::unprocessable_entity);

  auto note = call(bh::verb::post, report + "/messages", tokens_["other"],
                   R"({"body": "looks real; internal", "visibility": "internal"})");
  auto reply = call(bh::verb::post, report + "/messages", tokens_["other"],
                    R"({"body": "Thanks, we can reproduce it.", "visibility": "reporter"})");
  ASSERT_EQ(note.result(), bh::status::created);
  ASSERT_EQ(reply.result(), bh::status::created);
  auto messages = body_of(reply).at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].at("visibility"), "internal");
  EXPECT_EQ(messages[0].at("author_name"), "other@example.org");
  EXPECT_EQ(messages[1].at("visibility"), "reporter");
  // The team sees the report's message numbers, notes counted.
  EXPECT_EQ(messages[1].at("seq").as_int64(), messages[0].at("seq").as_int64() + 1);
  auto full = body_of(call(bh::verb::get, report, tokens_["other"]));
  EXPECT_FALSE(full.at("clocks").as_array().empty());

  auto audit = body_of(call(bh::verb::get, report + "/audit", tokens_["other"]));
  bool transition_logged = false;
  for (const auto& e : audit.at("events").as_array()) {
    transition_logged |=
        e.at("action") == "report.transition" && e.at("actor") == "other@example.org";
    EXPECT_EQ(json::serialize(e).find("looks real"), std::string::npos) << "no text in the log";
  }
  EXPECT_TRUE(transition_logged);
}

TEST_F(DeskApiTest, TheReporterSeesRepliesButNeverInternalNotes) {
  std::string report = "/api/v1/reports/" + company_report_;
  ASSERT_EQ(call(bh::verb::post, report + "/messages", tokens_["handler"],
                 R"({"body": "secret triage thoughts", "visibility": "internal"})")
                .result(),
            bh::status::created);
  ASSERT_EQ(call(bh::verb::post, report + "/messages", tokens_["handler"],
                 R"({"body": "We are on it.", "visibility": "reporter"})")
                .result(),
            bh::status::created);
  auto thread = server_->send(HttpRequest{bh::verb::get, "/api/v1/track/" + tracking_token_, 11});
  ASSERT_EQ(thread.result(), bh::status::ok);
  EXPECT_NE(thread.body().find("We are on it."), std::string::npos);
  EXPECT_EQ(thread.body().find("secret triage thoughts"), std::string::npos);
  EXPECT_EQ(thread.body().find("handler@example.org"), std::string::npos);
}

// The team names files by the store's ids, the reporter by their own numbers: a note's file
// shows in the team's list and leaves no gap in the reporter's.
TEST_F(DeskApiTest, TheTeamNamesFilesByTheStoresIdsAndTheReporterByTheirOwnNumbers) {
  std::string report = "/api/v1/reports/" + company_report_;
  auto with_file = [&](const std::string& message, const std::string& bytes,
                       const std::string& name) {
    HttpRequest request{bh::verb::post, report + "/messages", 11};
    request.set(bh::field::authorization, "Bearer " + tokens_["handler"]);
    request.set(bh::field::content_type, "multipart/form-data; boundary=zz");
    request.body() =
        "--zz\r\nContent-Disposition: form-data; name=\"message\"\r\n\r\n" + message +
        "\r\n--zz\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"" + name +
        "\"\r\n\r\n" + bytes + "\r\n--zz--\r\n";
    return server_->send(request);
  };
  auto note = with_file(R"({"body": "decoded payload", "visibility": "internal"})", "decoded\n",
                        "decoded.txt");
  ASSERT_EQ(note.result(), bh::status::created) << note.body();
  auto reply =
      with_file(R"({"body": "a patch to try", "visibility": "reporter"})", "patch\n", "patch.txt");
  ASSERT_EQ(reply.result(), bh::status::created) << reply.body();

  auto messages = body_of(reply).at("messages").as_array();
  const auto& note_file = messages[messages.size() - 2].at("attachments").as_array().at(0);
  const auto& reply_file = messages.back().at("attachments").as_array().at(0);
  std::int64_t note_id = note_file.at("id").as_int64();
  EXPECT_EQ(reply_file.at("id").as_int64(), note_id + 1);
  EXPECT_EQ(reply_file.at("url"),
            json::value(report + "/attachments/" + std::to_string(note_id + 1)));
  EXPECT_EQ(
      call(bh::verb::get, report + "/attachments/" + std::to_string(note_id), tokens_["handler"])
          .body(),
      "decoded\n");
  EXPECT_EQ(call(bh::verb::get, report + "/attachments/" + std::to_string(note_id + 1),
                 tokens_["handler"])
                .body(),
            "patch\n");

  // The reporter's list has the patch right after the files before the note's.
  auto thread =
      body_of(server_->send(HttpRequest{bh::verb::get, "/api/v1/track/" + tracking_token_, 11}));
  std::int64_t reporter_number = 0;
  for (const auto& m : thread.at("messages").as_array()) {
    for (const auto& f : m.at("attachments").as_array()) {
      EXPECT_NE(f.at("file_name"), "decoded.txt");
      if (f.at("file_name") == "patch.txt") reporter_number = f.at("id").as_int64();
    }
  }
  EXPECT_EQ(reporter_number, note_id);
  auto download = server_->send(HttpRequest{
      bh::verb::get,
      "/api/v1/track/" + tracking_token_ + "/attachments/" + std::to_string(reporter_number), 11});
  EXPECT_EQ(download.body(), "patch\n");
}

// Offboarding through the API is for an instance admin's admin-scoped token: nobody else learns
// the endpoint exists (404), and a request without a token is asked for one (401).
TEST_F(DeskApiTest, OnlyAnAdminTokenOffboardsAnAccount) {
  server_->add_member("leaving@example.org", "company", "handler");
  std::string leaving = token(*server_, "leaving@example.org", "read");
  const std::string target = "/api/v1/users/leaving@example.org/sign-out";
  EXPECT_EQ(call(bh::verb::post, target, "").result(), bh::status::unauthorized);
  for (const char* who : {"viewer", "handler", "owner", "other"}) {
    EXPECT_EQ(call(bh::verb::post, target, tokens_[who]).result(), bh::status::not_found) << who;
  }
  EXPECT_EQ(call(bh::verb::get, "/api/v1/reports", leaving).result(), bh::status::ok);
  auto done = call(bh::verb::post, target, tokens_["admin"]);
  ASSERT_EQ(done.result(), bh::status::ok) << done.body();
  EXPECT_EQ(body_of(done).at("revoked").as_int64(), 1);
  EXPECT_EQ(call(bh::verb::get, "/api/v1/reports", leaving).result(), bh::status::unauthorized);
  auto unknown =
      call(bh::verb::post, "/api/v1/users/leaving@example.org/promote", tokens_["admin"]);
  EXPECT_EQ(unknown.result(), bh::status::unprocessable_entity) << unknown.body();
  auto last_admin =
      call(bh::verb::post, "/api/v1/users/" + server_->admin_email() + "/revoke-admin",
           tokens_["admin"]);
  EXPECT_EQ(last_admin.result(), bh::status::conflict) << last_admin.body();
}

}  // namespace
}  // namespace embargo
