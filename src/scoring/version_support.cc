#include "scoring/version_support.h"

#include <algorithm>

namespace embargo::scoring {
namespace {

bool starts_with_operator(std::string_view text) {
  auto first = text.find_first_not_of(' ');
  return first != std::string_view::npos &&
         std::string_view("<>=!").find(text[first]) != std::string_view::npos;
}

bool is_prerelease(const Version& version) {
  return std::visit(
      [](const auto& v) {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, SemVer>) return !v.prerelease.empty();
        if constexpr (std::is_same_v<V, Pep440Version>)
          return v.pre.has_value() || v.dev.has_value();
        return false;
      },
      version.value());
}

bool contains(const VersionEntry& row, const Version& version) {
  if (const auto* exact = std::get_if<Version>(&row)) return compare(*exact, version) == 0;
  return affected(version, std::get<RangeExpression>(row));
}

}  // namespace

std::optional<VersionEntry> parse_version_entry(VersionScheme scheme, std::string_view text,
                                                std::string* error) {
  if (starts_with_operator(text)) {
    auto range = parse_range_expression(scheme, text, error);
    if (!range) return std::nullopt;
    return VersionEntry(std::move(*range));
  }
  auto version = parse_version(scheme, text, error);
  if (!version) return std::nullopt;
  return VersionEntry(std::move(*version));
}

std::string_view to_string(VersionSupport support) {
  switch (support) {
    case VersionSupport::supported:
      return "supported";
    case VersionSupport::best_effort:
      return "best_effort";
    case VersionSupport::unsupported:
      return "unsupported";
    case VersionSupport::unknown:
      return "unknown";
  }
  return "unknown";
}

VersionSupport version_support(VersionScheme scheme, std::string_view entry,
                               std::span<const SupportRow> table, PrereleaseSupport prereleases) {
  std::string error;
  auto parsed = parse_version_entry(scheme, entry, &error);
  const Version* version = parsed ? std::get_if<Version>(&*parsed) : nullptr;
  if (version == nullptr || table.empty()) return VersionSupport::unknown;
  VersionSupport answer = VersionSupport::unsupported;
  for (const auto& row : table) {
    auto rule = parse_version_entry(scheme, row.range, &error);
    if (!rule) return VersionSupport::unknown;
    if (contains(*rule, *version)) {
      answer = row.supported ? VersionSupport::supported : VersionSupport::unsupported;
      break;
    }
  }
  if (answer != VersionSupport::supported || !is_prerelease(*version)) return answer;
  switch (prereleases) {
    case PrereleaseSupport::unstated:
      return VersionSupport::unknown;
    case PrereleaseSupport::supported:
      return VersionSupport::supported;
    case PrereleaseSupport::best_effort:
      return VersionSupport::best_effort;
    case PrereleaseSupport::unsupported:
      return VersionSupport::unsupported;
  }
  return answer;
}

}  // namespace embargo::scoring
