#include "scoring/cvss4.h"

#include "scoring/cvss4_metric.h"

namespace embargo::scoring {

using namespace cvss4_tables;

const CvssGrammar& cvss4_grammar() {
  static const CvssGrammar grammar("4.0", "CVSS:4.0/", kMetrics);
  return grammar;
}

bool parse_cvss4(std::string_view text, Cvss4Vector* out, CvssError* error) {
  return cvss4_grammar().parse(text, &out->metrics, error);
}

std::string_view cvss4_nomenclature(const Cvss4Vector& vector) {
  auto defined = [&](std::size_t m) {
    std::uint8_t v = vector.metrics.index[m];
    return v != CvssMetricValues::kAbsent && static_cast<int>(v) != kMetrics[m].not_defined;
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
