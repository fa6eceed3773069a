#include "scoring/version.h"

namespace embargo::scoring {

std::optional<VersionScheme> parse_version_scheme(std::string_view name, std::string* error) {
  if (name == "semver") return VersionScheme::semver;
  if (name == "pypi" || name == "pep440") return VersionScheme::pep440;
  if (name == "generic" || name == "dotted") return VersionScheme::dotted;
  if (error != nullptr) {
    *error = "unknown version scheme '" + std::string(name) +
             "' (expected semver, pypi, pep440, generic or dotted)";
  }
  return std::nullopt;
}

std::optional<Version> parse_version(VersionScheme scheme, std::string_view text,
                                     std::string* error) {
  switch (scheme) {
    case VersionScheme::semver:
      if (auto v = parse_semver(text, error)) return Version(std::move(*v));
      return std::nullopt;
    case VersionScheme::pep440:
      if (auto v = parse_pep440(text, error)) return Version(std::move(*v));
      return std::nullopt;
    case VersionScheme::dotted:
      if (auto v = parse_dotted_version(text, error)) return Version(std::move(*v));
      return std::nullopt;
  }
  return std::nullopt;
}

int compare(const Version& a, const Version& b) {
  if (a.scheme() != b.scheme()) return a.scheme() < b.scheme() ? -1 : 1;
  return std::visit(
      [&b](const auto& x) { return compare(x, std::get<std::decay_t<decltype(x)>>(b.value())); },
      a.value());
}

std::string to_string(const Version& version) {
  return std::visit([](const auto& v) { return to_string(v); }, version.value());
}

}  // namespace embargo::scoring
