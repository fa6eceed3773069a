#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "process.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace asio = boost::asio;
namespace bh = boost::beast::http;
using Response = bh::response<bh::string_body>;

// A browser as the server sees it: the CSRF cookie it holds, and the CSRF and one-time
// submission tokens its last page showed.
struct FormVisitor {
  std::string cookie;
  std::string token;
  std::string submission;
};

// One part of a multipart/form-data body, as a browser builds it.
struct Part {
  std::string name;
  std::string value;
  std::string file_name;  // set: a file part
};

constexpr const char* kBoundary = "----EmbargoTestBoundary7MA4YWxkTrZu0gW";

std::string multipart(const std::vector<Part>& parts) {
  std::string body;
  for (const auto& p : parts) {
    body += std::string("--") + kBoundary + "\r\nContent-Disposition: form-data; name=\"" + p.name +
            "\"";
    if (!p.file_name.empty()) {
      body += "; filename=\"" + p.file_name + "\"\r\nContent-Type: application/octet-stream";
    }
    body += "\r\n\r\n" + p.value + "\r\n";
  }
  return body + "--" + kBoundary + "--\r\n";
}

// The report form and the reporter's thread against a running server with the five example
// programs: what a reporter with a browser does, and what a forged or broken post gets.
class ReportFormTest : public ::testing::Test {
 protected:
  static void start_server() {
    server_ = std::make_unique<testing::TestServer>(
        "report-form",
        std::vector<std::string>{"company.toml", "project.toml", "pyflashbackup.toml",
                                 "pykour.toml", "pyspector.toml"},
        // Every post here comes from one address; client_rate_limit_test covers the limit.
        std::vector<std::string>{"--submission-rate-limit", "0"});
  }
  void TearDown() override { server_.reset(); }
  void SetUp() override {
    start_server();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(server_ && server_->port() != 0) << "the server did not say where it listens";
  }

  static Response send(bh::request<bh::string_body> req) { return server_->send(std::move(req)); }

  // GET as this browser; remembers a cookie the server sets and the form token the page shows.
  static Response get(const std::string& target, FormVisitor& browser) {
    bh::request<bh::string_body> req{bh::verb::get, target, 11};
    if (!browser.cookie.empty()) req.set(bh::field::cookie, browser.cookie);
    Response r = send(std::move(req));
    std::string set_cookie(r[bh::field::set_cookie]);
    if (!set_cookie.empty()) browser.cookie = set_cookie.substr(0, set_cookie.find(';'));
    std::smatch m;
    static const std::regex token(R"re(name="csrf" value="([A-Za-z0-9_-]+)")re");
    if (std::regex_search(r.body(), m, token)) browser.token = m[1];
    static const std::regex submission(R"re(name="submission" value="([A-Za-z0-9_-]+)")re");
    if (std::regex_search(r.body(), m, submission)) browser.submission = m[1];
    return r;
  }

  static Response post(const std::string& target, const FormVisitor& browser,
                       std::vector<Part> parts, bool with_token = true) {
    if (with_token) {
      parts.insert(parts.begin(), Part{"csrf", browser.token, ""});
      if (!browser.submission.empty()) parts.push_back(Part{"submission", browser.submission, ""});
    }
    bh::request<bh::string_body> req{bh::verb::post, target, 11};
    if (!browser.cookie.empty()) req.set(bh::field::cookie, browser.cookie);
    req.set(bh::field::content_type, std::string("multipart/form-data; boundary=") + kBoundary);
    req.body() = multipart(parts);
    return send(std::move(req));
  }

  // Every field of PySpector's form, filled in as a reporter would.
  static std::vector<Part> pyspector_report(const std::string& title) {
    return {{"reporter_name", "Ada Lovelace", ""},
            {"reporter_email", "ada@example.org", ""},
            {"title", title, ""},
            {"affected_versions", "v0.1.3-beta", ""},
            {"severity", "high", ""},
            {"description", "CWE-78: the scan path reaches a shell.\r\nSecond line.", ""},
            {"impact", "Arbitrary command execution as the user running the scan.", ""},
            {"steps_to_reproduce", "1. Create a file named ;id;\r\n2. Scan it.", ""},
            {"credit", "name", ""},
            {"consent", "yes", ""}};
  }

  // A report sent through the form: the post is answered by a redirect to the receipt
  // (Post/Redirect/Get), which the browser then loads.
  static Response submit(const std::string& target, FormVisitor& browser, std::vector<Part> parts) {
    Response sent = post(target, browser, std::move(parts));
    if (sent.result() != bh::status::see_other) {
      ADD_FAILURE() << "no redirect to the receipt: " << sent.result() << " " << sent.body();
      return sent;
    }
    std::string location(sent[bh::field::location]);
    EXPECT_TRUE(std::regex_match(location, std::regex(R"(/r/[A-Za-z0-9_-]{43}/receipt)")))
        << location;
    return get(location, browser);
  }

  static std::string tracking_path(const Response& receipt) {
    std::smatch m;
    static const std::regex link(R"re(http://127\.0\.0\.1:\d+(/r/[A-Za-z0-9_-]{43}))re");
    return std::regex_search(receipt.body(), m, link) ? m[1].str() : std::string();
  }

  static std::string report_id(const Response& receipt) {
    std::smatch m;
    static const std::regex id(R"re(has your report <strong>([A-Z0-9-]+)</strong>)re");
    return std::regex_search(receipt.body(), m, id) ? m[1].str() : std::string();
  }

  // The team moves a report, as `embargo report transition` does.
  static int team_moves(const std::string& id, const std::string& arguments) {
    return server_->cli("report transition " + id + " " + arguments).status;
  }

  static inline std::unique_ptr<testing::TestServer> server_;
};

TEST_F(ReportFormTest, EverySeedFormAsksForItsFields) {
  // The labels each policy file gives its fields (examples/policies/*.toml, from the seeds).
  const std::map<std::string, std::vector<std::string>> labels = {
      {"pyspector",
       {"Full Name (for credits)", "Preferred Email Address", "Vulnerability Title",
        "Affected Version(s)", "Severity (CVSS 4.0)", "Vulnerability Description",
        "Impact Explanation", "Steps to Reproduce", "CVSS 4.0 vector"}},
      {"company",
       {"Type of vulnerability", "Service or URL or IPs affected",
        "Requirements to reproduce the issue", "Impact of the vulnerability"}},
      {"pykour", {"description"}},
      {"project", {"A detailed description of the vulnerability", "Affected versions"}},
      {"pyflashbackup", {"A brief description of the vulnerability"}},
  };
  for (const auto& [slug, expected] : labels) {
    FormVisitor browser;
    Response r = get("/p/" + slug + "/report", browser);
    ASSERT_EQ(r.result(), bh::status::ok) << slug;
    EXPECT_EQ(r["Cache-Control"], "no-store") << slug;
    EXPECT_NE(r["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos);
    for (const auto& label : expected) {
      EXPECT_NE(r.body().find(label), std::string::npos) << slug << ": " << label;
    }
    EXPECT_FALSE(browser.token.empty()) << slug;
    EXPECT_EQ(browser.cookie, "embargo_csrf=" + browser.token) << slug;
    std::string set_cookie(r[bh::field::set_cookie]);
    EXPECT_NE(set_cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(set_cookie.find("SameSite=Lax"), std::string::npos);
  }
  FormVisitor browser;
  Response pyspector = get("/p/pyspector/report", browser);
  EXPECT_NE(pyspector.body().find("accept=\".txt\""), std::string::npos);
  Response pykour = get("/p/pykour/report", browser);
  EXPECT_EQ(pykour.body().find("type=\"file\""), std::string::npos);
  EXPECT_NE(pykour.body().find("does not accept attachments"), std::string::npos);
}

TEST_F(ReportFormTest, UnknownProgramIsNotFound) {
  FormVisitor browser;
  EXPECT_EQ(get("/p/no-such-program/report", browser).result(), bh::status::not_found);
  EXPECT_EQ(post("/p/no-such-program/report", browser, {}).result(), bh::status::not_found);
}

TEST_F(ReportFormTest, PostWithoutOrWithForgedTokenIsRefusedAndKeepsTheText) {
  FormVisitor fresh;
  Response missing = post("/p/pyspector/report", fresh, pyspector_report("No token"), false);
  EXPECT_EQ(missing.result(), bh::status::forbidden);
  EXPECT_NE(missing.body().find("has expired or was not sent from this site"), std::string::npos);
  EXPECT_NE(missing.body().find("No token"), std::string::npos);

  FormVisitor browser;
  get("/p/pyspector/report", browser);
  FormVisitor forger = browser;
  forger.token = std::string(43, 'A');
  EXPECT_EQ(post("/p/pyspector/report", forger, pyspector_report("Forged")).result(),
            bh::status::forbidden);

  bh::request<bh::string_body> cross{bh::verb::post, "/p/pyspector/report", 11};
  cross.set(bh::field::cookie, browser.cookie);
  cross.set("Sec-Fetch-Site", "cross-site");
  cross.set(bh::field::content_type, std::string("multipart/form-data; boundary=") + kBoundary);
  std::vector<Part> parts = pyspector_report("Cross-site");
  parts.insert(parts.begin(), Part{"csrf", browser.token, ""});
  cross.body() = multipart(parts);
  EXPECT_EQ(send(std::move(cross)).result(), bh::status::forbidden);
}

TEST_F(ReportFormTest, ProblemsAreShownBesideTheirFieldsWithEveryValueKept) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  Response r = post("/p/pyspector/report", browser,
                    {{"title", "Only a <title>", ""}, {"severity", "high", ""}});
  EXPECT_EQ(r.result(), bh::status::unprocessable_entity);
  EXPECT_NE(r.body().find("Your report was not sent"), std::string::npos);
  EXPECT_NE(r.body().find("value=\"Only a &lt;title&gt;\""), std::string::npos);
  EXPECT_NE(r.body().find("<option value=\"high\" selected>"), std::string::npos);
  EXPECT_NE(r.body().find("id=\"f-reporter_name-error\""), std::string::npos);
  EXPECT_NE(r.body().find("Choose how you would like to be credited"), std::string::npos);
  // Each problem names its field by the form's label, once, never by an internal name.
  EXPECT_NE(r.body().find(">Full Name (for credits): Required</a>"), std::string::npos) << r.body();
  EXPECT_NE(r.body().find("id=\"f-reporter_name-error\">Required</p>"), std::string::npos);
  EXPECT_NE(r.body().find(">Agreement to the rules: "), std::string::npos);
  for (const char* internal : {"consent: ", "credit: ", "attachments: ", "reporter_name: "}) {
    EXPECT_EQ(r.body().find(internal), std::string::npos) << internal;
  }

  // Bytes that are not UTF-8 cannot be shown again; the field is named.
  Response bad_utf8 =
      post("/p/pyspector/report", browser, {{"title", std::string("bad \xff\xfe bytes"), ""}});
  EXPECT_EQ(bad_utf8.result(), bh::status::bad_request);
  EXPECT_NE(bad_utf8.body().find("id=\"f-title-error\""), std::string::npos);
}

TEST_F(ReportFormTest, TheScoreIsCheckedWithoutJavaScriptAndNothingIsStored) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  // The picker's answers make the vector; 9.3 Critical is the score FIRST's calculator gives
  // this vector (CVSS v4.0 specification, the highest-impact network vector).
  std::vector<Part> parts = pyspector_report("Score only");
  for (const auto& [metric, value] :
       std::vector<std::pair<std::string, std::string>>{{"AV", "N"},
                                                        {"AC", "L"},
                                                        {"AT", "N"},
                                                        {"PR", "N"},
                                                        {"UI", "N"},
                                                        {"VC", "H"},
                                                        {"VI", "H"},
                                                        {"VA", "H"},
                                                        {"SC", "N"},
                                                        {"SI", "N"},
                                                        {"SA", "N"}}) {
    parts.push_back({"cvss_" + metric, value, ""});
  }
  parts.push_back({"action", "score", ""});
  Response r = post("/p/pyspector/report", browser, parts);
  EXPECT_EQ(r.result(), bh::status::ok);
  EXPECT_NE(r.body().find("9.3 Critical (CVSS-B)"), std::string::npos);
  EXPECT_NE(r.body().find("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"),
            std::string::npos);
  EXPECT_EQ(r.body().find("Your report was received"), std::string::npos);

  parts.back() = {"cvss_vector", "CVSS:4.0/AV:Q", ""};
  Response bad = post("/p/pyspector/report", browser, parts);
  EXPECT_EQ(bad.result(), bh::status::unprocessable_entity);
  EXPECT_NE(bad.body().find("id=\"f-cvss_vector-error\""), std::string::npos);
}

TEST_F(ReportFormTest, AReporterSubmitsWithAFileKeepsTheLinkRepliesAndWithdraws) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  std::vector<Part> parts = pyspector_report("Command injection in the scanner");
  parts.push_back({"attachments", "import os\r\nos.system('id')\r\n", "poc.txt"});
  Response receipt = submit("/p/pyspector/report", browser, parts);
  ASSERT_EQ(receipt.result(), bh::status::ok) << receipt.body();
  EXPECT_EQ(receipt["Cache-Control"], "no-store");
  EXPECT_NE(receipt.body().find("PYSPECTOR-"), std::string::npos);
  EXPECT_NE(receipt.body().find("nobody can send it to you again"), std::string::npos);
  EXPECT_NE(receipt.body().find("Acknowledgement due by"), std::string::npos);
  std::string thread = tracking_path(receipt);
  ASSERT_FALSE(thread.empty());

  Response page = get(thread, browser);
  ASSERT_EQ(page.result(), bh::status::ok);
  EXPECT_EQ(page["Cache-Control"], "no-store");
  EXPECT_NE(page.body().find("Command injection in the scanner"), std::string::npos);
  EXPECT_NE(page.body().find("Second line."), std::string::npos);
  EXPECT_EQ(page.body().find("\r\nSecond line."), std::string::npos);

  std::smatch m;
  ASSERT_TRUE(
      std::regex_search(page.body(), m, std::regex(R"re(href="(/r/[^"]+/attachments/\d+)")re")));
  Response file = get(m[1], browser);
  EXPECT_EQ(file.result(), bh::status::ok);
  EXPECT_EQ(file.body(), "import os\r\nos.system('id')\r\n");
  EXPECT_NE(file[bh::field::content_disposition].find("attachment"), std::string::npos);
  EXPECT_EQ(file[bh::field::content_type], "application/octet-stream");

  // Another report's link opens its own thread only, never this report's file.
  std::vector<Part> other = pyspector_report("Another report");
  get("/p/pyspector/report", browser);  // a new form, with its own one-time token
  std::string other_thread = tracking_path(submit("/p/pyspector/report", browser, other));
  ASSERT_FALSE(other_thread.empty());
  std::string file_path = m[1];
  std::string id = file_path.substr(file_path.rfind('/'));
  EXPECT_EQ(get(other_thread + "/attachments" + id, browser).result(), bh::status::not_found);

  Response no_token = post(thread + "/reply", browser, {{"body", "Forged reply", ""}}, false);
  EXPECT_EQ(no_token.result(), bh::status::forbidden);
  Response replied = post(thread + "/reply", browser, {{"body", "Here is more detail.", ""}});
  EXPECT_EQ(replied.result(), bh::status::see_other);
  EXPECT_EQ(replied[bh::field::location], thread);
  page = get(thread, browser);
  EXPECT_NE(page.body().find("Here is more detail."), std::string::npos);
  // One state change (received) and one message: the message shows no state and no file.
  auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = page.body().find(what); at != std::string::npos;
         at = page.body().find(what, at + 1)) {
      ++n;
    }
    return n;
  };
  EXPECT_EQ(count("class=\"entry-state\""), 1u);
  EXPECT_EQ(count("class=\"file\""), 1u) << "only the submission's poc.txt";
  EXPECT_EQ(page.body().find("Forged reply"), std::string::npos);

  Response credit =
      post(thread + "/credit", browser, {{"credit", "handle", ""}, {"credit_text", "ada_l", ""}});
  EXPECT_EQ(credit.result(), bh::status::see_other);
  EXPECT_NE(get(thread, browser).body().find("value=\"ada_l\""), std::string::npos);

  Response unconfirmed = post(thread + "/withdraw", browser, {});
  EXPECT_EQ(unconfirmed.result(), bh::status::unprocessable_entity);
  Response withdrawn = post(thread + "/withdraw", browser, {{"confirm", "yes", ""}});
  EXPECT_EQ(withdrawn.result(), bh::status::see_other);
  page = get(thread, browser);
  EXPECT_NE(page.body().find("Withdrawn by you"), std::string::npos);
  EXPECT_EQ(page.body().find(thread + "/reply"), std::string::npos) << "no reply form";
  EXPECT_NE(page.body().find("You withdrew this report; replies are closed."), std::string::npos);
  Response late = post(thread + "/reply", browser, {{"body", "After withdrawing", ""}});
  EXPECT_EQ(late.result(), bh::status::conflict);
  EXPECT_EQ(get(thread, browser).body().find("After withdrawing"), std::string::npos);
}

// Once the team closes a report the reporter has no move left, so the thread takes no more of
// their messages: the page says why instead of offering a form the server would refuse, and
// a reopened report takes them again.
// Reloading the receipt shows it again and files nothing (it has an address of its own); the
// same form sent twice (a double click, or "resend" after going back) files one report and
// leads to the same receipt, not to a second report that reads as someone else's duplicate.
TEST_F(ReportFormTest, TheSameFormSentTwiceFilesOneReport) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  std::vector<Part> parts = pyspector_report("Path traversal in the report writer");
  Response first = post("/p/pyspector/report", browser, parts);
  ASSERT_EQ(first.result(), bh::status::see_other) << first.body();
  Response second = post("/p/pyspector/report", browser, parts);
  ASSERT_EQ(second.result(), bh::status::see_other) << second.body();
  EXPECT_EQ(second[bh::field::location], first[bh::field::location]);
  Response receipt = get(std::string(first[bh::field::location]), browser);
  Response reloaded = get(std::string(first[bh::field::location]), browser);
  ASSERT_EQ(reloaded.result(), bh::status::ok);
  EXPECT_EQ(report_id(reloaded), report_id(receipt));
  EXPECT_EQ(tracking_path(reloaded), tracking_path(receipt));
  std::string listed = server_->cli("report list --program pyspector --json").out;
  std::size_t filed = 0;
  for (std::size_t at = 0;
       (at = listed.find("Path traversal in the report writer", at)) != std::string::npos; ++at) {
    ++filed;
  }
  EXPECT_EQ(filed, 1u);
  // The same token with other words is refused and the form comes back with them.
  parts[2].value = "Another report under the same token";
  Response other = post("/p/pyspector/report", browser, parts);
  EXPECT_EQ(other.result(), bh::status::conflict) << other.body();
  EXPECT_NE(other.body().find("Another report under the same token"), std::string::npos);
  EXPECT_NE(other.body().find("was sent before with other words"), std::string::npos);
  // A new form is a new report.
  get("/p/pyspector/report", browser);
  EXPECT_NE(report_id(submit("/p/pyspector/report", browser, parts)), report_id(receipt));
}

// PySpector took "Low" beside a vector scoring 9.3: a severity that contradicts the vector is
// refused with what the vector scores, and a blank one is filled from it.
TEST_F(ReportFormTest, TheSeverityFollowsTheVector) {
  const std::string vector = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  std::vector<Part> parts = pyspector_report("Remote code execution through plugins");
  for (auto& part : parts) {
    if (part.name == "severity") part.value = "low";
  }
  parts.push_back({"cvss_vector", vector, ""});
  Response low = post("/p/pyspector/report", browser, parts);
  EXPECT_EQ(low.result(), bh::status::unprocessable_entity) << low.body();
  EXPECT_NE(low.body().find("The CVSS vector scores 9.3, which is Critical: choose Critical, or "
                            "correct the vector"),
            std::string::npos)
      << low.body();
  for (auto& part : parts) {
    if (part.name == "severity") part.value = "";
  }
  Response receipt = submit("/p/pyspector/report", browser, parts);
  std::string id = report_id(receipt);
  ASSERT_FALSE(id.empty()) << receipt.body();
  EXPECT_TRUE(std::regex_search(server_->cli("report show " + id + " --json").out,
                                std::regex(R"re("severity": *"critical")re")));
}

TEST_F(ReportFormTest, AReportClosedAsADuplicateSaysRepliesAreClosed) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  std::string original = report_id(submit("/p/pyspector/report", browser,
                                          pyspector_report("Shell injection through file names")));
  ASSERT_FALSE(original.empty());
  get("/p/pyspector/report", browser);
  Response receipt =
      submit("/p/pyspector/report", browser, pyspector_report("The scanner runs ;id; file names"));
  std::string thread = tracking_path(receipt);
  std::string id = report_id(receipt);
  ASSERT_FALSE(thread.empty()) << receipt.body();
  EXPECT_NE(get(thread, browser).body().find("action=\"" + thread + "/reply\""), std::string::npos);

  ASSERT_EQ(team_moves(id, "--to duplicate --reason 'Reported before.' --duplicate-of " + original),
            0);
  Response page = get(thread, browser);
  ASSERT_EQ(page.result(), bh::status::ok);
  EXPECT_EQ(page.body().find(thread + "/reply"), std::string::npos) << "no reply form";
  EXPECT_NE(page.body().find("This report was closed as a duplicate of " + original +
                             "; replies are closed."),
            std::string::npos)
      << page.body();

  // A reply posted anyway (an old tab) is refused and stores nothing.
  Response late = post(thread + "/reply", browser, {{"body", "But mine differs.", ""}});
  EXPECT_EQ(late.result(), bh::status::conflict);
  EXPECT_NE(late.body().find("replies are closed"), std::string::npos) << late.body();
  // What the reporter wrote is still on the screen, to keep.
  EXPECT_NE(late.body().find("Your message was not sent"), std::string::npos) << late.body();
  EXPECT_NE(late.body().find("But mine differs."), std::string::npos) << late.body();
  EXPECT_EQ(get(thread, browser).body().find("But mine differs."), std::string::npos);

  ASSERT_EQ(team_moves(id, "--to acknowledged --reason 'Looking again.'"), 0);
  page = get(thread, browser);
  EXPECT_NE(page.body().find("action=\"" + thread + "/reply\""), std::string::npos);
  EXPECT_EQ(page.body().find("replies are closed"), std::string::npos);
  Response reply = post(thread + "/reply", browser, {{"body", "Thanks for looking again.", ""}});
  EXPECT_EQ(reply.result(), bh::status::see_other);
  EXPECT_NE(get(thread, browser).body().find("Thanks for looking again."), std::string::npos);
}

// PySpector's help says to write “N/A” to stay anonymous: as reporters copy it, with its
// curly quotes and a space, it still means anonymous. The thread shows the vector the reporter
// gave, and its <title> never carries the report's title.
TEST_F(ReportFormTest, NaMeansAnonymousAndTheThreadShowsWhatWasSent) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  std::vector<Part> parts = pyspector_report("Secret title of an unpublished bug");
  parts[0].value = "\u201CN/A\u201D ";
  for (auto& part : parts) {
    if (part.name == "severity") part.value = "critical";  // what the vector below scores
  }
  parts.push_back(
      {"cvss_vector", " CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N\r\n", ""});
  Response receipt = submit("/p/pyspector/report", browser, parts);
  ASSERT_EQ(receipt.result(), bh::status::ok) << receipt.body();
  Response page = get(tracking_path(receipt), browser);
  EXPECT_NE(page.body().find("value=\"anonymous\" checked"), std::string::npos);
  EXPECT_NE(page.body().find("<dd class=\"message\">CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/"
                             "VA:H/SC:N/SI:N/SA:N</dd>"),
            std::string::npos);
  auto title_start = page.body().find("<title>");
  auto title_end = page.body().find("</title>");
  EXPECT_EQ(page.body().substr(title_start, title_end - title_start).find("Secret title"),
            std::string::npos);
}

TEST_F(ReportFormTest, UploadsAreCheckedByContentAndByThePolicy) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  std::vector<Part> parts = pyspector_report("Binary named text");
  parts.push_back({"attachments",
                   std::string("\x7f"
                               "ELF\x02\x01\x01\x00\x00",
                               9),
                   "poc.txt"});
  Response binary = post("/p/pyspector/report", browser, parts);
  EXPECT_EQ(binary.result(), bh::status::unprocessable_entity);
  EXPECT_NE(binary.body().find("id=\"f-attachments-error\""), std::string::npos);

  // Each bad file is said on its own, against the program's own list of types.
  parts.back() = {"attachments", "print(1)\n", "poc.py"};
  parts.push_back({"attachments", "MZ", "tool.exe"});
  parts.push_back({"attachments", std::string("\x00\x01", 2), "notes.txt"});
  Response three = post("/p/pyspector/report", browser, parts);
  EXPECT_EQ(three.result(), bh::status::unprocessable_entity);
  for (const char* said : {"&apos;poc.py&apos;: PySpector accepts only .txt files.",
                           "&apos;tool.exe&apos;: PySpector accepts only .txt files.",
                           "&apos;notes.txt&apos; is not text"}) {
    EXPECT_NE(three.body().find(said), std::string::npos) << said << "\n" << three.body();
  }
  EXPECT_EQ(three.body().find("(text, PNG, JPEG, GIF, PDF or ZIP)"), std::string::npos);

  get("/p/pykour/report", browser);
  Response pykour = post("/p/pykour/report", browser,
                         {{"description", "Everything in the body.", ""},
                          {"credit", "anonymous", ""},
                          {"consent", "yes", ""},
                          {"attachments", "poc\n", "poc.txt"}});
  EXPECT_EQ(pykour.result(), bh::status::unprocessable_entity);
  EXPECT_NE(pykour.body().find("does not accept attachments"), std::string::npos);
}

// 2 MB of text in one field was a raw JSON 413: it is now a problem beside that field, with
// everything else kept.
TEST_F(ReportFormTest, TooMuchTextIsAProblemBesideItsFieldWithTheRestKept) {
  FormVisitor browser;
  get("/p/pyspector/report", browser);
  std::vector<Part> parts = pyspector_report("A title that must survive");
  for (auto& part : parts) {
    if (part.name == "description") part.value = std::string(2 * 1000 * 1000, 'a');
  }
  Response r = post("/p/pyspector/report", browser, parts);
  EXPECT_EQ(r.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(r[bh::field::content_type], "text/html; charset=utf-8");
  EXPECT_NE(r.body().find("id=\"f-description-error\">At most "), std::string::npos);
  EXPECT_NE(r.body().find("value=\"A title that must survive\""), std::string::npos);
}

// Pykour credits publicly: "By my name" is checked for the reporter, and its form has no name
// field. Sent as it stands, the report is filed (thanked without a name), not refused; its
// no-links rule lets reproduction steps name the reporter's own localhost.
TEST_F(ReportFormTest, PykoursDefaultsAreValidAsTheyStand) {
  FormVisitor browser;
  Response form = get("/p/pykour/report", browser);
  EXPECT_NE(form.body().find("value=\"name\" checked"), std::string::npos) << form.body();
  EXPECT_EQ(form.body().find("in the email body"), std::string::npos);
  Response receipt = submit(
      "/p/pykour/report", browser,
      {{"description", "GET http://localhost:8000/static/../../etc/passwd reads any file.", ""},
       {"credit", "name", ""}});
  ASSERT_EQ(receipt.result(), bh::status::ok) << receipt.body();
  Response page = get(tracking_path(receipt), browser);
  EXPECT_NE(page.body().find("value=\"anonymous\" checked"), std::string::npos);

  // The project's form has a name field: the credit block does not ask for the name again.
  std::string project = get("/p/project/report", browser).body();
  EXPECT_NE(project.find("By the name I gave above"), std::string::npos);
  EXPECT_NE(project.find("Handle or nickname, if you chose one"), std::string::npos);
  EXPECT_EQ(project.find("Name or handle to credit"), std::string::npos);
}

// A body far over what the program's files allow is refused from its declared length, before
// it is read; a body that is not a form is refused with a message.
TEST_F(ReportFormTest, OversizedOrNonFormBodiesAreRefused) {
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
  std::string head =
      "POST /p/pyspector/report HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: multipart/form-data; boundary=x\r\n"
      "Content-Length: 73400320\r\n\r\n";  // 70 MiB: over the server's 64 MiB
  asio::write(socket, asio::buffer(head));
  boost::beast::flat_buffer buffer;
  Response too_large;
  bh::read(socket, buffer, too_large);
  EXPECT_EQ(too_large.result(), bh::status::payload_too_large);

  FormVisitor browser;
  get("/p/pyspector/report", browser);
  bh::request<bh::string_body> json{bh::verb::post, "/p/pyspector/report", 11};
  json.set(bh::field::cookie, browser.cookie);
  json.set(bh::field::content_type, "application/json");
  json.body() = "{\"title\": \"x\"}";
  Response refused = send(std::move(json));
  EXPECT_EQ(refused.result(), bh::status::bad_request);
  EXPECT_NE(refused.body().find("The form could not be read"), std::string::npos);
}

TEST_F(ReportFormTest, AWrongOrMalformedTrackingLinkRevealsNothing) {
  FormVisitor browser;
  Response unknown = get("/r/" + std::string(43, 'x'), browser);
  Response short_token = get("/r/abc", browser);
  EXPECT_EQ(unknown.result(), bh::status::not_found);
  EXPECT_EQ(short_token.result(), bh::status::not_found);
  EXPECT_EQ(unknown.body(), short_token.body());
  // A cut link is the common case: the page says so.
  EXPECT_NE(unknown.body().find("Report links are long"), std::string::npos);
  EXPECT_NE(unknown.body().find("/lost-link"), std::string::npos);
  EXPECT_EQ(get("/r/" + std::string(43, 'x') + "/attachments/1", browser).result(),
            bh::status::not_found);
  EXPECT_EQ(post("/r/" + std::string(43, 'x') + "/reply", browser, {{"body", "x", ""}}).result(),
            bh::status::not_found);
}

}  // namespace
}  // namespace embargo
