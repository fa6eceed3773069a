// CVSS 4.0 against the reference calculator's results: every base vector, random vectors with
// threat, environmental and supplemental metrics, the rounding ties, and Red Hat's vectors.
#include "scoring/cvss4.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "cvss_reference.h"
#include "data_file.h"

namespace embargo::scoring {
namespace {

using testing::read_data_lines;
using testing::split_tabs;

using testing::tenths_of;

int score_of(const std::string& vector) {
  Cvss4Vector parsed;
  CvssError error;
  if (!parse_cvss4(vector, &parsed, &error)) {
    ADD_FAILURE() << vector << ": " << describe(error);
    return -1;
  }
  return score_cvss4(parsed);
}

// Compares every row of a TSV file (vector, expected score in column `column`).
void expect_tsv_scores(const std::string& file, std::size_t column, std::size_t expected_rows) {
  auto lines = read_data_lines(file);
  ASSERT_EQ(lines.size(), expected_rows + 1) << file;
  int wrong = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto fields = split_tabs(lines[i]);
    int expected = tenths_of(fields.at(column));
    int got = score_of(fields[0]);
    if (got != expected && ++wrong <= 10) {
      ADD_FAILURE() << fields[0] << ": expected " << expected << " tenths, got " << got;
    }
  }
  EXPECT_EQ(wrong, 0) << file;
}

TEST(Cvss4, EveryBaseVectorScoresAsTheReferenceCalculator) {
  expect_tsv_scores("cvss/generated/cvss40_base_all.tsv.gz", 1, 104976);
}

TEST(Cvss4, RandomVectorsWithThreatEnvironmentalAndSupplementalMetrics) {
  expect_tsv_scores("cvss/generated/cvss40_random_bte_s.tsv.gz", 1, 10000);
}

// Where float subtraction lands one ULP below a tie, upstream adds 1e-6 before rounding.
TEST(Cvss4, RoundingTiesFollowTheUpstreamEpsilon) {
  expect_tsv_scores("cvss/generated/cvss40_rounding_ties.tsv.gz", 1, 614);
  auto lines = read_data_lines("cvss/generated/cvss40_rounding_ties.tsv.gz");
  ASSERT_GT(lines.size(), 1u);
  auto fields = split_tabs(lines[1]);
  EXPECT_EQ(tenths_of(fields[1]), tenths_of(fields[2]) + 1) << "the file compares both roundings";
  EXPECT_EQ(score_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:P/VC:H/VI:L/VA:N/SC:H/SI:H/SA:H"), 86);
}

// Red Hat's 4.0 files: "VECTOR - SCORE" or "VECTOR - (SCORE,)".
void expect_redhat_scores(const std::string& file, std::size_t expected_rows) {
  auto lines = read_data_lines(file);
  ASSERT_EQ(lines.size(), expected_rows) << file;
  for (const auto& line : lines) {
    testing::RedHatVector expected = testing::parse_red_hat_line(line);
    ASSERT_EQ(expected.tenths.size(), 1u) << line;
    EXPECT_EQ(score_of(expected.vector), expected.tenths[0]) << line;
  }
}

TEST(Cvss4, RedHatVectors) {
  expect_redhat_scores("cvss/redhat-vectors/vectors_simple4.txt.gz", 1058);
  expect_redhat_scores("cvss/redhat-vectors/vectors_supplemental4.txt.gz", 576);
  expect_redhat_scores("cvss/redhat-vectors/vectors_security4.txt", 54);
  expect_redhat_scores("cvss/redhat-vectors/vectors_threat4.txt", 6);
}

// The specification's own example (section 8 examples; FIRST calculator): CVSS-B 9.3 for the
// all-network, no-interaction, high-impact-on-the-vulnerable-system vector.
TEST(Cvss4, SpecificationExamples) {
  EXPECT_EQ(score_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"), 93);
  EXPECT_EQ(score_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H"), 100);
  // No impact anywhere is 0.0, also when modified metrics remove the impact.
  EXPECT_EQ(score_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N"), 0);
  EXPECT_EQ(score_of("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:N/VA:N/SC:N/SI:N/SA:N/MVC:N"), 0);
}

// E:X is E:A and CR/IR/AR:X are H: writing them changes nothing.
TEST(Cvss4, NotDefinedMeansTheWorstCase) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N";
  EXPECT_EQ(score_of(base + "/E:X/CR:X/IR:X/AR:X"), score_of(base));
  EXPECT_EQ(score_of(base + "/E:A/CR:H/IR:H/AR:H"), score_of(base));
  EXPECT_LT(score_of(base + "/E:U"), score_of(base));
}

TEST(Cvss4, Nomenclature) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  auto nomenclature = [](const std::string& v) {
    Cvss4Vector parsed;
    CvssError error;
    EXPECT_TRUE(parse_cvss4(v, &parsed, &error)) << describe(error);
    return std::string(cvss4_nomenclature(parsed));
  };
  EXPECT_EQ(nomenclature(base), "CVSS-B");
  EXPECT_EQ(nomenclature(base + "/E:P"), "CVSS-BT");
  EXPECT_EQ(nomenclature(base + "/MAV:L"), "CVSS-BE");
  EXPECT_EQ(nomenclature(base + "/E:U/CR:L"), "CVSS-BTE");
  // Not Defined values and supplemental metrics do not change which groups the score reflects.
  EXPECT_EQ(nomenclature(base + "/E:X/CR:X/S:P/U:Red"), "CVSS-B");
}

TEST(Cvss4, BaseOnlyGivesTheCvssBScore) {
  Cvss4Vector parsed;
  CvssError error;
  ASSERT_TRUE(
      parse_cvss4("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:U/MAV:P/U:Red",
                  &parsed, &error));
  EXPECT_EQ(score_cvss4(base_only(parsed)), 93);
  EXPECT_EQ(to_string(base_only(parsed)),
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N");
}

TEST(Cvss4, NormalisesOrderAndDropsNotDefined) {
  Cvss4Vector parsed;
  CvssError error;
  ASSERT_TRUE(
      parse_cvss4("CVSS:4.0/U:Red/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/CR:X/E:P",
                  &parsed, &error));
  EXPECT_TRUE(parsed.metrics.reordered);
  EXPECT_EQ(to_string(parsed),
            "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:P/U:Red");
  ASSERT_TRUE(parse_cvss4("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
                          &parsed, &error));
  EXPECT_FALSE(parsed.metrics.reordered);
}

// Each malformed vector is refused with the position (0-based) and a message naming the fault.
struct Malformed {
  std::string vector;
  std::size_t position;
  std::string message_part;
};

TEST(Cvss4, MalformedVectorsAreRefusedPrecisely) {
  const std::string base = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";
  const Malformed cases[] = {
      {"", 0, "empty vector"},
      {"AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 0, "prefix \"CVSS:4.0/\""},
      {"cvss:4.0/AV:N", 0, "prefix"},
      {base + "/AV:L", base.size() + 1, "metric AV appears twice (first at character 10)"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", 58,
       "mandatory metric SA is missing"},
      {base + "/XX:Y", base.size() + 1, "unknown metric \"XX\""},
      {base + "/E:Q", base.size() + 3, "E does not take the value \"Q\" (allowed: X, A, P, U)"},
      {"CVSS:4.0/AV:Q/AC:L", 12, "AV does not take the value \"Q\" (allowed: N, A, L, P)"},
      {base + "/", base.size() + 1, "ends with \"/\""},
      {base + " junk", base.size() - 1, "SA does not take the value \"N junk\""},
      {"CVSS:4.0/AV:N//AC:L", 14, "empty metric"},
      {"CVSS:4.0/AVN/AC:L", 9, "expected METRIC:VALUE, found \"AVN\""},
      {"CVSS:4.0/av:n", 9, "unknown metric \"av\""},
      {base + "/SI:S", base.size() + 1, "metric SI appears twice"},
      {"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", 57,
       "SI does not take the value \"S\""},
  };
  for (const auto& c : cases) {
    Cvss4Vector parsed;
    CvssError error;
    EXPECT_FALSE(parse_cvss4(c.vector, &parsed, &error)) << c.vector;
    EXPECT_EQ(error.position, c.position) << c.vector << ": " << error.message;
    EXPECT_NE(error.message.find(c.message_part), std::string::npos)
        << c.vector << ": " << error.message;
  }
}

TEST(Cvss4, ErrorsQuoteControlCharactersAndCutLongValues) {
  Cvss4Vector parsed;
  CvssError error;
  EXPECT_FALSE(parse_cvss4("CVSS:4.0/AV:\x01", &parsed, &error));
  EXPECT_NE(error.message.find("\"\\x01\""), std::string::npos) << error.message;
  EXPECT_FALSE(parse_cvss4("CVSS:4.0/AV:" + std::string(1000, 'N'), &parsed, &error));
  EXPECT_LT(error.message.size(), 120u) << error.message;
  EXPECT_EQ(describe({12, "x"}), "at character 13: x");
}

}  // namespace
}  // namespace embargo::scoring
