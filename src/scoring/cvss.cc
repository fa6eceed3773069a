#include "scoring/cvss.h"

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

}  // namespace

std::variant<CvssAssessment, CvssError> assess_cvss(std::string_view vector) {
  CvssError error;
  CvssAssessment a;
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
  } else if (starts_with(vector, "AV:") && vector.find("/Au:") != std::string_view::npos) {
    Cvss2Vector v;
    if (!parse_cvss2(vector, &v, &error)) return error;
    a.version = CvssVersion::k2_0;
    choose_score(score_cvss2(v), a);
    a.normalized = to_string(v);
    if (v.metrics.reordered) a.warnings.emplace_back(kReordered);
  } else if (vector.empty()) {
    return CvssError{0,
                     "empty vector: expected \"CVSS:4.0/\", \"CVSS:3.1/\" or \"CVSS:3.0/\" "
                     "followed by metrics, or a CVSS 2.0 vector"};
  } else if (starts_with(vector, "CVSS:")) {
    std::string_view version = vector.substr(5, vector.find('/') - 5);
    return CvssError{5, "unsupported CVSS version \"" + std::string(version.substr(0, 16)) +
                            "\": Embargo reads 4.0, 3.1, 3.0 and 2.0 (2.0 vectors have no prefix)"};
  } else {
    return CvssError{0,
                     "not a CVSS vector: expected the prefix \"CVSS:4.0/\", \"CVSS:3.1/\" or "
                     "\"CVSS:3.0/\", or a CVSS 2.0 vector (AV:../AC:../Au:../C:../I:../A:..)"};
  }
  a.rating = cvss_rating(a.version, a.score_tenths);
  return a;
}

}  // namespace embargo::scoring
