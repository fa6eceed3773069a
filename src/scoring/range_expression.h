// GitHub-advisory-style range expressions (">= 1.2, < 1.4.3", "= 1.0.0", "< 2"): the
// "vulnerable_version_range" of GitHub security advisories and the form maintainers type.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/version.h"

namespace embargo::scoring {

// One comparison of a range expression.
struct VersionConstraint {
  enum class Op { equal, not_equal, less, less_equal, greater, greater_equal };
  Op op;
  Version version;
};

// Comma-separated constraints that must all hold.
struct RangeExpression {
  std::vector<VersionConstraint> constraints;
};

// Parses "OP VERSION[, OP VERSION]..." with OP one of = == != < <= > >=; spaces around operators
// and commas are optional. Errors say what is wrong and at which character (1-based).
std::optional<RangeExpression> parse_range_expression(VersionScheme scheme, std::string_view text,
                                                      std::string* error);

// True when `version` satisfies every constraint of the expression.
bool affected(const Version& version, const RangeExpression& range);

// True when `version` is in any of the expressions (an advisory lists one per vulnerable branch).
bool affected(const Version& version, std::span<const RangeExpression> ranges);

// Which of a program's supported versions fall in the ranges, in the order given.
std::vector<Version> affected_versions(std::span<const Version> supported,
                                       std::span<const RangeExpression> ranges);

}  // namespace embargo::scoring
