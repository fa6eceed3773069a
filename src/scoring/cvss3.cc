#include "scoring/cvss3.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <stdexcept>

#include "scoring/cvss3_roundup.h"
#include "scoring/cvss_decimal.h"
#include "scoring/cvss_metric_check.h"

namespace embargo::scoring {
namespace {

enum Metric : std::size_t {
  kAV,
  kAC,
  kPR,
  kUI,
  kS,
  kC,
  kI,
  kA,
  kE,
  kRL,
  kRC,
  kCR,
  kIR,
  kAR,
  kMAV,
  kMAC,
  kMPR,
  kMUI,
  kMS,
  kMC,
  kMI,
  kMA,
  kMetricCount
};

// The specification's metric table (section 2), base, temporal and environmental in its order.
// Every value list of a non-base metric starts with X, and a modified metric's values are X
// followed by its base metric's values, so that index - 1 is the base metric's value index.
constexpr std::array<CvssMetricSpec, kMetricCount> kMetrics = {{
    {"AV", {"N", "A", "L", "P"}, true},
    {"AC", {"L", "H"}, true},
    {"PR", {"N", "L", "H"}, true},
    {"UI", {"N", "R"}, true},
    {"S", {"U", "C"}, true},
    {"C", {"H", "L", "N"}, true},
    {"I", {"H", "L", "N"}, true},
    {"A", {"H", "L", "N"}, true},
    {"E", {"X", "H", "F", "P", "U"}, false, 0},
    {"RL", {"X", "U", "W", "T", "O"}, false, 0},
    {"RC", {"X", "C", "R", "U"}, false, 0},
    {"CR", {"X", "H", "M", "L"}, false, 0},
    {"IR", {"X", "H", "M", "L"}, false, 0},
    {"AR", {"X", "H", "M", "L"}, false, 0},
    {"MAV", {"X", "N", "A", "L", "P"}, false, 0},
    {"MAC", {"X", "L", "H"}, false, 0},
    {"MPR", {"X", "N", "L", "H"}, false, 0},
    {"MUI", {"X", "N", "R"}, false, 0},
    {"MS", {"X", "U", "C"}, false, 0},
    {"MC", {"X", "H", "L", "N"}, false, 0},
    {"MI", {"X", "H", "L", "N"}, false, 0},
    {"MA", {"X", "H", "L", "N"}, false, 0},
}};

// The metric weights of section 7.4 in hundredths, by value index of the table above.
constexpr std::array<int, 4> kAttackVector = {85, 62, 55, 20};
constexpr std::array<int, 2> kAttackComplexity = {77, 44};
constexpr std::array<int, 3> kPrivilegesScopeUnchanged = {85, 62, 27};
constexpr std::array<int, 3> kPrivilegesScopeChanged = {85, 68, 50};
constexpr std::array<int, 2> kUserInteraction = {85, 62};
constexpr std::array<int, 3> kImpact = {56, 22, 0};
constexpr std::array<int, 5> kExploitMaturity = {100, 100, 97, 94, 91};
constexpr std::array<int, 5> kRemediationLevel = {100, 100, 97, 96, 95};
constexpr std::array<int, 4> kReportConfidence = {100, 100, 96, 92};
constexpr std::array<int, 4> kRequirement = {100, 150, 100, 50};
constexpr std::uint8_t kScopeChanged = 1;

// Every metric's value index with the defaults of section 7 applied: an absent temporal or
// requirement metric is X (index 0), and a modified metric that is absent or X takes its base
// metric's value, kept as a base value index.
using Resolved = std::array<std::uint8_t, kMetricCount>;

Resolved resolve(const CvssMetricValues& values) {
  Resolved r{};
  for (std::size_t m = 0; m < kMetricCount; ++m) {
    std::uint8_t v = values.index[m];
    if (m < kE) {
      r[m] = v;
    } else if (m < kMAV) {
      r[m] = v == CvssMetricValues::kAbsent ? 0 : v;
    } else {
      bool inherit = v == CvssMetricValues::kAbsent || v == 0;
      r[m] = inherit ? values.index[m - kMAV] : static_cast<std::uint8_t>(v - 1);
    }
  }
  return r;
}

// CVSS 3.1 arithmetic: IEEE doubles, as the specification's reference calculator computes,
// made safe by Appendix A's Roundup, which first rounds to five decimals.
struct FloatArithmetic {
  using Number = double;
  static double constant(int units, int scale) {
    constexpr std::array<double, 5> kPowersOfTen = {1, 10, 100, 1000, 10000};
    return units / kPowersOfTen[static_cast<std::size_t>(scale)];
  }
  static double from_tenths(int tenths) { return tenths / 10.0; }
  static double power(double x, int exponent) { return std::pow(x, exponent); }
  static int roundup_tenths(double x) { return cvss31_roundup_tenths(x); }
};

// CVSS 3.0 arithmetic: its "Round up" is the smallest tenth >= the exact value of the formula.
struct ExactArithmetic {
  using Number = ExactDecimal;
  static ExactDecimal constant(int units, int scale) { return ExactDecimal(units, scale); }
  static ExactDecimal from_tenths(int tenths) { return ExactDecimal(tenths, 1); }
  static ExactDecimal power(const ExactDecimal& x, int exponent) {
    return x.power(static_cast<unsigned>(exponent));
  }
  static int roundup_tenths(const ExactDecimal& x) { return x.ceil_tenths(); }
};

// Section 7: the base (7.1), temporal (7.2) and environmental (7.3) equations, term for term
// in the reference calculator's order. The two versions differ only in the environmental
// impact under a changed scope and in the arithmetic.
template <typename Arithmetic>
Cvss3Scores compute(const Resolved& v, CvssVersion version) {
  using Number = typename Arithmetic::Number;
  auto c = [](int units, int scale) { return Arithmetic::constant(units, scale); };
  auto w = [](int hundredths) { return Arithmetic::constant(hundredths, 2); };
  const Number zero = c(0, 0);
  const Number one = c(1, 0);
  const Number ten = c(10, 0);
  const Number scope_coefficient = c(108, 2);

  // The score before temporal factors in tenths, or -1 when the impact is not positive (section
  // 7.1: the score is then 0 whatever the exploitability).
  auto combined_tenths = [&](const Number& impact, const Number& exploitability, bool changed) {
    if (impact <= zero) return -1;
    Number sum = impact + exploitability;
    return Arithmetic::roundup_tenths(changed ? std::min(scope_coefficient * sum, ten)
                                              : std::min(sum, ten));
  };
  auto temporal_of = [&](int tenths) {
    return Arithmetic::roundup_tenths(Arithmetic::from_tenths(tenths) * w(kExploitMaturity[v[kE]]) *
                                      w(kRemediationLevel[v[kRL]]) * w(kReportConfidence[v[kRC]]));
  };

  Cvss3Scores scores;
  bool changed = v[kS] == kScopeChanged;
  Number iss =
      one - ((one - w(kImpact[v[kC]])) * (one - w(kImpact[v[kI]])) * (one - w(kImpact[v[kA]])));
  Number impact =
      changed ? c(752, 2) * (iss - c(29, 3)) - c(325, 2) * Arithmetic::power(iss - c(2, 2), 15)
              : c(642, 2) * iss;
  const auto& privileges = changed ? kPrivilegesScopeChanged : kPrivilegesScopeUnchanged;
  Number exploitability = c(822, 2) * w(kAttackVector[v[kAV]]) * w(kAttackComplexity[v[kAC]]) *
                          w(privileges[v[kPR]]) * w(kUserInteraction[v[kUI]]);
  scores.base_tenths = std::max(combined_tenths(impact, exploitability, changed), 0);
  scores.temporal_tenths = temporal_of(scores.base_tenths);

  bool modified_changed = v[kMS] == kScopeChanged;
  Number miss = std::min(one - ((one - w(kImpact[v[kMC]]) * w(kRequirement[v[kCR]])) *
                                (one - w(kImpact[v[kMI]]) * w(kRequirement[v[kIR]])) *
                                (one - w(kImpact[v[kMA]]) * w(kRequirement[v[kAR]]))),
                         c(915, 3));
  Number modified_impact = c(642, 2) * miss;
  if (modified_changed && version == CvssVersion::k3_1) {
    modified_impact = c(752, 2) * (miss - c(29, 3)) -
                      c(325, 2) * Arithmetic::power(miss * c(9731, 4) - c(2, 2), 13);
  } else if (modified_changed) {
    modified_impact =
        c(752, 2) * (miss - c(29, 3)) - c(325, 2) * Arithmetic::power(miss - c(2, 2), 15);
  }
  const auto& modified_privileges =
      modified_changed ? kPrivilegesScopeChanged : kPrivilegesScopeUnchanged;
  Number modified_exploitability = c(822, 2) * w(kAttackVector[v[kMAV]]) *
                                   w(kAttackComplexity[v[kMAC]]) * w(modified_privileges[v[kMPR]]) *
                                   w(kUserInteraction[v[kMUI]]);
  int modified = combined_tenths(modified_impact, modified_exploitability, modified_changed);
  scores.environmental_tenths = modified < 0 ? 0 : temporal_of(modified);
  return scores;
}

bool defines_any(const CvssMetricValues& values, std::size_t first, std::size_t last) {
  for (std::size_t m = first; m <= last; ++m) {
    std::uint8_t v = values.index[m];
    if (v != CvssMetricValues::kAbsent && v != 0) return true;
  }
  return false;
}

}  // namespace

int cvss31_roundup_tenths(double x) {
  double int_input = std::round(x * 100000);
  if (std::fmod(int_input, 10000) == 0) return static_cast<int>(int_input / 10000);
  return static_cast<int>(std::floor(int_input / 10000)) + 1;
}

const CvssGrammar& cvss3_grammar(CvssVersion version) {
  static const CvssGrammar k30("3.0", "CVSS:3.0/", kMetrics);
  static const CvssGrammar k31("3.1", "CVSS:3.1/", kMetrics);
  switch (version) {
    case CvssVersion::k3_0:
      return k30;
    case CvssVersion::k3_1:
      return k31;
    case CvssVersion::k2_0:
    case CvssVersion::k4_0:
      break;
  }
  throw std::invalid_argument("cvss3_grammar: not a CVSS 3.x version");
}

bool parse_cvss3(std::string_view text, Cvss3Vector* out, CvssError* error) {
  for (CvssVersion version : {CvssVersion::k3_1, CvssVersion::k3_0}) {
    const CvssGrammar& grammar = cvss3_grammar(version);
    if (text.starts_with(grammar.prefix())) {
      out->version = version;
      return grammar.parse(text, &out->metrics, error);
    }
  }
  if (error == nullptr) return false;
  constexpr std::string_view kScheme = "CVSS:";
  if (text.empty()) {
    *error = {0, "empty vector: expected \"CVSS:3.1/\" or \"CVSS:3.0/\" followed by metrics"};
  } else if (text.starts_with(kScheme)) {
    *error = {kScheme.size(), "expected the version \"3.1/\" or \"3.0/\" after \"CVSS:\", found " +
                                  quote_for_message(text.substr(kScheme.size()))};
  } else {
    *error = {
        0, "expected the prefix \"CVSS:3.1/\" or \"CVSS:3.0/\", found " + quote_for_message(text)};
  }
  return false;
}

Cvss3Scores score_cvss3(const Cvss3Vector& vector) {
  check_metric_indices(kMetrics, vector.metrics);
  Resolved resolved = resolve(vector.metrics);
  Cvss3Scores scores = vector.version == CvssVersion::k3_0
                           ? compute<ExactArithmetic>(resolved, vector.version)
                           : compute<FloatArithmetic>(resolved, vector.version);
  scores.has_temporal = defines_any(vector.metrics, kE, kRC);
  scores.has_environmental = defines_any(vector.metrics, kCR, kMA);
  return scores;
}

std::string to_string(const Cvss3Vector& vector) {
  return cvss3_grammar(vector.version).format(vector.metrics);
}

}  // namespace embargo::scoring
