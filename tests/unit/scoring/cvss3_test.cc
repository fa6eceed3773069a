#include "scoring/cvss3.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cvss_reference.h"
#include "data_file.h"
#include "scoring/cvss3_roundup.h"
#include "scoring/cvss_decimal.h"

namespace embargo::scoring {
namespace {

using embargo::testing::read_data_lines;
using embargo::testing::split_tabs;

using testing::tenths_of;

Cvss3Vector parsed(const std::string& text) {
  Cvss3Vector vector;
  CvssError error;
  EXPECT_TRUE(parse_cvss3(text, &vector, &error)) << text << ": " << describe(error);
  return vector;
}

// Checks every line of a Red Hat 3.x file; returns how many vectors it checked.
int check_red_hat_file(const std::string& path) {
  int checked = 0;
  for (const std::string& line : read_data_lines(path)) {
    if (line.empty()) continue;
    testing::RedHatVector expected = testing::parse_red_hat_line(line);
    EXPECT_EQ(expected.tenths.size(), 3u) << line;
    if (expected.tenths.size() != 3) continue;
    Cvss3Scores scores = score_cvss3(parsed(expected.vector));
    EXPECT_EQ(scores.base_tenths, expected.tenths[0]) << line;
    EXPECT_EQ(scores.temporal_tenths, expected.tenths[1]) << line;
    EXPECT_EQ(scores.environmental_tenths, expected.tenths[2]) << line;
    ++checked;
  }
  return checked;
}

TEST(Cvss3RedHatVectors, Simple31) {
  EXPECT_EQ(check_red_hat_file("cvss/redhat-vectors/vectors_simple31.txt.gz"), 2592);
}

TEST(Cvss3RedHatVectors, Simple30) {
  EXPECT_EQ(check_red_hat_file("cvss/redhat-vectors/vectors_simple3.txt.gz"), 2592);
}

TEST(Cvss3RedHatVectors, Cvsslib30) {
  EXPECT_EQ(check_red_hat_file("cvss/redhat-vectors/vectors_cvsslib3.txt"), 29);
}

TEST(Cvss3RedHatVectors, Calculator31) {
  EXPECT_EQ(check_red_hat_file("cvss/redhat-vectors/vectors_calculator3.txt"), 2);
}

// Checks a generated "vector, base, temporal, environmental" table; returns the row count.
int check_generated_table(const std::string& path, CvssVersion version) {
  std::vector<std::string> lines = read_data_lines(path);
  EXPECT_FALSE(lines.empty());
  if (lines.empty()) return 0;
  EXPECT_EQ(lines[0], "vector\tbase\ttemporal\tenvironmental");
  int checked = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> row = split_tabs(lines[i]);
    EXPECT_EQ(row.size(), 4u) << lines[i];
    if (row.size() != 4) continue;
    Cvss3Vector vector = parsed(row[0]);
    EXPECT_EQ(vector.version, version) << row[0];
    Cvss3Scores scores = score_cvss3(vector);
    EXPECT_EQ(scores.base_tenths, tenths_of(row[1])) << row[0];
    EXPECT_EQ(scores.temporal_tenths, tenths_of(row[2])) << row[0];
    EXPECT_EQ(scores.environmental_tenths, tenths_of(row[3])) << row[0];
    ++checked;
  }
  return checked;
}

TEST(Cvss3GeneratedVectors, Random31) {
  EXPECT_EQ(check_generated_table("cvss/generated/cvss31_random.tsv.gz", CvssVersion::k3_1), 20000);
}

TEST(Cvss3GeneratedVectors, Random30) {
  EXPECT_EQ(check_generated_table("cvss/generated/cvss30_random.tsv.gz", CvssVersion::k3_0), 10000);
}

// 3.0 rounds up the exact decimal value; on these vectors a float ceiling gives 0.1 more.
TEST(Cvss3GeneratedVectors, FloatCeilingDifferences30) {
  std::vector<std::string> lines = read_data_lines("cvss/generated/cvss30_float_ceil_diffs.tsv");
  ASSERT_FALSE(lines.empty());
  EXPECT_EQ(lines[0],
            "vector\ttemporal_exact_decimal\tenvironmental_exact_decimal\ttemporal_float_ceil\t"
            "environmental_float_ceil");
  int checked = 0;
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::vector<std::string> row = split_tabs(lines[i]);
    ASSERT_EQ(row.size(), 5u) << lines[i];
    Cvss3Scores scores = score_cvss3(parsed(row[0]));
    EXPECT_EQ(scores.temporal_tenths, tenths_of(row[1])) << row[0];
    EXPECT_EQ(scores.environmental_tenths, tenths_of(row[2])) << row[0];
    ++checked;
  }
  EXPECT_EQ(checked, 30);
}

// The examples of the 3.1 specification (section 7.4 and Appendix A): Roundup(4.02) is 4.1,
// Roundup(4.00) is 4.0, and float noise just above a tenth does not round it up.
TEST(Cvss31Roundup, SpecificationExamples) {
  EXPECT_EQ(cvss31_roundup_tenths(4.02), 41);
  EXPECT_EQ(cvss31_roundup_tenths(4.00), 40);
  EXPECT_EQ(cvss31_roundup_tenths(4.000000000000001), 40);
  EXPECT_EQ(cvss31_roundup_tenths(4.00001), 41);
  EXPECT_EQ(cvss31_roundup_tenths(4.000004), 40);
}

// CVSS 3.0's "Round up": the smallest tenth >= the exact value.
TEST(Cvss30RoundUp, ExactCeiling) {
  EXPECT_EQ(ExactDecimal(402, 2).ceil_tenths(), 41);
  EXPECT_EQ(ExactDecimal(400, 2).ceil_tenths(), 40);
  EXPECT_EQ(ExactDecimal(4000000000000001, 15).ceil_tenths(), 41);
  EXPECT_EQ(ExactDecimal(7, 0).ceil_tenths(), 70);
}

// By hand, from section 7.1 and 7.3 of the 3.1 specification (the README's example):
// ISS = 1 - 0.44^3 = 0.914816; Impact = 7.52 x 0.885816 - 3.25 x 0.894816^15 = 6.0477;
// Exploitability = 8.22 x 0.85 x 0.77 x 0.85 x 0.62 = 2.8353; 1.08 x 8.8829 = 9.594 -> 9.6.
// All X: MISS = 0.914816 (under 0.915); M.Impact = 6.66134 - 3.25 x (0.914816 x 0.9731 -
// 0.02)^13 = 6.1280; 1.08 x 8.9632 = 9.680 -> 9.7. In 3.0 the same formula as the base: 9.6.
TEST(Cvss3Scores, EnvironmentalWithoutEnvironmentalMetrics) {
  Cvss3Scores v31 = score_cvss3(parsed("CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H"));
  EXPECT_EQ(v31.base_tenths, 96);
  EXPECT_EQ(v31.temporal_tenths, 96);
  EXPECT_EQ(v31.environmental_tenths, 97);
  EXPECT_FALSE(v31.has_temporal);
  EXPECT_FALSE(v31.has_environmental);
  Cvss3Scores v30 = score_cvss3(parsed("CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:H/I:H/A:H"));
  EXPECT_EQ(v30.base_tenths, 96);
  EXPECT_EQ(v30.environmental_tenths, 96);
}

// By hand: C:N/I:N/A:N gives ISS 0, so Impact 0 and every score 0 (section 7.1, "If Impact
// <= 0 then 0"), whatever the exploitability.
TEST(Cvss3Scores, NoImpactScoresZero) {
  Cvss3Scores scores = score_cvss3(parsed("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:N/I:N/A:N/E:H"));
  EXPECT_EQ(scores.base_tenths, 0);
  EXPECT_EQ(scores.temporal_tenths, 0);
  EXPECT_EQ(scores.environmental_tenths, 0);
  EXPECT_TRUE(scores.has_temporal);
}

TEST(Cvss3Parse, BothPrefixesSetTheVersion) {
  EXPECT_EQ(parsed("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").version, CvssVersion::k3_0);
  EXPECT_EQ(parsed("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H").version, CvssVersion::k3_1);
}

TEST(Cvss3Parse, DefinedMetricsAreReported) {
  Cvss3Scores x_only = score_cvss3(
      parsed("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/RL:X/RC:X/CR:X/MAV:X/MA:X"));
  EXPECT_FALSE(x_only.has_temporal);
  EXPECT_FALSE(x_only.has_environmental);
  Cvss3Scores defined =
      score_cvss3(parsed("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/RC:R/MA:L"));
  EXPECT_TRUE(defined.has_temporal);
  EXPECT_TRUE(defined.has_environmental);
}

// The out-of-order vector of vectors_calculator3.txt.
TEST(Cvss3Normalise, OutOfOrderVectorFormatsInSpecificationOrder) {
  Cvss3Vector vector = parsed("CVSS:3.0/S:U/AV:N/AC:L/PR:H/UI:N/C:L/I:L/A:N/E:F/RL:X");
  EXPECT_TRUE(vector.metrics.reordered);
  EXPECT_EQ(to_string(vector), "CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N/E:F");
  EXPECT_FALSE(parsed("CVSS:3.1/AV:N/AC:L/PR:H/UI:N/S:U/C:L/I:L/A:N").metrics.reordered);
}

TEST(Cvss3Normalise, NotDefinedValuesAreDropped) {
  Cvss3Vector vector =
      parsed("CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:H/E:X/RL:O/RC:X/CR:H/MAV:X/MS:U/MA:X");
  EXPECT_EQ(to_string(vector), "CVSS:3.1/AV:L/AC:H/PR:L/UI:R/S:C/C:L/I:N/A:H/RL:O/CR:H/MS:U");
}

struct Refused {
  std::size_t position;
  std::string message;
};

Refused refusal(const std::string& text) {
  Cvss3Vector vector;
  CvssError error;
  EXPECT_FALSE(parse_cvss3(text, &vector, &error)) << text;
  return {error.position, error.message};
}

constexpr const char* kBase = "AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";

TEST(Cvss3Refuse, EmptyText) {
  Refused r = refusal("");
  EXPECT_EQ(r.position, 0u);
  EXPECT_EQ(r.message, "empty vector: expected \"CVSS:3.1/\" or \"CVSS:3.0/\" followed by metrics");
}

TEST(Cvss3Refuse, NoPrefix) {
  Refused r = refusal(kBase);
  EXPECT_EQ(r.position, 0u);
  EXPECT_EQ(
      r.message,
      "expected the prefix \"CVSS:3.1/\" or \"CVSS:3.0/\", found \"AV:N/AC:L/PR:N/UI:N/S:U/...\"");
  EXPECT_EQ(refusal(std::string("cvss:3.1/") + kBase).position, 0u);
}

TEST(Cvss3Refuse, WrongVersion) {
  Refused r = refusal(std::string("CVSS:4.0/") + kBase);
  EXPECT_EQ(r.position, 5u);
  EXPECT_EQ(r.message,
            "expected the version \"3.1/\" or \"3.0/\" after \"CVSS:\", found "
            "\"4.0/AV:N/AC:L/PR:N/UI:N/...\"");
  EXPECT_EQ(refusal(std::string("CVSS:3.2/") + kBase).position, 5u);
  EXPECT_EQ(refusal(std::string("CVSS:3.1") + kBase).position, 5u);
}

TEST(Cvss3Refuse, RepeatedMetric) {
  Refused r = refusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:L");
  EXPECT_EQ(r.position, 45u);
  EXPECT_EQ(r.message, "metric AV appears twice (first at character 10)");
}

TEST(Cvss3Refuse, MandatoryMetricMissing) {
  const std::string text = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/E:H";
  Refused r = refusal(text);
  EXPECT_EQ(r.position, text.size());
  EXPECT_EQ(r.message, "mandatory metric A is missing");
}

TEST(Cvss3Refuse, UnknownMetric) {
  Refused r = refusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AT:N");
  EXPECT_EQ(r.position, 45u);
  EXPECT_EQ(r.message, "unknown metric \"AT\" in a CVSS 3.1 vector");
}

TEST(Cvss3Refuse, LowercaseMetric) {
  Refused r = refusal("CVSS:3.0/av:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H");
  EXPECT_EQ(r.position, 9u);
  EXPECT_EQ(r.message, "unknown metric \"av\" in a CVSS 3.0 vector");
}

TEST(Cvss3Refuse, UnknownValue) {
  Refused r = refusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/MPR:Q");
  EXPECT_EQ(r.position, 49u);
  EXPECT_EQ(r.message, "MPR does not take the value \"Q\" (allowed: X, N, L, H)");
}

TEST(Cvss3Refuse, TrailingSlash) {
  const std::string text = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/";
  Refused r = refusal(text);
  EXPECT_EQ(r.position, text.size());
  EXPECT_EQ(r.message, "the vector ends with \"/\" where a metric was expected");
}

TEST(Cvss3Refuse, TextAfterTheLastValue) {
  Refused r = refusal("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H junk");
  EXPECT_EQ(r.position, 43u);
  EXPECT_EQ(r.message, "A does not take the value \"H junk\" (allowed: H, L, N)");
}

TEST(Cvss3Refuse, DescribedForPeople) {
  Cvss3Vector vector;
  CvssError error;
  ASSERT_FALSE(parse_cvss3("CVSS:3.1/AV:N/AC:Z/PR:N/UI:N/S:U/C:H/I:H/A:H", &vector, &error));
  EXPECT_EQ(describe(error), "at character 18: AC does not take the value \"Z\" (allowed: L, H)");
}

TEST(Cvss3Scores, RefusesAVectorTheParserRejected) {
  Cvss3Vector vector;
  CvssError error;
  ASSERT_FALSE(parse_cvss3("CVSS:3.1/AV:N", &vector, &error));
  EXPECT_THROW(score_cvss3(vector), std::invalid_argument);
}

}  // namespace
}  // namespace embargo::scoring
