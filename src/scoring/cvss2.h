// CVSS v2.0 (FIRST "A Complete Guide to the CVSS Version 2.0", section 3.2), for imported records.
#pragma once

#include <string>
#include <string_view>

#include "scoring/cvss_metrics.h"

namespace embargo::scoring {

// A parsed 2.0 vector ("AV:N/AC:L/Au:N/C:P/I:P/A:P", no prefix); metric indices follow
// cvss2_grammar()'s table (base, temporal, environmental in the guide's order).
struct Cvss2Vector {
  CvssMetricValues metrics;
};

const CvssGrammar& cvss2_grammar();

bool parse_cvss2(std::string_view text, Cvss2Vector* out, CvssError* error);

// Base, temporal and environmental scores, rounded half up to one decimal on the exact decimal
// value. `has_temporal` / `has_environmental` say whether the vector defines such a metric
// (a value other than ND).
struct Cvss2Scores {
  int base_tenths = 0;
  int temporal_tenths = 0;
  int environmental_tenths = 0;
  bool has_temporal = false;
  bool has_environmental = false;
};

Cvss2Scores score_cvss2(const Cvss2Vector& vector);

// The normalised vector: the guide's order, ND values left out.
std::string to_string(const Cvss2Vector& vector);

}  // namespace embargo::scoring
