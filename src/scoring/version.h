// One version type over the three schemes, so that ranges are written once for all of them.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "scoring/pep440.h"
#include "scoring/semver.h"
#include "scoring/version_dotted.h"

namespace embargo::scoring {

// How a program numbers its releases; decides parsing and ordering.
enum class VersionScheme { semver, pep440, dotted };

// "semver", "pypi" or "pep440", "generic" or "dotted" (the names the CLI and OSV ecosystems use).
std::optional<VersionScheme> parse_version_scheme(std::string_view name, std::string* error);

// A parsed version of one scheme; the alternative held always matches `scheme()`.
class Version {
 public:
  explicit Version(SemVer v) : value_(std::move(v)) {}
  explicit Version(Pep440Version v) : value_(std::move(v)) {}
  explicit Version(DottedVersion v) : value_(std::move(v)) {}

  VersionScheme scheme() const { return static_cast<VersionScheme>(value_.index()); }
  const std::variant<SemVer, Pep440Version, DottedVersion>& value() const { return value_; }

 private:
  std::variant<SemVer, Pep440Version, DottedVersion> value_;
};

std::optional<Version> parse_version(VersionScheme scheme, std::string_view text,
                                     std::string* error);

// The scheme's ordering. Versions of different schemes are not comparable: the scheme's enum
// order is used so that the result is still a consistent total order.
int compare(const Version& a, const Version& b);

std::string to_string(const Version& version);

}  // namespace embargo::scoring
