#include "scoring/cvss2.h"

#include <algorithm>
#include <array>
#include <cstdint>

#include "scoring/cvss_decimal.h"
#include "scoring/cvss_metric_check.h"

namespace embargo::scoring {
namespace {

enum Metric : std::size_t { kAV, kAC, kAu, kC, kI, kA, kE, kRL, kRC, kCDP, kTD, kCR, kIR, kAR };
constexpr std::size_t kMetricCount = kAR + 1;

// The guide's metric table (section 2), base, temporal and environmental in its order; ND
// ("Not Defined") is the last value of every optional metric.
constexpr std::array<CvssMetricSpec, kMetricCount> kMetrics = {{
    {"AV", {"L", "A", "N"}, true},
    {"AC", {"H", "M", "L"}, true},
    {"Au", {"M", "S", "N"}, true},
    {"C", {"N", "P", "C"}, true},
    {"I", {"N", "P", "C"}, true},
    {"A", {"N", "P", "C"}, true},
    {"E", {"U", "POC", "F", "H", "ND"}, false, 4},
    {"RL", {"OF", "TF", "W", "U", "ND"}, false, 4},
    {"RC", {"UC", "UR", "C", "ND"}, false, 3},
    {"CDP", {"N", "L", "LM", "MH", "H", "ND"}, false, 5},
    {"TD", {"N", "L", "M", "H", "ND"}, false, 4},
    {"CR", {"L", "M", "H", "ND"}, false, 3},
    {"IR", {"L", "M", "H", "ND"}, false, 3},
    {"AR", {"L", "M", "H", "ND"}, false, 3},
}};

// The weights of the guide's section 3.2 in thousandths, by value index of the table above.
constexpr std::array<std::array<int, 6>, kMetricCount> kWeights = {{
    {395, 646, 1000},
    {350, 610, 710},
    {450, 560, 704},
    {0, 275, 660},
    {0, 275, 660},
    {0, 275, 660},
    {850, 900, 950, 1000, 1000},
    {870, 900, 950, 1000, 1000},
    {900, 950, 1000, 1000},
    {0, 100, 300, 400, 500, 0},
    {0, 250, 750, 1000, 1000},
    {500, 1000, 1510, 1000},
    {500, 1000, 1510, 1000},
    {500, 1000, 1510, 1000},
}};

// The exact weight of a metric's value; an absent optional metric weighs as ND.
ExactDecimal weight(const CvssMetricValues& values, Metric m) {
  std::uint8_t v = values.index[m];
  if (v == CvssMetricValues::kAbsent) v = static_cast<std::uint8_t>(kMetrics[m].not_defined);
  return ExactDecimal(kWeights[m][v], 3);
}

bool defines_any(const CvssMetricValues& values, std::size_t first, std::size_t last) {
  for (std::size_t m = first; m <= last; ++m) {
    std::uint8_t v = values.index[m];
    if (v != CvssMetricValues::kAbsent && static_cast<int>(v) != kMetrics[m].not_defined) {
      return true;
    }
  }
  return false;
}

// BaseScore = round_to_1_decimal(((0.6*Impact)+(0.4*Exploitability)-1.5)*f(Impact)), in
// tenths; negative for an adjusted impact small enough, which the environmental equation
// carries on with as the reference implementation does.
int base_equation_tenths(const ExactDecimal& impact, const ExactDecimal& exploitability) {
  ExactDecimal zero(0, 0);
  ExactDecimal f_impact = impact == zero ? zero : ExactDecimal(1176, 3);
  return ((ExactDecimal(6, 1) * impact + ExactDecimal(4, 1) * exploitability -
           ExactDecimal(15, 1)) *
          f_impact)
      .round_half_up_tenths();
}

}  // namespace

const CvssGrammar& cvss2_grammar() {
  static const CvssGrammar grammar("2.0", "", kMetrics);
  return grammar;
}

bool parse_cvss2(std::string_view text, Cvss2Vector* out, CvssError* error) {
  return cvss2_grammar().parse(text, &out->metrics, error);
}

// The guide's section 3.2.1 to 3.2.3 equations on exact decimals. Every score is at least 0
// (the reference implementation clamps the three results, never the intermediate ones).
Cvss2Scores score_cvss2(const Cvss2Vector& vector) {
  check_metric_indices(kMetrics, vector.metrics);
  const CvssMetricValues& m = vector.metrics;
  const ExactDecimal one(1, 0);
  const ExactDecimal ten(10, 0);
  const ExactDecimal impact_factor(1041, 2);
  ExactDecimal impact =
      impact_factor * (one - (one - weight(m, kC)) * (one - weight(m, kI)) * (one - weight(m, kA)));
  ExactDecimal exploitability =
      ExactDecimal(20, 0) * weight(m, kAV) * weight(m, kAC) * weight(m, kAu);
  ExactDecimal temporal_factors = weight(m, kE) * weight(m, kRL) * weight(m, kRC);

  Cvss2Scores scores;
  scores.base_tenths = std::max(base_equation_tenths(impact, exploitability), 0);
  scores.temporal_tenths =
      std::max((ExactDecimal(scores.base_tenths, 1) * temporal_factors).round_half_up_tenths(), 0);

  ExactDecimal adjusted_impact =
      std::min(ten, impact_factor * (one - (one - weight(m, kC) * weight(m, kCR)) *
                                               (one - weight(m, kI) * weight(m, kIR)) *
                                               (one - weight(m, kA) * weight(m, kAR))));
  ExactDecimal adjusted_temporal(
      (ExactDecimal(base_equation_tenths(adjusted_impact, exploitability), 1) * temporal_factors)
          .round_half_up_tenths(),
      1);
  ExactDecimal environmental =
      (adjusted_temporal + (ten - adjusted_temporal) * weight(m, kCDP)) * weight(m, kTD);
  scores.environmental_tenths = std::max(environmental.round_half_up_tenths(), 0);
  scores.has_temporal = defines_any(m, kE, kRC);
  scores.has_environmental = defines_any(m, kCDP, kAR);
  return scores;
}

std::string to_string(const Cvss2Vector& vector) { return cvss2_grammar().format(vector.metrics); }

}  // namespace embargo::scoring
