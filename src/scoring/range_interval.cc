#include "scoring/range_interval.h"

namespace embargo::scoring {
namespace {

std::optional<VulnerableInterval> fail(std::string* error, std::string message) {
  if (error) *error = std::move(message);
  return std::nullopt;
}

}  // namespace

std::optional<VulnerableInterval> parse_vulnerable_interval(VersionScheme scheme,
                                                            std::string_view text,
                                                            std::string* error) {
  std::optional<RangeExpression> range = parse_range_expression(scheme, text, error);
  if (!range) return std::nullopt;
  using Op = VersionConstraint::Op;
  const Version* lower = nullptr;
  const Version* upper = nullptr;
  bool upper_included = false;
  for (const VersionConstraint& c : range->constraints) {
    switch (c.op) {
      case Op::equal:
        if (range->constraints.size() != 1) {
          return fail(error, "'= " + to_string(c.version) +
                                 "' names one version: write it alone, or a range without '='");
        }
        return VulnerableInterval{to_string(c.version), "", to_string(c.version)};
      case Op::not_equal:
        return fail(error,
                    "'!=' cannot be published (OSV has no such event): split the range "
                    "around that version");
      case Op::greater:
        return fail(error,
                    "'>' cannot be published (OSV has no such event): write '>=' with the "
                    "first affected release");
      case Op::greater_equal:
        if (lower) return fail(error, "the range has two lower bounds ('>=')");
        lower = &c.version;
        break;
      case Op::less:
      case Op::less_equal:
        if (upper) return fail(error, "the range has two upper bounds ('<' or '<=')");
        upper = &c.version;
        upper_included = c.op == Op::less_equal;
        break;
    }
  }
  if (lower && upper) {
    int order = compare(*lower, *upper);
    if (order > 0 || (order == 0 && !upper_included)) {
      return fail(
          error, "the range is empty: " + to_string(*lower) + " is not below " + to_string(*upper));
    }
  }
  VulnerableInterval interval{lower ? to_string(*lower) : "0", "", ""};
  if (upper) (upper_included ? interval.last_affected : interval.fixed) = to_string(*upper);
  return interval;
}

}  // namespace embargo::scoring
