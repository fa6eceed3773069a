#include <gtest/gtest.h>

#include <boost/beast/http.hpp>
#include <boost/json/parse.hpp>
#include <cstdio>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "data_file.h"
#include "test_server.h"

namespace embargo {
namespace {

namespace bh = boost::beast::http;
using namespace std::chrono_literals;
using Response = bh::response<bh::string_body>;

// One `embargo serve` on a fresh data directory for all the tests of this file: the endpoints
// are pure functions of the query, so the tests cannot disturb each other.
class ScoringApiTest : public ::testing::Test {
 protected:
  static void start_server() {
    server_ = std::make_unique<testing::TestServer>("scoring-api", std::vector<std::string>{});
  }
  void TearDown() override { server_.reset(); }
  void SetUp() override {
    start_server();
    ASSERT_FALSE(HasFatalFailure());
    ASSERT_TRUE(server_ && server_->port() != 0) << "the server did not say where it listens";
  }

  // Sends a request with no cookie and no Authorization header, as the public form does.
  static Response request(const std::string& target, bh::verb method = bh::verb::get) {
    return server_->send(testing::HttpRequest{method, target, 11});
  }

  static boost::json::object body(const Response& r) {
    return boost::json::parse(r.body()).as_object();
  }

  static std::string error_code(const Response& r) {
    return std::string(body(r).at("error").at("code").as_string());
  }

  static inline std::unique_ptr<testing::TestServer> server_;
};

// "VECTOR - SCORE" lines of the Red Hat reference files.
std::vector<std::pair<std::string, double>> redhat_scores(const std::string& file) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& line : testing::read_data_lines(file)) {
    auto dash = line.find(" - ");
    if (dash != std::string::npos)
      out.emplace_back(line.substr(0, dash), std::stod(line.substr(dash + 3)));
  }
  return out;
}

TEST_F(ScoringApiTest, Cvss40ScoresAreTheReferenceScores) {
  auto cases = redhat_scores("cvss/redhat-vectors/vectors_threat4.txt");
  auto security = redhat_scores("cvss/redhat-vectors/vectors_security4.txt");
  cases.insert(cases.end(), security.begin(), security.end());
  ASSERT_EQ(cases.size(), 60u);
  for (const auto& [vector, score] : cases) {
    Response r = request("/api/v1/cvss?vector=" + vector);
    ASSERT_EQ(r.result(), bh::status::ok) << vector << "\n" << r.body();
    auto json = body(r);
    EXPECT_EQ(json.at("vector"), vector.c_str());
    EXPECT_EQ(json.at("version"), "4.0");
    EXPECT_EQ(json.at("score").as_double(), score) << vector;
    EXPECT_EQ(json.at("normalized"), vector.c_str());  // these files list metrics in order
    EXPECT_EQ(r[bh::field::content_type], "application/json");
    EXPECT_EQ(r[bh::field::cache_control], "public, max-age=3600");
  }
  // vectors_threat4.txt line 2: E:A on the highest physical vector, 7.3 (High, CVSS-BT).
  auto json = body(request("/api/v1/cvss?vector=" + cases[1].first));
  EXPECT_EQ(json.at("rating"), "High");
  EXPECT_EQ(json.at("nomenclature"), "CVSS-BT");
  EXPECT_TRUE(json.at("warnings").as_array().empty());
}

TEST_F(ScoringApiTest, Cvss31ScoresAreTheReferenceScores) {
  // vectors_simple31.txt line 82: (base, temporal, environmental) = (8.8, 8.8, 8.8).
  auto base = body(request("/api/v1/cvss?vector=CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:H"));
  EXPECT_EQ(base.at("version"), "3.1");
  EXPECT_EQ(base.at("score").as_double(), 8.8);
  EXPECT_EQ(base.at("base_score").as_double(), 8.8);
  EXPECT_EQ(base.at("rating"), "High");
  EXPECT_EQ(base.at("nomenclature"), "Base");
  EXPECT_FALSE(base.contains("temporal_score"));
  EXPECT_FALSE(base.contains("environmental_score"));

  // cvss31_random.tsv rows 1 and 2 define temporal and environmental metrics, so the score is
  // the environmental one.
  auto rows = testing::read_data_lines("cvss/generated/cvss31_random.tsv.gz");
  ASSERT_GE(rows.size(), 3u);
  for (std::size_t i = 1; i <= 2; ++i) {
    auto cells = testing::split_tabs(rows[i]);
    Response r = request("/api/v1/cvss?vector=" + cells[0]);
    ASSERT_EQ(r.result(), bh::status::ok) << r.body();
    auto json = body(r);
    EXPECT_EQ(json.at("nomenclature"), "Environmental");
    EXPECT_EQ(json.at("base_score").as_double(), std::stod(cells[1])) << cells[0];
    EXPECT_EQ(json.at("temporal_score").as_double(), std::stod(cells[2])) << cells[0];
    EXPECT_EQ(json.at("environmental_score").as_double(), std::stod(cells[3])) << cells[0];
    EXPECT_EQ(json.at("score").as_double(), std::stod(cells[3])) << cells[0];
  }
}

// The API answers with exactly the object `embargo cvss --json` prints, byte for byte.
// What `embargo cvss --json VECTOR` prints, and its exit status.
std::pair<std::string, int> cli_json(const std::string& vector) {
  FILE* cli = ::popen(
      (std::string(EMBARGO_BINARY) + " cvss --json '" + vector + "' 2>/dev/null").c_str(), "r");
  if (cli == nullptr) return {"", -1};
  std::string printed;
  char chunk[4096];
  while (std::size_t n = std::fread(chunk, 1, sizeof chunk, cli)) printed.append(chunk, n);
  return {printed, ::pclose(cli)};
}

TEST_F(ScoringApiTest, AnswerIsTheCliJson) {
  // vectors_calculator3.txt line 1, whose S:U comes first: accepted with a warning.
  std::string vector = "CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X";
  auto [printed, status] = cli_json(vector);
  EXPECT_EQ(status, 0);
  Response r = request("/api/v1/cvss?vector=" + vector);
  EXPECT_EQ(r.body() + "\n", printed);
  auto json = body(r);
  EXPECT_EQ(json.at("score").as_double(), 3.7);  // (3.8, 3.7, 3.7): the temporal score
  EXPECT_EQ(json.at("nomenclature"), "Temporal");
  EXPECT_FALSE(json.at("warnings").as_array().empty());
  EXPECT_TRUE(json.at("normalized").as_string().starts_with("CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/"));
}

TEST_F(ScoringApiTest, RefusalIsTheCliJsonToo) {
  auto [printed, status] = cli_json("CVSS:4.0/AV:Q");
  EXPECT_NE(status, 0);
  Response r = request("/api/v1/cvss?vector=CVSS:4.0/AV:Q");
  EXPECT_EQ(r.result(), bh::status::bad_request);
  EXPECT_EQ(r.body() + "\n", printed);
  EXPECT_EQ(body(r).at("error").at("code"), "invalid_vector");
}

TEST_F(ScoringApiTest, PercentEncodedVectorIsDecoded) {
  std::string plain = "CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:P";
  std::string encoded =
      "CVSS%3A4.0%2FAV%3AP%2FAC%3AH%2FAT%3AP%2FPR%3AH%2FUI%3AA%2FVC%3AH%2FVI%3AH%2FVA%3AH"
      "%2FSC%3AH%2FSI%3AH%2FSA%3AH%2FE%3AP";
  Response r = request("/api/v1/cvss?vector=" + encoded);
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  EXPECT_EQ(r.body(), request("/api/v1/cvss?vector=" + plain).body());
  EXPECT_EQ(body(r).at("score").as_double(), 5.9);  // vectors_threat4.txt line 4
}

TEST_F(ScoringApiTest, MissingRepeatedOrUnknownParametersAreRefused) {
  Response missing = request("/api/v1/cvss");
  EXPECT_EQ(missing.result(), bh::status::bad_request);
  EXPECT_EQ(error_code(missing), "missing_parameter");
  EXPECT_EQ(error_code(request("/api/v1/cvss?")), "missing_parameter");
  std::string v = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
  Response twice = request("/api/v1/cvss?vector=" + v + "&vector=" + v);
  EXPECT_EQ(twice.result(), bh::status::bad_request);
  EXPECT_EQ(error_code(twice), "repeated_parameter");
  Response unknown = request("/api/v1/cvss?vector=" + v + "&vectr=x");
  EXPECT_EQ(unknown.result(), bh::status::bad_request);
  EXPECT_EQ(error_code(unknown), "unknown_parameter");
  EXPECT_EQ(error_code(request("/api/v1/cwe?limit=3")), "missing_parameter");
  EXPECT_EQ(error_code(request("/api/v1/cwe?q=79&q=80")), "repeated_parameter");
}

TEST_F(ScoringApiTest, MalformedQueryStringIsA400) {
  for (std::string target : {"/api/v1/cvss?vector=%zz", "/api/v1/cvss?vector=CVSS:4.0%",
                             "/api/v1/cwe?q=%4", "/api/v1/cvss?vector=a{b}"}) {
    Response r = request(target);
    EXPECT_EQ(r.result(), bh::status::bad_request) << target;
    EXPECT_EQ(error_code(r), "malformed_query") << target;
  }
}

TEST_F(ScoringApiTest, InvalidVectorIsA400WithItsPosition) {
  // "CVSS:4.0/AV:Q": the value Q is the 13th character.
  Response r = request("/api/v1/cvss?vector=CVSS:4.0/AV:Q");
  EXPECT_EQ(r.result(), bh::status::bad_request);
  auto error = body(r).at("error").as_object();
  EXPECT_EQ(error.at("code"), "invalid_vector");
  EXPECT_EQ(error.at("position").as_int64(), 13);
  EXPECT_TRUE(error.at("message").as_string().starts_with("at character 13: AV ")) << r.body();
  EXPECT_EQ(r[bh::field::cache_control], "no-store");

  Response empty = request("/api/v1/cvss?vector=");
  EXPECT_EQ(empty.result(), bh::status::bad_request);
  EXPECT_EQ(body(empty).at("error").at("position").as_int64(), 1);

  // Bytes that are not UTF-8 still give a valid JSON answer.
  Response binary = request("/api/v1/cvss?vector=CVSS:4.0/AV:%FF%C3");
  EXPECT_EQ(binary.result(), bh::status::bad_request);
  EXPECT_EQ(error_code(binary), "invalid_vector");
}

// Expected names and attributes as tests/cli/cwe.sh reads them from the CWE 4.15 entries CSV.
TEST_F(ScoringApiTest, CweById) {
  Response r = request("/api/v1/cwe?q=CWE-79");
  ASSERT_EQ(r.result(), bh::status::ok) << r.body();
  auto json = body(r);
  auto results = json.at("results").as_array();
  ASSERT_EQ(results.size(), 1u);
  EXPECT_EQ(results[0].at("id"), "CWE-79");
  EXPECT_EQ(results[0].at("name"),
            "Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')");
  EXPECT_EQ(results[0].at("abstraction"), "Base");
  EXPECT_EQ(results[0].at("in_view_1003"), true);
  EXPECT_TRUE(json.at("warnings").as_array().empty());
  EXPECT_EQ(r[bh::field::cache_control], "public, max-age=3600");

  auto discouraged = body(request("/api/v1/cwe?q=20"));
  ASSERT_EQ(discouraged.at("warnings").as_array().size(), 1u);
  EXPECT_NE(discouraged.at("warnings").at(0).as_string().find("Discouraged"), std::string::npos);

  Response unknown = request("/api/v1/cwe?q=CWE-99999");
  EXPECT_EQ(unknown.result(), bh::status::not_found);
  EXPECT_EQ(error_code(unknown), "unknown_cwe");
  EXPECT_NE(body(unknown).at("error").at("message").as_string().find("CWE-99999"),
            std::string::npos);

  Response malformed = request("/api/v1/cwe?q=CWE-7x");
  EXPECT_EQ(malformed.result(), bh::status::bad_request);
  EXPECT_EQ(error_code(malformed), "invalid_cwe_id");
  EXPECT_NE(
      body(malformed).at("error").at("message").as_string().find("unexpected 'x' at character 6"),
      std::string::npos)
      << malformed.body();
}

TEST_F(ScoringApiTest, CweByWords) {
  for (std::string q : {"sql+injection", "sql%20injection", "SQL%20Injection"}) {
    Response r = request("/api/v1/cwe?q=" + q);
    ASSERT_EQ(r.result(), bh::status::ok) << q;
    auto json = body(r);
    EXPECT_FALSE(json.contains("warnings"));
    auto results = json.at("results").as_array();
    ASSERT_FALSE(results.empty()) << q;
    EXPECT_EQ(results[0].at("id"), "CWE-89") << q;
  }
  EXPECT_EQ(body(request("/api/v1/cwe?q=injection&limit=3")).at("results").as_array().size(), 3u);
  EXPECT_EQ(body(request("/api/v1/cwe?q=injection")).at("results").as_array().size(), 20u);
  EXPECT_TRUE(body(request("/api/v1/cwe?q=zzzzqqq")).at("results").as_array().empty());
  EXPECT_EQ(error_code(request("/api/v1/cwe?q=")), "invalid_parameter");
}

TEST_F(ScoringApiTest, LimitMustBeFrom1To200) {
  for (std::string limit : {"0", "201", "-1", "abc", "5x", "", "99999999999999999999"}) {
    Response r = request("/api/v1/cwe?q=injection&limit=" + limit);
    EXPECT_EQ(r.result(), bh::status::bad_request) << limit;
    EXPECT_EQ(error_code(r), "invalid_parameter") << limit;
  }
  EXPECT_EQ(request("/api/v1/cwe?q=injection&limit=1").result(), bh::status::ok);
  EXPECT_EQ(request("/api/v1/cwe?q=injection&limit=200").result(), bh::status::ok);
}

// Who is refused: nobody may be for reading (the public report form calls these without a
// session or token), but no other method is accepted, and every answer carries the security
// headers of docs/design.md.
TEST_F(ScoringApiTest, PublicWithoutCredentialsReadOnlyAndWithSecurityHeaders) {
  std::string cvss = "/api/v1/cvss?vector=CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N";
  std::string cwe = "/api/v1/cwe?q=79";
  for (const auto& target : {cvss, cwe, std::string("/api/v1/cvss?vector=x")}) {
    Response r = request(target);
    EXPECT_NE(r.result(), bh::status::unauthorized) << target;
    EXPECT_NE(r.result(), bh::status::forbidden) << target;
    EXPECT_EQ(r["X-Content-Type-Options"], "nosniff") << target;
    EXPECT_EQ(r["Referrer-Policy"], "no-referrer") << target;
    EXPECT_NE(std::string(r["Content-Security-Policy"]).find("frame-ancestors 'none'"),
              std::string::npos)
        << target;
    EXPECT_TRUE(r.find(bh::field::set_cookie) == r.end()) << target;
    for (bh::verb method : {bh::verb::post, bh::verb::put, bh::verb::delete_, bh::verb::patch}) {
      Response refused = request(target, method);
      EXPECT_EQ(refused.result(), bh::status::method_not_allowed) << target;
      EXPECT_EQ(refused[bh::field::allow], "GET, HEAD") << target;
      EXPECT_EQ(refused["X-Content-Type-Options"], "nosniff") << target;
    }
  }
  EXPECT_EQ(request(cvss).result(), bh::status::ok);
  EXPECT_EQ(request(cwe).result(), bh::status::ok);
  Response head = request(cvss, bh::verb::head);
  EXPECT_EQ(head.result(), bh::status::ok);
  EXPECT_TRUE(head.body().empty());
}

}  // namespace
}  // namespace embargo
