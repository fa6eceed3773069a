// The desk's report page against a real `embargo serve`: who may see and change a report (every
// route, every kind of caller), internal notes that never reach the reporter and replies that do
// once confirmed, transitions and their refusals, duplicates, triage with its refusals beside
// their fields, SLA marks and escalation, and files that are always downloads.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <string>
#include <tuple>

#include "core/report.h"
#include "core/time_source.h"
#include "data_file.h"
#include "http_checks.h"
#include "store/store.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::HttpResponse;
using testing::read_text;
using testing::TestServer;
namespace bh = boost::beast::http;

using testing::kPassword;

using testing::location;

using testing::contains;

using testing::kMultipart;
using testing::multipart_body;

// A report as its reporter holds it: the public id and the path of the tracking page.
struct Filed {
  std::string id;
  std::string thread;  // "/r/TOKEN"
  std::string page() const { return "/desk/reports/" + id; }
};

// A company submission that fits its form (examples/policies/company.toml), with consent.
std::string company_report(const std::string& type, const std::string& component) {
  return R"({"vulnerability_type":")" + type + R"(","affected_component":")" + component +
         R"(","requirements":"A customer account","steps_to_reproduce":"1. Post a review with a )"
         R"(script tag.\n2. Open it.","impact":"Session theft of any customer reading reviews.",)"
         R"("consent":true})";
}

// Two programs: "company" and "company-b" (the same policy under another slug). Members:
// viewer, handler and owner of company; other (handler of company-b); owner-b (owner of
// company-b); and an instance admin.
class ReportPageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::path examples = std::filesystem::path(EMBARGO_SOURCE_DIR) / "examples";
    other_policy_ = std::filesystem::temp_directory_path() /
                    ("embargo-report-page-b-" + std::to_string(::getpid()) + ".toml");
    std::string text = read_text(examples / "policies/company.toml");
    text.replace(text.find("slug = \"company\""), 16, "slug = \"company-b\"");
    std::ofstream(other_policy_) << text;
    server_ = std::make_unique<TestServer>(
        "report-page", std::vector<std::string>{"company.toml", other_policy_.string()},
        [](TestServer& server) {
          for (const char* name : {"viewer", "handler", "owner", "other", "owner-b", "root"}) {
            std::string flags = std::string(name) == "root" ? " --admin" : "";
            auto added = server.cli(std::string("user add --email ") + name + "@example.org" +
                                        " --password-stdin" + flags,
                                    std::string(kPassword) + "\n");
            ASSERT_EQ(added.status, 0) << added.out;
          }
          for (auto [program, name, role] : {std::tuple{"company", "viewer", "viewer"},
                                             std::tuple{"company", "handler", "handler"},
                                             std::tuple{"company", "owner", "owner"},
                                             std::tuple{"company-b", "other", "handler"},
                                             std::tuple{"company-b", "owner-b", "owner"}}) {
            auto added = server.cli(std::string("member add --program ") + program + " --email " +
                                    name + "@example.org --role " + role);
            ASSERT_EQ(added.status, 0) << added.out;
          }
        });
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(other_policy_);
  }

  // Files a report through the API (with files as multipart when given).
  static Filed file(const std::string& slug, const std::string& json,
                    const std::vector<std::array<std::string, 3>>& files = {}) {
    testing::HttpRequest request{bh::verb::post, "/api/v1/programs/" + slug + "/reports", 11};
    if (files.empty()) {
      request.set(bh::field::content_type, "application/json");
      request.body() = json;
    } else {
      std::vector<std::array<std::string, 3>> parts{{"report", json, ""}};
      parts.insert(parts.end(), files.begin(), files.end());
      request.set(bh::field::content_type, kMultipart);
      request.body() = multipart_body(parts);
    }
    HttpResponse r = server_->send(request, "127.0.0.200");
    EXPECT_EQ(r.result(), bh::status::created) << r.body();
    std::smatch id, token;
    EXPECT_TRUE(std::regex_search(r.body(), id, std::regex(R"re("id":"([A-Z-]+-\d{4}-\d{4})")re")));
    EXPECT_TRUE(std::regex_search(r.body(), token, std::regex(R"re(/r/([A-Za-z0-9_-]{43}))re")));
    return {id[1], "/r/" + token[1].str()};
  }

  static Browser signed_in(const std::string& name) {
    Browser browser(*server_);
    EXPECT_TRUE(browser.sign_in(name + "@example.org", kPassword)) << name;
    return browser;
  }

  // A post of a multipart form with the browser's cookies and CSRF token.
  static HttpResponse post_multipart(Browser& browser, const std::string& target,
                                     std::vector<std::array<std::string, 3>> parts) {
    parts.insert(parts.begin(), {"csrf", browser.csrf(), ""});
    testing::HttpRequest request{bh::verb::post, target, 11};
    request.set(bh::field::content_type, kMultipart);
    request.set(bh::field::cookie, "embargo_session=" + browser.cookie("embargo_session") +
                                       "; embargo_csrf=" + browser.cookie("embargo_csrf"));
    request.body() = multipart_body(parts);
    return server_->send(request);
  }

  static std::unique_ptr<TestServer> server_;
  static std::filesystem::path other_policy_;
};
std::unique_ptr<TestServer> ReportPageTest::server_;
std::filesystem::path ReportPageTest::other_policy_;

// --- who may do what ------------------------------------------------------------------------

TEST_F(ReportPageTest, EveryRouteAnswersEachKindOfCallerExactlyAsItsRoleAllows) {
  Filed report = file("company", company_report("Stored XSS", "/reviews"),
                      {{"attachments", "GET /reviews?q=<script>\n", "request.txt"}});
  std::string page = report.page();
  std::string file_url = page + "/files/1";

  Browser nobody(*server_);
  Browser reporter(*server_);
  ASSERT_EQ(reporter.get(report.thread).result(), bh::status::ok);
  for (Browser* b : {&nobody, &reporter}) {
    auto r = b->get(page);
    EXPECT_EQ(r.result(), bh::status::see_other);
    EXPECT_EQ(location(r), "/signin?next=%2Fdesk%2Freports%2F" + report.id);
    r = b->get(file_url);
    EXPECT_EQ(r.result(), bh::status::see_other);
    EXPECT_TRUE(location(r).starts_with("/signin?next=")) << location(r);
    for (const char* action : {"/messages", "/transitions", "/triage"}) {
      r = b->post(page + action, {{"body", "x"}, {"visibility", "internal"}});
      EXPECT_EQ(r.result(), bh::status::see_other) << action;
      EXPECT_EQ(location(r), "/signin") << action;
    }
  }

  // A handler of another program learns nothing: the same 404 as an id that names nothing.
  Browser other = signed_in("other");
  auto unknown = other.get("/desk/reports/COMPANY-2020-9999");
  EXPECT_EQ(unknown.result(), bh::status::not_found);
  auto hidden = other.get(page);
  EXPECT_EQ(hidden.result(), bh::status::not_found);
  EXPECT_EQ(hidden.body(), unknown.body());
  EXPECT_EQ(other.get(file_url).result(), bh::status::not_found);
  for (const char* action : {"/messages", "/transitions", "/triage"}) {
    EXPECT_EQ(other.post(page + action, {{"body", "x"}, {"visibility", "internal"}}).result(),
              bh::status::not_found)
        << action;
  }

  // A viewer reads everything, and changes nothing.
  Browser viewer = signed_in("viewer");
  auto read = viewer.get(page);
  EXPECT_EQ(read.result(), bh::status::ok);
  EXPECT_TRUE(contains(read, "lets you read this report, not change it"));
  EXPECT_FALSE(contains(read, "action=\"/desk/reports/" + report.id + "/messages\""));
  EXPECT_EQ(viewer.get(file_url).result(), bh::status::ok);
  EXPECT_EQ(viewer.post(page + "/messages", {{"body", "x"}, {"visibility", "internal"}}).result(),
            bh::status::forbidden);
  EXPECT_EQ(viewer.post(page + "/transitions", {{"from", "new"}, {"to", "acknowledged"}}).result(),
            bh::status::forbidden);
  EXPECT_EQ(viewer.post(page + "/triage", {{"labels", "web"}}).result(), bh::status::forbidden);

  // Handler, owner and admin: each reads, writes, moves and triages.
  std::vector<std::pair<std::string, std::vector<std::pair<std::string, std::string>>>> moves{
      {"handler", {{"from", "new"}, {"to", "acknowledged"}}},
      {"owner", {{"from", "acknowledged"}, {"to", "needs_info"}, {"reason", "Which browser?"}}},
      {"root", {{"from", "needs_info"}, {"to", "acknowledged"}}},
  };
  for (auto& [name, move] : moves) {
    Browser member = signed_in(name);
    EXPECT_EQ(member.get(page).result(), bh::status::ok) << name;
    EXPECT_EQ(member.get(file_url).result(), bh::status::ok) << name;
    auto wrote =
        member.post(page + "/messages", {{"body", "Note by " + name}, {"visibility", "internal"}});
    EXPECT_EQ(wrote.result(), bh::status::see_other) << name << wrote.body();
    EXPECT_EQ(location(wrote), page);
    auto moved = member.post(page + "/transitions", move);
    EXPECT_EQ(moved.result(), bh::status::see_other) << name << moved.body();
    auto triaged = member.post(page + "/triage", {{"labels", "web, " + name}});
    EXPECT_EQ(triaged.result(), bh::status::see_other) << name << triaged.body();
  }
  auto final_page = signed_in("viewer").get(page);
  EXPECT_TRUE(contains(final_page, "<span class=\"label\">root</span>"));
  EXPECT_TRUE(contains(
      final_page, "<strong>Acknowledged</strong> <span class=\"muted\">(acknowledged)</span>."));
}

TEST_F(ReportPageTest, FormsWithoutTheBrowsersCsrfTokenChangeNothing) {
  Filed report = file("company", company_report("CSRF target", "/settings"));
  Browser handler = signed_in("handler");
  handler.get(report.page());
  auto forged =
      handler.post(report.page() + "/messages",
                   {{"csrf", "forged"}, {"body", "x"}, {"visibility", "internal"}}, false);
  EXPECT_EQ(forged.result(), bh::status::forbidden);
  EXPECT_FALSE(contains(handler.get(report.page()), "<div class=\"message\">x</div>"));
}

// --- the thread -----------------------------------------------------------------------------

TEST_F(ReportPageTest, InternalNotesStayInternalAndAReplyReachesTheReporterOnlyWhenConfirmed) {
  Filed report = file("company", company_report("Open redirect", "/login?next="));
  Browser handler = signed_in("handler");
  handler.get(report.page());
  auto note = handler.post(
      report.page() + "/messages",
      {{"body", "Probably the same as the old login bug."}, {"visibility", "internal"}});
  ASSERT_EQ(note.result(), bh::status::see_other) << note.body();

  auto unconfirmed =
      handler.post(report.page() + "/messages",
                   {{"body", "Thanks, we can reproduce it."}, {"visibility", "reporter"}});
  EXPECT_EQ(unconfirmed.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(unconfirmed, "id=\"f-confirm-error\""));
  EXPECT_TRUE(contains(unconfirmed, "nothing was sent"));
  EXPECT_TRUE(contains(unconfirmed, "\nThanks, we can reproduce it.</textarea>"))
      << "what was typed is kept";

  Browser reporter(*server_);
  auto thread = reporter.get(report.thread);
  EXPECT_FALSE(contains(thread, "old login bug"));
  EXPECT_FALSE(contains(thread, "we can reproduce it"));

  auto confirmed =
      handler.post(report.page() + "/messages", {{"body", "Thanks, we can reproduce it."},
                                                 {"visibility", "reporter"},
                                                 {"confirm_reporter", "yes"}});
  ASSERT_EQ(confirmed.result(), bh::status::see_other) << confirmed.body();
  thread = reporter.get(report.thread);
  EXPECT_TRUE(contains(thread, "Thanks, we can reproduce it."));
  EXPECT_FALSE(contains(thread, "old login bug"));

  auto desk = handler.get(report.page());
  std::regex note_box(
      R"re(<li class="entry internal-note">\s*<p class="internal-label">Internal note — the reporter cannot see this</p>\s*<p class="entry-head"><span class="who">handler@example.org</span> noted, [^<]+</p>\s*<div class="message">Probably the same as the old login bug.</div>)re");
  EXPECT_TRUE(std::regex_search(desk.body(), note_box)) << desk.body();
  EXPECT_TRUE(contains(desk, "<li class=\"entry from-team\">"));
  EXPECT_TRUE(contains(desk, "replied to the reporter"));
}

TEST_F(ReportPageTest, ACannedResponseIsInsertedWithoutScript) {
  {
    // Canned responses are written by the program's settings; here straight into the store.
    std::unique_ptr<store::Store> store = server_->open_store();
    CannedResponse canned;
    canned.program = "company";
    canned.title = "Reproducer";
    canned.body = "Please send a minimal reproducer.";
    store->put_canned_response(canned, "owner@example.org");
  }
  Filed report = file("company", company_report("SSRF", "/fetch"));
  Browser handler = signed_in("handler");
  auto page = handler.get(report.page());
  std::smatch key;
  ASSERT_TRUE(std::regex_search(page.body(), key,
                                std::regex(R"re(<option value="(\d+)">Reproducer</option>)re")))
      << page.body();
  auto inserted = handler.get(report.page() + "?canned=" + key[1].str());
  EXPECT_EQ(inserted.result(), bh::status::ok);
  EXPECT_TRUE(contains(inserted, "\nPlease send a minimal reproducer.</textarea>"));
  EXPECT_TRUE(contains(inserted, "value=\"reporter\" checked"));
}

// --- transitions ----------------------------------------------------------------------------

TEST_F(ReportPageTest, TheFormOffersTheTablesMovesAndShowsWhyOneIsRefused) {
  Filed report = file("company", company_report("IDOR", "/orders/{id}"));
  Browser handler = signed_in("handler");
  auto page = handler.get(report.page());
  EXPECT_TRUE(contains(page, "<option value=\"acknowledged\">Acknowledged</option>"));
  EXPECT_TRUE(contains(
      page, "<option value=\"spam\">Spam (reason required; the reporter reads it)</option>"));
  EXPECT_FALSE(contains(page, "<option value=\"fixed\">")) << "new cannot move to fixed";

  auto refused = handler.post(report.page() + "/transitions", {{"from", "new"}, {"to", "fixed"}});
  EXPECT_EQ(refused.result(), bh::status::conflict);
  EXPECT_TRUE(std::regex_search(
      refused.body(),
      std::regex(
          R"re(<p class="field-error" id="f-to-error">cannot move a report from &apos;new&apos; to &apos;fixed&apos;</p>)re")))
      << refused.body();

  auto no_reason =
      handler.post(report.page() + "/transitions", {{"from", "new"}, {"to", "out_of_scope"}});
  EXPECT_EQ(no_reason.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(no_reason, "id=\"f-reason-error\""));

  // A page loaded before someone else moved the report does not move it again.
  ASSERT_EQ(handler.post(report.page() + "/transitions", {{"from", "new"}, {"to", "acknowledged"}})
                .result(),
            bh::status::see_other);
  auto stale = handler.post(report.page() + "/transitions", {{"from", "new"}, {"to", "triaged"}});
  EXPECT_EQ(stale.result(), bh::status::conflict);
  EXPECT_TRUE(contains(stale, "the report is now &apos;acknowledged&apos;"))
      << stale.body().substr(0, 200);
}

TEST_F(ReportPageTest, ADuplicateLinksToItsOriginalAndItsReporterIsToldWhy) {
  Filed original = file("company", company_report("SQL injection", "/search?q="));
  Filed duplicate = file("company", company_report("SQL injection again", "/search?q="));
  Filed elsewhere = file("company-b", company_report("SQL injection", "/search?q="));
  Browser handler = signed_in("handler");
  handler.get(duplicate.page());

  auto other_program = handler.post(
      duplicate.page() + "/transitions",
      {{"from", "new"}, {"to", "duplicate"}, {"reason", "Known."}, {"duplicate_of", elsewhere.id}});
  EXPECT_EQ(other_program.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(other_program,
                       "<p class=\"field-error\" id=\"f-duplicate-of-error\">there "
                       "is no report " +
                           elsewhere.id + " in this program</p>"));

  auto marked = handler.post(duplicate.page() + "/transitions",
                             {{"from", "new"},
                              {"to", "duplicate"},
                              {"reason", "Reported before; we will credit the first reporter."},
                              {"duplicate_of", original.id}});
  ASSERT_EQ(marked.result(), bh::status::see_other) << marked.body();
  auto desk = handler.get(duplicate.page());
  EXPECT_TRUE(contains(
      desk, "duplicate of <a href=\"/desk/reports/" + original.id + "\">" + original.id + "</a>"));
  EXPECT_TRUE(contains(desk, "Reason (the reporter reads it): Reported before"));

  Browser reporter(*server_);
  auto thread = reporter.get(duplicate.thread);
  EXPECT_TRUE(contains(thread, "Closed: someone reported this before you"));
  EXPECT_TRUE(contains(thread, "Reported before; we will credit the first reporter."));

  // The duplicate's page lists the original first among the earlier reports that read like it.
  auto similar = desk.body().substr(desk.body().find("id=\"similar-heading\""));
  EXPECT_TRUE(similar.starts_with("id=\"similar-heading\">Possible duplicates</h2>\n<table>"));
  EXPECT_NE(similar.find("<tbody>\n<tr><td><a href=\"/desk/reports/" + original.id + "\">"),
            std::string::npos)
      << similar.substr(0, 600);
}

// --- triage ---------------------------------------------------------------------------------

TEST_F(ReportPageTest, TriageRefusalsAreShownBesideTheirFieldsAndNothingChanges) {
  Filed report = file("company", company_report("XXE", "/import"));
  Browser handler = signed_in("handler");
  handler.get(report.page());
  struct Case {
    std::string field, value, error_id;
  };
  for (const Case& c :
       {Case{"cvss_vector", "CVSS:4.0/AV:X", "f-cvss_vector-error"},
        Case{"cwe", "CWE-abc", "f-cwe-error"}, Case{"cwe", "CWE-999999", "f-cwe-error"},
        Case{"labels", "Not A Label!", "f-labels-error"},
        Case{"handler", "viewer@example.org", "f-handler-error"},
        Case{"severity", "apocalyptic", "f-severity-error"}}) {
    auto r = handler.post(report.page() + "/triage", {{c.field, c.value}});
    EXPECT_EQ(r.result(), bh::status::unprocessable_entity) << c.field << " " << c.value;
    EXPECT_TRUE(contains(r, "id=\"" + c.error_id + "\"")) << c.field << " " << c.value;
  }
  auto page = handler.get(report.page());
  EXPECT_TRUE(contains(page, "<dt>Handler</dt><dd>nobody</dd>"));
  EXPECT_TRUE(contains(page, "<dt>Labels</dt><dd>none</dd>"));
}

TEST_F(ReportPageTest, TriageIsSavedWithItsScoreAndEachAffectedVersionsSupport) {
  Filed report = file("company", company_report("RCE", "/upload"));
  Browser handler = signed_in("handler");
  handler.get(report.page());
  const std::string vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

  // Without script, "Check the score" shows it and saves nothing.
  auto checked =
      handler.post(report.page() + "/triage", {{"cvss_vector", vector}, {"action", "score"}});
  EXPECT_EQ(checked.result(), bh::status::ok);
  EXPECT_TRUE(contains(checked, ">9.3 Critical (CVSS-B)</output>")) << checked.body();
  EXPECT_TRUE(contains(checked, "Nothing is saved until"));
  EXPECT_TRUE(contains(handler.get(report.page()), "<dt>Severity</dt><dd>not rated</dd>"));

  auto saved = handler.post(report.page() + "/triage", {{"cvss_vector", vector},
                                                        {"severity", ""},
                                                        {"cwe", "CWE-79"},
                                                        {"affected_versions", "2.0\r\n\r\n1.0"},
                                                        {"fixed_versions", "2.1"},
                                                        {"handler", "handler@example.org"},
                                                        {"backup_handler", "owner@example.org"},
                                                        {"labels", "rce, upload"}});
  ASSERT_EQ(saved.result(), bh::status::see_other) << saved.body();
  auto page = handler.get(report.page());
  EXPECT_TRUE(contains(page, "<dt>Severity</dt><dd>critical (<code>" + vector + "</code>)</dd>"));
  EXPECT_TRUE(contains(page, "<dt>Weakness</dt><dd>CWE-79</dd>"));
  EXPECT_TRUE(contains(page, "<dt>Handler</dt><dd>handler@example.org</dd>"));
  EXPECT_TRUE(contains(page, "<dt>Backup</dt><dd>owner@example.org</dd>"));
  EXPECT_TRUE(
      contains(page, "<span class=\"label\">rce</span> <span class=\"label\">upload</span>"));
  // company.toml supports "latest": a person must judge every version.
  EXPECT_TRUE(contains(page, "<li><code>2.0</code>: unknown</li>"));
  EXPECT_TRUE(contains(page, "<li><code>1.0</code>: unknown</li>"));
  EXPECT_TRUE(contains(page, "<option value=\"handler@example.org\" selected>"));
  // The audit log shows the change first.
  auto log = page.body().substr(page.body().find("id=\"audit-heading\""));
  EXPECT_LT(log.find("report.triage"), log.find("report.created"));
}

// --- clocks ---------------------------------------------------------------------------------

TEST_F(ReportPageTest, ClocksSayWhatIsDueAndAReportNobodyTookIsEscalatedToTheOwners) {
  Filed fresh = file("company", company_report("Clickjacking", "/account"));
  Browser handler = signed_in("handler");
  auto page = handler.get(fresh.page());
  EXPECT_TRUE(std::regex_search(
      page.body(), std::regex(R"re(<th scope="row">Acknowledge</th><td>7 business days</td>)re")));
  EXPECT_TRUE(std::regex_search(page.body(), std::regex(R"(due in \d+ (days|hours))")));
  EXPECT_FALSE(contains(page, "Escalated to the program owners"));

  // A report received a month ago that nobody took on: its clocks are overdue and its
  // program's owners are named.
  std::string old_id;
  {
    std::unique_ptr<store::Store> store = server_->open_store();
    store::ImportedReport old;
    old.submission.program = "company-b";
    old.submission.consented = true;
    old.submission.fields[ReportField::vulnerability_type] = "Weak session ids";
    old.submission.fields[ReportField::affected_component] = "/login";
    old.submission.fields[ReportField::requirements] = "none";
    old.submission.fields[ReportField::steps_to_reproduce] = "Collect ids.";
    old.submission.fields[ReportField::impact] = "Session hijacking.";
    old.received_at = system_time().now() - std::chrono::days(30);
    old_id = store->import_reports({old}, "cli").front();
  }
  Browser owner_b = signed_in("owner-b");
  auto escalated = owner_b.get("/desk/reports/" + old_id);
  ASSERT_EQ(escalated.result(), bh::status::ok);
  EXPECT_TRUE(contains(escalated, "Escalated to the program owners"));
  EXPECT_TRUE(contains(escalated, "<span class=\"owner\">owner-b@example.org</span>"));
  EXPECT_TRUE(std::regex_search(
      escalated.body(),
      std::regex(
          R"re(<strong class="mark mark-overdue">Overdue:</strong> overdue by \d+ days)re")));

  owner_b.post("/desk/reports/" + old_id + "/triage", {{"handler", "other@example.org"}});
  EXPECT_FALSE(contains(owner_b.get("/desk/reports/" + old_id), "Escalated to the program owners"));
}

// --- files ----------------------------------------------------------------------------------

TEST_F(ReportPageTest, FilesAreDownloadsNeverShownInlineAndNotesFilesStayWithTheTeam) {
  Filed report = file("company", company_report("Stored XSS in avatars", "/avatar"),
                      {{"attachments", "<script>alert(1)</script>\n", "poc.txt"}});
  Browser handler = signed_in("handler");
  auto page = handler.get(report.page());
  EXPECT_TRUE(contains(page, "<a href=\"" + report.page() + "/files/1\" download>poc.txt</a>"));
  auto file = handler.get(report.page() + "/files/1");
  ASSERT_EQ(file.result(), bh::status::ok);
  EXPECT_EQ(file.body(), "<script>alert(1)</script>\n");
  EXPECT_EQ(file[bh::field::content_type], "application/octet-stream");
  EXPECT_TRUE(std::string(file[bh::field::content_disposition]).starts_with("attachment"));
  EXPECT_EQ(file["X-Content-Type-Options"], "nosniff");
  EXPECT_EQ(handler.get(report.page() + "/files/2").result(), bh::status::not_found);
  EXPECT_EQ(handler.get(report.page() + "/files/01").result(), bh::status::not_found);

  // A file attached to an internal note is the team's: the reporter's link cannot fetch it.
  auto noted = post_multipart(handler, report.page() + "/messages",
                              {{"body", "Decoded payload attached.", ""},
                               {"visibility", "internal", ""},
                               {"attachments", "decoded\n", "decoded.txt"}});
  ASSERT_EQ(noted.result(), bh::status::see_other) << noted.body();
  EXPECT_EQ(handler.get(report.page() + "/files/2").body(), "decoded\n");
  Browser reporter(*server_);
  EXPECT_EQ(reporter.get(report.thread + "/attachments/2").result(), bh::status::not_found);
  EXPECT_EQ(reporter.get(report.thread + "/attachments/1").result(), bh::status::ok);

  // A reply's files follow the submission's in the reporter's numbers, without a gap for the
  // note's file (the team's file 2): the reporter cannot tell a note with a file exists.
  // (The company takes one file per message: two replies of one patch each.)
  for (auto [body, file, name] :
       {std::tuple{"A patch to try.", "first patch\n", "first.txt"},
        std::tuple{"And a second one.", "second patch\n", "second.txt"}}) {
    auto replied = post_multipart(handler, report.page() + "/messages",
                                  {{"body", body, ""},
                                   {"visibility", "reporter", ""},
                                   {"confirm_reporter", "yes", ""},
                                   {"attachments", file, name}});
    ASSERT_EQ(replied.result(), bh::status::see_other) << replied.body();
  }
  EXPECT_EQ(handler.get(report.page() + "/files/4").body(), "second patch\n");
  auto thread = reporter.get(report.thread);
  EXPECT_TRUE(
      contains(thread, "<a href=\"" + report.thread + "/attachments/1\" download>poc.txt</a>"));
  EXPECT_TRUE(
      contains(thread, "<a href=\"" + report.thread + "/attachments/2\" download>first.txt</a>"));
  EXPECT_TRUE(
      contains(thread, "<a href=\"" + report.thread + "/attachments/3\" download>second.txt</a>"));
  EXPECT_FALSE(contains(thread, "decoded.txt"));
  EXPECT_EQ(reporter.get(report.thread + "/attachments/2").body(), "first patch\n");
  EXPECT_EQ(reporter.get(report.thread + "/attachments/3").body(), "second patch\n");
  EXPECT_EQ(reporter.get(report.thread + "/attachments/4").result(), bh::status::not_found);

  // Files as large as the program takes (it names no size: up to the server's limit) pass.
  std::string large(2 * 1024 * 1024, 'a');
  auto big = post_multipart(handler, report.page() + "/messages",
                            {{"body", "Full server log.", ""},
                             {"visibility", "internal", ""},
                             {"attachments", large, "server.log.txt"}});
  ASSERT_EQ(big.result(), bh::status::see_other) << big.body().substr(0, 300);
  EXPECT_EQ(handler.get(report.page() + "/files/5").body().size(), large.size());

  // A file the program does not take is refused beside the files field, and nothing is kept.
  auto refused = post_multipart(handler, report.page() + "/messages",
                                {{"body", "A binary.", ""},
                                 {"visibility", "internal", ""},
                                 {"attachments", "MZ\x90", "tool.exe"}});
  EXPECT_EQ(refused.result(), bh::status::unprocessable_entity);
  EXPECT_TRUE(contains(refused, "id=\"f-attachments-error\""));
  EXPECT_EQ(handler.get(report.page() + "/files/6").result(), bh::status::not_found);
}

}  // namespace
}  // namespace embargo
