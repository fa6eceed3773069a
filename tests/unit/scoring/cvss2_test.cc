#include "scoring/cvss2.h"

#include <gtest/gtest.h>

#include <cmath>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "cvss_reference.h"
#include "data_file.h"
#include "scoring/cvss_decimal.h"

namespace embargo::scoring {
namespace {

using embargo::testing::read_data_lines;

Cvss2Vector parsed(const std::string& text) {
  Cvss2Vector vector;
  CvssError error;
  EXPECT_TRUE(parse_cvss2(text, &vector, &error)) << text << ": " << describe(error);
  return vector;
}

// Checks every line of a Red Hat 2.0 file; returns how many vectors it checked.
int check_red_hat_file(const std::string& path) {
  int checked = 0;
  for (const std::string& line : read_data_lines(path)) {
    if (line.empty()) continue;
    testing::RedHatVector expected = testing::parse_red_hat_line(line);
    EXPECT_EQ(expected.tenths.size(), 3u) << line;
    if (expected.tenths.size() != 3) continue;
    Cvss2Scores scores = score_cvss2(parsed(expected.vector));
    EXPECT_EQ(scores.base_tenths, expected.tenths[0]) << line;
    EXPECT_EQ(scores.has_temporal, expected.tenths[1].has_value()) << line;
    if (expected.tenths[1]) {
      EXPECT_EQ(scores.temporal_tenths, *expected.tenths[1]) << line;
    }
    EXPECT_EQ(scores.has_environmental, expected.tenths[2].has_value()) << line;
    if (expected.tenths[2]) {
      EXPECT_EQ(scores.environmental_tenths, *expected.tenths[2]) << line;
    }
    ++checked;
  }
  return checked;
}

TEST(Cvss2RedHatVectors, Simple) {
  EXPECT_EQ(check_red_hat_file("cvss/redhat-vectors/vectors_simple2.txt.gz"), 729);
}

TEST(Cvss2RedHatVectors, Cvsslib) {
  EXPECT_EQ(check_red_hat_file("cvss/redhat-vectors/vectors_cvsslib2.txt"), 24);
}

TEST(Cvss2RedHatVectors, Calculator) {
  EXPECT_EQ(check_red_hat_file("cvss/redhat-vectors/vectors_calculator2.txt"), 5);
}

// "round_to_1_decimal" is half up on the exact value; a tie goes away from zero.
TEST(Cvss2Rounding, HalfUpOnTheExactValue) {
  EXPECT_EQ(ExactDecimal(5, 2).round_half_up_tenths(), 1);
  EXPECT_EQ(ExactDecimal(499, 4).round_half_up_tenths(), 0);
  EXPECT_EQ(ExactDecimal(8265, 3).round_half_up_tenths(), 83);
  EXPECT_EQ(ExactDecimal(-5, 2).round_half_up_tenths(), -1);
  EXPECT_EQ(ExactDecimal(-1687266, 7).round_half_up_tenths(), -2);
  EXPECT_EQ(ExactDecimal(7, 0).round_half_up_tenths(), 70);
}

// The guide's section 3.3 examples, recomputed by hand with its section 3.2 equations.
// CVE-2002-0392: Impact 10.41 x 0.66 = 6.8706, Exploitability 20 x 1 x 0.71 x 0.704 = 9.9968,
// base (4.12236 + 3.99872 - 1.5) x 1.176 = 7.786 -> 7.8; temporal 7.8 x 0.95 x 0.87 = 6.447
// -> 6.4; AdjustedImpact min(10, 10.41 x 0.9966) = 10, adjusted base 8.49872 x 1.176 = 9.994
// -> 10.0, adjusted temporal 8.265 -> 8.3 (a tie), environmental 8.3 + 1.7 x 0.5 = 9.15 -> 9.2.
TEST(Cvss2Scores, GuideExampleApacheChunkedEncoding) {
  Cvss2Scores s =
      score_cvss2(parsed("AV:N/AC:L/Au:N/C:N/I:N/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:H"));
  EXPECT_EQ(s.base_tenths, 78);
  EXPECT_EQ(s.temporal_tenths, 64);
  EXPECT_EQ(s.environmental_tenths, 92);
  EXPECT_TRUE(s.has_temporal);
  EXPECT_TRUE(s.has_environmental);
}

// CVE-2003-0818: Impact 10.41 x (1 - 0.34^3) = 10.00084536, base 8.49923 x 1.176 = 9.995
// -> 10.0; temporal 8.265 -> 8.3; with AR:L AdjustedImpact 10.41 x 0.922548 = 9.60372,
// adjusted base 8.26095 x 1.176 = 9.715 -> 9.7, adjusted temporal 8.017 -> 8.0,
// environmental 8.0 + 2.0 x 0.5 = 9.0.
TEST(Cvss2Scores, GuideExampleAsn1) {
  Cvss2Scores s =
      score_cvss2(parsed("AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:L"));
  EXPECT_EQ(s.base_tenths, 100);
  EXPECT_EQ(s.temporal_tenths, 83);
  EXPECT_EQ(s.environmental_tenths, 90);
}

// CVE-2003-0062: Exploitability 20 x 0.395 x 0.35 x 0.704 = 1.94656, base 5.27913 x 1.176
// = 6.208 -> 6.2; temporal 6.2 x 0.9 x 0.87 = 4.8546 -> 4.9; AdjustedImpact 10, adjusted
// temporal 4.9, environmental 4.9 + 5.1 x 0.5 = 7.45 -> 7.5 (a tie).
TEST(Cvss2Scores, GuideExampleNod32) {
  Cvss2Scores s =
      score_cvss2(parsed("AV:L/AC:H/Au:N/C:C/I:C/A:C/E:POC/RL:OF/RC:C/CDP:H/TD:H/CR:M/IR:M/AR:M"));
  EXPECT_EQ(s.base_tenths, 62);
  EXPECT_EQ(s.temporal_tenths, 49);
  EXPECT_EQ(s.environmental_tenths, 75);
}

// By hand: base (0.6 x 2.86275 + 0.4 x 1.24425 - 1.5) x 1.176 = 0.841 -> 0.8. With CR:L the
// adjusted impact 1.431375 makes the adjusted base (0.858825 + 0.4977 - 1.5) x 1.176 = -0.169
// -> -0.2; the guide's equations carry it: environmental (-0.2 + 10.2 x 0.5) x 1 = 4.9.
TEST(Cvss2Scores, NegativeAdjustedBaseIsCarried) {
  Cvss2Scores s = score_cvss2(parsed("AV:L/AC:H/Au:M/C:P/I:N/A:N/CDP:H/CR:L"));
  EXPECT_EQ(s.base_tenths, 8);
  EXPECT_EQ(s.temporal_tenths, 8);
  EXPECT_EQ(s.environmental_tenths, 49);
  EXPECT_FALSE(s.has_temporal);
  EXPECT_TRUE(s.has_environmental);
}

// By hand: the same base with CR:L and no collateral damage: (-0.2 + 10.2 x 0) x 1 = -0.2,
// shown as 0.0 (no score is negative).
TEST(Cvss2Scores, NegativeEnvironmentalIsZero) {
  EXPECT_EQ(score_cvss2(parsed("AV:L/AC:H/Au:M/C:P/I:N/A:N/CR:L")).environmental_tenths, 0);
}

TEST(Cvss2Normalise, GuideOrderWithoutNotDefined) {
  Cvss2Vector vector = parsed("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:ND/RC:C/RL:OF/TD:ND");
  EXPECT_TRUE(vector.metrics.reordered);
  EXPECT_EQ(to_string(vector), "AV:N/AC:L/Au:N/C:P/I:P/A:P/RL:OF/RC:C");
  Cvss2Scores s = score_cvss2(vector);
  EXPECT_TRUE(s.has_temporal);
  EXPECT_FALSE(s.has_environmental);
}

struct Refused {
  std::size_t position;
  std::string message;
};

Refused refusal(const std::string& text) {
  Cvss2Vector vector;
  CvssError error;
  EXPECT_FALSE(parse_cvss2(text, &vector, &error)) << text;
  return {error.position, error.message};
}

TEST(Cvss2Refuse, EmptyText) {
  Refused r = refusal("");
  EXPECT_EQ(r.position, 0u);
  EXPECT_EQ(r.message, "empty vector: expected METRIC:VALUE pairs followed by metrics");
}

TEST(Cvss2Refuse, PrefixedVector) {
  Refused r = refusal("CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P");
  EXPECT_EQ(r.position, 0u);
  EXPECT_EQ(r.message, "unknown metric \"CVSS\" in a CVSS 2.0 vector");
}

TEST(Cvss2Refuse, MetricNamesAreCaseSensitive) {
  Refused r = refusal("AV:N/AC:L/AU:N/C:P/I:P/A:P");
  EXPECT_EQ(r.position, 10u);
  EXPECT_EQ(r.message, "unknown metric \"AU\" in a CVSS 2.0 vector");
}

TEST(Cvss2Refuse, RepeatedMetric) {
  Refused r = refusal("AV:N/AC:L/Au:N/C:P/I:P/A:P/C:N");
  EXPECT_EQ(r.position, 27u);
  EXPECT_EQ(r.message, "metric C appears twice (first at character 16)");
}

TEST(Cvss2Refuse, MandatoryMetricMissing) {
  Refused r = refusal("AV:N/AC:L/C:P/I:P/A:P");
  EXPECT_EQ(r.position, 21u);
  EXPECT_EQ(r.message, "mandatory metric Au is missing");
}

TEST(Cvss2Refuse, UnknownValue) {
  Refused r = refusal("AV:N/AC:L/Au:N/C:P/I:P/A:P/E:X");
  EXPECT_EQ(r.position, 29u);
  EXPECT_EQ(r.message, "E does not take the value \"X\" (allowed: U, POC, F, H, ND)");
}

TEST(Cvss2Refuse, TrailingJunk) {
  EXPECT_EQ(refusal("AV:N/AC:L/Au:N/C:P/I:P/A:P/").message,
            "the vector ends with \"/\" where a metric was expected");
  Refused r = refusal("AV:N/AC:L/Au:N/C:P/I:P/A:P)");
  EXPECT_EQ(r.position, 25u);
  EXPECT_EQ(r.message, "A does not take the value \"P)\" (allowed: N, P, C)");
}

TEST(Cvss2Scores, RefusesAVectorTheParserRejected) {
  Cvss2Vector vector;
  CvssError error;
  ASSERT_FALSE(parse_cvss2("AV:N/AC:L", &vector, &error));
  EXPECT_THROW(score_cvss2(vector), std::invalid_argument);
}

}  // namespace
}  // namespace embargo::scoring
