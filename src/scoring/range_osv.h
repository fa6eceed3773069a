// OSV range events (ossf.github.io/osv-schema, "affected[].ranges[].events") and the schema's
// evaluation of whether a version falls in a range.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/version.h"

namespace embargo::scoring {

enum class OsvEventKind { introduced, fixed, last_affected, limit };

// "introduced", "fixed", "last_affected" or "limit", as the OSV JSON keys are spelled.
std::optional<OsvEventKind> parse_osv_event_kind(std::string_view name, std::string* error);

// One event as written in an OSV record, before its version is parsed.
struct OsvEventText {
  OsvEventKind kind;
  std::string version;
};

// One parsed event. `version` is empty only for { "introduced": "0" }, which OSV defines as
// "before every version" (PEP 440's "0" is not the least version, so it cannot be parsed).
struct OsvEvent {
  OsvEventKind kind;
  std::optional<Version> version;
};

// The events of one range, sorted by version as the evaluation requires.
struct OsvRange {
  std::vector<OsvEvent> events;
};

// Parses every event's version in `scheme` and checks the schema's rule that a range has at
// least one "introduced" event. Errors name the event (1-based) and what is wrong with it.
std::optional<OsvRange> parse_osv_range(VersionScheme scheme, std::span<const OsvEventText> events,
                                        std::string* error);

// The schema's IncludedInRanges: true when `version` is affected by any of the ranges.
bool affected(const Version& version, std::span<const OsvRange> ranges);

// Which of a program's supported versions fall in the ranges, in the order given.
std::vector<Version> affected_versions(std::span<const Version> supported,
                                       std::span<const OsvRange> ranges);

}  // namespace embargo::scoring
