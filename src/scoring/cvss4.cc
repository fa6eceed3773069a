#include "scoring/cvss4.h"

#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "scoring/cvss4_tables.inc"

namespace embargo::scoring {
namespace {

using namespace cvss4_tables;

// Positions of the metrics in kMetrics (the specification's order).
enum Metric : std::size_t {
  AV,
  AC,
  AT,
  PR,
  UI,
  VC,
  VI,
  VA,
  SC,
  SI,
  SA,
  E,
  CR,
  IR,
  AR,
  MAV,
  MAC,
  MAT,
  MPR,
  MUI,
  MVC,
  MVI,
  MVA,
  MSC,
  MSI,
  MSA,
  S,
  AU,
  R,
  V,
  RE,
  U
};
static_assert(kMetrics[AV].name == "AV" && kMetrics[E].name == "E" && kMetrics[CR].name == "CR" &&
              kMetrics[MAV].name == "MAV" && kMetrics[MSA].name == "MSA" &&
              kMetrics[S].name == "S" && kMetrics[U].name == "U");

// The metrics the score measures severity distances on (plus E for EQ5), in the order the
// reference calculator sums them. A level is the metric's value in the reference's
// METRIC_LEVELS table times ten (AV: N 0, A 1, L 2, P 3; SC: H 1, L 2, N 3; SI: S 0, H 1 ...).
enum Level : std::size_t {
  lAV,
  lPR,
  lUI,
  lAC,
  lAT,
  lVC,
  lVI,
  lVA,
  lSC,
  lSI,
  lSA,
  lCR,
  lIR,
  lAR,
  lE
};
constexpr std::size_t kLevels = 15;
constexpr std::size_t kDistanceLevels = 14;  // every level but E
using Levels = std::array<std::uint8_t, kLevels>;

// For each level: the base metric and the metric that overrides it (the base again if none).
struct LevelSource {
  Metric base;
  Metric modified;
};
constexpr std::array<LevelSource, kLevels> kSources = {{{AV, MAV},
                                                        {PR, MPR},
                                                        {UI, MUI},
                                                        {AC, MAC},
                                                        {AT, MAT},
                                                        {VC, MVC},
                                                        {VI, MVI},
                                                        {VA, MVA},
                                                        {SC, MSC},
                                                        {SI, MSI},
                                                        {SA, MSA},
                                                        {CR, CR},
                                                        {IR, IR},
                                                        {AR, AR},
                                                        {E, E}}};

// METRIC_LEVELS of the reference calculator, by metric and value name.
std::uint8_t level_of(Level level, std::string_view value) {
  auto pick = [&](std::initializer_list<std::string_view> order, std::uint8_t first) {
    for (std::string_view v : order) {
      if (v == value) return first;
      ++first;
    }
    throw std::logic_error("CVSS 4.0 table has an unexpected value");
  };
  switch (level) {
    case lAV:
      return pick({"N", "A", "L", "P"}, 0);
    case lPR:
      return pick({"N", "L", "H"}, 0);
    case lUI:
      return pick({"N", "P", "A"}, 0);
    case lAC:
      return pick({"L", "H"}, 0);
    case lAT:
      return pick({"N", "P"}, 0);
    case lVC:
    case lVI:
    case lVA:
      return pick({"H", "L", "N"}, 0);
    case lSC:
      return pick({"H", "L", "N"}, 1);
    case lSI:
    case lSA:
      return pick({"S", "H", "L", "N"}, 0);
    case lCR:
    case lIR:
    case lAR:
      return pick({"H", "M", "L"}, 0);
    case lE:
      return pick({"A", "P", "U"}, 0);
  }
  throw std::logic_error("CVSS 4.0 level out of range");
}

// The level each value index of each metric stands for when it applies to a level; X of a
// modified metric defers to the base metric (kDefer), X of E means A and X of CR, IR, AR
// means H (the reference calculator's worst-case defaults).
constexpr std::uint8_t kDefer = 0xfe;

struct ValueLevels {
  std::array<std::array<std::uint8_t, 6>, kLevels> base{};
  std::array<std::array<std::uint8_t, 6>, kLevels> modified{};
};

// A MacroVector's precomputed part of the score: its lookup score, the score differences to
// the next lower MacroVector of each EQ (NaN where none exists), the depth of each EQ level
// and the highest-severity vectors in the order the reference calculator tries them.
struct MacroVector {
  double value = 0;
  std::array<double, 5> available{};
  std::array<double, 4> max_severity{};
  std::vector<std::array<std::uint8_t, kDistanceLevels>> max_vectors;
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double lookup(int e1, int e2, int e3, int e4, int e5, int e6) {
  if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1) return kNaN;
  double score = kMacroScore[e1][e2][e3][e4][e5][e6];
  return score < 0 ? kNaN : score;
}

int macro_index(int e1, int e2, int e3, int e4, int e5, int e6) {
  return ((((e1 * 2 + e2) * 3 + e3) * 3 + e4) * 3 + e5) * 2 + e6;
}

constexpr int kMacroVectors = 3 * 2 * 3 * 3 * 3 * 2;

struct Tables {
  ValueLevels values;
  std::array<MacroVector, kMacroVectors> macros;
};

ValueLevels build_value_levels() {
  ValueLevels out;
  for (std::size_t l = 0; l < kLevels; ++l) {
    auto level = static_cast<Level>(l);
    const CvssMetricSpec& base = kMetrics[kSources[l].base];
    const CvssMetricSpec& modified = kMetrics[kSources[l].modified];
    for (std::size_t v = 0; v < 6 && !base.values[v].empty(); ++v) {
      out.base[l][v] = base.values[v] == "X" ? (level == lE || level >= lCR ? 0 : kDefer)
                                             : level_of(level, base.values[v]);
    }
    for (std::size_t v = 0; v < 6 && !modified.values[v].empty(); ++v) {
      out.modified[l][v] = modified.values[v] == "X" ? kDefer : level_of(level, modified.values[v]);
    }
  }
  return out;
}

MacroVector build_macro(int e1, int e2, int e3, int e4, int e5, int e6) {
  MacroVector m;
  m.value = lookup(e1, e2, e3, e4, e5, e6);
  double eq3eq6_next = 0;
  if (e3 == 0 && e6 == 0) {
    double left = lookup(e1, e2, e3, e4, e5, e6 + 1);
    double right = lookup(e1, e2, e3 + 1, e4, e5, e6);
    eq3eq6_next = left > right ? left : right;
  } else if (e3 == 1 && e6 == 0) {
    eq3eq6_next = lookup(e1, e2, e3, e4, e5, e6 + 1);
  } else if (e3 == 2) {
    eq3eq6_next = lookup(e1, e2, e3 + 1, e4, e5, e6 + 1);
  } else {
    eq3eq6_next = lookup(e1, e2, e3 + 1, e4, e5, e6);
  }
  m.available = {m.value - lookup(e1 + 1, e2, e3, e4, e5, e6),
                 m.value - lookup(e1, e2 + 1, e3, e4, e5, e6), m.value - eq3eq6_next,
                 m.value - lookup(e1, e2, e3, e4 + 1, e5, e6),
                 m.value - lookup(e1, e2, e3, e4, e5 + 1, e6)};
  const double step = 0.1;
  m.max_severity = {kEq1MaxSeverity[e1] * step, kEq2MaxSeverity[e2] * step,
                    kEq3Eq6MaxSeverity[e3][e6] * step, kEq4MaxSeverity[e4] * step};
  for (const auto& a : kEq1Max) {
    if (a.level != e1) continue;
    for (const auto& b : kEq2Max) {
      if (b.level != e2) continue;
      for (const auto& c : kEq3Eq6Max) {
        if (c.eq3 != e3 || c.eq6 != e6) continue;
        for (const auto& d : kEq4Max) {
          if (d.level != e4) continue;
          for (const auto& f : kEq5Max) {
            if (f.level != e5) continue;
            m.max_vectors.push_back(
                {level_of(lAV, a.values[0]), level_of(lPR, a.values[1]), level_of(lUI, a.values[2]),
                 level_of(lAC, b.values[0]), level_of(lAT, b.values[1]), level_of(lVC, c.values[0]),
                 level_of(lVI, c.values[1]), level_of(lVA, c.values[2]), level_of(lSC, d.values[0]),
                 level_of(lSI, d.values[1]), level_of(lSA, d.values[2]), level_of(lCR, c.values[3]),
                 level_of(lIR, c.values[4]), level_of(lAR, c.values[5])});
          }
        }
      }
    }
  }
  return m;
}

const Tables& tables() {
  static const Tables built = [] {
    Tables t;
    t.values = build_value_levels();
    for (int e1 = 0; e1 < 3; ++e1)
      for (int e2 = 0; e2 < 2; ++e2)
        for (int e3 = 0; e3 < 3; ++e3)
          for (int e4 = 0; e4 < 3; ++e4)
            for (int e5 = 0; e5 < 3; ++e5)
              for (int e6 = 0; e6 < 2; ++e6)
                if (!std::isnan(lookup(e1, e2, e3, e4, e5, e6)))
                  t.macros[macro_index(e1, e2, e3, e4, e5, e6)] =
                      build_macro(e1, e2, e3, e4, e5, e6);
    return t;
  }();
  return built;
}

// The effective level of each scored metric: the modified value when given, else the base.
Levels effective_levels(const CvssMetricValues& metrics, const ValueLevels& values) {
  Levels out{};
  for (std::size_t l = 0; l < kLevels; ++l) {
    std::uint8_t level = kDefer;
    std::uint8_t m = metrics.index[kSources[l].modified];
    if (kSources[l].modified != kSources[l].base && m != CvssMetricValues::kAbsent) {
      level = values.modified[l][m];
    }
    if (level == kDefer) {
      std::uint8_t b = metrics.index[kSources[l].base];
      level = b == CvssMetricValues::kAbsent ? 0 : values.base[l][b];
    }
    out[l] = level;
  }
  return out;
}

// The reference calculator's severity levels as doubles, so that distances are the same
// IEEE differences (0.3 - 0.1 is 0.19999999999999998 there too).
constexpr std::array<double, 4> kLevelValue = {0.0, 0.1, 0.2, 0.3};

double distance(const Levels& levels, const std::array<std::uint8_t, kDistanceLevels>& max,
                Level l) {
  return kLevelValue[levels[l]] - kLevelValue[max[l]];
}

// Math.round of JavaScript: the nearest integer, halves toward +infinity.
double js_round(double x) {
  double r = std::floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

}  // namespace

const CvssGrammar& cvss4_grammar() {
  static const CvssGrammar grammar("4.0", "CVSS:4.0/", kMetrics);
  return grammar;
}

bool parse_cvss4(std::string_view text, Cvss4Vector* out, CvssError* error) {
  return cvss4_grammar().parse(text, &out->metrics, error);
}

int score_cvss4(const Cvss4Vector& vector) {
  const Tables& t = tables();
  Levels lv = effective_levels(vector.metrics, t.values);
  // No impact on the vulnerable or subsequent system, after the modified metrics: 0.0.
  if (lv[lVC] == 2 && lv[lVI] == 2 && lv[lVA] == 2 && lv[lSC] == 3 && lv[lSI] == 3 &&
      lv[lSA] == 3) {
    return 0;
  }
  int e1 = 2;
  if (lv[lAV] == 0 && lv[lPR] == 0 && lv[lUI] == 0) {
    e1 = 0;
  } else if ((lv[lAV] == 0 || lv[lPR] == 0 || lv[lUI] == 0) && lv[lAV] != 3) {
    e1 = 1;
  }
  int e2 = lv[lAC] == 0 && lv[lAT] == 0 ? 0 : 1;
  int e3 = 2;
  if (lv[lVC] == 0 && lv[lVI] == 0) {
    e3 = 0;
  } else if (lv[lVC] == 0 || lv[lVI] == 0 || lv[lVA] == 0) {
    e3 = 1;
  }
  int e4 = 2;
  if (lv[lSI] == 0 || lv[lSA] == 0) {
    e4 = 0;
  } else if (lv[lSC] == 1 || lv[lSI] == 1 || lv[lSA] == 1) {
    e4 = 1;
  }
  int e5 = lv[lE];
  int e6 = (lv[lCR] == 0 && lv[lVC] == 0) || (lv[lIR] == 0 && lv[lVI] == 0) ||
                   (lv[lAR] == 0 && lv[lVA] == 0)
               ? 0
               : 1;
  const MacroVector& m = t.macros[static_cast<std::size_t>(macro_index(e1, e2, e3, e4, e5, e6))];

  // The first highest-severity vector the scored vector does not exceed in any metric (the
  // reference keeps the last one tried when none qualifies).
  const std::array<std::uint8_t, kDistanceLevels>* max = &m.max_vectors.back();
  for (const auto& candidate : m.max_vectors) {
    bool below = true;
    for (std::size_t l = 0; l < kDistanceLevels && below; ++l) below = lv[l] >= candidate[l];
    if (below) {
      max = &candidate;
      break;
    }
  }
  const double current[4] = {
      distance(lv, *max, lAV) + distance(lv, *max, lPR) + distance(lv, *max, lUI),
      distance(lv, *max, lAC) + distance(lv, *max, lAT),
      distance(lv, *max, lVC) + distance(lv, *max, lVI) + distance(lv, *max, lVA) +
          distance(lv, *max, lCR) + distance(lv, *max, lIR) + distance(lv, *max, lAR),
      distance(lv, *max, lSC) + distance(lv, *max, lSI) + distance(lv, *max, lSA)};

  int existing_lower = 0;
  double normalized[5] = {0, 0, 0, 0, 0};
  for (std::size_t eq = 0; eq < 5; ++eq) {
    if (std::isnan(m.available[eq])) continue;
    ++existing_lower;
    double percent = eq < 4 ? current[eq] / m.max_severity[eq] : 0;
    normalized[eq] = m.available[eq] * percent;
  }
  double mean = 0;
  if (existing_lower > 0) {
    mean = (normalized[0] + normalized[1] + normalized[2] + normalized[3] + normalized[4]) /
           existing_lower;
  }
  double adjusted = m.value - mean;
  if (adjusted < 0) adjusted = 0.0;
  if (adjusted > 10) adjusted = 10.0;
  // The upstream calculator's correction: 1e-6 before rounding half up (docs/cvss.md).
  return static_cast<int>(js_round((adjusted + 1e-6) * 10));
}

std::string_view cvss4_nomenclature(const Cvss4Vector& vector) {
  auto defined = [&](std::size_t m) {
    std::uint8_t v = vector.metrics.index[m];
    return v != CvssMetricValues::kAbsent && v != kMetrics[m].not_defined;
  };
  bool threat = defined(E);
  bool environmental = false;
  for (std::size_t m = CR; m <= MSA; ++m) environmental = environmental || defined(m);
  if (threat) return environmental ? "CVSS-BTE" : "CVSS-BT";
  return environmental ? "CVSS-BE" : "CVSS-B";
}

Cvss4Vector base_only(const Cvss4Vector& vector) {
  Cvss4Vector out;
  out.metrics.index.fill(CvssMetricValues::kAbsent);
  for (std::size_t m = AV; m <= SA; ++m) out.metrics.index[m] = vector.metrics.index[m];
  return out;
}

std::string to_string(const Cvss4Vector& vector) { return cvss4_grammar().format(vector.metrics); }

}  // namespace embargo::scoring
