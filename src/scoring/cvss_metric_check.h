// Scoring trusts the parser's output. A hand-built vector with a missing mandatory metric or a
// value index outside its metric's table is a programming error: refused with an exception
// rather than read out of bounds.
#pragma once

#include <span>
#include <stdexcept>
#include <string>

#include "scoring/cvss_metrics.h"

namespace embargo::scoring {

inline void check_metric_indices(std::span<const CvssMetricSpec> table,
                                 const CvssMetricValues& values) {
  for (std::size_t m = 0; m < table.size(); ++m) {
    std::uint8_t v = values.index[m];
    if (v == CvssMetricValues::kAbsent && !table[m].mandatory) continue;
    if (v >= table[m].values.size() || table[m].values[v].empty()) {
      throw std::invalid_argument("CVSS metric " + std::string(table[m].name) +
                                  " has no valid value to score");
    }
  }
}

}  // namespace embargo::scoring
