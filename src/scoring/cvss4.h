// CVSS v4.0 (FIRST specification, section 8): the score of a vector as the reference calculator
// computes it, from MacroVectors, the lookup table and severity-distance interpolation.
#pragma once

#include <string>
#include <string_view>

#include "scoring/cvss_metrics.h"

namespace embargo::scoring {

// A parsed "CVSS:4.0/..." vector; metric indices follow cvss4_grammar()'s table, which is the
// reference calculator's order and values (metrics.json): base, threat, environmental,
// supplemental.
struct Cvss4Vector {
  CvssMetricValues metrics;
};

const CvssGrammar& cvss4_grammar();

bool parse_cvss4(std::string_view text, Cvss4Vector* out, CvssError* error);

// The score in tenths, exactly as the reference calculator (RedHatProductSecurity
// cvss-v4-calculator, with its 1e-6 correction before rounding half up).
int score_cvss4(const Cvss4Vector& vector);

// "CVSS-B", "CVSS-BT", "CVSS-BE" or "CVSS-BTE": which metric groups the score reflects.
std::string_view cvss4_nomenclature(const Cvss4Vector& vector);

// The same vector with only its base metrics: its score is the CVSS-B score.
Cvss4Vector base_only(const Cvss4Vector& vector);

// The normalised vector: specification order, X values left out.
std::string to_string(const Cvss4Vector& vector);

}  // namespace embargo::scoring
