// An advisory's vulnerable range (">= 2.0, < 2.3.1") as the interval OSV records and GitHub
// advisories carry: where it starts, and the release that fixes it or the last one affected.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "scoring/range_expression.h"
#include "scoring/version.h"

namespace embargo::scoring {

// One vulnerable branch. `introduced` is "0" when the range has no lower bound (OSV: before
// every version); exactly one of `fixed` and `last_affected` is set, unless the range is open
// above (every later version is affected). Versions are written in their scheme's normal form.
struct VulnerableInterval {
  std::string introduced;
  std::string fixed;
  std::string last_affected;
};

// Parses a range in the scheme and reads it as one interval: at most one ">=" (or a single
// "=", which is the interval of that one version), at most one "<" or "<=", never both, and a
// lower bound below the upper one. ">" and "!=" have no OSV event and are refused with what to
// write instead. Errors say what is wrong, and where for a syntax error.
std::optional<VulnerableInterval> parse_vulnerable_interval(VersionScheme scheme,
                                                            std::string_view text,
                                                            std::string* error);

}  // namespace embargo::scoring
