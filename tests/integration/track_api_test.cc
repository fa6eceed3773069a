// The reporter's thread through the tracking API against a real `embargo serve`: replies,
// credit changes, withdrawal and file downloads, every bad input, and that one report's token
// never reads or writes another report. The team's side (its replies, notes and files) has no
// API yet, so the test writes it through the store, on the same database file the server uses.
#include <gtest/gtest.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>

#include "company_report.h"
#include "core/report.h"
#include "core/sla.h"
#include "core/time.h"
#include "core/time_source.h"
#include "data_file.h"
#include "http_checks.h"
#include "process.h"
#include "store/store.h"
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

// A report as its reporter holds it: the public id and the secret of the tracking link.
struct Tracked {
  std::string id;
  std::string token;
  std::string path() const { return "/api/v1/track/" + token; }
};

// Bytes that are not text, so that any re-encoding on the way would show.
std::string binary_bytes(std::size_t size, int seed) {
  std::string bytes(size, '\0');
  for (std::size_t i = 0; i < size; ++i) bytes[i] = static_cast<char>((i * 7 + seed) % 256);
  return bytes;
}

// One server for the file, on a data directory holding company.toml (API open, attachments
// allowed, anonymous credit allowed), "pykour-api" (Pykour with the API opened: links refused,
// no attachments), "company-named" (Company crediting reporters by name or handle only) and
// "company-files" (Company taking up to five files).
class TrackApiTest : public ::testing::Test {
 protected:
  // The four programs (the variants are written beside the data directory), served with a
  // public address; the test's own store handle on the same database lets it set the team's
  // side of a report directly.
  void SetUp() override {
    std::string examples = std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/";
    variants_ = std::filesystem::temp_directory_path() /
                ("embargo-track-api-policies-" + std::to_string(::getpid()));
    std::filesystem::create_directories(variants_);
    std::vector<std::string> policies{
        examples + "company.toml",
        variant(examples + "pykour.toml", "pykour-api",
                {{"slug = \"pykour\"", "slug = \"pykour-api\""}, {"api = false", "api = true"}}),
        variant(examples + "company.toml", "company-named",
                {{"slug = \"company\"", "slug = \"company-named\""},
                 {"anonymous_allowed = true\nwhere", "anonymous_allowed = false\nwhere"}}),
        variant(examples + "company.toml", "company-files",
                {{"slug = \"company\"", "slug = \"company-files\""},
                 {"extensions = [\".txt\", \".png\", \".jpg\", \".pdf\"]",
                  "extensions = [\".txt\", \".png\", \".jpg\", \".pdf\"]\nmax_files = 5"}})};
    server_ = std::make_unique<testing::TestServer>(
        "track-api", policies, std::vector<std::string>{"--public-url", testing::kPublicUrl});
    dir_ = server_->data();
    port_ = server_->port();
    ASSERT_NE(port_, 0) << "the server did not say where it listens";
    store_ = server_->open_store(1, 1, &team_time_);
  }
  void TearDown() override {
    store_.reset();
    server_.reset();
    std::filesystem::remove_all(variants_);
  }

  // A copy of a policy file with some text replaced, written beside the data directory.
  static std::string variant(const std::string& source, const std::string& name,
                             const std::vector<std::pair<std::string, std::string>>& changes) {
    std::string text = read_text(source);
    for (const auto& [from, to] : changes) {
      auto at = text.find(from);
      EXPECT_NE(at, std::string::npos) << from;
      if (at != std::string::npos) text.replace(at, from.size(), to);
    }
    auto path = variants_ / (name + ".toml");
    std::ofstream(path) << text;
    return path.string();
  }

  // Sends one request from its own loopback address (127.0.0.2 ..), so that the per-client
  // limits on the write routes answer only where a test means them to. Every answer is checked
  // for the security headers.
  static Response request(bh::verb method, const std::string& target, const std::string& body = "",
                          const std::string& content_type = kJson, const std::string& from = "") {
    asio::io_context ioc;
    asio::ip::tcp::socket socket(ioc);
    socket.open(asio::ip::tcp::v4());
    std::string address = from.empty() ? "127.0.0." + std::to_string(2 + sent_++ % 250) : from;
    socket.bind({asio::ip::make_address(address), 0});
    socket.connect({asio::ip::make_address("127.0.0.1"), port_});
    bh::request<bh::string_body> req{method, target, 11};
    req.set(bh::field::host, "127.0.0.1");
    if (!content_type.empty() && method != bh::verb::get) {
      req.set(bh::field::content_type, content_type);
    }
    req.body() = body;
    if (method != bh::verb::get) req.prepare_payload();
    bh::write(socket, req);
    boost::beast::flat_buffer buffer;
    bh::response_parser<bh::string_body> parser;
    parser.body_limit(16 * 1024 * 1024);
    if (method == bh::verb::head) parser.skip(true);
    bh::read(socket, buffer, parser);
    Response response = parser.release();
    EXPECT_EQ(response["X-Content-Type-Options"], "nosniff") << target;
    EXPECT_NE(response["Content-Security-Policy"].find("frame-ancestors 'none'"), std::string::npos)
        << target;
    EXPECT_EQ(response["Referrer-Policy"], "no-referrer") << target;
    EXPECT_EQ(response[bh::field::cache_control], "no-store") << target;
    return response;
  }
  static Response get(const std::string& target) { return request(bh::verb::get, target); }
  static Response reply(const Tracked& t, const std::string& body,
                        const std::string& content_type = kJson) {
    return request(bh::verb::post, t.path() + "/messages", body, content_type);
  }
  static Response say(const Tracked& t, const std::string& text) {
    return reply(t, json::serialize(json::object{{"body", text}}));
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

  // A report submitted through the API, as its reporter gets it.
  static Tracked submit_company() {
    return submit("company", json::serialize(testing::company_report()));
  }
  static Tracked submit(const std::string& slug, const std::string& json_body) {
    Response r = request(bh::verb::post, "/api/v1/programs/" + slug + "/reports", json_body);
    EXPECT_EQ(r.result(), bh::status::created) << r.body();
    auto b = body(r);
    std::string url(b.at("tracking_api_url").as_string());
    return {std::string(b.at("id").as_string()), url.substr(url.rfind('/') + 1)};
  }
  // A company report with files (of "company-files", which takes up to five), stored as the
  // report form stores one.
  static Tracked submit_with_files(const std::vector<Upload>& uploads) {
    Submission s;
    s.program = "company-files";
    s.fields[ReportField::vulnerability_type] = "Path traversal";
    s.fields[ReportField::affected_component] = "/download";
    s.fields[ReportField::requirements] = "none";
    s.fields[ReportField::steps_to_reproduce] = "1. GET /download?f=../../etc/passwd";
    s.fields[ReportField::impact] = "Reads any file.";
    s.consented = true;
    s.channel = "form";
    for (const auto& u : uploads) s.attachments.push_back(u.info);
    auto created = store_->create_report(s, "reporter", uploads);
    return {created.report.id, created.tracking_token};
  }
  static Report team_says(const Tracked& t, const std::string& text, bool internal = false,
                          std::vector<Upload> uploads = {}) {
    NewMessage m;
    m.author = Actor::team;
    m.author_name = "alice@team.example";
    m.internal = internal;
    m.body = text;
    m.uploads = std::move(uploads);
    return store_->add_message(t.id, m);
  }
  static json::array thread(const Tracked& t) {
    Response r = get(t.path());
    EXPECT_EQ(r.result(), bh::status::ok) << r.body();
    return body(r).at("messages").as_array();
  }

  static inline std::filesystem::path variants_;
  static inline std::filesystem::path dir_;
  static inline std::unique_ptr<testing::TestServer> server_;
  // The team writes through this store in the test's own process, at a time the test moves.
  static inline ManualTime team_time_{system_time().now()};
  static inline std::unique_ptr<store::Store> store_;
  static inline unsigned short port_ = 0;
  static inline unsigned sent_ = 0;
};

// --- the thread -------------------------------------------------------------------------

TEST_F(TrackApiTest, AReplyIsStoredAndShownInTheThread) {
  Tracked t = submit_company();
  Response r = say(t, "The review form is at /reviews/new.\nTried in Firefox 128.");
  ASSERT_EQ(r.result(), bh::status::created) << r.body();
  EXPECT_EQ(r[bh::field::content_type], kJson);
  auto m = body(r);
  EXPECT_FALSE(m.contains("seq"));
  EXPECT_EQ(m.at("author"), "reporter");
  EXPECT_EQ(m.at("body"), "The review form is at /reviews/new.\nTried in Firefox 128.");
  EXPECT_TRUE(m.at("attachments").as_array().empty());
  EXPECT_TRUE(std::string(m.at("at").as_string()).ends_with("Z"));

  auto messages = thread(t);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0], json::value(m));
  auto stored = store_->find_report(t.id);
  ASSERT_EQ(stored->messages.size(), 1u);
  EXPECT_EQ(stored->messages[0].author, Actor::reporter);
  EXPECT_EQ(stored->messages[0].body, m.at("body").as_string());
}

// With files, a reply is multipart/form-data: the JSON object in a part "message", each file
// in a part "attachments", checked by its content like a submission's.
TEST_F(TrackApiTest, AReplyCarriesFilesAsMultipart) {
  Tracked t = submit_company();
  const std::string type = "multipart/form-data; boundary=zz";
  auto part = [](const std::string& name, const std::string& value, const std::string& file) {
    return "--zz\r\nContent-Disposition: form-data; name=\"" + name + "\"" +
           (file.empty() ? "" : "; filename=\"" + file + "\"") + "\r\n\r\n" + value + "\r\n";
  };
  Response r =
      reply(t,
            part("message", R"({"body":"The request log is attached."})", "") +
                part("attachments", "POST /reviews HTTP/1.1\r\n", "request.txt") + "--zz--\r\n",
            type);
  ASSERT_EQ(r.result(), bh::status::created) << r.body();
  json::object message = body(r);
  const auto& files = message.at("attachments").as_array();
  ASSERT_EQ(files.size(), 1u);
  std::string url(files[0].at("url").as_string());
  EXPECT_EQ(get(url.substr(url.find("/api/v1/track/"))).body(), "POST /reviews HTTP/1.1\r\n");

  Response not_text =
      reply(t,
            part("message", R"({"body":"x"})", "") +
                part("attachments", std::string("\0\1\2", 3), "request.txt") + "--zz--\r\n",
            type);
  EXPECT_EQ(not_text.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(error_field(not_text).first, "attachments");
  Response no_message = reply(t, part("attachments", "x\n", "a.txt") + "--zz--\r\n", type);
  EXPECT_EQ(no_message.result(), bh::status::bad_request);
  EXPECT_EQ(thread(t).size(), 1u);

  // The reply's size limit is its program's (company.toml: files of 10 MB), not the server's
  // 1 MiB default.
  Response large =
      reply(t,
            part("message", R"({"body":"The full log."})", "") +
                part("attachments", std::string(3 * 1024 * 1024, 'a'), "log.txt") + "--zz--\r\n",
            type);
  EXPECT_EQ(large.result(), bh::status::created) << large.body().substr(0, 300);
  EXPECT_EQ(thread(t).size(), 2u);
}

TEST_F(TrackApiTest, TheTeamsRepliesShowButNeitherItsNotesNorItsNames) {
  Tracked t = submit_company();
  say(t, "Any news?");
  team_says(t, "INTERNAL-NOTE: duplicate of last year's bug?", true,
            {describe_upload("notes.txt", "text/plain", "INTERNAL-FILE")});
  team_says(t, "We reproduced it; a fix is on the way.", false,
            {describe_upload("patch.txt", "text/plain", "diff --git a b")});

  Response r = get(t.path());
  ASSERT_EQ(r.result(), bh::status::ok);
  auto messages = body(r).at("messages").as_array();
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].at("author"), "reporter");
  EXPECT_EQ(messages[1].at("author"), "team");
  EXPECT_EQ(messages[1].at("body"), "We reproduced it; a fix is on the way.");
  // Nothing numbers the messages: a gap where the note is would tell the reporter it exists.
  for (const auto& message : messages) EXPECT_FALSE(message.as_object().contains("seq"));
  const auto& files = messages[1].at("attachments").as_array();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0].at("file_name"), "patch.txt");
  // The store's file 1 is the internal note's: the reporter's numbers leave no gap for it.
  EXPECT_EQ(files[0].at("id"), 1);
  EXPECT_EQ(files[0].at("url"), json::value(t.path() + "/attachments/1"));
  EXPECT_EQ(r.body().find("INTERNAL"), std::string::npos);
  EXPECT_EQ(r.body().find("notes.txt"), std::string::npos);
  EXPECT_EQ(r.body().find("alice@team.example"), std::string::npos);

  // No number reaches the note's file.
  Response past_the_end = get(t.path() + "/attachments/2");
  EXPECT_EQ(past_the_end.result(), bh::status::not_found);
  EXPECT_EQ(past_the_end.body(), get("/api/v1/no-such-endpoint").body());
  Response patch = get(t.path() + "/attachments/1");
  ASSERT_EQ(patch.result(), bh::status::ok);
  EXPECT_EQ(patch.body(), "diff --git a b");
}

// The company's monthly status update is its team's own target: the desk measures it, and a
// visible reply restarts it; the reporter's view never shows it (the seed promises no cadence).
TEST_F(TrackApiTest, TheTeamsVisibleReplyRestartsTheStatusUpdateClock) {
  Tracked t = submit_company();
  const json::object view = body(get(t.path()));
  for (const auto& clock : view.at("clocks").as_array()) {
    EXPECT_NE(clock.at("kind"), "status_update") << "an internal target shown to the reporter";
    EXPECT_EQ(clock.at("promised"), true);
  }
  auto started = [&] {
    Report report = *store_->find_report(t.id);
    auto policy = store_->find_program("company")->policy;
    for (const auto& clock : evaluate_clocks(report, policy, system_time().now())) {
      if (clock.kind == ClockKind::status_update) {
        EXPECT_FALSE(clock.promised);
        return format_time(clock.started_at);
      }
    }
    return std::string("(no status_update clock)");
  };
  std::string at_receipt = started();
  ASSERT_NE(at_receipt, "(no status_update clock)");
  // The team writes a second after the receipt (times are stored in whole seconds).
  team_time_.set(parse_time(at_receipt) + std::chrono::seconds(1));
  team_says(t, "Internal only.", true);
  EXPECT_EQ(started(), at_receipt);
  Report replied = team_says(t, "We are on it.");
  EXPECT_EQ(started(), format_time(replied.messages.back().at));
  EXPECT_NE(started(), at_receipt);
}

// --- files ------------------------------------------------------------------------------

TEST_F(TrackApiTest, FilesDownloadAsAttachmentsWithTheirBytes) {
  std::string bytes = binary_bytes(300000, 1);
  Tracked t = submit_with_files({describe_upload("poc.txt", "text/plain", "alert(1)\n"),
                                 describe_upload("capture.png", "image/png", bytes)});
  auto view = body(get(t.path()));
  const auto& files = view.at("attachments").as_array();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[1].at("id"), 2);
  EXPECT_EQ(files[1].at("file_name"), "capture.png");
  EXPECT_EQ(files[1].at("media_type"), "image/png");
  EXPECT_EQ(files[1].at("size"), 300000);
  EXPECT_EQ(files[1].at("sha256"), json::value(describe_upload("", "", bytes).info.sha256));
  EXPECT_EQ(files[1].at("url"), json::value(t.path() + "/attachments/2"));

  Response r = get(t.path() + "/attachments/2");
  ASSERT_EQ(r.result(), bh::status::ok);
  EXPECT_EQ(r.body(), bytes);
  EXPECT_EQ(r[bh::field::content_type], "application/octet-stream");
  EXPECT_EQ(r[bh::field::content_disposition], "attachment; filename=\"capture.png\"");
  EXPECT_EQ(r[bh::field::content_length], "300000");

  Response head = request(bh::verb::head, t.path() + "/attachments/1", "", "");
  EXPECT_EQ(head.result(), bh::status::ok);
}

TEST_F(TrackApiTest, AFileNameCannotBreakOutOfItsHeader) {
  std::string name = "r\xc3\xa9sum\xc3\xa9 \"x\"; filename=evil.pdf %41.txt";
  Tracked t = submit_with_files({describe_upload(name, "text/plain", "cv")});
  Response r = get(t.path() + "/attachments/1");
  ASSERT_EQ(r.result(), bh::status::ok);
  EXPECT_EQ(r[bh::field::content_disposition],
            "attachment; filename=\"r_sum_ _x_; filename=evil.pdf _41.txt\"; "
            "filename*=UTF-8''r%C3%A9sum%C3%A9%20%22x%22%3B%20filename%3Devil.pdf%20%2541.txt");
  EXPECT_EQ(body(get(t.path())).at("attachments").at(0).at("file_name"), json::value(name));
}

TEST_F(TrackApiTest, AFileIdThatIsNotOneOfTheReportsIsTheSame404) {
  Tracked t = submit_with_files({describe_upload("poc.txt", "text/plain", "x")});
  std::string nowhere = get("/api/v1/no-such-endpoint").body();
  for (const char* id : {"0", "2", "01", "+1", "-1", "1x", "1.0", "%31", "99999999999999999999",
                         "9223372036854775807"}) {
    Response r = get(t.path() + "/attachments/" + id);
    EXPECT_EQ(r.result(), bh::status::not_found) << id;
    EXPECT_EQ(r.body(), nowhere) << id;
  }
  EXPECT_EQ(get(t.path() + "/attachments/1").result(), bh::status::ok);
}

// --- credit -----------------------------------------------------------------------------

TEST_F(TrackApiTest, TheReporterChangesTheirCredit) {
  Tracked t = submit_company();
  EXPECT_EQ(body(get(t.path())).at("credit"), (json::value{{"kind", "anonymous"}, {"text", ""}}));
  Response r =
      request(bh::verb::put, t.path() + "/credit", R"({"kind":"handle","text":"@finder"})");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(body(r), (json::object{{"credit", {{"kind", "handle"}, {"text", "@finder"}}}}));
  EXPECT_EQ(body(get(t.path())).at("credit"),
            (json::value{{"kind", "handle"}, {"text", "@finder"}}));
  EXPECT_EQ(store_->find_report(t.id)->submission.credit.text, "@finder");
  ASSERT_EQ(request(bh::verb::put, t.path() + "/credit", R"({"kind":"anonymous"})").result(),
            bh::status::ok);
  EXPECT_EQ(store_->find_report(t.id)->submission.credit.kind, CreditChoice::Kind::anonymous);
}

TEST_F(TrackApiTest, BadCreditChangesAreRefusedAndChangeNothing) {
  Tracked t = submit_company();
  ASSERT_EQ(
      request(bh::verb::put, t.path() + "/credit", R"({"kind":"name","text":"Ann"})").result(),
      bh::status::ok);
  struct Case {
    std::string what, body, content_type;
    bh::status status;
    std::string code;
  };
  const Case cases[] = {
      {"no kind", R"({"text":"Bob"})", kJson, bh::status::unprocessable_entity, "invalid_credit"},
      {"an unknown kind", R"({"kind":"famous"})", kJson, bh::status::unprocessable_entity,
       "invalid_credit"},
      {"a kind that is not a string", R"({"kind":1})", kJson, bh::status::unprocessable_entity,
       "invalid_credit"},
      {"an empty name", R"({"kind":"name","text":" "})", kJson, bh::status::unprocessable_entity,
       "invalid_credit"},
      {"a name over 200 bytes",
       json::serialize(json::object{{"kind", "name"}, {"text", std::string(201, 'n')}}), kJson,
       bh::status::unprocessable_entity, "invalid_credit"},
      {"anonymous with a name", R"({"kind":"anonymous","text":"Bob"})", kJson,
       bh::status::unprocessable_entity, "invalid_credit"},
      {"an unknown key", R"({"kind":"name","text":"Bob","url":"x"})", kJson,
       bh::status::unprocessable_entity, "invalid_credit"},
      {"an array", R"(["name","Bob"])", kJson, bh::status::bad_request, "invalid_body"},
      {"malformed JSON", R"({"kind":)", kJson, bh::status::bad_request, "invalid_body"},
      {"a form body", "kind=name&text=Bob", "application/x-www-form-urlencoded",
       bh::status::unsupported_media_type, "unsupported_media_type"},
  };
  for (const auto& c : cases) {
    Response r = request(bh::verb::put, t.path() + "/credit", c.body, c.content_type);
    EXPECT_EQ(r.result(), c.status) << c.what << ": " << r.body();
    EXPECT_EQ(error_code(r), c.code) << c.what;
    if (c.status == bh::status::unprocessable_entity) {
      EXPECT_EQ(error_field(r).first, "credit") << c.what;
    }
  }
  EXPECT_EQ(store_->find_report(t.id)->submission.credit.text, "Ann");

  // company-named credits reporters by name or handle: anonymous credit is refused.
  json::object report{{"vulnerability_type", "XSS"},
                      {"affected_component", "/search"},
                      {"requirements", "none"},
                      {"steps_to_reproduce", "1."},
                      {"impact", "cookie theft"},
                      {"consent", true},
                      {"credit", {{"kind", "name"}, {"text", "Ann"}}}};
  Tracked named = submit("company-named", json::serialize(report));
  Response r = request(bh::verb::put, named.path() + "/credit", R"({"kind":"anonymous"})");
  EXPECT_EQ(r.result(), bh::status::unprocessable_entity);
  EXPECT_EQ(error_field(r),
            (std::pair<std::string, std::string>{
                "credit", "credit: this program credits reporters by name or handle"}));
}

// --- withdrawal -------------------------------------------------------------------------

TEST_F(TrackApiTest, TheReporterWithdrawsAndThenCannotWriteOrWithdrawAgain) {
  Tracked t = submit_company();
  say(t, "Before withdrawing.");
  Response r = request(bh::verb::post, t.path() + "/withdraw",
                       R"({"reason":"It was my proxy's misconfiguration."})");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(
      body(r),
      (json::object{{"state", {{"code", "withdrawn"}, {"description", "Withdrawn by you"}}}}));
  auto view = body(get(t.path()));
  EXPECT_EQ(view.at("state").at("code"), "withdrawn");
  const auto& history = view.at("history").as_array();
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].at("by"), "reporter");
  EXPECT_EQ(history[0].at("reason"), "It was my proxy's misconfiguration.");

  Response late = say(t, "One more thing.");
  EXPECT_EQ(late.result(), bh::status::conflict) << late.body();
  EXPECT_EQ(error_code(late), "report_withdrawn");
  EXPECT_EQ(thread(t).size(), 1u);

  Response again = request(bh::verb::post, t.path() + "/withdraw", "{}");
  EXPECT_EQ(again.result(), bh::status::conflict);
  EXPECT_EQ(error_code(again), "invalid_transition");
  EXPECT_EQ(store_->find_report(t.id)->history.size(), 1u);
}

TEST_F(TrackApiTest, AReportTheTeamClosedCannotBeWithdrawn) {
  Tracked t = submit_company();
  Transition close;
  close.from = State::new_report;
  close.to = State::spam;
  close.actor = Actor::team;
  close.actor_name = "alice@team.example";
  close.reason = "Automated scanner output.";
  store_->transition_report(t.id, close);
  Response r = request(bh::verb::post, t.path() + "/withdraw", "{}");
  EXPECT_EQ(r.result(), bh::status::conflict);
  EXPECT_EQ(error_code(r), "invalid_transition");
  EXPECT_EQ(store_->find_report(t.id)->state, State::spam);
}

TEST_F(TrackApiTest, AReportTheTeamClosedTakesNoMoreMessagesFromTheReporter) {
  Tracked t = submit_company();
  Transition close;
  close.from = State::new_report;
  close.to = State::informative;
  close.actor = Actor::team;
  close.actor_name = "alice@team.example";
  close.reason = "Known and documented behaviour.";
  store_->transition_report(t.id, close);
  Response late = say(t, "But it is a vulnerability.");
  EXPECT_EQ(late.result(), bh::status::conflict) << late.body();
  EXPECT_EQ(error_code(late), "report_closed");
  EXPECT_TRUE(thread(t).empty());
  // The team may still write to the reporter: closing limits only the reporter.
  team_says(t, "We documented it in the handbook.");
  EXPECT_EQ(thread(t).size(), 1u);
}

TEST_F(TrackApiTest, BadWithdrawalsAreRefused) {
  Tracked t = submit_company();
  struct Case {
    std::string what, body, content_type;
    bh::status status;
    std::string code;
  };
  const Case cases[] = {
      {"a reason that is not a string", R"({"reason":5})", kJson, bh::status::unprocessable_entity,
       "invalid_withdrawal"},
      {"a reason over 10000 bytes",
       json::serialize(json::object{{"reason", std::string(10001, 'r')}}), kJson,
       bh::status::unprocessable_entity, "invalid_withdrawal"},
      {"a control character", "{\"reason\":\"a\\u001bb\"}", kJson, bh::status::unprocessable_entity,
       "invalid_withdrawal"},
      {"an unknown key", R"({"why":"x"})", kJson, bh::status::unprocessable_entity,
       "invalid_withdrawal"},
      {"an empty body", "", kJson, bh::status::bad_request, "invalid_body"},
      {"a string", R"("withdraw")", kJson, bh::status::bad_request, "invalid_body"},
      {"no content type", "{}", "", bh::status::unsupported_media_type, "unsupported_media_type"},
  };
  for (const auto& c : cases) {
    Response r = request(bh::verb::post, t.path() + "/withdraw", c.body, c.content_type);
    EXPECT_EQ(r.result(), c.status) << c.what << ": " << r.body();
    EXPECT_EQ(error_code(r), c.code) << c.what;
  }
  EXPECT_EQ(store_->find_report(t.id)->state, State::new_report);
}

// --- bad messages -----------------------------------------------------------------------

TEST_F(TrackApiTest, BadMessagesAreClear4xxAndLeaveNothing) {
  Tracked t = submit_company();
  Tracked pykour = submit("pykour-api", R"({"description":"The session cookie lacks HttpOnly."})");
  struct Case {
    std::string what;
    const Tracked* report;
    std::string body, content_type;
    bh::status status;
    std::string code, field;
  };
  const Case cases[] = {
      {"an array", &t, R"(["hello"])", kJson, bh::status::bad_request, "invalid_body", ""},
      {"a string", &t, R"("hello")", kJson, bh::status::bad_request, "invalid_body", ""},
      {"a number", &t, "5", kJson, bh::status::bad_request, "invalid_body", ""},
      {"malformed JSON", &t, R"({"body":)", kJson, bh::status::bad_request, "invalid_body", ""},
      {"an empty request body", &t, "", kJson, bh::status::bad_request, "invalid_body", ""},
      {"malformed UTF-8", &t, "{\"body\":\"caf\xc3\"}", kJson, bh::status::bad_request,
       "invalid_body", ""},
      {"a lone surrogate", &t, R"({"body":"\ud800"})", kJson, bh::status::bad_request,
       "invalid_body", ""},
      {"no content type", &t, R"({"body":"hello"})", "", bh::status::unsupported_media_type,
       "unsupported_media_type", ""},
      {"text/plain", &t, "hello", "text/plain", bh::status::unsupported_media_type,
       "unsupported_media_type", ""},
      {"another charset", &t, R"({"body":"hello"})", "application/json; charset=latin1",
       bh::status::unsupported_media_type, "unsupported_media_type", ""},
      {"no body key", &t, "{}", kJson, bh::status::unprocessable_entity, "invalid_message", "body"},
      {"an empty message", &t, R"({"body":""})", kJson, bh::status::unprocessable_entity,
       "invalid_message", "body"},
      {"a blank message", &t, R"({"body":" \n\t "})", kJson, bh::status::unprocessable_entity,
       "invalid_message", "body"},
      {"a body that is not a string", &t, R"({"body":["a"]})", kJson,
       bh::status::unprocessable_entity, "invalid_message", "body"},
      {"an unknown key", &t, R"({"body":"x","internal":true})", kJson,
       bh::status::unprocessable_entity, "invalid_message", "internal"},
      {"a control character", &t, "{\"body\":\"a\\u0000b\"}", kJson,
       bh::status::unprocessable_entity, "invalid_message", "body"},
      {"over 64 KiB", &t, json::serialize(json::object{{"body", std::string(65537, 'x')}}), kJson,
       bh::status::unprocessable_entity, "invalid_message", "body"},
      {"a link where the program refuses them", &pykour,
       R"({"body":"see https://gist.github.com/poc"})", kJson, bh::status::unprocessable_entity,
       "invalid_message", "body"},
  };
  for (const auto& c : cases) {
    Response r = reply(*c.report, c.body, c.content_type);
    EXPECT_EQ(r.result(), c.status) << c.what << ": " << r.body();
    EXPECT_EQ(error_code(r), c.code) << c.what;
    EXPECT_FALSE(body(r).at("error").at("message").as_string().empty()) << c.what;
    if (!c.field.empty()) {
      EXPECT_EQ(error_field(r).first, c.field) << c.what << ": " << r.body();
    }
  }
  EXPECT_EQ(body(reply(t, "[1]")).at("error").at("message"),
            "expected a JSON object {\"body\": \"...\"}");
  EXPECT_NE(error_field(reply(t, json::serialize(json::object{{"body", std::string(65537, 'x')}})))
                .second.find("at most 65536 bytes"),
            std::string::npos);
  EXPECT_TRUE(thread(t).empty());
  EXPECT_TRUE(thread(pykour).empty());
  EXPECT_TRUE(store_->find_report(t.id)->messages.empty());

  // At the limit exactly, it is taken.
  EXPECT_EQ(say(t, std::string(65536, 'x')).result(), bh::status::created);
}

// --- tokens and authorisation -----------------------------------------------------------

TEST_F(TrackApiTest, EveryRouteAnswersABadTokenWithTheSame404) {
  Tracked t = submit_company();
  std::string nowhere = get("/api/v1/no-such-endpoint").body();
  std::string other = t.token;
  other[0] = other[0] == 'A' ? 'B' : 'A';  // well-formed, opens nothing
  for (const std::string& token :
       {other, t.token.substr(0, 42), t.token + "A", std::string(43, '!'),
        "%41" + t.token.substr(1), std::string(200, 'A'), std::string("x")}) {
    std::string base = "/api/v1/track/" + token;
    for (const auto& [method, path, sent] :
         {std::tuple{bh::verb::get, base, std::string()},
          std::tuple{bh::verb::post, base + "/messages", std::string(R"({"body":"hi"})")},
          std::tuple{bh::verb::put, base + "/credit", std::string(R"({"kind":"anonymous"})")},
          std::tuple{bh::verb::post, base + "/withdraw", std::string("{}")},
          std::tuple{bh::verb::get, base + "/attachments/1", std::string()}}) {
      Response r = request(method, path, sent);
      EXPECT_EQ(r.result(), bh::status::not_found) << method << " " << path;
      EXPECT_EQ(r.body(), nowhere) << method << " " << path;
    }
    // A bad token is not even told that its body is bad.
    Response r = request(bh::verb::post, base + "/messages", "[", "text/plain");
    EXPECT_EQ(r.result(), bh::status::not_found) << token;
  }
  EXPECT_TRUE(thread(t).empty());
  EXPECT_EQ(store_->find_report(t.id)->state, State::new_report);
}

TEST_F(TrackApiTest, OneReportsTokenNeverReachesAnotherReport) {
  Tracked a = submit_with_files({describe_upload("a.txt", "text/plain", "A's only file")});
  Tracked b = submit_with_files({describe_upload("b1.txt", "text/plain", "B's first file"),
                                 describe_upload("b2.txt", "text/plain", "B's second file")});
  team_says(b, "For B only.", false, {describe_upload("b3.txt", "text/plain", "B's third file")});

  // A's token names files by A's numbers: file 1 is A's, and B's 2 and 3 do not exist for it.
  EXPECT_EQ(get(a.path() + "/attachments/1").body(), "A's only file");
  EXPECT_EQ(get(a.path() + "/attachments/2").result(), bh::status::not_found);
  EXPECT_EQ(get(a.path() + "/attachments/3").result(), bh::status::not_found);
  std::string a_view = get(a.path()).body();
  EXPECT_EQ(a_view.find(b.id), std::string::npos);
  EXPECT_EQ(a_view.find("For B only."), std::string::npos);
  EXPECT_EQ(a_view.find("b1.txt"), std::string::npos);

  // Writes through A's token change A and nothing of B.
  ASSERT_EQ(say(a, "From A.").result(), bh::status::created);
  ASSERT_EQ(
      request(bh::verb::put, a.path() + "/credit", R"({"kind":"name","text":"Ann"})").result(),
      bh::status::ok);
  ASSERT_EQ(request(bh::verb::post, a.path() + "/withdraw", "{}").result(), bh::status::ok);
  Report b_now = *store_->find_report(b.id);
  EXPECT_EQ(b_now.state, State::new_report);
  EXPECT_EQ(b_now.submission.credit.kind, CreditChoice::Kind::anonymous);
  ASSERT_EQ(b_now.messages.size(), 1u);
  EXPECT_EQ(b_now.messages[0].body, "For B only.");
  EXPECT_EQ(get(b.path() + "/attachments/3").body(), "B's third file");
  Report a_now = *store_->find_report(a.id);
  EXPECT_EQ(a_now.state, State::withdrawn);
  EXPECT_EQ(a_now.messages.size(), 1u);
}

TEST_F(TrackApiTest, OtherMethodsAre405) {
  Tracked t = submit_company();
  struct Case {
    bh::verb method;
    std::string path, allow;
  };
  for (const auto& c :
       {Case{bh::verb::get, "/messages", "POST"}, Case{bh::verb::delete_, "/messages", "POST"},
        Case{bh::verb::post, "/credit", "PUT"}, Case{bh::verb::get, "/withdraw", "POST"},
        Case{bh::verb::delete_, "/attachments/1", "GET, HEAD"},
        Case{bh::verb::put, "/attachments/1", "GET, HEAD"}}) {
    Response r = request(c.method, t.path() + c.path, "{}");
    EXPECT_EQ(r.result(), bh::status::method_not_allowed) << c.method << " " << c.path;
    EXPECT_EQ(r[bh::field::allow], c.allow) << c.method << " " << c.path;
  }
}

// The write routes are limited per client like submissions: a burst of 10, then 429.
TEST_F(TrackApiTest, WritesAreRateLimitedPerClient) {
  Tracked t = submit_company();
  int created = 0;
  Response last;
  for (int i = 0; i < 11; ++i) {
    last = request(bh::verb::post, t.path() + "/messages",
                   json::serialize(json::object{{"body", "message " + std::to_string(i)}}), kJson,
                   "127.0.1.1");
    if (last.result() == bh::status::created) ++created;
  }
  EXPECT_EQ(created, 10);
  EXPECT_EQ(last.result(), bh::status::too_many_requests);
  EXPECT_FALSE(last[bh::field::retry_after].empty());
  EXPECT_EQ(say(t, "from another address").result(), bh::status::created);
}

// The tokens in these paths are secrets: the access log never holds one.
TEST_F(TrackApiTest, TokensNeverReachTheLog) {
  Tracked t = submit_with_files({describe_upload("log.txt", "text/plain", "x")});
  say(t, "logged?");
  get(t.path() + "/attachments/1");
  request(bh::verb::put, t.path() + "/credit", R"({"kind":"anonymous"})");
  std::string log;
  for (std::string line = server_->log_line(2s); !line.empty(); line = server_->log_line(500ms)) {
    log += line + "\n";
  }
  for (const char* method : {"GET", "POST", "PUT"}) {
    EXPECT_NE(log.find(std::string(method) + " /api/v1/track/[redacted]"), std::string::npos)
        << log;
  }
  EXPECT_EQ(log.find(t.token), std::string::npos) << log;
}

}  // namespace
}  // namespace embargo
