#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <filesystem>
#include <fstream>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "http_checks.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace asio = boost::asio;
namespace bh = boost::beast::http;
using namespace std::chrono_literals;
using Response = bh::response<bh::string_body>;

using testing::kPublicUrl;

// A policy whose every text is markup: the pages must show it as text.
constexpr const char* kHostilePolicy = R"(
[program]
slug = "hostile"
name = "<script>alert(\"name\")</script>"

[form]
[[form.fields]]
field = "description"
label = "<img src=x onerror=alert(1)>"

[texts]
intro = "Tom & Jerry's \"quoted\" <b>bold</b>"
)";

// A program that takes reports by mail only.
constexpr const char* kMailOnlyPolicy = R"(
[program]
slug = "mailonly"
name = "Mail Only"

[contacts]
email = "security@mailonly.example"

[intake]
web_form = false
api = false
email = true

[form]
[[form.fields]]
field = "description"
)";

// One `embargo serve` with the five example programs and the hostile one, shared by the tests
// (they only read).
class PublicPagesTest : public ::testing::Test {
 protected:
  static void start_server() {
    dir_ = std::filesystem::temp_directory_path() /
           ("embargo-public-pages-policies-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    std::ofstream(dir_ / "hostile.toml") << kHostilePolicy;
    std::ofstream(dir_ / "mailonly.toml") << kMailOnlyPolicy;
    server_ = std::make_unique<testing::TestServer>(
        "public-pages",
        std::vector<std::string>{"company.toml", "project.toml", "pyflashbackup.toml",
                                 "pykour.toml", "pyspector.toml", (dir_ / "hostile.toml").string(),
                                 (dir_ / "mailonly.toml").string()},
        std::vector<std::string>{"--public-url", kPublicUrl});
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

  // A request with no cookie and no Authorization header: these pages are for anyone. Its own
  // socket, not TestServer::send, which would name 127.0.0.1 as the Host.
  static Response request(const std::string& target, bh::verb method = bh::verb::get,
                          const std::string& if_none_match = "") {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), server_->port()});
    bh::request<bh::string_body> req{method, target, 11};
    req.set(bh::field::host, "attacker.example");  // links must not come from here
    if (!if_none_match.empty()) req.set(bh::field::if_none_match, if_none_match);
    if (method == bh::verb::post) req.prepare_payload();
    bh::write(socket, req);
    boost::beast::flat_buffer buffer;
    bh::response_parser<bh::string_body> parser;
    parser.skip(method == bh::verb::head);
    bh::read(socket, buffer, parser);
    return parser.release();
  }

  // The text of the element with this id up to its </section>.
  static std::string section(const std::string& body, const std::string& id) {
    auto start = body.find("<section id=\"" + id + "\"");
    if (start == std::string::npos) return {};
    auto end = body.find("</section>", start);
    return body.substr(start, end - start);
  }

  static inline std::filesystem::path dir_;  // the policies written for the tests
  static inline std::unique_ptr<testing::TestServer> server_;
};

// docs/design.md's security rules, on any response.
using testing::expect_security_headers;

// No inline script or style anywhere (the CSP would block it), and nothing else executable: no
// <script> or <style> element, no style or event-handler attribute inside a tag, no
// javascript: link. Escaped text ("&lt;img onerror=...") is not a tag and does not match.
void expect_no_inline_code(const std::string& body, const std::string& what) {
  static const std::regex banned(
      R"re(<script|<style|<[^>]*\s(style|on[a-z]+)\s*=|href\s*=\s*"\s*javascript:)re",
      std::regex::icase);
  std::smatch m;
  EXPECT_FALSE(std::regex_search(body, m, banned)) << what << " contains " << m.str();
}

// One <h1>, and no heading level skipped on the way down.
void expect_headings_in_order(const std::string& body, const std::string& what) {
  std::regex heading("<h([1-6])[ >]");
  int previous = 0;
  int h1 = 0;
  for (std::sregex_iterator it(body.begin(), body.end(), heading), end; it != end; ++it) {
    int level = std::stoi((*it)[1]);
    if (level == 1) ++h1;
    EXPECT_LE(level, previous + 1) << what << ": h" << level << " after h" << previous;
    previous = level;
  }
  EXPECT_EQ(h1, 1) << what;
}

const std::vector<std::string> kPrograms = {"company", "project", "pyflashbackup", "pykour",
                                            "pyspector"};

TEST_F(PublicPagesTest, IndexListsEveryProgramWithRootRelativeLinks) {
  Response r = request("/");
  ASSERT_EQ(r.result(), bh::status::ok);
  EXPECT_EQ(r[bh::field::content_type], "text/html; charset=utf-8");
  const std::vector<std::pair<std::string, std::string>> names = {
      {"company", "Company"},
      {"project", "Project"},
      {"pyflashbackup", "PyFlashBackup"},
      {"pykour", "Pykour"},
      {"pyspector", "PySpector"}};
  for (const auto& [slug, name] : names) {
    EXPECT_NE(r.body().find("<a href=\"/p/" + slug + "\">" + name + "</a>"), std::string::npos)
        << slug;
  }
  // The first sentence of each intro, e.g. seed 003's opening line.
  EXPECT_NE(r.body().find("<p>The Pykour team takes all security bugs in Pykour seriously.</p>"),
            std::string::npos);
  EXPECT_EQ(r.body().find("attacker.example"), std::string::npos);
}

// Response times and scope lines as each seed states them (checked by hand against
// ../shared/seeds and examples/policies/*.toml).
TEST_F(PublicPagesTest, EverySeedPageStatesItsResponseTimes) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      // 002: "We will respond to your report within 7 business days with our evaluation";
      // the holidays are the Dutch ones of company.toml.
      {"company",
       {"<li>We acknowledge and evaluate reports within 7 business days.</li>",
        "Business days are Monday to Friday in the time zone Europe/Amsterdam, except these "
        "holidays: 1 January 2026, 6 April 2026, 27 April 2026"}},
      // 004: "We will acknowledge your report within 48 hours".
      {"project", {"<li>We acknowledge reports within 48 hours.</li>"}},
      // 000: "acknowledge your report promptly": no number, so none on the page; the team's
      // 3 business days are an internal target, and its time zone is not published.
      {"pyflashbackup",
       {"<li>This program gives no response times in numbers: see what it promises below.</li>"}},
      // 003: "acknowledge your email within 48 hours and will follow up with a more detailed
      // response within another 48 hours".
      {"pykour",
       {"<li>We acknowledge reports within 48 hours.</li>",
        "<li>We give a substantive evaluation of a report within 48 hours of acknowledging "
        "it.</li>"}},
      // 001: "acknowledge within 48 hours and provide a status update within 7 days": one update.
      {"pyspector",
       {"<li>We acknowledge reports within 48 hours.</li>",
        "<li>We send a status update within 7 days of receiving a report.</li>"}},
  };
  for (const auto& [slug, lines] : expected) {
    Response r = request("/p/" + slug);
    ASSERT_EQ(r.result(), bh::status::ok) << slug;
    std::string times = section(r.body(), "response-times");
    for (const auto& line : lines) {
      EXPECT_NE(times.find(line), std::string::npos) << slug << " lacks " << line << "\n" << times;
    }
  }
  // What no seed promised is on no page: the team's own targets and a time zone nobody named.
  for (const auto& [slug, absent] : std::vector<std::pair<std::string, std::string>>{
           {"pyflashbackup", "3 business days"},
           {"pyflashbackup", "Europe/Moscow"},
           {"pyflashbackup", "14 days"},
           {"project", "90 days"},
           {"project", "security@project.example"},
           {"company", "30 days"},
           {"company", "disclosure is late"},
           {"pyspector", "at least every"},
           {"pyspector", "1 MB"},
           {"pyspector", "Pre-releases (alphas, betas, release candidates) are supported"},
           {"pykour", "96 hours"}}) {
    EXPECT_EQ(request("/p/" + slug).body().find(absent), std::string::npos)
        << slug << ": " << absent;
  }
}

TEST_F(PublicPagesTest, EverySeedPageListsItsScope) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> expected = {
      {"company",
       {"<li>The projects directly developed by us.</li>",
        "<li>Projects not directly developed by us.</li>"}},
      {"project",
       {"<li>The security of this project.</li>",
        "<li>Vulnerabilities in other projects or systems.</li>",
        "If you find vulnerabilities in other projects or systems, please report them to the "
        "respective owners or organizations."}},
      {"pyflashbackup",
       {"<li>The main PyFlashBackup repository.</li>",
        "<li>Official releases of PyFlashBackup.</li>",
        "<li>Vulnerabilities in third-party packages used by PyFlashBackup.</li>"}},
      {"pykour",
       {"<li>Security bugs in Pykour, including its alpha and beta pre-releases.</li>",
        "<li>Security issues in third-party modules used by Pykour.</li>"}},
      {"pyspector",
       {"<li>Remote or local code execution within PySpector or its components (Python CLI, "
        "Rust backend).</li>",
        "<li>Bypass of PySpector\u2019s static analysis, rule execution, or scanning logic.</li>",
        "<li>Insecure default configurations that expose users to risks when used as "
        "documented.</li>",
        "<li>Findings in code analyzed by PySpector (i.e., the user\u2019s code).</li>",
        "<li>Attacks on PySpector\u2019s infrastructure (e.g., GitHub Actions, website, form "
        "hosting).</li>"}},
  };
  for (const auto& [slug, lines] : expected) {
    std::string scope = section(request("/p/" + slug).body(), "scope");
    for (const auto& line : lines) {
      EXPECT_NE(scope.find(line), std::string::npos) << slug << " lacks " << line;
    }
  }
}

TEST_F(PublicPagesTest, EverySeedPageRendersEverySectionItsPolicyHas) {
  for (const auto& slug : kPrograms) {
    Response r = request("/p/" + slug);
    ASSERT_EQ(r.result(), bh::status::ok) << slug;
    const std::string& body = r.body();
    EXPECT_NE(body.find("<html lang=\"en\">"), std::string::npos) << slug;
    EXPECT_NE(body.find("<main id=\"main\">"), std::string::npos) << slug;
    EXPECT_NE(body.find("</html>"), std::string::npos) << slug << ": the page is cut short";
    for (const char* id :
         {"report", "response-times", "scope", "rules", "promises", "rewards", "disclosure"}) {
      EXPECT_FALSE(section(body, id).empty()) << slug << " has no section " << id;
    }
    // Supported versions only where the seed names any (PySpector and the company name none).
    bool names_versions = slug != "pyspector" && slug != "company";
    EXPECT_EQ(section(body, "versions").empty(), !names_versions) << slug;
    EXPECT_NE(body.find("href=\"/p/" + slug + "/security.txt\""), std::string::npos);
    EXPECT_NE(body.find("href=\"/p/" + slug + "/SECURITY.md\""), std::string::npos);
    expect_headings_in_order(body, slug);
    expect_no_inline_code(body, slug);
  }
}

TEST_F(PublicPagesTest, ReportFormIsLinkedOnlyWhenThePolicyTakesWebReports) {
  // Every example program takes web reports (the three mail seeds keep their mail too); the
  // mail-only policy of this suite does not, and its page has no form link.
  for (const auto& slug : kPrograms) {
    std::string body = request("/p/" + slug).body();
    EXPECT_NE(body.find("href=\"/p/" + slug + "/report\""), std::string::npos) << slug;
  }
  EXPECT_EQ(request("/p/mailonly").body().find("/report\""), std::string::npos);
  // pyflashbackup.toml: email with PGP encryption preferred, and the key's address.
  std::string flash = request("/p/pyflashbackup").body();
  EXPECT_NE(flash.find("<a href=\"mailto:stas-chubar@yandex.ru\">"), std::string::npos);
  EXPECT_NE(section(flash, "encryption")
                .find("<a href=\"https://github.com/schubarkrsk/pgp-keys/blob/main/public.txt\">"),
            std::string::npos);
  // pykour.toml: no address, the note says where to write, and no links are allowed.
  std::string pykour = section(request("/p/pykour").body(), "report");
  EXPECT_NE(pykour.find("please email the lead maintainer listed in the README.md file."),
            std::string::npos);
  EXPECT_NE(pykour.find("external links are not accepted"), std::string::npos);
  EXPECT_NE(pykour.find("Attachments are not accepted."), std::string::npos);
}

TEST_F(PublicPagesTest, PolicyTextIsShownAsTextNeverAsMarkup) {
  Response r = request("/p/hostile");
  ASSERT_EQ(r.result(), bh::status::ok);
  const std::string& body = r.body();
  EXPECT_NE(body.find("<h1>&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt; security "
                      "policy</h1>"),
            std::string::npos);
  EXPECT_NE(body.find("Tom &amp; Jerry&apos;s &quot;quoted&quot; &lt;b&gt;bold&lt;/b&gt;"),
            std::string::npos);
  EXPECT_NE(body.find("&lt;img src=x onerror=alert(1)&gt;"), std::string::npos);
  EXPECT_EQ(body.find("<b>"), std::string::npos);
  EXPECT_EQ(body.find("<img"), std::string::npos);
  expect_no_inline_code(body, "hostile page");
  std::string index = request("/").body();
  EXPECT_NE(index.find("&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;</a>"),
            std::string::npos);
  expect_no_inline_code(index, "index");
}

TEST_F(PublicPagesTest, UnknownProgramIsAnHtml404ThatRevealsNothing) {
  Response unknown = request("/p/no-such-program");
  Response malformed = request("/p/%3Cscript%3E");
  for (const Response* r : {&unknown, &malformed}) {
    EXPECT_EQ(r->result(), bh::status::not_found);
    EXPECT_EQ((*r)[bh::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ((*r)[bh::field::cache_control], "no-store");
    expect_security_headers(*r, "404");
  }
  // The same bytes whatever was asked: the page echoes nothing and lists nothing.
  EXPECT_EQ(unknown.body(), malformed.body());
  EXPECT_EQ(unknown.body().find("no-such-program"), std::string::npos);
  EXPECT_EQ(unknown.body().find("pyspector"), std::string::npos);
  EXPECT_NE(unknown.body().find("<h1>Page not found</h1>"), std::string::npos);
}

TEST_F(PublicPagesTest, PagesCarryAnETagAndAnswerIfNoneMatchWith304) {
  for (const std::string target : {"/", "/p/pyspector"}) {
    Response first = request(target);
    std::string etag(first[bh::field::etag]);
    EXPECT_TRUE(std::regex_match(etag, std::regex(R"("[0-9a-f]{32}")"))) << etag;
    EXPECT_EQ(first[bh::field::cache_control], "public, no-cache");
    EXPECT_EQ(request(target)[bh::field::etag], etag) << "the same page, the same tag";

    Response again = request(target, bh::verb::get, etag);
    EXPECT_EQ(again.result(), bh::status::not_modified) << target;
    EXPECT_TRUE(again.body().empty());
    // No "Content-Length: 0" on a 304: it would have to be the page's length (RFC 9110 8.6).
    EXPECT_EQ(again.find(bh::field::content_length), again.end())
        << again[bh::field::content_length];
    EXPECT_EQ(again[bh::field::etag], etag);
    expect_security_headers(again, target + " 304");
    EXPECT_EQ(request(target, bh::verb::get, "W/" + etag).result(), bh::status::not_modified);
    EXPECT_EQ(request(target, bh::verb::get, "\"x\", " + etag).result(), bh::status::not_modified);
    EXPECT_EQ(request(target, bh::verb::get, "\"0123\"").result(), bh::status::ok);
  }
  EXPECT_NE(request("/p/pykour")[bh::field::etag], request("/p/pyspector")[bh::field::etag]);
}

TEST_F(PublicPagesTest, StylesheetIsServedWithItsTypeAndCachedForAYear) {
  std::string page = request("/p/pyspector").body();
  std::smatch link;
  ASSERT_TRUE(std::regex_search(
      page, link,
      std::regex(R"re(<link rel="stylesheet" href="(/static/style\.css\?v=[0-9a-f]{16})">)re")));
  Response css = request(link[1]);
  ASSERT_EQ(css.result(), bh::status::ok);
  EXPECT_EQ(css[bh::field::content_type], "text/css; charset=utf-8");
  EXPECT_EQ(css[bh::field::cache_control], "public, max-age=31536000, immutable");
  EXPECT_NE(css.body().find("font-family"), std::string::npos);
  expect_security_headers(css, "style.css");
  std::string etag(css[bh::field::etag]);
  Response cached = request("/static/style.css", bh::verb::get, etag);
  EXPECT_EQ(cached.result(), bh::status::not_modified);
  EXPECT_TRUE(cached.body().empty());
  // The page's ?v= is the start of the stylesheet's own tag.
  EXPECT_EQ(std::string(link[1]).substr(std::string(link[1]).size() - 16), etag.substr(1, 16));
}

TEST_F(PublicPagesTest, OnlyEmbeddedStaticFilesAreServed) {
  for (const char* target :
       {"/static/nope.css", "/static/header.mustache", "/static/..%2Ftemplates%2Fheader.mustache",
        "/static/%2e%2e%2ftemplates%2fprogram.mustache", "/static/../templates/header.mustache",
        "/static/style.css%00.png", "/static/STYLE.CSS", "/templates/header.mustache"}) {
    Response r = request(target);
    EXPECT_EQ(r.result(), bh::status::not_found) << target;
    EXPECT_EQ(r.body().find("{{"), std::string::npos) << target << " leaked a template";
    expect_security_headers(r, target);
  }
}

TEST_F(PublicPagesTest, HeadAnswersLikeGetWithoutABody) {
  for (const std::string target : {"/", "/p/company", "/static/style.css"}) {
    Response get = request(target);
    Response head = request(target, bh::verb::head);
    EXPECT_EQ(head.result(), bh::status::ok) << target;
    EXPECT_TRUE(head.body().empty());
    EXPECT_EQ(head[bh::field::content_length], std::to_string(get.body().size())) << target;
    EXPECT_EQ(head[bh::field::etag], get[bh::field::etag]);
    EXPECT_EQ(head[bh::field::content_type], get[bh::field::content_type]);
    expect_security_headers(head, target + " HEAD");
  }
}

TEST_F(PublicPagesTest, OtherMethodsAreRefused) {
  for (const std::string target : {"/", "/p/pyspector", "/static/style.css"}) {
    for (bh::verb method : {bh::verb::post, bh::verb::put, bh::verb::delete_}) {
      Response r = request(target, method);
      EXPECT_EQ(r.result(), bh::status::method_not_allowed) << target;
      EXPECT_EQ(r[bh::field::allow], "GET, HEAD") << target;
      expect_security_headers(r, target + " " + std::string(bh::to_string(method)));
    }
  }
}

TEST_F(PublicPagesTest, EveryPageCarriesTheSecurityHeaders) {
  for (const std::string target :
       {"/", "/p/company", "/p/project", "/p/pyflashbackup", "/p/pykour", "/p/pyspector",
        "/p/hostile", "/p/missing", "/static/style.css", "/static/missing.css"}) {
    expect_security_headers(request(target), target);
  }
}

}  // namespace
}  // namespace embargo
