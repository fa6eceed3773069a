// The reporter's API against a real `embargo serve`: programs and policies, report submission
// with every kind of bad input the issue lists, and the tracking read by secret token.
#include <gtest/gtest.h>

#include <array>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <string>

#include "company_report.h"
#include "core/time.h"
#include "data_file.h"
#include "http_checks.h"
#include "process.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::read_text;

namespace asio = boost::asio;
namespace bh = boost::beast::http;
namespace json = boost::json;
using namespace std::chrono_literals;
using Response = bh::response<bh::string_body>;

using testing::kJson;
using testing::kPublicUrl;

// One server for the file, on a data directory holding the five example programs and
// "pykour-api": Pykour's policy with the API opened, so that its refusal of links and
// attachments can be reached through the API (the real Pykour takes reports by email only).
class ReportApiTest : public ::testing::Test {
 protected:
  // The five example programs and "pykour-api" (Pykour with its API opened, written beside the
  // data directory), served with a public address.
  void SetUp() override {
    std::string examples = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/";
    std::string pykour = read_text(examples + "pykour.toml");
    for (auto [from, to] :
         {std::pair<std::string, std::string>{"slug = \"pykour\"", "slug = \"pykour-api\""},
          {"api = false", "api = true"}}) {
      auto at = pykour.find(from);
      ASSERT_NE(at, std::string::npos) << from;
      pykour.replace(at, from.size(), to);
    }
    pykour_api_ = std::filesystem::temp_directory_path() /
                  ("embargo-report-api-pykour-" + std::to_string(::getpid()) + ".toml");
    std::ofstream(pykour_api_) << pykour;
    std::vector<std::string> policies;
    for (const char* name : {"company", "project", "pyflashbackup", "pykour", "pyspector"}) {
      policies.push_back(examples + name + ".toml");
    }
    policies.push_back(pykour_api_.string());
    server_ = std::make_unique<testing::TestServer>(
        "report-api", policies, std::vector<std::string>{"--public-url", kPublicUrl});
    dir_ = server_->data();
    port_ = server_->port();
    ASSERT_NE(port_, 0) << "the server did not say where it listens";
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove(pykour_api_);
  }

  // Sends a request with no cookie and no Authorization header: the API is public. Every
  // answer is checked for the security headers.
  static Response request(bh::verb method, const std::string& target, const std::string& body = "",
                          const std::string& content_type = "",
                          const std::vector<std::pair<std::string, std::string>>& headers = {}) {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    // Each request from its own loopback address (127.0.0.2 ..), so that the per-client limit
    // on submissions, which is not what these tests are about, never answers in their place.
    socket.open(asio::ip::tcp::v4());
    socket.bind({asio::ip::make_address("127.0.0." + std::to_string(2 + sent_++ % 250)), 0});
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    bh::request<bh::string_body> req{method, target, 11};
    req.set(bh::field::host, "attacker.example");  // links must not come from here
    if (!content_type.empty()) req.set(bh::field::content_type, content_type);
    for (const auto& [name, value] : headers) req.set(name, value);
    req.body() = body;
    if (method != bh::verb::get && method != bh::verb::head) req.prepare_payload();
    bh::write(socket, req);
    boost::beast::flat_buffer buffer;
    Response response;
    if (method == bh::verb::head) {
      bh::response_parser<bh::string_body> parser;
      parser.skip(true);
      bh::read(socket, buffer, parser);
      response = parser.release();
    } else {
      bh::read(socket, buffer, response);
    }
    expect_security_headers(response, target);
    return response;
  }
  static Response get(const std::string& target) { return request(bh::verb::get, target); }
  static Response submit(const std::string& slug, const std::string& body,
                         const std::string& content_type = kJson) {
    return request(bh::verb::post, "/api/v1/programs/" + slug + "/reports", body, content_type);
  }

  static void expect_security_headers(const Response& r, const std::string& target) {
    EXPECT_NE(r["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos)
        << target;
    EXPECT_EQ(r["X-Content-Type-Options"], "nosniff") << target;
    EXPECT_EQ(r["X-Frame-Options"], "DENY") << target;
    EXPECT_EQ(r["Referrer-Policy"], "no-referrer") << target;
  }

  static json::object body(const Response& r) {
    json::error_code ec;
    json::value v = json::parse(r.body(), ec);
    if (ec || !v.is_object()) {
      ADD_FAILURE() << "not a JSON object: " << r.body();
      return {};
    }
    return v.as_object();
  }
  static std::string error_code(const Response& r) {
    auto b = body(r);
    if (!b.contains("error")) return "(no error) " + r.body();
    return std::string(b.at("error").at("code").as_string());
  }
  // The one entry of error.fields: the field at fault and its message.
  static std::pair<std::string, std::string> error_field(const Response& r) {
    auto b = body(r);
    const auto* fields =
        b.contains("error") ? b.at("error").as_object().if_contains("fields") : nullptr;
    if (fields == nullptr || fields->as_object().size() != 1) return {"(none)", r.body()};
    const auto& entry = *fields->as_object().begin();
    return {std::string(entry.key()), std::string(entry.value().as_string())};
  }

  static std::string embargo(const std::string& args) { return server_->cli(args).out; }
  // How many reports the store holds, as `embargo report list` sees them.
  static std::size_t report_count() {
    std::string out = embargo("report list --limit 500 --json");
    std::size_t lines = 0;
    for (char c : out) lines += c == '\n';
    return lines;
  }

  static json::object company_report() { return testing::company_report(); }

  static inline std::filesystem::path pykour_api_;
  static inline std::filesystem::path dir_;
  static inline std::unique_ptr<testing::TestServer> server_;
  static inline unsigned short port_ = 0;
  static inline unsigned sent_ = 0;
};

// --- programs ---------------------------------------------------------------------------

TEST_F(ReportApiTest, ListsEveryProgramBySlug) {
  Response r = get("/api/v1/programs");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(r[bh::field::content_type], kJson);
  std::set<std::string> slugs;
  auto list = body(r);
  for (const auto& p : list.at("programs").as_array()) {
    slugs.emplace(p.at("slug").as_string());
    if (p.at("slug") == "company") {
      EXPECT_EQ(p.at("name"), "Company");
      EXPECT_EQ(p.at("intake").at("api"), true);  // company.toml [intake] api = true
    }
  }
  EXPECT_EQ(slugs, (std::set<std::string>{"company", "project", "pyflashbackup", "pykour",
                                          "pykour-api", "pyspector"}));
}

TEST_F(ReportApiTest, ShowsAPublicPolicy) {
  Response r = get("/api/v1/programs/pyspector");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  auto p = body(r);
  EXPECT_EQ(p.at("name"), "PySpector");
  // pyspector.toml: acknowledge = "48h" ("We aim to acknowledge within 48 hours").
  EXPECT_EQ(p.at("sla").at("acknowledge").at("text"), "48 hours");
  EXPECT_EQ(p.at("form").at("consent_required"), true);
  EXPECT_EQ(r.body().find("id_prefix"), std::string::npos);
  EXPECT_EQ(r.body().find("pgp_key_file"), std::string::npos);
}

TEST_F(ReportApiTest, UnknownProgramIs404) {
  for (const std::string& slug :
       {std::string("nope"), std::string("Company"), std::string("%ff%fe"), std::string("a..b"),
        std::string(41, 'a')}) {
    Response r = get("/api/v1/programs/" + slug);
    EXPECT_EQ(r.result(), bh::status::not_found) << slug;
    EXPECT_EQ(error_code(r), "unknown_program") << slug;
  }
  EXPECT_EQ(body(get("/api/v1/programs/nope")).at("error").at("message"),
            "there is no program 'nope'");
}

// --- submission -------------------------------------------------------------------------

TEST_F(ReportApiTest, SubmissionIsStoredAndAnsweredWithTheLinkAndDueTimes) {
  std::size_t before = report_count();
  Response r = submit("company", json::serialize(company_report()));
  ASSERT_EQ(r.result(), bh::status::created) << r.body();
  EXPECT_EQ(r[bh::field::cache_control], "no-store");
  auto b = body(r);
  std::string id(b.at("id").as_string());
  EXPECT_TRUE(std::regex_match(id, std::regex(R"(COMPANY-\d{4}-\d{4})"))) << id;
  EXPECT_EQ(b.at("state"), "new");
  // The link is built from --public-url, never from the Host header the client sent.
  std::string url(b.at("tracking_url").as_string());
  std::smatch m;
  ASSERT_TRUE(std::regex_match(
      url, m, std::regex(R"(https://security\.example\.org/r/([A-Za-z0-9_-]{43}))")))
      << url;
  EXPECT_EQ(std::string(b.at("tracking_api_url").as_string()),
            std::string(kPublicUrl) + "/api/v1/track/" + m[1].str());
  EXPECT_EQ(report_count(), before + 1);

  // company.toml promises acknowledge and triage in 7 business days, and nothing else: its
  // monthly status update is the team's internal target, which a reporter is never shown.
  const auto& due = b.at("due").as_object();
  std::set<std::string> clocks;
  for (const auto& entry : due) clocks.emplace(entry.key());
  EXPECT_EQ(clocks, (std::set<std::string>{"acknowledge", "triage"}));
  auto shown = json::parse(embargo("report show " + id + " --json")).as_object();
  Time received = parse_time(shown.at("received_at").as_string());
  Time acknowledge = parse_time(due.at("acknowledge").as_string());
  EXPECT_EQ(due.at("acknowledge"), due.at("triage"));
  // Seven business days are at least nine calendar days (a weekend comes between) and, with
  // two weekends and Dutch holidays, at most fifteen.
  EXPECT_GE(acknowledge - received, std::chrono::hours(24 * 9));
  EXPECT_LE(acknowledge - received, std::chrono::hours(24 * 15));
  EXPECT_TRUE(std::string(due.at("acknowledge").as_string()).ends_with("Z"));
}

TEST_F(ReportApiTest, HourPromisesAreExact) {
  // pykour.toml: acknowledge = "48h", and "a more detailed response within another 48 hours"
  // counted from the acknowledgement, which has not happened yet: no triage due time so far. The
  // fortnightly status update is the team's internal target, not shown.
  Response r = submit("pykour-api", R"({"description":"The session cookie lacks HttpOnly."})");
  ASSERT_EQ(r.result(), bh::status::created) << r.body();
  auto b = body(r);
  auto shown =
      json::parse(embargo("report show " + std::string(b.at("id").as_string()) + " --json"))
          .as_object();
  Time received = parse_time(shown.at("received_at").as_string());
  const auto& due = b.at("due").as_object();
  EXPECT_EQ(parse_time(due.at("acknowledge").as_string()) - received, std::chrono::hours(48));
  EXPECT_FALSE(due.contains("triage")) << r.body();
  EXPECT_FALSE(due.contains("status_update")) << r.body();
}

// A client retrying after a timeout files one report: the same Idempotency-Key with the same
// report gives the same 201 (id and tracking link); the key with another report is refused, as
// is a key short enough to guess. Without a key, each sending is a report.
TEST_F(ReportApiTest, AnIdempotencyKeyFilesOneReportHoweverOftenItIsSent) {
  const std::string key = "6f0b1d6e-2c1e-4a8e-9c0e-" + std::to_string(::getpid()) + "aa";
  const std::string report = json::serialize(company_report());
  std::size_t before = report_count();
  Response first = request(bh::verb::post, "/api/v1/programs/company/reports", report, kJson,
                           {{"Idempotency-Key", key}});
  ASSERT_EQ(first.result(), bh::status::created) << first.body();
  EXPECT_EQ(first["Idempotent-Replayed"], "");
  // The same object spaced differently is the same report.
  json::object spaced = company_report();
  Response again =
      request(bh::verb::post, "/api/v1/programs/company/reports",
              "  " + json::serialize(spaced) + "\n", kJson, {{"Idempotency-Key", key}});
  ASSERT_EQ(again.result(), bh::status::created) << again.body();
  EXPECT_EQ(again["Idempotent-Replayed"], "true");
  EXPECT_EQ(body(again).at("id"), body(first).at("id"));
  EXPECT_EQ(body(again).at("tracking_url"), body(first).at("tracking_url"));
  EXPECT_EQ(report_count(), before + 1);

  json::object other = company_report();
  other["impact"] = "Something else entirely.";
  Response reused = request(bh::verb::post, "/api/v1/programs/company/reports",
                            json::serialize(other), kJson, {{"Idempotency-Key", key}});
  EXPECT_EQ(reused.result(), bh::status::conflict) << reused.body();
  EXPECT_EQ(error_code(reused), "idempotency_key_reused");
  Response guessable = request(bh::verb::post, "/api/v1/programs/company/reports", report, kJson,
                               {{"Idempotency-Key", "1"}});
  EXPECT_EQ(guessable.result(), bh::status::bad_request) << guessable.body();
  EXPECT_EQ(error_code(guessable), "invalid_idempotency_key");
  EXPECT_EQ(report_count(), before + 1);

  // The same key for another program is another report.
  Response elsewhere = request(bh::verb::post, "/api/v1/programs/pykour-api/reports",
                               R"({"description":"Another program, the same key."})", kJson,
                               {{"Idempotency-Key", key}});
  EXPECT_EQ(elsewhere.result(), bh::status::created) << elsewhere.body();
  EXPECT_EQ(submit("company", report).result(), bh::status::created);
  EXPECT_EQ(report_count(), before + 3);
}

TEST_F(ReportApiTest, NeedsNoCredentialsAndRefusesOtherMethods) {
  // The submission above went through without a cookie or a token; here, every other method.
  struct Case {
    bh::verb method;
    std::string target;
    std::string allow;
  };
  std::string token(43, 'A');
  for (const auto& c : {Case{bh::verb::post, "/api/v1/programs", "GET, HEAD"},
                        Case{bh::verb::delete_, "/api/v1/programs", "GET, HEAD"},
                        Case{bh::verb::put, "/api/v1/programs/company", "GET, HEAD"},
                        Case{bh::verb::post, "/api/v1/programs/company", "GET, HEAD"},
                        Case{bh::verb::get, "/api/v1/programs/company/reports", "POST"},
                        Case{bh::verb::put, "/api/v1/programs/company/reports", "POST"},
                        Case{bh::verb::delete_, "/api/v1/programs/company/reports", "POST"},
                        Case{bh::verb::post, "/api/v1/track/" + token, "GET, HEAD"},
                        Case{bh::verb::delete_, "/api/v1/track/" + token, "GET, HEAD"},
                        Case{bh::verb::post, "/api/v1/openapi.json", "GET, HEAD"}}) {
    Response r = request(c.method, c.target, "{}", kJson);
    EXPECT_EQ(r.result(), bh::status::method_not_allowed) << c.method << " " << c.target;
    EXPECT_EQ(r[bh::field::allow], c.allow) << c.method << " " << c.target;
  }
}

TEST_F(ReportApiTest, EveryFieldOverItsLimitIsRefusedByName) {
  // The limits of src/core/report_field.cc as docs/report-lifecycle.md states them: one-line
  // fields 300 bytes, text fields 64 KiB, the affected component 2000, a name 200, an address
  // 254 (RFC 5321's longest path).
  const std::pair<std::string, std::size_t> limits[] = {
      {"vulnerability_type", 300}, {"affected_component", 2000},
      {"requirements", 65536},     {"steps_to_reproduce", 65536},
      {"impact", 65536},           {"description", 65536},
      {"reporter_name", 200},      {"reporter_email", 254}};
  std::size_t before = report_count();
  for (const auto& [field, limit] : limits) {
    auto report = company_report();
    report[field] = std::string(limit + 1, 'a');
    Response r = submit("company", json::serialize(report));
    EXPECT_EQ(r.result(), bh::status::unprocessable_entity) << field;
    EXPECT_EQ(error_code(r), "invalid_submission") << field;
    auto [name, message] = error_field(r);
    EXPECT_EQ(name, field);
    EXPECT_NE(message.find("at most " + std::to_string(limit) + " bytes"), std::string::npos)
        << message;
    EXPECT_EQ(r[bh::field::cache_control], "no-store");
  }
  auto report = company_report();
  report["credit"] = {{"kind", "name"}, {"text", std::string(201, 'n')}};
  Response r = submit("company", json::serialize(report));
  EXPECT_EQ(r.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(error_field(r).first, "credit");
  EXPECT_EQ(report_count(), before);

  // At the limit exactly, it is taken.
  report = company_report();
  report["description"] = std::string(65536, 'a');
  EXPECT_EQ(submit("company", json::serialize(report)).result(), bh::status::created);
  EXPECT_EQ(report_count(), before + 1);
}

TEST_F(ReportApiTest, BadBodiesAreClear4xxAndLeaveNothing) {
  std::size_t before = report_count();
  struct Case {
    std::string what;
    std::string slug;
    std::string body;
    std::string content_type;
    bh::status status;
    std::string code;
    std::string field;  // the one entry of error.fields, when there is one
  };
  const Case cases[] = {
      {"malformed UTF-8", "company", "{\"impact\":\"\xff\xfe\"}", kJson, bh::status::bad_request,
       "invalid_body", ""},
      {"a lone surrogate", "company", R"({"impact":"\ud800"})", kJson, bh::status::bad_request,
       "invalid_body", ""},
      {"a JSON array", "company", "[1,2]", kJson, bh::status::bad_request, "invalid_body", ""},
      {"a JSON string", "company", "\"report\"", kJson, bh::status::bad_request, "invalid_body",
       ""},
      {"invalid JSON", "company", R"({"impact":)", kJson, bh::status::bad_request, "invalid_body",
       ""},
      {"an empty body", "company", "", kJson, bh::status::bad_request, "invalid_body", ""},
      {"an unknown slug", "no-such-program", "{}", kJson, bh::status::not_found, "unknown_program",
       ""},
      {"no content type", "company", "{}", "", bh::status::unsupported_media_type,
       "unsupported_media_type", ""},
      {"a form body", "company", "impact=x", "application/x-www-form-urlencoded",
       bh::status::unsupported_media_type, "unsupported_media_type", ""},
      {"another charset", "company", "{}", "application/json; charset=iso-8859-1",
       bh::status::unsupported_media_type, "unsupported_media_type", ""},
      {"a wrong type", "company", R"({"impact":5})", kJson, bh::status::unprocessable_entity,
       "invalid_submission", "impact"},
      {"an unknown field", "company", R"({"colour":"blue"})", kJson,
       bh::status::unprocessable_entity, "invalid_submission", "colour"},
      {"a field the form does not ask for", "pykour-api", R"({"description":"x","title":"y"})",
       kJson, bh::status::unprocessable_entity, "invalid_submission", "title"},
      {"a missing required field", "pykour-api", "{}", kJson, bh::status::unprocessable_entity,
       "invalid_submission", "description"},
      {"a link where the policy forbids them", "pykour-api",
       R"({"description":"see https://gist.github.com/poc"})", kJson,
       bh::status::unprocessable_entity, "invalid_submission", "description"},
      {"an attachment where the policy forbids them", "pykour-api",
       R"({"description":"x","attachments":[{"file_name":"poc.txt"}]})", kJson,
       bh::status::unprocessable_entity, "invalid_submission", "attachments"},
      {"a program that takes no API reports", "pykour", R"({"description":"x"})", kJson,
       bh::status::unprocessable_entity, "intake_closed", ""},
      {"a control character", "pykour-api", "{\"description\":\"a\\u0000b\"}", kJson,
       bh::status::unprocessable_entity, "invalid_submission", "description"},
      {"an unknown credit kind", "pykour-api", R"({"description":"x","credit":{"kind":"famous"}})",
       kJson, bh::status::unprocessable_entity, "invalid_submission", "credit"},
  };
  for (const auto& c : cases) {
    Response r = submit(c.slug, c.body, c.content_type);
    EXPECT_EQ(r.result(), c.status) << c.what << ": " << r.body();
    EXPECT_EQ(error_code(r), c.code) << c.what;
    EXPECT_FALSE(body(r).at("error").at("message").as_string().empty()) << c.what;
    if (!c.field.empty()) {
      EXPECT_EQ(error_field(r).first, c.field) << c.what << ": " << r.body();
    }
    EXPECT_EQ(r[bh::field::cache_control], "no-store") << c.what;
  }

  // Consent is required by company.toml ("if you have followed the instructions above").
  auto report = company_report();
  report.erase("consent");
  Response r = submit("company", json::serialize(report));
  EXPECT_EQ(r.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(error_field(r).first, "consent");
  report["consent"] = false;
  EXPECT_EQ(error_field(submit("company", json::serialize(report))).first, "consent");

  // Pykour's refusals say why, in the words of its policy.
  auto link = submit("pykour-api", R"({"description":"see https://gist.github.com/poc"})");
  EXPECT_NE(error_field(link).second.find("links are not accepted"), std::string::npos);
  auto attachment = submit("pykour-api", R"({"description":"x","attachments":[]})");
  EXPECT_EQ(error_field(attachment).second,
            "attachments: this program does not accept attachments");
  EXPECT_EQ(report_count(), before);
}

// Over the 1 MiB request limit of a program that takes no attachments: refused from the
// declared length, before the body.
using testing::kMultipart;
using testing::multipart_body;

// Files come with the report in one multipart/form-data request: the JSON object in the part
// "report", each file in a part "attachments"; they are checked by content and kept as bytes.
TEST_F(ReportApiTest, FilesArriveWithTheReportAsMultipart) {
  std::size_t before = report_count();
  std::string report = json::serialize(company_report());
  Response created =
      submit("company",
             multipart_body({{"report", report, ""},
                             {"attachments", "GET /reviews?q=<script> HTTP/1.1\r\n", "req.txt"}}),
             kMultipart);
  ASSERT_EQ(created.result(), bh::status::created) << created.body();
  std::string tracking(body(created).at("tracking_api_url").as_string());
  std::string track_path = tracking.substr(tracking.find("/api/v1/track/"));
  json::object tracked = body(get(track_path));
  const auto& files = tracked.at("attachments").as_array();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].at("file_name"), "req.txt");
  std::string url(files[0].at("url").as_string());
  Response file = get(url.substr(url.find("/api/v1/track/")));
  EXPECT_EQ(file.body(), "GET /reviews?q=<script> HTTP/1.1\r\n");
  EXPECT_EQ(report_count(), before + 1);

  // A file that is not what its name says, a part the API does not know, no report part, a
  // JSON field beside a file the program refuses: each a clear 4xx, nothing stored.
  Response binary = submit(
      "company",
      multipart_body({{"report", report, ""}, {"attachments", std::string("\x89PNG", 4), "a.txt"}}),
      kMultipart);
  EXPECT_EQ(binary.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(error_field(binary).first, "attachments");
  Response unknown =
      submit("company", multipart_body({{"report", report, ""}, {"extra", "x", ""}}), kMultipart);
  EXPECT_EQ(unknown.result(), bh::status::bad_request);
  EXPECT_NE(body(unknown).at("error").at("message").as_string().find("unknown part 'extra'"),
            std::string::npos);
  EXPECT_EQ(
      submit("company", multipart_body({{"attachments", "x\n", "a.txt"}}), kMultipart).result(),
      bh::status::bad_request);
  // A page on another site cannot make browsers file reports (multipart needs no preflight).
  bh::request<bh::string_body> cross{bh::verb::post, "/api/v1/programs/company/reports", 11};
  cross.set(bh::field::host, "127.0.0.1");
  cross.set(bh::field::content_type, kMultipart);
  cross.set("Sec-Fetch-Site", "cross-site");
  cross.body() = multipart_body({{"report", report, ""}});
  cross.prepare_payload();
  {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    bh::write(socket, cross);
    boost::beast::flat_buffer buffer;
    Response refused;
    bh::read(socket, buffer, refused);
    EXPECT_EQ(refused.result(), bh::status::forbidden);
  }
  // Media types are case-insensitive.
  EXPECT_EQ(submit("company", multipart_body({{"report", report, ""}}),
                   "Multipart/Form-Data; boundary=b0undary")
                .result(),
            bh::status::created);
  ++before;
  Response exe = submit(
      "company", multipart_body({{"report", report, ""}, {"attachments", "MZ\x90", "tool.exe"}}),
      kMultipart);
  EXPECT_EQ(exe.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(report_count(), before + 1);
}

// The CVSS vector and the CWE a reporter gives are checked by the scoring library before the
// report is stored.
TEST_F(ReportApiTest, AVectorOrWeaknessThatDoesNotParseIsRefusedByName) {
  std::size_t before = report_count();
  json::object report = company_report();
  report["cvss_vector"] = "CVSS:4.0/AV:N/AC:L";
  Response vector = submit("company", json::serialize(report));
  EXPECT_EQ(vector.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(error_field(vector).first, "cvss_vector");
  EXPECT_NE(error_field(vector).second.find("CVSS vector"), std::string::npos);
  report["cvss_vector"] = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  EXPECT_EQ(submit("company", json::serialize(report)).result(), bh::status::created);
  EXPECT_EQ(report_count(), before + 1);
}

TEST_F(ReportApiTest, BodyOverTheServerLimitIs413) {
  std::size_t before = report_count();
  asio::io_context ioc;
  asio::ip::tcp::socket socket(ioc);
  socket.connect({asio::ip::make_address("127.0.0.1"), port_});
  std::string head =
      "POST /api/v1/programs/pykour-api/reports HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      "Content-Type: application/json\r\nContent-Length: " +
      std::to_string(2 * 1024 * 1024) + "\r\n\r\n{\"impact\":\"";
  asio::write(socket, asio::buffer(head));
  boost::beast::flat_buffer buffer;
  Response r;
  bh::read(socket, buffer, r);
  EXPECT_EQ(r.result(), bh::status::payload_too_large);
  EXPECT_EQ(error_code(r), "too_large");
  expect_security_headers(r, "oversized POST");
  EXPECT_EQ(report_count(), before);
}

// --- tracking ---------------------------------------------------------------------------

TEST_F(ReportApiTest, TrackShowsTheReportersViewAndNothingOfTheTeams) {
  auto report = company_report();
  report["reporter_email"] = "finder@reporter.example";
  Response created = submit("company", json::serialize(report));
  ASSERT_EQ(created.result(), bh::status::created) << created.body();
  auto c = body(created);
  std::string id(c.at("id").as_string());
  std::string url(c.at("tracking_api_url").as_string());
  std::string path = url.substr(std::string(kPublicUrl).size());

  Response r = get(path);
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(r[bh::field::cache_control], "no-store");
  auto t = body(r);
  EXPECT_EQ(t.at("id"), id.c_str());
  EXPECT_EQ(t.at("program"), (json::value{{"slug", "company"}, {"name", "Company"}}));
  // company's form asks for no title: the queue line falls back to the vulnerability type.
  EXPECT_EQ(t.at("title"), "Stored cross-site scripting");
  EXPECT_EQ(t.at("state").at("code"), "new");
  EXPECT_EQ(t.at("state").at("description"), "Received; the team has not looked at it yet");
  EXPECT_TRUE(t.at("history").as_array().empty());
  std::set<std::string> kinds;
  for (const auto& clock : t.at("clocks").as_array()) {
    kinds.emplace(clock.at("kind").as_string());
    EXPECT_EQ(clock.at("status"), "pending");
    if (clock.at("kind") == "acknowledge") {
      EXPECT_EQ(clock.at("due_at"), c.at("due").at("acknowledge"));
    }
  }
  // company.toml promises these two; its monthly status update is its team's own target.
  EXPECT_EQ(kinds, (std::set<std::string>{"acknowledge", "triage"}));

  // The team acknowledges, then asks for information: the reporter sees both moves and the
  // question, never who on the team made them.
  embargo("report transition " + id + " --to acknowledged --actor alice@team.example");
  embargo("report transition " + id +
          " --to needs_info --reason 'Which browser did you use?' --actor alice@team.example");
  t = body(get(path));
  EXPECT_EQ(t.at("state").at("code"), "needs_info");
  EXPECT_EQ(t.at("state").at("description"), "Waiting for your answer");
  const auto& history = t.at("history").as_array();
  ASSERT_EQ(history.size(), 2u);
  EXPECT_EQ(history[0].at("from"), "new");
  EXPECT_EQ(history[0].at("to"), "acknowledged");
  EXPECT_EQ(history[0].at("by"), "team");
  EXPECT_FALSE(history[0].as_object().contains("reason"));
  EXPECT_EQ(history[1].at("to"), "needs_info");
  EXPECT_EQ(history[1].at("reason"), "Which browser did you use?");
  for (const auto& clock : t.at("clocks").as_array()) {
    // Acknowledged at once: met. The others wait on the reporter (docs/report-lifecycle.md).
    EXPECT_EQ(clock.at("status"), clock.at("kind") == "acknowledge" ? "met" : "paused")
        << clock.at("kind");
  }
  std::string text = get(path).body();
  EXPECT_EQ(text.find("alice@team.example"), std::string::npos);
  EXPECT_EQ(text.find("finder@reporter.example"), std::string::npos);
  EXPECT_EQ(text.find("shop.example.com"), std::string::npos);  // report text stays out
}

TEST_F(ReportApiTest, EveryTrackingMissIsTheSame404AsAPathThatDoesNotExist) {
  Response nowhere = get("/api/v1/no-such-endpoint");
  ASSERT_EQ(nowhere.result(), bh::status::not_found);
  Response created = submit("pykour-api", R"({"description":"x"})");
  ASSERT_EQ(created.result(), bh::status::created);
  std::string url(body(created).at("tracking_api_url").as_string());
  std::string token = url.substr(url.rfind('/') + 1);
  ASSERT_EQ(token.size(), 43u);
  std::string other = token;
  other[0] = other[0] == 'A' ? 'B' : 'A';  // a well-formed token that opens nothing
  for (const std::string& wrong :
       {other, token.substr(0, 42), token + "A", token + "=", std::string(43, '!'),
        std::string(43, '.'), "%41" + token.substr(1), std::string(200, 'A'), std::string("x")}) {
    Response r = get("/api/v1/track/" + wrong);
    EXPECT_EQ(r.result(), bh::status::not_found) << wrong;
    EXPECT_EQ(r.body(), nowhere.body()) << wrong;
    EXPECT_EQ(r[bh::field::cache_control], "no-store") << wrong;
  }
  EXPECT_EQ(get("/api/v1/track/" + token).result(), bh::status::ok);
}

// The token is a secret: it leaves the server only in the 201 answer, never in its log.
TEST_F(ReportApiTest, TheTokenIsNeverLogged) {
  Response created = submit("pykour-api", R"({"description":"logging check"})");
  ASSERT_EQ(created.result(), bh::status::created);
  std::string url(body(created).at("tracking_api_url").as_string());
  std::string token = url.substr(url.rfind('/') + 1);
  ASSERT_EQ(get("/api/v1/track/" + token).result(), bh::status::ok);
  ASSERT_EQ(get("/api/v1/track/" + token + "x").result(), bh::status::not_found);
  std::string log;
  for (std::string line = server_->log_line(2s); !line.empty(); line = server_->log_line(500ms)) {
    log += line + "\n";
  }
  EXPECT_NE(log.find("/api/v1/track/[redacted]"), std::string::npos) << log;
  EXPECT_EQ(log.find(token), std::string::npos) << log;
}

}  // namespace
}  // namespace embargo
