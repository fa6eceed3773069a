// The program list, the program dashboard and the CSV exports against a real `embargo serve`:
// who may open each (the issue's matrix), the figures of a small known data set, the period
// chooser's refusals, and the CSV read back as a spreadsheet would.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/time.h"
#include "core/time_source.h"
#include "http_checks.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::HttpResponse;
using testing::TestServer;
namespace bh = boost::beast::http;

using testing::kPassword;
const std::string kHostileTitle = "=HYPERLINK(\"http://evil.example\",\"x\"), with a comma";

// A program promising acknowledgement in 48 hours, triage in 7 days and a fix of a high or
// critical report in 30 days, in UTC; `slug` names it.
std::string policy(const std::string& slug) {
  return "[program]\nslug = \"" + slug + "\"\nname = \"" + slug + " program\"\n" + R"(
[sla]
acknowledge = "48h"
triage = "7d"

[sla.resolution]
critical = "30d"
high = "30d"

[form]
anonymous_allowed = true
[[form.fields]]
field = "title"
required = true
[[form.fields]]
field = "description"
required = true
[[form.fields]]
field = "severity"
)";
}

std::filesystem::path write_policy(const std::string& slug) {
  auto path = std::filesystem::temp_directory_path() /
              ("dashpage-" + std::to_string(::getpid()) + "-" + slug + ".toml");
  std::ofstream(path) << policy(slug);
  return path;
}

// RFC 4180 read back: records of fields, quotes undone. Fails the test on a malformed file.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      EXPECT_TRUE(field.empty()) << "a quote inside an unquoted field at " << i;
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\r') {
      EXPECT_TRUE(i + 1 < text.size() && text[i + 1] == '\n') << "a CR without LF at " << i;
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
      ++i;
    } else {
      EXPECT_NE(c, '\n') << "a bare LF at " << i;
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "the file ends inside a quoted field";
  EXPECT_TRUE(record.empty() && field.empty()) << "the last record has no CRLF";
  return records;
}

// The column `name` of every record after the header.
std::vector<std::string> column(const std::vector<std::vector<std::string>>& csv,
                                const std::string& name) {
  std::vector<std::string> values;
  if (csv.empty()) return values;
  auto at = std::find(csv[0].begin(), csv[0].end(), name) - csv[0].begin();
  for (std::size_t i = 1; i < csv.size(); ++i) values.push_back(csv[i].at(at));
  return values;
}

using testing::location;

// Whether the page has a table row headed `heading` with exactly these cells.
bool has_row(const std::string& html, const std::string& heading,
             const std::vector<std::string>& cells) {
  std::string row = "<tr><th scope=\"row\">" + heading + "</th>";
  for (const auto& cell : cells) row += "<td>" + cell + "</td>";
  return html.find(row + "</tr>") != std::string::npos;
}

std::string today() { return format_time(system_time().now()).substr(0, 10); }

class DashboardPagesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dash_policy_ = write_policy("dash");
    other_policy_ = write_policy("other");
    server_ = std::make_unique<TestServer>(
        "dashpage", std::vector<std::string>{dash_policy_.string(), other_policy_.string()},
        [](TestServer& server) {
          for (auto [email, program, role] :
               {std::tuple{"viewer@example.org", "dash", "viewer"},
                std::tuple{"stranger@example.org", "other", "handler"},
                std::tuple{"handler@example.org", "dash", "handler"},
                std::tuple{"owner@example.org", "dash", "owner"}}) {
            auto added = server.cli("user add --email " + std::string(email) + " --password-stdin",
                                    std::string(kPassword) + "\n");
            ASSERT_EQ(added.status, 0) << added.out;
            auto member = server.cli("member add --program " + std::string(program) + " --email " +
                                     email + " --role " + role);
            ASSERT_EQ(member.status, 0) << member.out;
          }
          // The data set: four reports of dash, one of other.
          std::string fixed = submit(server, "fixed", "dash", kHostileTitle, "high");
          for (const char* to : {"acknowledged", "triaged", "accepted", "fixing", "fixed"}) {
            move(server, fixed, to);
          }
          move(server, submit(server, "acknowledged", "dash", "Acknowledged only", "low"),
               "acknowledged");
          move(server, submit(server, "spam", "dash", "Buy cheap watches", ""), "spam");
          submit(server, "untouched", "dash", "Nobody looked yet", "critical");
          submit(server, "other", "other", "The other program's secret", "medium");
        });
    fixed_ = server_->recall("fixed");
    acknowledged_ = server_->recall("acknowledged");
    spam_ = server_->recall("spam");
    untouched_ = server_->recall("untouched");
    other_report_ = server_->recall("other");
    fixed_token_ = server_->recall("fixed token");
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(dash_policy_);
    std::filesystem::remove(other_policy_);
  }

  // Files a report through the CLI; remembers its id as `name` and its tracking token as
  // "`name` token", and returns the id.
  static std::string submit(TestServer& server, const std::string& name, const std::string& program,
                            const std::string& title, const std::string& severity) {
    std::string json = "{\"title\": " + quoted(title) +
                       ", \"description\": \"Details.\", \"consent\": true," +
                       " \"credit\": {\"kind\": \"anonymous\"}" +
                       (severity.empty() ? "" : ", \"severity\": \"" + severity + "\"") + "}";
    auto stored = server.cli("report submit --program " + program + " -", json);
    EXPECT_EQ(stored.status, 0) << stored.out;
    std::smatch m;
    EXPECT_TRUE(std::regex_search(stored.out, m,
                                  std::regex("stored (\\S+)\\s+tracking token "
                                             "\\(shown once\\): (\\S+)")))
        << stored.out;
    server.remember(name, m[1]);
    server.remember(name + " token", m[2]);
    return m[1];
  }

  static std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }

  static void move(const TestServer& server, const std::string& id, const std::string& to) {
    auto moved = server.cli("report transition " + id + " --to " + to +
                            " --reason 'As decided.' --actor handler@example.org");
    EXPECT_EQ(moved.status, 0) << moved.out;
  }

  // Signs `browser` in as `email`, or as the admin.
  static void sign_in(Browser& browser, const std::string& email) {
    if (email == "admin") {
      EXPECT_TRUE(browser.sign_in(server_->admin_email(), server_->admin_password()));
    } else {
      EXPECT_TRUE(browser.sign_in(email, kPassword)) << email;
    }
  }

  // A browser signed in as `email`, or as the admin.
  static Browser member(const std::string& email) {
    Browser browser(*server_);
    sign_in(browser, email);
    return browser;
  }

  static inline std::filesystem::path dash_policy_, other_policy_;
  static inline std::unique_ptr<TestServer> server_;
  static inline std::string fixed_, acknowledged_, spam_, untouched_, other_report_;
  static inline std::string fixed_token_;
};

// --- who may open what ---------------------------------------------------------------------

TEST_F(DashboardPagesTest, EveryRouteAnswersEachCallerAsItsRoleAllows) {
  const std::vector<std::string> callers = {"nobody",  "reporter", "viewer", "stranger",
                                            "handler", "owner",    "admin"};
  using S = bh::status;
  const S see = S::see_other, ok = S::ok, hidden = S::not_found, no = S::forbidden;
  const std::vector<std::pair<std::string, std::vector<S>>> matrix = {
      {"/desk/programs", {see, see, ok, ok, ok, ok, ok}},
      {"/desk/programs/dash/dashboard", {see, see, no, hidden, ok, ok, ok}},
      {"/desk/programs/dash/dashboard?from=2026-01-01&to=2026-01-31",
       {see, see, no, hidden, ok, ok, ok}},
      {"/desk/queue.csv", {see, see, ok, ok, ok, ok, ok}},
      {"/desk/queue.csv?program=dash", {see, see, ok, hidden, ok, ok, ok}},
      {"/desk/programs/dash/audit.csv", {see, see, ok, hidden, ok, ok, ok}},
      {"/desk/programs/nowhere/dashboard", {see, see, hidden, hidden, hidden, hidden, hidden}},
      {"/desk/programs/nowhere/audit.csv", {see, see, hidden, hidden, hidden, hidden, hidden}},
      {"/desk/queue.csv?program=nowhere", {see, see, hidden, hidden, hidden, hidden, hidden}},
  };
  for (const auto& caller : callers) {
    Browser browser(*server_);
    if (caller == "reporter") {
      // A reporter's browser holds a tracking link, which opens the thread and nothing more.
      ASSERT_EQ(browser.get("/r/" + fixed_token_).result(), ok);
    } else if (caller != "nobody") {
      sign_in(browser, caller == "admin" ? "admin" : caller + "@example.org");
    }
    for (std::size_t i = 0; i < matrix.size(); ++i) {
      const auto& [target, statuses] = matrix[i];
      std::size_t who = &caller - callers.data();
      HttpResponse r = browser.get(target);
      EXPECT_EQ(r.result(), statuses[who]) << caller << " " << target;
      if (statuses[who] == see) {
        EXPECT_TRUE(location(r).starts_with("/signin?next=")) << caller << " " << target;
      }
      if (statuses[who] == hidden) {
        EXPECT_EQ(r.body().find("dash program"), std::string::npos) << caller << " " << target;
      }
    }
  }
}

TEST_F(DashboardPagesTest, TheProgramListShowsWhatEachRoleMayOpen) {
  std::string viewer = member("viewer@example.org").get("/desk/programs").body();
  EXPECT_NE(viewer.find("dash program"), std::string::npos);
  EXPECT_EQ(viewer.find("other program"), std::string::npos);
  EXPECT_EQ(viewer.find("/desk/programs/dash/dashboard"), std::string::npos);
  EXPECT_NE(viewer.find("/desk/queue.csv?program=dash"), std::string::npos);
  EXPECT_NE(viewer.find("href=\"/desk/programs/dash/audit.csv\""), std::string::npos)
      << "the audit log is read permission, as on the report page";

  std::string handler = member("handler@example.org").get("/desk/programs").body();
  EXPECT_NE(handler.find("href=\"/desk/programs/dash/dashboard\""), std::string::npos);
  EXPECT_NE(handler.find("href=\"/desk/programs/dash/audit.csv\""), std::string::npos);
  EXPECT_EQ(handler.find("/desk/programs/dash/settings"), std::string::npos);

  std::string owner = member("owner@example.org").get("/desk/programs").body();
  EXPECT_NE(owner.find("href=\"/desk/programs/dash/settings\""), std::string::npos);

  std::string stranger = member("stranger@example.org").get("/desk/programs").body();
  EXPECT_EQ(stranger.find("dash program"), std::string::npos);
  EXPECT_NE(stranger.find("other program"), std::string::npos);

  std::string admin = member("admin").get("/desk/programs").body();
  EXPECT_NE(admin.find("dash program"), std::string::npos);
  EXPECT_NE(admin.find("other program"), std::string::npos);
}

// --- the dashboard's figures -----------------------------------------------------------------

TEST_F(DashboardPagesTest, TheDefaultPeriodShowsTheFiguresOfTheDataSet) {
  HttpResponse r = member("handler@example.org").get("/desk/programs/dash/dashboard");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  const std::string& html = r.body();
  EXPECT_NE(html.find("4 reports received from "), std::string::npos);
  EXPECT_NE(html.find(" to " + today() + " (UTC)"), std::string::npos);
  EXPECT_NE(html.find("value=\"" + today() + "\""), std::string::npos);

  // Promise: met, missed, overdue, running, waiting on the reporter, stopped, share met. The spam
  // was acknowledged and triaged when it was closed; the low report has no resolution time; all
  // within seconds; nobody was asked a question.
  EXPECT_TRUE(has_row(html, "Acknowledge", {"3", "0", "0", "1", "0", "0", "100%"})) << html;
  EXPECT_TRUE(has_row(html, "Triage", {"2", "0", "0", "2", "0", "0", "100%"})) << html;
  EXPECT_TRUE(has_row(html, "Resolution", {"1", "0", "0", "1", "0", "0", "100%"})) << html;
  EXPECT_TRUE(
      has_row(html, "Time to acknowledge", {"3", "less than a minute", "less than a minute"}));
  EXPECT_TRUE(has_row(html, "Time to triage", {"2", "less than a minute", "less than a minute"}));
  EXPECT_TRUE(has_row(html, "Time to fix", {"1", "less than a minute", "less than a minute"}));

  // The chart tables beside the charts.
  for (auto [state, n] :
       {std::pair{"new", "1"}, std::pair{"acknowledged", "1"}, std::pair{"fixed", "1"},
        std::pair{"spam", "1"}, std::pair{"triaged", "0"}, std::pair{"withdrawn", "0"}}) {
    EXPECT_TRUE(has_row(html, state, {n})) << state;
  }
  for (auto [severity, n] :
       {std::pair{"low", "1"}, std::pair{"medium", "0"}, std::pair{"high", "1"},
        std::pair{"critical", "1"}, std::pair{"unrated", "1"}}) {
    EXPECT_TRUE(has_row(html, severity, {n})) << severity;
  }
  EXPECT_TRUE(has_row(html, today().substr(0, 7), {"4"}));
  EXPECT_TRUE(has_row(html, "Acknowledge", {"100%"}));

  // Each breakdown is an SVG image named by its title, with its table captioned alike.
  for (const char* title :
       {"Reports by state now", "Reports by severity", "Reports by month received",
        "Share of decided reports whose "
        "promise was met"}) {
    EXPECT_NE(html.find("<title>" + std::string(title) + "</title>"), std::string::npos) << title;
    EXPECT_NE(html.find("<caption>" + std::string(title) + "</caption>"), std::string::npos);
  }
  EXPECT_NE(html.find("role=\"img\""), std::string::npos);
  EXPECT_EQ(html.find("style="), std::string::npos);
  EXPECT_EQ(html.find("The other program"), std::string::npos);
  // Presets are links to the chooser's own form.
  EXPECT_NE(html.find("Last 30 days"), std::string::npos);
  EXPECT_NE(html.find("to=" + today() + "\">Last quarter"), std::string::npos);
}

TEST_F(DashboardPagesTest, APeriodWithoutReportsHasNoShareAndNoTimes) {
  HttpResponse r = member("owner@example.org")
                       .get("/desk/programs/dash/dashboard?from=2020-01-01&to=2020-03-31");
  ASSERT_EQ(r.result(), bh::status::ok);
  const std::string& html = r.body();
  EXPECT_NE(html.find("0 reports received from 2020-01-01 to 2020-03-31"), std::string::npos);
  EXPECT_TRUE(has_row(html, "Acknowledge", {"0", "0", "0", "0", "0", "0", "none decided"}));
  EXPECT_TRUE(has_row(html, "Time to fix", {"0", "none", "none"}));
  for (const char* month : {"2020-01", "2020-02", "2020-03"}) {
    EXPECT_TRUE(has_row(html, month, {"0"})) << month;
  }
  EXPECT_FALSE(has_row(html, "2020-04", {"0"}));
  EXPECT_EQ(html.find("Share of decided reports"), std::string::npos);
}

TEST_F(DashboardPagesTest, BadPeriodsShowTheFormWithTheProblemBesideItsField) {
  Browser handler = member("handler@example.org");
  struct Case {
    std::string query;
    std::string field_id;  // the error's id, next to its input
    std::string says;
  };
  for (const Case& c : std::vector<Case>{
           {"from=2026-02-30&to=2026-03-31", "f-from-error",
            "from: &apos;2026-02-30&apos; is not a date"},
           {"from=2026-03-01&to=yesterday", "f-to-error",
            "to: &apos;yesterday&apos; is not a date"},
           {"from=2026-03-01", "f-to-error", "to: &apos;&apos; is not a date"},
           {"from=2026-03-31&to=2026-03-01", "f-to-error", "is before the first"},
           {"from=2019-01-01&to=2025-01-01", "period-error", "at most five years"},
           {"from=%3Cscript%3Ealert(1)%3C/script%3E&to=2026-01-01", "f-from-error",
            "&lt;script&gt;"},
       }) {
    HttpResponse r = handler.get("/desk/programs/dash/dashboard?" + c.query);
    EXPECT_EQ(r.result(), bh::status::bad_request) << c.query;
    const std::string& html = r.body();
    EXPECT_NE(html.find("id=\"" + c.field_id + "\""), std::string::npos) << c.query << html;
    EXPECT_NE(html.find(c.says), std::string::npos) << c.query << html;
    EXPECT_EQ(html.find("<script>"), std::string::npos) << c.query;
    EXPECT_NE(html.find("<form method=\"get\""), std::string::npos) << c.query;
    EXPECT_EQ(html.find("reports received from"), std::string::npos) << c.query;
  }
  // What was typed stays in the field to be corrected.
  std::string html =
      handler.get("/desk/programs/dash/dashboard?from=2026-02-30&to=2026-03-31").body();
  EXPECT_NE(html.find("value=\"2026-02-30\""), std::string::npos);
  EXPECT_NE(html.find("aria-invalid=\"true\" aria-describedby=\"f-from-error\""),
            std::string::npos);
}

// --- the exports ---------------------------------------------------------------------------

TEST_F(DashboardPagesTest, TheQueueExportIsTheFilteredQueueAsCsv) {
  HttpResponse r = member("handler@example.org").get("/desk/queue.csv");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(r[bh::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(r[bh::field::cache_control], "no-store");
  EXPECT_EQ(r[bh::field::content_disposition],
            "attachment; filename=\"embargo-queue-" + today() + ".csv\"");
  auto csv = parse_csv(r.body());
  ASSERT_FALSE(csv.empty());
  EXPECT_EQ(csv[0],
            (std::vector<std::string>{"id", "program", "state", "severity", "title", "received",
                                      "due", "due_clock", "handler", "labels"}));
  for (const auto& record : csv) EXPECT_EQ(record.size(), 10u);
  // The open reports of the handler's one program, what is due first on top: the spam is
  // closed, and the other program is not the handler's.
  auto ids = column(csv, "id");
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()),
            (std::set<std::string>{fixed_, acknowledged_, untouched_}));
  EXPECT_EQ(ids.back(), fixed_);  // nothing of it is due any more
  // The title comes back whole, comma and quotes included, behind the apostrophe that keeps a
  // spreadsheet from running it as a formula.
  auto titles = column(csv, "title");
  EXPECT_EQ(titles.back(), "'" + kHostileTitle);
  EXPECT_NE(r.body().find("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\"), with a comma\""),
            std::string::npos);
  auto due = column(csv, "due");
  EXPECT_EQ(due.back(), "");
  EXPECT_EQ(column(csv, "due_clock")[0], "acknowledge");
  EXPECT_EQ(column(csv, "severity")[0],
            "critical");  // due first: received last, not yet acknowledged
}

TEST_F(DashboardPagesTest, TheQueueExportTakesTheQueuesFilters) {
  Browser owner = member("owner@example.org");
  auto ids = [&](const std::string& query) {
    HttpResponse r = owner.get("/desk/queue.csv" + query);
    EXPECT_EQ(r.result(), bh::status::ok) << query << r.body();
    return column(parse_csv(r.body()), "id");
  };
  EXPECT_EQ(ids("?state=spam"), std::vector<std::string>{spam_});
  EXPECT_EQ(ids("?severity=critical"), std::vector<std::string>{untouched_});
  EXPECT_EQ(ids("?q=watches&state=spam&state=new"), std::vector<std::string>{spam_});
  EXPECT_EQ(ids("?program=dash&state=fixed&severity=high"), std::vector<std::string>{fixed_});
  EXPECT_TRUE(ids("?handler=handler@example.org").empty());
  EXPECT_EQ(ids("?handler=none&severity=low").size(), 1u);
  EXPECT_TRUE(ids("?overdue=1").empty());
  EXPECT_EQ(ids("?program=&state=&severity=").size(), 3u);  // an empty select filters nothing

  // The admin sees every program; a filter that is not one is refused by name.
  HttpResponse all = member("admin").get("/desk/queue.csv");
  auto everything = column(parse_csv(all.body()), "program");
  EXPECT_EQ(std::count(everything.begin(), everything.end(), "other"), 1);
  for (auto [query, says] : {std::pair{"?state=closed", "state: &apos;closed&apos;"},
                             std::pair{"?severity=urgent", "severity: &apos;urgent&apos;"},
                             std::pair{"?overdue=maybe", "overdue: &apos;maybe&apos;"}}) {
    HttpResponse r = owner.get(std::string("/desk/queue.csv") + query);
    EXPECT_EQ(r.result(), bh::status::bad_request) << query;
    EXPECT_NE(r.body().find(says), std::string::npos) << query << r.body();
  }
}

TEST_F(DashboardPagesTest, TheAuditExportIsTheProgramsWholeLog) {
  HttpResponse r = member("owner@example.org").get("/desk/programs/dash/audit.csv");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(r[bh::field::content_type], "text/csv; charset=utf-8");
  EXPECT_EQ(r[bh::field::cache_control], "no-store");
  EXPECT_EQ(r[bh::field::content_disposition],
            "attachment; filename=\"dash-audit-log-" + today() + ".csv\"");
  auto csv = parse_csv(r.body());
  ASSERT_GT(csv.size(), 1u);
  EXPECT_EQ(csv[0], (std::vector<std::string>{"seq", "at", "actor", "action", "program", "report",
                                              "details"}));
  for (const auto& program : column(csv, "program")) EXPECT_EQ(program, "dash");
  auto actions = column(csv, "action");
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "report.created"), 4);
  auto reports = column(csv, "report");
  EXPECT_EQ(std::count(reports.begin(), reports.end(), other_report_), 0);
  // Oldest first, each event once.
  auto seqs = column(csv, "seq");
  for (std::size_t i = 1; i < seqs.size(); ++i) {
    EXPECT_LT(std::stoll(seqs[i - 1]), std::stoll(seqs[i]));
  }
  // The details are the event's JSON, whole in one field.
  for (const auto& details : column(csv, "details")) {
    EXPECT_TRUE(details.starts_with("{") && details.ends_with("}")) << details;
  }
}

}  // namespace
}  // namespace embargo
