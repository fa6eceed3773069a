// The one entry point the CLI, the API and the form use: version detection, which score is
// shown, warnings, and every kind of malformed vector the issue names, for each version.
#include "scoring/cvss.h"

#include <gtest/gtest.h>

#include <string>

namespace embargo::scoring {
namespace {

const CvssAssessment& accepted(const std::variant<CvssAssessment, CvssError>& result) {
  static const CvssAssessment none;
  if (const auto* e = std::get_if<CvssError>(&result)) {
    ADD_FAILURE() << describe(*e);
    return none;
  }
  return std::get<CvssAssessment>(result);
}

// Scores from the reference files in tests/data/cvss: vectors_threat4.txt (7.3),
// cvss31_random.tsv row 1 (8.0, 8.0, 8.4), vectors_calculator3.txt row 1 (3.8, 3.7, 3.7),
// vectors_cvsslib2.txt row 1 (5.0, 3.5, 1.2).
TEST(AssessCvss, DetectsTheVersionAndShowsTheMostSpecificScore) {
  auto v4 =
      accepted(assess_cvss("CVSS:4.0/AV:P/AC:H/AT:P/PR:H/UI:A/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/E:A"));
  EXPECT_EQ(v4.version, CvssVersion::k4_0);
  EXPECT_EQ(v4.score_tenths, 73);
  EXPECT_EQ(v4.nomenclature, "CVSS-BT");
  EXPECT_EQ(v4.rating, CvssRating::kHigh);

  auto v31 =
      accepted(assess_cvss("CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:C/C:N/I:H/A:H/RL:U/RC:X/IR:L/AR:H/MAC:X/"
                           "MS:X/MC:L/MI:H/MA:H"));
  EXPECT_EQ(v31.version, CvssVersion::k3_1);
  EXPECT_EQ(v31.score_tenths, 84);
  EXPECT_EQ(v31.nomenclature, "Environmental");
  EXPECT_EQ(v31.base_tenths, 80);
  EXPECT_EQ(v31.temporal_tenths, 80);
  EXPECT_EQ(v31.environmental_tenths, 84);

  auto v30 = accepted(assess_cvss("CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X"));
  EXPECT_EQ(v30.version, CvssVersion::k3_0);
  EXPECT_EQ(v30.score_tenths, 37);
  EXPECT_EQ(v30.nomenclature, "Temporal");
  EXPECT_FALSE(v30.environmental_tenths.has_value());
  EXPECT_EQ(v30.warnings.size(), 1u);
  EXPECT_EQ(v30.normalized, "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F");

  auto v2 =
      accepted(assess_cvss("AV:L/AC:M/Au:S/C:N/I:P/A:C/E:U/RL:OF/RC:UR/CDP:N/TD:L/CR:H/IR:H/AR:H"));
  EXPECT_EQ(v2.version, CvssVersion::k2_0);
  EXPECT_EQ(v2.score_tenths, 12);
  EXPECT_EQ(v2.base_tenths, 50);
  EXPECT_EQ(v2.rating, CvssRating::kLow);
}

// A 2.0 vector has no prefix, so any order of its metrics is still recognised.
TEST(AssessCvss, ReadsCvss2InAnyOrder) {
  auto v2 = accepted(assess_cvss("AC:L/AV:N/Au:N/C:C/I:C/A:C"));
  EXPECT_EQ(v2.version, CvssVersion::k2_0);
  EXPECT_EQ(v2.score_tenths, 100);  // the guide's maximum: every impact complete, network, no auth
  EXPECT_EQ(v2.normalized, "AV:N/AC:L/Au:N/C:C/I:C/A:C");
  EXPECT_EQ(v2.warnings.size(), 1u);
}

struct Refused {
  std::string vector;
  std::size_t position;
  std::string message_part;
};

TEST(AssessCvss, RefusesEachMalformedVectorPrecisely) {
  const std::string v4 = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  const std::string v31 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  const std::string v2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";
  const Refused cases[] = {
      // empty
      {"", 0, "empty vector"},
      // no prefix
      {v4.substr(9), 0, "a CVSS 4.0 vector needs the prefix \"CVSS:4.0/\""},
      {v31.substr(9), 0, "a CVSS 3.x vector needs the prefix"},
      {"hello", 0, "not a CVSS vector"},
      {"CVSS:4.0", 8, "expected \"/\" after \"CVSS:4.0\""},
      {"CVSS:3.1AV:N", 8, "expected \"/\" after \"CVSS:3.1\", found \"AV:N\""},
      {"CVSS:5.0/AV:N", 5, "unsupported CVSS version \"5.0\""},
      {"CVSS:\xff/AV:N", 5, "unsupported CVSS version \"\\xff\""},
      // a metric repeated
      {v4 + "/AV:L", v4.size() + 1, "metric AV appears twice"},
      {v31 + "/C:L", v31.size() + 1, "metric C appears twice"},
      {v2 + "/AV:L", v2.size() + 1, "metric AV appears twice"},
      // a mandatory metric missing
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", 58, "metric SA is missing"},
      {"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H", 40, "metric A is missing"},
      {"AV:N/AC:L/C:C/I:C/A:C", 21, "metric Au is missing"},
      // an unknown metric or value
      {v4 + "/XX:Y", v4.size() + 1, "unknown metric \"XX\" in a CVSS 4.0 vector"},
      {v31 + "/AT:N", v31.size() + 1, "unknown metric \"AT\" in a CVSS 3.1 vector"},
      {v2 + "/MAV:N", v2.size() + 1, "unknown metric \"MAV\" in a CVSS 2.0 vector"},
      {"CVSS:3.0/AV:Z", 12, "AV does not take the value \"Z\""},
      {"AV:N/AC:L/Au:X", 13, "Au does not take the value \"X\""},
      // a metric name that differs from a real one only by leading zero bytes
      {std::string("CVSS:4.0/\0AV:N", 14), 9, "unknown metric \"\\x00AV\""},
      {std::string("AV:N/\0\0E:U", 10), 5, "unknown metric \"\\x00\\x00E\""},
      // trailing junk
      {v4 + "/", v4.size() + 1, "ends with \"/\""},
      {v31 + " x", v31.size() - 1, "A does not take the value \"H x\""},
      {v2 + "\n", v2.size() - 1, "A does not take the value \"P\\x0a\""},
  };
  for (const auto& c : cases) {
    auto result = assess_cvss(c.vector);
    const auto* error = std::get_if<CvssError>(&result);
    ASSERT_NE(error, nullptr) << c.vector;
    EXPECT_EQ(error->position, c.position) << c.vector << ": " << error->message;
    EXPECT_NE(error->message.find(c.message_part), std::string::npos)
        << c.vector << ": " << error->message;
  }
}

}  // namespace
}  // namespace embargo::scoring
