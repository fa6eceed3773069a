// The generic scheme for programs that number releases with plain dotted integers (1.2.10),
// used when a program follows neither SemVer nor PEP 440.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::scoring {

// Dotted numbers such as "1.2.10" or "v2"; any count of components.
struct DottedVersion {
  std::vector<std::uint64_t> parts;
};

// Parses "N(.N)*" with an optional leading "v" or "V". On failure returns std::nullopt and sets
// *error to what is wrong and at which character (1-based).
std::optional<DottedVersion> parse_dotted_version(std::string_view text, std::string* error);

// Component by component, numerically; missing components count as 0 (1.2 == 1.2.0).
int compare(const DottedVersion& a, const DottedVersion& b);

std::string to_string(const DottedVersion& version);

}  // namespace embargo::scoring
