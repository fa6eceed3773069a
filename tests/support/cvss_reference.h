#pragma once

#include <optional>
#include <string>
#include <vector>

namespace embargo::testing {

// A score as the reference files print it ("8.6", "10.0", "-0.0", "5") in tenths.
int tenths_of(const std::string& score);

// One line of Red Hat's CVSS vector files: "VECTOR - SCORE" or "VECTOR - (s1, s2, ...)", where
// a score may be None (not computed). Fails the calling test on a line of another shape.
struct RedHatVector {
  std::string vector;
  std::vector<std::optional<int>> tenths;
};
RedHatVector parse_red_hat_line(const std::string& line);

}  // namespace embargo::testing
