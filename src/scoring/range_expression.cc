#include "scoring/range_expression.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <utility>

#include "scoring/version_text.h"

namespace embargo::scoring {
namespace {

// Longer spellings first, so that "<=" is not read as "<" followed by "=".
constexpr std::array<std::pair<std::string_view, VersionConstraint::Op>, 7> kConstraintOperators = {
    {
        {"==", VersionConstraint::Op::equal},
        {"!=", VersionConstraint::Op::not_equal},
        {"<=", VersionConstraint::Op::less_equal},
        {">=", VersionConstraint::Op::greater_equal},
        {"=", VersionConstraint::Op::equal},
        {"<", VersionConstraint::Op::less},
        {">", VersionConstraint::Op::greater},
    }};

void skip_spaces(std::string_view text, std::size_t* pos) {
  while (*pos < text.size() && text[*pos] == ' ') ++*pos;
}

bool holds(const VersionConstraint& constraint, const Version& version) {
  const int c = compare(version, constraint.version);
  switch (constraint.op) {
    case VersionConstraint::Op::equal:
      return c == 0;
    case VersionConstraint::Op::not_equal:
      return c != 0;
    case VersionConstraint::Op::less:
      return c < 0;
    case VersionConstraint::Op::less_equal:
      return c <= 0;
    case VersionConstraint::Op::greater:
      return c > 0;
    case VersionConstraint::Op::greater_equal:
      return c >= 0;
  }
  return false;
}

}  // namespace

std::optional<RangeExpression> parse_range_expression(VersionScheme scheme, std::string_view text,
                                                      std::string* error) {
  if (!check_version_length(text, "range expression", error)) return std::nullopt;
  RangeExpression range;
  std::size_t pos = 0;
  while (true) {
    skip_spaces(text, &pos);
    const auto op =
        std::find_if(kConstraintOperators.begin(), kConstraintOperators.end(),
                     [&](const auto& entry) { return text.substr(pos).starts_with(entry.first); });
    if (op == kConstraintOperators.end()) {
      return fail_at(error, "expected an operator (=, ==, !=, <, <=, >, >=)", pos);
    }
    pos += op->first.size();
    skip_spaces(text, &pos);
    const std::size_t start = pos;
    while (pos < text.size() && text[pos] != ',' && text[pos] != ' ') ++pos;
    if (pos == start) return fail_at(error, "expected a version", start);
    std::string version_error;
    auto version = parse_version(scheme, text.substr(start, pos - start), &version_error);
    if (!version) {
      return fail_at(error, "invalid version (" + version_error + ")", start);
    }
    range.constraints.push_back({op->second, std::move(*version)});
    skip_spaces(text, &pos);
    if (pos == text.size()) return range;
    if (text[pos] != ',') return fail_at(error, "expected ',' between constraints", pos);
    ++pos;
  }
}

bool affected(const Version& version, const RangeExpression& range) {
  return std::all_of(range.constraints.begin(), range.constraints.end(),
                     [&version](const VersionConstraint& c) { return holds(c, version); });
}

bool affected(const Version& version, std::span<const RangeExpression> ranges) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&version](const RangeExpression& range) { return affected(version, range); });
}

std::vector<Version> affected_versions(std::span<const Version> supported,
                                       std::span<const RangeExpression> ranges) {
  std::vector<Version> out;
  std::copy_if(supported.begin(), supported.end(), std::back_inserter(out),
               [ranges](const Version& v) { return affected(v, ranges); });
  return out;
}

}  // namespace embargo::scoring
