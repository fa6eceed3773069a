// The CVSS 4.0 score, computed as the reference calculator (RedHatProductSecurity
// cvss-v4-calculator cvss40.js) does, with every double operation in the same order, but with
// its per-vector work moved into tables built once:
// - each EQ's level and severity distance depend only on that EQ's own metrics (EQ1: AV PR UI,
//   EQ2: AC AT, EQ3+EQ6: VC VI VA CR IR AR, EQ4: SC SI SA, EQ5: E), so they are tabulated per
//   combination of those metrics;
// - the reference tries the highest-severity vectors of the MacroVector in nested order (EQ1
//   outermost) and keeps the first one the scored vector does not exceed; a combination
//   qualifies exactly when each EQ's part does, so the first qualifying combination is made of
//   each EQ's first qualifying part (and when some EQ has none, the reference ends on the last
//   combination: each EQ's last part);
// - a MacroVector's lookup score, the score differences to its next lower MacroVectors and its
//   depths are tabulated per MacroVector.
#include <cmath>
#include <limits>
#include <stdexcept>
#include <vector>

#include "scoring/cvss4.h"
#include "scoring/cvss4_metric.h"

namespace embargo::scoring {
namespace {

using namespace cvss4_tables;

// The metrics the score reads, as the reference's METRIC_LEVELS times ten (AV: N 0, A 1, L 2,
// P 3; SC: H 1, L 2, N 3; SI and SA: S 0, H 1, L 2, N 3; CR: H 0, M 1, L 2; E: A 0, P 1, U 2).
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
using Levels = std::array<std::uint8_t, kLevels>;

// For each level: the base metric and the metric that overrides it (the base again if none).
struct LevelSource {
  Metric base;
  Metric modified;
};
// clang-format off
constexpr std::array<LevelSource, kLevels> kSources = {{
    {AV, MAV}, {PR, MPR}, {UI, MUI}, {AC, MAC}, {AT, MAT}, {VC, MVC}, {VI, MVI}, {VA, MVA},
    {SC, MSC}, {SI, MSI}, {SA, MSA}, {CR, CR}, {IR, IR}, {AR, AR}, {E, E}}};
// clang-format on

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

// The level each value index stands for, by index + 1 so that an absent metric (index 0xff)
// reads slot 0 without a branch. A modified metric that is absent or X defers to the base
// (kDefer); an absent or X E means A and an absent or X CR, IR, AR means H (the reference
// calculator's worst-case defaults).
constexpr std::uint8_t kDefer = 0xfe;

struct ValueLevels {
  std::array<std::array<std::uint8_t, 8>, kLevels> base{};
  std::array<std::array<std::uint8_t, 8>, kLevels> modified{};
};

ValueLevels build_value_levels() {
  ValueLevels out;
  for (std::size_t l = 0; l < kLevels; ++l) {
    auto level = static_cast<Level>(l);
    const CvssMetricSpec& base = kMetrics[kSources[l].base];
    const CvssMetricSpec& modified = kMetrics[kSources[l].modified];
    out.modified[l][0] = kDefer;
    for (std::size_t v = 0; v < 6 && !base.values[v].empty(); ++v) {
      out.base[l][v + 1] = base.values[v] == "X" ? 0 : level_of(level, base.values[v]);
    }
    for (std::size_t v = 0; v < 6 && !modified.values[v].empty(); ++v) {
      out.modified[l][v + 1] = kSources[l].modified == kSources[l].base || modified.values[v] == "X"
                                   ? kDefer
                                   : level_of(level, modified.values[v]);
    }
  }
  return out;
}

// The reference calculator's severity levels as doubles, so that distances are the same
// IEEE differences (0.3 - 0.1 is 0.19999999999999998 there too).
constexpr std::array<double, 4> kLevelValue = {0.0, 0.1, 0.2, 0.3};

// One combination of an EQ's metrics: the EQ level(s) it falls in and its severity distance
// from the first highest-severity part it does not exceed, and from the level's last part.
struct EqPart {
  std::uint8_t level = 0;
  std::uint8_t eq6 = 0;  // EQ3+EQ6 only
  bool has_max = false;
  double distance_first = 0;
  double distance_last = 0;
};

// The severity distance of `levels` from one highest-severity part, summed in the reference's
// order (left to right, as `d(AV) + d(PR) + d(UI)` is evaluated in JavaScript).
template <std::size_t N>
double distance_from(const std::array<std::uint8_t, N>& levels,
                     const std::array<std::string_view, N>& part,
                     const std::array<Level, N>& which) {
  double sum = 0;
  for (std::size_t i = 0; i < N; ++i) {
    double d = kLevelValue[levels[i]] - kLevelValue[level_of(which[i], part[i])];
    sum = i == 0 ? d : sum + d;
  }
  return sum;
}

template <std::size_t N>
bool exceeds(const std::array<std::uint8_t, N>& levels, const std::array<std::string_view, N>& part,
             const std::array<Level, N>& which) {
  for (std::size_t i = 0; i < N; ++i) {
    if (levels[i] < level_of(which[i], part[i])) return true;
  }
  return false;
}

// Fills `part` from the highest-severity parts of its level(s), in the reference's order.
template <std::size_t N, typename Parts, typename Matches>
void find_max(EqPart& part, const std::array<std::uint8_t, N>& levels, const Parts& parts,
              const std::array<Level, N>& which, Matches matches) {
  for (const auto& candidate : parts) {
    if (!matches(candidate)) continue;
    double distance = distance_from(levels, candidate.values, which);
    if (!part.has_max && !exceeds(levels, candidate.values, which)) {
      part.has_max = true;
      part.distance_first = distance;
    }
    part.distance_last = distance;
  }
}

// A MacroVector's part of the score: its lookup score, the score difference to the next lower
// MacroVector of each EQ, how many of those exist, and the depth of each EQ level.
struct MacroVector {
  double value = 0;
  std::array<double, 5> available{};  // 0 where no lower MacroVector exists
  std::array<double, 4> max_severity{};
  int existing_lower = 0;
};

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double lookup(int e1, int e2, int e3, int e4, int e5, int e6) {
  if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1) return kNaN;
  double score = kMacroScore[e1][e2][e3][e4][e5][e6];
  return score < 0 ? kNaN : score;
}

std::size_t macro_index(std::size_t e1, std::size_t e2, std::size_t e3, std::size_t e4,
                        std::size_t e5, std::size_t e6) {
  return ((((e1 * 2 + e2) * 3 + e3) * 3 + e4) * 3 + e5) * 2 + e6;
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
  for (double& a : m.available) {
    if (std::isnan(a)) {
      a = 0;
    } else {
      ++m.existing_lower;
    }
  }
  const double step = 0.1;
  m.max_severity = {kEq1MaxSeverity[e1] * step, kEq2MaxSeverity[e2] * step,
                    kEq3Eq6MaxSeverity[e3][e6] * step, kEq4MaxSeverity[e4] * step};
  return m;
}

struct Tables {
  ValueLevels values;
  std::array<EqPart, std::size_t{4} * 3 * 3> eq1;                 // AV, PR, UI
  std::array<EqPart, std::size_t{2} * 2> eq2;                     // AC, AT
  std::array<EqPart, std::size_t{3} * 3 * 3 * 3 * 3 * 3> eq3eq6;  // VC, VI, VA, CR, IR, AR
  std::array<EqPart, std::size_t{3} * 4 * 4> eq4;                 // SC (H L N), SI, SA (S H L N)
  std::array<MacroVector, std::size_t{3} * 2 * 3 * 3 * 3 * 2> macros;
};

void build_eq1(Tables& t) {
  for (std::uint8_t av = 0; av < 4; ++av)
    for (std::uint8_t pr = 0; pr < 3; ++pr)
      for (std::uint8_t ui = 0; ui < 3; ++ui) {
        EqPart& p = t.eq1[(av * 3u + pr) * 3u + ui];
        if (av == 0 && pr == 0 && ui == 0) {
          p.level = 0;
        } else if ((av == 0 || pr == 0 || ui == 0) && av != 3) {
          p.level = 1;
        } else {
          p.level = 2;
        }
        find_max<3>(p, {av, pr, ui}, kEq1Max, {lAV, lPR, lUI},
                    [&](const auto& c) { return c.level == p.level; });
      }
}

void build_eq2(Tables& t) {
  for (std::uint8_t ac = 0; ac < 2; ++ac)
    for (std::uint8_t at = 0; at < 2; ++at) {
      EqPart& p = t.eq2[ac * 2u + at];
      p.level = ac == 0 && at == 0 ? 0 : 1;
      find_max<2>(p, {ac, at}, kEq2Max, {lAC, lAT},
                  [&](const auto& c) { return c.level == p.level; });
    }
}

void build_eq3eq6(Tables& t) {
  for (std::size_t i = 0; i < t.eq3eq6.size(); ++i) {
    std::array<std::uint8_t, 6> l{};
    for (std::size_t k = 0, rest = i; k < 6; ++k, rest /= 3) l[5 - k] = rest % 3;
    auto [vc, vi, va, cr, ir, ar] = l;
    EqPart& p = t.eq3eq6[i];
    if (vc == 0 && vi == 0) {
      p.level = 0;
    } else if (vc == 0 || vi == 0 || va == 0) {
      p.level = 1;
    } else {
      p.level = 2;
    }
    p.eq6 = (cr == 0 && vc == 0) || (ir == 0 && vi == 0) || (ar == 0 && va == 0) ? 0 : 1;
    find_max<6>(p, l, kEq3Eq6Max, {lVC, lVI, lVA, lCR, lIR, lAR},
                [&](const auto& c) { return c.eq3 == p.level && c.eq6 == p.eq6; });
  }
}

void build_eq4(Tables& t) {
  for (std::uint8_t sc = 1; sc < 4; ++sc)
    for (std::uint8_t si = 0; si < 4; ++si)
      for (std::uint8_t sa = 0; sa < 4; ++sa) {
        EqPart& p = t.eq4[((sc - 1u) * 4u + si) * 4u + sa];
        if (si == 0 || sa == 0) {
          p.level = 0;
        } else if (sc == 1 || si == 1 || sa == 1) {
          p.level = 1;
        } else {
          p.level = 2;
        }
        find_max<3>(p, {sc, si, sa}, kEq4Max, {lSC, lSI, lSA},
                    [&](const auto& c) { return c.level == p.level; });
      }
}

const Tables& tables() {
  static const Tables built = [] {
    Tables t;
    t.values = build_value_levels();
    build_eq1(t);
    build_eq2(t);
    build_eq3eq6(t);
    build_eq4(t);
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

// The effective level of each metric the score reads: the modified value when given, else the
// base value. Branch-free: which metrics a vector carries is unpredictable.
Levels effective_levels(const CvssMetricValues& metrics, const ValueLevels& values) {
  Levels out{};
  for (std::size_t l = 0; l < kLevels; ++l) {
    auto slot = [&](Metric m) { return static_cast<std::uint8_t>(metrics.index[m] + 1); };
    std::uint8_t modified = values.modified[l][slot(kSources[l].modified)];
    std::uint8_t base = values.base[l][slot(kSources[l].base)];
    out[l] = modified == kDefer ? base : modified;
  }
  return out;
}

// Math.round of JavaScript: the nearest integer, halves toward +infinity.
double js_round(double x) {
  double r = std::floor(x);
  return x - r >= 0.5 ? r + 1 : r;
}

}  // namespace

int score_cvss4(const Cvss4Vector& vector) {
  const Tables& t = tables();
  Levels lv = effective_levels(vector.metrics, t.values);
  // No impact on the vulnerable or subsequent system, after the modified metrics: 0.0.
  if (lv[lVC] == 2 && lv[lVI] == 2 && lv[lVA] == 2 && lv[lSC] == 3 && lv[lSI] == 3 &&
      lv[lSA] == 3) {
    return 0;
  }
  const EqPart& eq1 = t.eq1[(lv[lAV] * 3u + lv[lPR]) * 3u + lv[lUI]];
  const EqPart& eq2 = t.eq2[lv[lAC] * 2u + lv[lAT]];
  const EqPart& eq3eq6 =
      t.eq3eq6[((((lv[lVC] * 3u + lv[lVI]) * 3u + lv[lVA]) * 3u + lv[lCR]) * 3u + lv[lIR]) * 3u +
               lv[lAR]];
  const EqPart& eq4 = t.eq4[((lv[lSC] - 1u) * 4u + lv[lSI]) * 4u + lv[lSA]];
  const MacroVector& m =
      t.macros[macro_index(eq1.level, eq2.level, eq3eq6.level, eq4.level, lv[lE], eq3eq6.eq6)];

  bool first = eq1.has_max && eq2.has_max && eq3eq6.has_max && eq4.has_max;
  const double current[4] = {first ? eq1.distance_first : eq1.distance_last,
                             first ? eq2.distance_first : eq2.distance_last,
                             first ? eq3eq6.distance_first : eq3eq6.distance_last,
                             first ? eq4.distance_first : eq4.distance_last};
  // An EQ without a lower MacroVector contributes 0 (its `available` is stored as 0, and a
  // product of 0 adds nothing to the sum even when it is -0.0). EQ5's proportion is always 0.
  double normalized[5];
  for (std::size_t eq = 0; eq < 4; ++eq) {
    normalized[eq] = m.available[eq] * (current[eq] / m.max_severity[eq]);
  }
  normalized[4] = m.available[4] * 0.0;
  double mean = 0;
  if (m.existing_lower > 0) {
    mean = (normalized[0] + normalized[1] + normalized[2] + normalized[3] + normalized[4]) /
           m.existing_lower;
  }
  double adjusted = m.value - mean;
  if (adjusted < 0) adjusted = 0.0;
  if (adjusted > 10) adjusted = 10.0;
  // The upstream calculator's correction: 1e-6 before rounding half up (docs/cvss.md).
  return static_cast<int>(js_round((adjusted + 1e-6) * 10));
}

}  // namespace embargo::scoring
