// One entry point for a CVSS vector of any supported version, for the CLI, the API and the
// report form: detects the version, validates, scores and normalises.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "scoring/cvss_metrics.h"
#include "scoring/cvss_version.h"

namespace embargo::scoring {

// What a triager sees for a vector. `score_tenths` is the vector's score: for 4.0 the one score
// its nomenclature names; for 3.x and 2.0 the environmental score when the vector defines an
// environmental metric, else the temporal score when it defines a temporal one, else the base.
struct CvssAssessment {
  CvssVersion version = CvssVersion::k4_0;
  int score_tenths = 0;
  CvssRating rating = CvssRating::kNone;
  // 4.0: "CVSS-B", "CVSS-BT", "CVSS-BE", "CVSS-BTE"; 3.x and 2.0: "Base", "Temporal",
  // "Environmental" (which of the three scores `score_tenths` is).
  std::string nomenclature;
  std::string normalized;
  // Accepted but worth saying: metrics out of the specification's order.
  std::vector<std::string> warnings;
  // The base score (4.0: the CVSS-B score of the base metrics alone).
  int base_tenths = 0;
  // 3.x and 2.0, when the vector defines such metrics.
  std::optional<int> temporal_tenths;
  std::optional<int> environmental_tenths;
};

// "CVSS:4.0/...", "CVSS:3.1/...", "CVSS:3.0/..." or a 2.0 vector ("AV:N/AC:L/Au:N/...").
std::variant<CvssAssessment, CvssError> assess_cvss(std::string_view vector);

}  // namespace embargo::scoring
