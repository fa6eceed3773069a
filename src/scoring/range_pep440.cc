#include "scoring/range_pep440.h"

#include <algorithm>
#include <array>
#include <utility>

#include "scoring/version_text.h"

namespace embargo::scoring {
namespace {

using Op = Pep440Specifier::Op;

// Longer spellings first, so that "<=" is not read as "<".
constexpr std::array<std::pair<std::string_view, Op>, 7> kSpecifierOperators = {{
    {"~=", Op::compatible},
    {"==", Op::equal},
    {"!=", Op::not_equal},
    {"<=", Op::less_equal},
    {">=", Op::greater_equal},
    {"<", Op::less},
    {">", Op::greater},
}};

bool is_blank(char c) { return c == ' ' || c == '\t'; }

Pep440Version public_part(Pep440Version v) {
  v.local.clear();
  return v;
}

// Epoch and release only ("base_version" in packaging).
Pep440Version base_part(const Pep440Version& v) {
  Pep440Version base;
  base.epoch = v.epoch;
  base.release = v.release;
  return base;
}

bool is_prerelease(const Pep440Version& v) { return v.pre.has_value() || v.dev.has_value(); }

bool same_base(const Pep440Version& a, const Pep440Version& b) {
  return compare(base_part(a), base_part(b)) == 0;
}

// "==E!R.*": same epoch, and the release padded with zeros starts with R (PEP 440 "Version
// matching", prefix matching); pre, post, dev and local parts of `version` do not matter.
bool prefix_matches(const Pep440Version& version, const Pep440Version& prefix) {
  if (version.epoch != prefix.epoch) return false;
  for (std::size_t i = 0; i < prefix.release.size(); ++i) {
    const std::uint64_t part = i < version.release.size() ? version.release[i] : 0;
    if (part != prefix.release[i]) return false;
  }
  return true;
}

bool equal_matches(const Pep440Version& version, const Pep440Specifier& spec) {
  if (spec.prefix) return prefix_matches(version, spec.version);
  // A specifier without a local version matches every local build of that version.
  const Pep440Version candidate = spec.version.local.empty() ? public_part(version) : version;
  return compare(candidate, spec.version) == 0;
}

bool holds(const Pep440Specifier& spec, const Pep440Version& version) {
  switch (spec.op) {
    case Op::equal:
      return equal_matches(version, spec);
    case Op::not_equal:
      return !equal_matches(version, spec);
    case Op::less_equal:
      return compare(public_part(version), spec.version) <= 0;
    case Op::greater_equal:
      return compare(public_part(version), spec.version) >= 0;
    case Op::less:
      // "<2" excludes 2.0a1: pre-releases of the specified version are not "less" (PEP 440).
      if (compare(version, spec.version) >= 0) return false;
      return is_prerelease(spec.version) || !is_prerelease(version) ||
             !same_base(version, spec.version);
    case Op::greater:
      // ">2" excludes 2.post1 and 2+local: they are the specified release, not a later one.
      if (compare(version, spec.version) <= 0) return false;
      if (!spec.version.post && version.post && same_base(version, spec.version)) return false;
      return version.local.empty() || compare(public_part(version), spec.version) != 0;
    case Op::compatible: {
      // "~=1.4.5" is ">=1.4.5, ==1.4.*": the release without its last number is the prefix.
      Pep440Version prefix = base_part(spec.version);
      prefix.release.pop_back();
      return compare(public_part(version), spec.version) >= 0 && prefix_matches(version, prefix);
    }
  }
  return false;
}

std::optional<Pep440Specifier> parse_clause(std::string_view text, std::size_t offset,
                                            std::string* error) {
  std::size_t pos = 0;
  while (pos < text.size() && is_blank(text[pos])) ++pos;
  const auto op =
      std::find_if(kSpecifierOperators.begin(), kSpecifierOperators.end(),
                   [&](const auto& entry) { return text.substr(pos).starts_with(entry.first); });
  if (op == kSpecifierOperators.end()) {
    return fail_at(error, "expected an operator (~=, ==, !=, <=, >=, <, >)", offset + pos);
  }
  pos += op->first.size();
  while (pos < text.size() && is_blank(text[pos])) ++pos;
  const std::size_t start = pos;
  std::string_view version_text = text.substr(start);
  while (!version_text.empty() && is_blank(version_text.back())) version_text.remove_suffix(1);
  Pep440Specifier spec{op->second, {}, version_text.ends_with(".*")};
  if (spec.prefix) version_text.remove_suffix(2);
  if (version_text.empty()) return fail_at(error, "expected a version", offset + start);
  std::string version_error;
  auto version = parse_pep440(version_text, &version_error);
  if (!version) {
    return fail_at(error, "invalid version (" + version_error + ")", offset + start);
  }
  spec.version = std::move(*version);
  const bool equality = spec.op == Op::equal || spec.op == Op::not_equal;
  if (spec.prefix && !equality) {
    return fail_at(error, "'.*' is only allowed with == and !=", offset + start);
  }
  if (spec.prefix &&
      (spec.version.pre || spec.version.post || spec.version.dev || !spec.version.local.empty())) {
    return fail_at(error, "'.*' must follow a release number", offset + start);
  }
  if (!spec.version.local.empty() && !equality) {
    return fail_at(error, "a local version is only allowed with == and !=", offset + start);
  }
  if (spec.op == Op::compatible && spec.version.release.size() < 2) {
    return fail_at(error, "~= needs at least two release numbers", offset + start);
  }
  return spec;
}

}  // namespace

std::optional<Pep440SpecifierSet> parse_pep440_specifiers(std::string_view text,
                                                          std::string* error) {
  if (!check_version_length(text, "PEP 440 specifier", error)) return std::nullopt;
  Pep440SpecifierSet set;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    auto spec = parse_clause(text.substr(start, comma - start), start, error);
    if (!spec) return std::nullopt;
    set.specifiers.push_back(std::move(*spec));
    if (comma == text.size()) return set;
    start = comma + 1;
  }
}

bool contains(const Pep440SpecifierSet& specifiers, const Pep440Version& version) {
  return std::all_of(specifiers.specifiers.begin(), specifiers.specifiers.end(),
                     [&version](const Pep440Specifier& spec) { return holds(spec, version); });
}

}  // namespace embargo::scoring
