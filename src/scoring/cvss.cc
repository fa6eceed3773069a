#include "scoring/cvss.h"

#include <algorithm>
#include <optional>

#include "scoring/cvss2.h"
#include "scoring/cvss3.h"
#include "scoring/cvss4.h"

namespace embargo::scoring {
namespace {

const char* const kReordered =
    "the metrics are not in the specification's order; the normalized vector lists them in order";

CvssAssessment assess_v4(const Cvss4Vector& v) {
  CvssAssessment a;
  a.version = CvssVersion::k4_0;
  a.score_tenths = score_cvss4(v);
  a.nomenclature = cvss4_nomenclature(v);
  a.base_tenths = a.nomenclature == "CVSS-B" ? a.score_tenths : score_cvss4(base_only(v));
  a.normalized = to_string(v);
  if (v.metrics.reordered) a.warnings.emplace_back(kReordered);
  return a;
}

// 3.x and 2.0 carry three scores; the one shown is the most specific the vector defines.
template <typename Scores>
void choose_score(const Scores& s, CvssAssessment& a) {
  a.base_tenths = s.base_tenths;
  a.score_tenths = s.base_tenths;
  a.nomenclature = "Base";
  if (s.has_temporal) {
    a.temporal_tenths = s.temporal_tenths;
    a.score_tenths = s.temporal_tenths;
    a.nomenclature = "Temporal";
  }
  if (s.has_environmental) {
    a.environmental_tenths = s.environmental_tenths;
    a.score_tenths = s.environmental_tenths;
    a.nomenclature = "Environmental";
  }
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// Why a text with "CVSS:" is not a vector we read: a known version without its "/", or a
// version we do not read.
CvssError refuse_prefix(std::string_view vector) {
  std::size_t end = std::min(vector.find('/'), vector.size());
  std::string_view version = vector.substr(5, end - 5);
  for (std::string_view known : {"4.0", "3.1", "3.0"}) {
    if (version.starts_with(known)) {
      std::string_view rest = vector.substr(5 + known.size());
      return CvssError{5 + known.size(),
                       "expected \"/\" after \"CVSS:" + std::string(known) + "\"" +
                           (rest.empty() ? "" : ", found " + quote_for_message(rest))};
    }
  }
  return CvssError{5, "unsupported CVSS version " + quote_for_message(version) +
                          ": Embargo reads 4.0, 3.1, 3.0 and 2.0 (2.0 vectors have no prefix)"};
}

// A text without a prefix is read as CVSS 2.0, whose vectors have none, unless it carries a
// metric only later versions have: then the prefix was forgotten, and saying so is the useful
// error.
std::optional<CvssError> refuse_missing_prefix(std::string_view vector) {
  auto has = [&](std::string_view metric) {
    return vector.starts_with(metric) ||
           vector.find("/" + std::string(metric)) != std::string_view::npos;
  };
  if (has("AT:") || has("VC:") || has("SC:")) {
    return CvssError{0, "a CVSS 4.0 vector needs the prefix \"CVSS:4.0/\""};
  }
  if (has("S:") || has("PR:") || has("UI:")) {
    return CvssError{0, "a CVSS 3.x vector needs the prefix \"CVSS:3.1/\" or \"CVSS:3.0/\""};
  }
  return std::nullopt;
}

}  // namespace

std::variant<CvssAssessment, CvssError> assess_cvss(std::string_view vector) {
  CvssError error;
  CvssAssessment a;
  if (vector.empty()) {
    return CvssError{0,
                     "empty vector: expected \"CVSS:4.0/\", \"CVSS:3.1/\" or \"CVSS:3.0/\" "
                     "followed by metrics, or a CVSS 2.0 vector"};
  }
  if (starts_with(vector, "CVSS:4.0/")) {
    Cvss4Vector v;
    if (!parse_cvss4(vector, &v, &error)) return error;
    a = assess_v4(v);
  } else if (starts_with(vector, "CVSS:3.1/") || starts_with(vector, "CVSS:3.0/")) {
    Cvss3Vector v;
    if (!parse_cvss3(vector, &v, &error)) return error;
    a.version = v.version;
    choose_score(score_cvss3(v), a);
    a.normalized = to_string(v);
    if (v.metrics.reordered) a.warnings.emplace_back(kReordered);
  } else if (starts_with(vector, "CVSS:")) {
    return refuse_prefix(vector);
  } else if (vector.find(':') == std::string_view::npos) {
    return CvssError{0,
                     "not a CVSS vector: expected the prefix \"CVSS:4.0/\", \"CVSS:3.1/\" or "
                     "\"CVSS:3.0/\", or a CVSS 2.0 vector (AV:../AC:../Au:../C:../I:../A:..)"};
  } else if (auto missing = refuse_missing_prefix(vector)) {
    return *missing;
  } else {
    Cvss2Vector v;
    if (!parse_cvss2(vector, &v, &error)) return error;
    a.version = CvssVersion::k2_0;
    choose_score(score_cvss2(v), a);
    a.normalized = to_string(v);
    if (v.metrics.reordered) a.warnings.emplace_back(kReordered);
  }
  a.rating = cvss_rating(a.version, a.score_tenths);
  return a;
}

}  // namespace embargo::scoring
