// The OpenAPI document served at /api/v1/openapi.json describes exactly the /api/v1 routes:
// no route is missing from it and it names none that does not exist.
#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <filesystem>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "auth/secret_box.h"
#include "core/access.h"
#include "core/report.h"
#include "core/time_source.h"
#include "formats/report_json.h"
#include "http/router.h"
#include "http/site.h"
#include "http/site_routes.h"
#include "store/store.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace bh = boost::beast::http;
namespace json = boost::json;
using namespace std::chrono_literals;
using Response = bh::response<bh::string_body>;
using Route = std::pair<std::string, std::string>;  // ("get", "/api/v1/programs/{slug}")

class OpenApiTest : public ::testing::Test {
 protected:
  static void start_server() {
    // PySpector invites reporters to verify fixes: the verification routes act on its report.
    server_ = std::make_unique<testing::TestServer>(
        "openapi", std::vector<std::string>{"company.toml", "pyspector.toml"});
  }
  void TearDown() override { server_.reset(); }
  void SetUp() override {
    start_server();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(server_ && server_->port() != 0) << "the server did not say where it listens";
  }

  static Response request(bh::verb method, const std::string& target,
                          const std::string& body = "") {
    testing::HttpRequest req{method, target, 11};
    if (!bearer_.empty()) req.set(bh::field::authorization, "Bearer " + bearer_);
    if (method == bh::verb::post || method == bh::verb::put || method == bh::verb::patch) {
      req.set(bh::field::content_type, "application/json");
      req.body() = body;
    }
    return server_->send(std::move(req));
  }

  // The document as the running server serves it.
  static json::object document() {
    Response r = request(bh::verb::get, "/api/v1/openapi.json");
    EXPECT_EQ(r.result(), bh::status::ok);
    EXPECT_EQ(r[bh::field::content_type], "application/json");
    EXPECT_EQ(r["X-Content-Type-Options"], "nosniff");
    json::error_code ec;
    json::value v = json::parse(r.body(), ec);
    EXPECT_FALSE(ec) << ec.message();
    return v.is_object() ? v.as_object() : json::object{};
  }

  static std::set<Route> documented(const json::object& doc) {
    std::set<Route> out;
    for (const auto& [path, item] : doc.at("paths").as_object()) {
      for (const auto& [method, operation] : item.as_object()) {
        if (method != "parameters") out.emplace(std::string(method), std::string(path));
      }
    }
    return out;
  }

  static inline std::string bearer_;  // an admin's API token, once a test has made one
  static inline std::unique_ptr<testing::TestServer> server_;
};

std::string lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

TEST_F(OpenApiTest, IsAnOpenApi31Document) {
  json::object doc = document();
  ASSERT_TRUE(doc.contains("openapi"));
  EXPECT_TRUE(
      std::regex_match(std::string(doc.at("openapi").as_string()), std::regex(R"(3\.1\.\d+)")));
  EXPECT_TRUE(doc.at("info").as_object().contains("title"));
  EXPECT_TRUE(doc.at("info").as_object().contains("version"));
}

// Where a "$ref" ("#/components/schemas/Error") points in the document, or nullptr.
const json::value* resolve(const json::object& doc, std::string_view ref) {
  if (!ref.starts_with("#/")) return nullptr;
  const json::value* at = nullptr;
  const json::object* object = &doc;
  ref.remove_prefix(2);
  while (object != nullptr) {
    auto slash = ref.find('/');
    at = object->if_contains(ref.substr(0, slash));
    if (at == nullptr || slash == std::string_view::npos) return at;
    object = at->if_object();
    ref.remove_prefix(slash + 1);
  }
  return nullptr;
}

// Every "$ref" below `v`, with where it was found.
void collect_refs(const json::value& v, const std::string& where,
                  std::vector<std::pair<std::string, std::string>>& out) {
  if (const auto* object = v.if_object()) {
    for (const auto& [key, item] : *object) {
      if (key == "$ref" && item.is_string()) out.emplace_back(where, std::string(item.as_string()));
      collect_refs(item, where + "/" + std::string(key), out);
    }
  } else if (const auto* array = v.if_array()) {
    for (std::size_t i = 0; i < array->size(); ++i) {
      collect_refs((*array)[i], where + "/" + std::to_string(i), out);
    }
  }
}

TEST_F(OpenApiTest, EveryReferenceResolvesAndEveryPathParameterIsDeclared) {
  json::object doc = document();
  std::vector<std::pair<std::string, std::string>> refs;
  collect_refs(doc, "", refs);
  EXPECT_FALSE(refs.empty());
  for (const auto& [where, ref] : refs) {
    EXPECT_NE(resolve(doc, ref), nullptr) << ref << " at " << where;
  }
  std::regex template_name(R"(\{([a-z_]+)\})");
  for (const auto& [path, item] : doc.at("paths").as_object()) {
    std::string text(path);
    for (const auto& [method, operation] : item.as_object()) {
      const auto& op = operation.as_object();
      EXPECT_FALSE(op.at("responses").as_object().empty()) << method << " " << text;
      std::set<std::string> declared;
      if (const auto* params = op.if_contains("parameters")) {
        for (const auto& param : params->as_array()) {
          const json::value* p = &param;
          if (const auto* ref = param.as_object().if_contains("$ref")) {
            p = resolve(doc, ref->as_string());
            ASSERT_NE(p, nullptr);
          }
          if (p->at("in") == "path") declared.emplace(p->at("name").as_string());
        }
      }
      std::set<std::string> in_path;
      for (std::sregex_iterator m(text.begin(), text.end(), template_name), end; m != end; ++m) {
        in_path.emplace((*m)[1].str());
      }
      EXPECT_EQ(declared, in_path) << method << " " << text;
    }
  }
}

// The /api/v1 routes of the one route list `embargo serve` runs, read back from the Router,
// against the document's paths.
TEST_F(OpenApiTest, DocumentsExactlyTheRoutersApiRoutes) {
  auto store = server_->open_store();
  auto box = auth::SecretBox::from_key_file(server_->data() / "instance.key");
  http::Router router =
      http::site_routes(*store, box, http::make_site("http://127.0.0.1"), http::SiteOptions{});
  std::set<Route> routed;
  for (const auto& [verb, pattern] : router.routes()) {
    if (pattern.starts_with("/api/v1/")) {
      routed.emplace(lower(std::string(bh::to_string(verb))), pattern);
    }
  }
  EXPECT_EQ(documented(document()), routed);
  EXPECT_GE(routed.size(), 7u);  // cvss, cwe, programs, program, reports, track, openapi.json
}

// What the document declares, the running server answers: every documented operation reaches
// a handler (neither the router's 404 nor a 405), with its path parameters filled with real
// values.
TEST_F(OpenApiTest, TheServerAnswersEveryDocumentedOperation) {
  Response created = request(bh::verb::post, "/api/v1/programs/company/reports", "{}");
  ASSERT_EQ(created.result(), bh::status::unprocessable_entity) << created.body();
  std::string submission = R"({"vulnerability_type":"XSS","affected_component":"/search",
    "requirements":"none","steps_to_reproduce":"1.","impact":"cookie theft","consent":true})";
  created = request(bh::verb::post, "/api/v1/programs/company/reports", submission);
  ASSERT_EQ(created.result(), bh::status::created) << created.body();
  // A report with a file, written into the store directly (the API takes files later), so that
  // the file route has one to serve.
  Submission with_file = formats::submission_from_json(submission, "company");
  Upload file = describe_upload("poc.txt", "text/plain", "<script>alert(1)</script>");
  with_file.attachments = {file.info};
  std::string token;
  std::string report;
  std::map<Route, std::string> advisory_ids;
  std::string advisory_report;
  std::string verification_report;
  std::string verification_token;
  {
    auto store = server_->open_store();
    auto created_with_file = store->create_report(with_file, "cli", {file});
    token = created_with_file.tracking_token;
    report = created_with_file.report.id;
    // The triage routes answer an admin's API token.
    auto admin = store->accounts().find_user("admin@embargo.localhost");
    ASSERT_TRUE(admin);
    bearer_ =
        store->accounts().create_token(admin->key, "openapi", TokenScope::admin, "", "cli").secret;
    // Advisories of a report of their own (publishing one discloses it) in the states each
    // advisory route acts on: a published one (read, export, withdraw), a draft (edit, review,
    // schedule) and a draft to publish.
    std::string fixed =
        store->create_report(formats::submission_from_json(submission, "company"), "cli").report.id;
    for (State to : {State::acknowledged, State::accepted}) {
      Transition t;
      t.from = to == State::acknowledged ? State::new_report : State::acknowledged;
      t.to = to;
      t.actor_name = "cli";
      store->transition_report(fixed, t);
    }
    AdvisoryDraft draft;
    draft.credits = {{CreditRole::tool, "", "a fuzzer"}};
    auto& advisories = store->advisories();
    advisory_report = fixed;
    // A PySpector report being fixed: the team asks to verify it, its reporter answers.
    Submission verifiable;
    verifiable.program = "pyspector";
    verifiable.channel = "form";
    verifiable.consented = true;
    for (auto [field, value] :
         {std::pair{ReportField::reporter_name, "N/A"},
          std::pair{ReportField::reporter_email, "finder@example.net"},
          std::pair{ReportField::title, "Scan reports are world-readable"},
          std::pair{ReportField::affected_versions, "v0.1.3-beta"},
          std::pair{ReportField::severity, "medium"},
          std::pair{ReportField::description, "The report file is written with mode 0644."},
          std::pair{ReportField::impact, "Other users read the findings."},
          std::pair{ReportField::steps_to_reproduce, "1. Scan. 2. ls -l the report."}}) {
      verifiable.fields[field] = value;
    }
    auto created_verifiable = store->create_report(verifiable, "cli");
    verification_report = created_verifiable.report.id;
    verification_token = created_verifiable.tracking_token;
    for (auto [from, to] : {std::pair{State::new_report, State::acknowledged},
                            std::pair{State::acknowledged, State::accepted},
                            std::pair{State::accepted, State::fixing}}) {
      Transition t;
      t.from = from;
      t.to = to;
      t.actor_name = "cli";
      store->transition_report(verification_report, t);
    }
    // An account an admin's script offboards.
    store->accounts().add_user("leaving@example.org", "$argon2id$leaving", false, "cli");
    std::string published = advisories.create_advisory({"company", {fixed}, draft}, "cli").id;
    advisories.publish_advisory(published, "cli", system_time().now());
    std::string edited = advisories.create_advisory({"company", {fixed}, draft}, "cli").id;
    std::string to_publish = advisories.create_advisory({"company", {fixed}, draft}, "cli").id;
    advisory_ids = {{{"get", "/api/v1/advisories/{id}"}, published},
                    {{"get", "/api/v1/advisories/{id}/export"}, published},
                    {{"post", "/api/v1/advisories/{id}/withdraw"}, published},
                    {{"put", "/api/v1/advisories/{id}"}, edited},
                    {{"post", "/api/v1/advisories/{id}/review"}, edited},
                    {{"post", "/api/v1/advisories/{id}/schedule"}, edited},
                    {{"post", "/api/v1/advisories/{id}/publish"}, to_publish}};
  }
  // Each write's body; the set of routes is ordered, so the reply comes before the withdrawal.
  const std::map<std::string, std::string> bodies = {
      {"/api/v1/programs/{slug}/reports", submission},
      {"/api/v1/track/{token}/messages", R"({"body":"Any news?"})"},
      {"/api/v1/track/{token}/credit", R"({"kind":"handle","text":"@finder"})"},
      {"/api/v1/track/{token}/withdraw", "{}"},
      {"/api/v1/reports/{id}", R"({"labels":["documented"]})"},
      {"/api/v1/reports/{id}/transitions", R"({"to":"acknowledged"})"},
      {"/api/v1/reports/{id}/messages", R"({"body":"Seen.","visibility":"internal"})"},
      {"/api/v1/programs/{slug}/advisories", R"({"reports":[")" + advisory_report + R"("]})"},
      {"/api/v1/advisories/{id}",
       R"({"summary":"Documented","credits":[{"role":"tool","name":"x"}]})"},
      {"/api/v1/advisories/{id}/review", R"({"in_review":true})"},
      {"/api/v1/advisories/{id}/schedule", R"({"publish_at":"2099-01-01T09:00:00Z"})"},
      {"/api/v1/advisories/{id}/withdraw", R"({"reason":"Documented withdrawal"})"},
      {"/api/v1/reports/{id}/expected-fix",
       R"({"fix_on":"2099-01-15","evaluation":"Confirmed: a fix is on its way."})"},
      {"/api/v1/reports/{id}/verification", R"({"fixed_in":"1.2.4","body":"Please try 1.2.4."})"},
      {"/api/v1/track/{token}/verification", R"({"fixed":true})"}};

  for (const auto& [method, path] : documented(document())) {
    std::string target = std::regex_replace(path, std::regex(R"(\{slug\})"), "company");
    bool verifying = path.ends_with("/verification") || path.ends_with("/expected-fix");
    target = std::regex_replace(target, std::regex(R"(\{token\})"),
                                verifying ? verification_token : token);
    bool triage = path.starts_with("/api/v1/reports/");
    auto advisory = advisory_ids.find({method, path});
    std::string id = advisory != advisory_ids.end() ? advisory->second
                     : verifying                    ? verification_report
                     : triage                       ? report
                                                    : "1";
    target = std::regex_replace(target, std::regex(R"(\{id\})"), id);
    target = std::regex_replace(target, std::regex(R"(\{file\})"), "1");
    target = std::regex_replace(target, std::regex(R"(\{email\})"), "leaving@example.org");
    target = std::regex_replace(target, std::regex(R"(\{action\})"), "sign-out");
    ASSERT_EQ(target.find('{'), std::string::npos)
        << "a path parameter the test does not fill: " << path;
    if (path == "/api/v1/cvss") target += "?vector=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
    if (path == "/api/v1/cwe") target += "?q=79";
    std::string upper = method;
    for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    bh::verb verb = bh::string_to_verb(upper);
    auto sent = bodies.find(path);
    Response r = request(verb, target, sent == bodies.end() ? "" : sent->second);
    EXPECT_NE(r.result(), bh::status::method_not_allowed) << method << " " << target;
    EXPECT_LT(r.result_int(), 300) << method << " " << target << ": " << r.body();
  }
}

}  // namespace
}  // namespace embargo
