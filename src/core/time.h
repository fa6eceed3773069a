#pragma once

#include <chrono>
#include <string>
#include <string_view>

namespace embargo {

// Every instant Embargo stores or compares is UTC with second precision.
using Time = std::chrono::sys_seconds;

// RFC 3339 in UTC, e.g. "2026-11-23T14:05:00Z".
std::string format_time(Time t);

// Parses RFC 3339 ("2026-11-23T14:05:00Z" or with a numeric offset); throws InvalidInput.
Time parse_time(std::string_view text);

}  // namespace embargo
