// Positions of the CVSS 4.0 metrics in the generated table, shared by the parser and the scorer.
#pragma once

#include <cstddef>

#include "scoring/cvss4_tables.inc"

namespace embargo::scoring::cvss4_tables {

// clang-format off
enum Metric : std::size_t {
  AV, AC, AT, PR, UI, VC, VI, VA, SC, SI, SA,                 // base
  E,                                                          // threat
  CR, IR, AR, MAV, MAC, MAT, MPR, MUI, MVC, MVI, MVA, MSC, MSI, MSA,  // environmental
  S, AU, R, V, RE, U                                          // supplemental
};
// clang-format on
static_assert(kMetrics[AV].name == "AV" && kMetrics[SA].name == "SA" && kMetrics[E].name == "E" &&
              kMetrics[CR].name == "CR" && kMetrics[MAV].name == "MAV" &&
              kMetrics[MSA].name == "MSA" && kMetrics[S].name == "S" && kMetrics[U].name == "U" &&
              kMetrics.size() == U + 1);

}  // namespace embargo::scoring::cvss4_tables
