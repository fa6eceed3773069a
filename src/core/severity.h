#pragma once

#include <optional>
#include <string_view>

namespace embargo {

// The qualitative ratings CVSS and every seed policy use; resolution times, rewards and
// credit rules are keyed by them.
enum class Severity { low, medium, high, critical };

std::string_view to_string(Severity s);
// Accepts the lower-case names; nullopt for anything else.
std::optional<Severity> parse_severity(std::string_view text);

}  // namespace embargo
