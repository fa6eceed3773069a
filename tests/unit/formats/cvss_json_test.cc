#include "formats/cvss_json.h"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <regex>

namespace embargo::formats {
namespace {

using scoring::CvssAssessment;
using scoring::CvssError;
using scoring::CvssRating;
using scoring::CvssVersion;

// vectors_simple4.txt: "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L - (9.2,)".
// The assessment is written out by hand, so the test checks only the JSON shape.
CvssAssessment critical_4_0() {
  CvssAssessment a;
  a.version = CvssVersion::k4_0;
  a.score_tenths = 92;
  a.rating = CvssRating::kCritical;
  a.nomenclature = "CVSS-B";
  a.normalized = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L";
  a.base_tenths = 92;
  return a;
}

TEST(CvssJson, AssessmentHasTheDocumentedShapeOnOneLine) {
  CvssAssessment a = critical_4_0();
  a.warnings = {"AC is out of order"};
  std::string input = "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L";
  EXPECT_EQ(cvss_to_json(input, a),
            R"({"vector":"CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L",)"
            R"("version":"4.0","score":9.2,"rating":"Critical","nomenclature":"CVSS-B",)"
            R"("normalized":"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:H/VA:L/SC:N/SI:H/SA:L",)"
            R"("base_score":9.2,"warnings":["AC is out of order"]})");
}

// cvss31_random.tsv row 1: base 8.0, temporal 8.0, environmental 8.4.
TEST(CvssJson, TemporalAndEnvironmentalScoresAppearOnlyWhenPresent) {
  CvssAssessment a;
  a.version = CvssVersion::k3_1;
  a.score_tenths = 84;
  a.rating = CvssRating::kHigh;
  a.nomenclature = "Environmental";
  a.normalized = "CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:N/I:H/A:H/RL:U/IR:L/AR:H/MC:L/MI:H/MA:H";
  a.base_tenths = 80;
  a.temporal_tenths = 80;
  a.environmental_tenths = 84;
  auto both = boost::json::parse(cvss_to_json("v", a)).as_object();
  EXPECT_EQ(both.at("version"), "3.1");
  EXPECT_EQ(both.at("score").as_double(), 8.4);
  EXPECT_EQ(both.at("base_score").as_double(), 8.0);
  EXPECT_EQ(both.at("temporal_score").as_double(), 8.0);
  EXPECT_EQ(both.at("environmental_score").as_double(), 8.4);

  a.environmental_tenths.reset();
  a.temporal_tenths.reset();
  auto base_only = boost::json::parse(cvss_to_json("v", a)).as_object();
  EXPECT_FALSE(base_only.contains("temporal_score"));
  EXPECT_FALSE(base_only.contains("environmental_score"));
  EXPECT_TRUE(base_only.at("warnings").as_array().empty());
}

// A score is printed as a decimal with one digit after the point (never 8.7E0, as Boost.JSON
// prints doubles, nor 8.700000000000001), and reads back as the double nearest to tenths / 10.
TEST(CvssJson, ScoresAreDecimalsWithOneDigit) {
  for (const auto& [tenths, text] : std::vector<std::pair<int, std::string>>{{0, "0.0"},
                                                                             {1, "0.1"},
                                                                             {9, "0.9"},
                                                                             {10, "1.0"},
                                                                             {69, "6.9"},
                                                                             {87, "8.7"},
                                                                             {99, "9.9"},
                                                                             {100, "10.0"}}) {
    CvssAssessment a = critical_4_0();
    a.score_tenths = tenths;
    EXPECT_NE(cvss_to_json("v", a).find(R"("score":)" + text + ","), std::string::npos) << text;
  }
  std::regex one_decimal(R"("score":(10|\d)\.\d,)");
  for (int tenths = 0; tenths <= 100; ++tenths) {
    CvssAssessment a = critical_4_0();
    a.score_tenths = tenths;
    a.base_tenths = tenths;
    std::string json = cvss_to_json("v", a);
    EXPECT_TRUE(std::regex_search(json, one_decimal)) << json;
    auto parsed = boost::json::parse(json).as_object();
    EXPECT_EQ(parsed.at("score").as_double(), tenths / 10.0) << json;
    EXPECT_EQ(parsed.at("base_score").as_double(), tenths / 10.0) << json;
  }
}

TEST(CvssJson, ErrorNamesTheOneBasedPositionAndTheMessage) {
  CvssError error{20, R"(AV does not take the value "Q" (allowed: N, A, L, P))"};
  EXPECT_EQ(cvss_to_json("CVSS:4.0/AC:L/AT:N/AV:Q", error),
            R"({"vector":"CVSS:4.0/AC:L/AT:N/AV:Q","error":{"code":"invalid_vector","position":21,)"
            R"json("message":"at character 21: AV does not take the value \"Q\" )json"
            R"json((allowed: N, A, L, P)"}})json");
  std::variant<CvssAssessment, CvssError> result = error;
  EXPECT_EQ(cvss_to_json("CVSS:4.0/AC:L/AT:N/AV:Q", result),
            cvss_to_json("CVSS:4.0/AC:L/AT:N/AV:Q", error));
}

TEST(CvssJson, InputIsEscapedAndAlwaysValidJson) {
  CvssError error{0, "expected the prefix"};
  std::string tricky = "a\"b\\c\nd\x01";
  auto parsed = boost::json::parse(cvss_to_json(tricky, error)).as_object();
  EXPECT_EQ(parsed.at("vector").as_string(), tricky);

  std::string utf8 = "CVSS:4.0/AV:\xc3\xa9";  // é, valid UTF-8, kept as it is
  EXPECT_EQ(boost::json::parse(cvss_to_json(utf8, error)).at("vector").as_string(), utf8);

  std::string broken = "CVSS:4.0/AV:\xff\xc3";  // not UTF-8: shown as escapes
  EXPECT_EQ(boost::json::parse(cvss_to_json(broken, error)).at("vector").as_string(),
            "CVSS:4.0/AV:\\xff\\xc3");
}

TEST(CvssJson, Utf8OrEscapedKeepsValidTextAndEscapesTheRest) {
  EXPECT_EQ(utf8_or_escaped("plain"), "plain");
  EXPECT_EQ(utf8_or_escaped("\xe2\x82\xac"), "\xe2\x82\xac");  // €
  EXPECT_EQ(utf8_or_escaped("\xe2\x82"), "\\xe2\\x82");        // € cut short
  EXPECT_EQ(utf8_or_escaped("a\x80z"), "a\\x80z");
}

}  // namespace
}  // namespace embargo::formats
