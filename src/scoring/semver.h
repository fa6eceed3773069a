// Semantic Versioning 2.0.0 (semver.org): strict parsing and the precedence of section 11.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::scoring {

// A parsed SemVer 2.0.0 version. Identifiers keep their text: numeric pre-release identifiers
// may exceed 64 bits and still compare numerically.
struct SemVer {
  std::uint64_t major = 0;
  std::uint64_t minor = 0;
  std::uint64_t patch = 0;
  std::vector<std::string> prerelease;
  std::vector<std::string> build;
};

// Parses exactly the spec's grammar (no "v" prefix, no leading zeros in numeric identifiers,
// no empty identifiers). On failure returns std::nullopt and sets *error to what is wrong and
// at which character (1-based).
std::optional<SemVer> parse_semver(std::string_view text, std::string* error);

// Precedence per section 11: negative, zero or positive; build metadata is ignored.
int compare(const SemVer& a, const SemVer& b);

// The version's text as the spec writes it, build metadata included.
std::string to_string(const SemVer& version);

}  // namespace embargo::scoring
