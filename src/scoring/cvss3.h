// CVSS v3.0 and v3.1 (FIRST specifications, section 7): base, temporal and environmental scores.
#pragma once

#include <string>
#include <string_view>

#include "scoring/cvss_metrics.h"
#include "scoring/cvss_version.h"

namespace embargo::scoring {

// A parsed "CVSS:3.0/..." or "CVSS:3.1/..." vector; metric indices follow cvss3_grammar()'s
// table (the specification's order: base, temporal, environmental).
struct Cvss3Vector {
  CvssVersion version = CvssVersion::k3_1;
  CvssMetricValues metrics;
};

// The grammar of the given 3.x version (both share one metric table).
const CvssGrammar& cvss3_grammar(CvssVersion version);

bool parse_cvss3(std::string_view text, Cvss3Vector* out, CvssError* error);

// All three scores, each always computed: temporal with undefined temporal metrics (X) is the
// base score; environmental with every environmental metric X is computed by the environmental
// formula (in 3.1 it can differ from the base score, see docs/cvss.md). `has_temporal` and
// `has_environmental` say whether the vector defines any such metric (a value other than X).
struct Cvss3Scores {
  int base_tenths = 0;
  int temporal_tenths = 0;
  int environmental_tenths = 0;
  bool has_temporal = false;
  bool has_environmental = false;
};

// 3.1 uses the specification's float-safe Roundup; 3.0 rounds up the exact decimal value
// (its specification's "smallest number, to one decimal place, equal to or higher than").
Cvss3Scores score_cvss3(const Cvss3Vector& vector);

// The normalised vector: specification order, X values left out.
std::string to_string(const Cvss3Vector& vector);

}  // namespace embargo::scoring
