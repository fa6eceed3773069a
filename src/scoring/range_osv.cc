#include "scoring/range_osv.h"

#include <algorithm>
#include <iterator>

namespace embargo::scoring {
namespace {

// Orders events by version with the "introduced: 0" sentinel first, keeping the record's order
// between events at the same version. Indices are sorted rather than the events themselves,
// which also keeps GCC 12 at -O3 from a false "may be used uninitialized" on moved variants.
OsvRange sorted(OsvRange range) {
  std::vector<std::size_t> order(range.events.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&range](std::size_t a, std::size_t b) {
    const OsvEvent& x = range.events[a];
    const OsvEvent& y = range.events[b];
    if (!y.version) return false;
    if (!x.version) return true;
    return compare(*x.version, *y.version) < 0;
  });
  OsvRange out;
  for (std::size_t i : order) out.events.push_back(std::move(range.events[i]));
  return out;
}

bool at_or_after(const Version& version, const OsvEvent& event) {
  return !event.version || compare(version, *event.version) >= 0;
}

// The schema's BeforeLimits: with no limit event every version is before the (implicit) limit.
bool before_limits(const Version& version, const OsvRange& range) {
  bool has_limit = false;
  for (const OsvEvent& event : range.events) {
    if (event.kind != OsvEventKind::limit) continue;
    has_limit = true;
    if (!at_or_after(version, event)) return true;
  }
  return !has_limit;
}

bool in_range(const Version& version, const OsvRange& range) {
  if (!before_limits(version, range)) return false;
  bool vulnerable = false;
  for (const OsvEvent& event : range.events) {
    switch (event.kind) {
      case OsvEventKind::introduced:
        if (at_or_after(version, event)) vulnerable = true;
        break;
      case OsvEventKind::fixed:
        if (at_or_after(version, event)) vulnerable = false;
        break;
      case OsvEventKind::last_affected:
        if (event.version && compare(version, *event.version) > 0) vulnerable = false;
        break;
      case OsvEventKind::limit:
        break;
    }
  }
  return vulnerable;
}

}  // namespace

std::optional<OsvEventKind> parse_osv_event_kind(std::string_view name, std::string* error) {
  if (name == "introduced") return OsvEventKind::introduced;
  if (name == "fixed") return OsvEventKind::fixed;
  if (name == "last_affected") return OsvEventKind::last_affected;
  if (name == "limit") return OsvEventKind::limit;
  if (error != nullptr) {
    *error = "unknown OSV event '" + std::string(name) +
             "' (expected introduced, fixed, last_affected or limit)";
  }
  return std::nullopt;
}

std::optional<OsvRange> parse_osv_range(VersionScheme scheme, std::span<const OsvEventText> events,
                                        std::string* error) {
  OsvRange range;
  bool has_introduced = false;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const OsvEventText& text = events[i];
    has_introduced = has_introduced || text.kind == OsvEventKind::introduced;
    if (text.kind == OsvEventKind::introduced && text.version == "0") {
      range.events.push_back({text.kind, std::nullopt});
      continue;
    }
    std::string version_error;
    auto version = parse_version(scheme, text.version, &version_error);
    if (!version) {
      if (error != nullptr) {
        *error = "event " + std::to_string(i + 1) + " ('" + text.version + "'): " + version_error;
      }
      return std::nullopt;
    }
    range.events.push_back({text.kind, std::move(*version)});
  }
  if (!has_introduced) {
    if (error != nullptr) *error = "an OSV range needs at least one \"introduced\" event";
    return std::nullopt;
  }
  return sorted(std::move(range));
}

bool affected(const Version& version, std::span<const OsvRange> ranges) {
  return std::any_of(ranges.begin(), ranges.end(),
                     [&version](const OsvRange& range) { return in_range(version, range); });
}

std::vector<Version> affected_versions(std::span<const Version> supported,
                                       std::span<const OsvRange> ranges) {
  std::vector<Version> out;
  std::copy_if(supported.begin(), supported.end(), std::back_inserter(out),
               [ranges](const Version& v) { return affected(v, ranges); });
  return out;
}

}  // namespace embargo::scoring
