#include <algorithm>
#include <array>

#include "core/policy_loader_sections.h"

namespace embargo {
namespace {

constexpr std::array<Severity, 4> kSeverities = {Severity::low, Severity::medium, Severity::high,
                                                 Severity::critical};

// A duration that promises something: zero would mean "already late" for every report.
std::optional<Duration> positive_duration(const TableReader& table, std::string_view key) {
  auto d = table.duration(key);
  if (d && d->amount == 0) {
    table.error(key, "must be longer than zero");
    return std::nullopt;
  }
  return d;
}

std::string shown(const Duration& d) { return "(" + format_duration(d) + ")"; }

}  // namespace

// The rules an SLA must keep (docs/policy.md, "Rules across keys"), each reported at the later
// of the two promises: triage and status updates come no sooner than the acknowledgement, a fix
// no sooner than triage, a more severe report is never given longer than a less severe one, and
// a status update cadence longer than every fix time would leave the reporter without news.
void read_sla(const TableReader& root, Sla& sla) {
  auto table = root.table("sla", {"acknowledge", "triage", "status_update", "resolution"});
  if (!table) return;
  sla.acknowledge = positive_duration(*table, "acknowledge");
  sla.triage = positive_duration(*table, "triage");
  sla.status_update = positive_duration(*table, "status_update");

  std::map<Severity, Position> resolution_at;
  if (auto resolution = table->table("resolution", {"low", "medium", "high", "critical"})) {
    for (Severity s : kSeverities) {
      if (auto d = positive_duration(*resolution, to_string(s))) {
        sla.resolution[s] = *d;
        resolution_at[s] = resolution->position(to_string(s));
      }
    }
  }

  if (sla.acknowledge && sla.triage && surely_shorter(*sla.triage, *sla.acknowledge)) {
    table->error("triage", shown(*sla.triage) + " is shorter than sla.acknowledge " +
                               shown(*sla.acknowledge) +
                               ": a report cannot be triaged before it is acknowledged");
  }
  if (sla.acknowledge && sla.status_update &&
      surely_shorter(*sla.status_update, *sla.acknowledge)) {
    table->error("status_update",
                 shown(*sla.status_update) + " is shorter than sla.acknowledge " +
                     shown(*sla.acknowledge) +
                     ": the reporter already waits that long for the acknowledgement");
  }

  const std::optional<Duration>& first_step = sla.triage ? sla.triage : sla.acknowledge;
  const char* first_step_name = sla.triage ? "sla.triage" : "sla.acknowledge";
  std::optional<Severity> less_severe;
  for (Severity s : kSeverities) {
    const auto it = sla.resolution.find(s);
    if (it == sla.resolution.end()) continue;
    const std::string name = "sla.resolution." + std::string(to_string(s));
    if (first_step && surely_shorter(it->second, *first_step)) {
      root.diagnostics().error(resolution_at[s],
                               name + ": " + shown(it->second) + " is shorter than " +
                                   first_step_name + " " + shown(*first_step) +
                                   ": a report cannot be fixed before it is triaged");
    }
    if (less_severe) {
      const Duration& other = sla.resolution.at(*less_severe);
      if (surely_shorter(other, it->second)) {
        root.diagnostics().error(
            resolution_at[s], name + ": " + shown(it->second) + " is longer than sla.resolution." +
                                  std::string(to_string(*less_severe)) + " " + shown(other) +
                                  ": a more severe report must not wait longer for its fix");
      }
    }
    less_severe = s;
  }

  if (sla.status_update && !sla.resolution.empty()) {
    const auto longest = std::max_element(
        sla.resolution.begin(), sla.resolution.end(), [](const auto& a, const auto& b) {
          return approximate_hours(a.second) < approximate_hours(b.second);
        });
    if (surely_shorter(longest->second, *sla.status_update)) {
      table->error("status_update", shown(*sla.status_update) +
                                        " is longer than every resolution time (the longest is " +
                                        format_duration(longest->second) +
                                        "): the reporter would hear nothing before the fix is due");
    }
  }
}

// An embargo counted from the report must leave room for every promised step; counted from the
// fix it may be zero (publish with the release).
void read_disclosure(const TableReader& root, const Sla& sla, Disclosure& disclosure) {
  auto table = root.table(
      "disclosure", {"embargo", "starts", "reporter_may_verify", "advisory_channels", "steps"});
  if (!table) return;
  if (auto starts = table->choice("starts", {"report", "fix"})) {
    disclosure.starts = *starts == "fix" ? Disclosure::Start::fix : Disclosure::Start::report;
  }
  disclosure.embargo = table->duration("embargo");
  if (disclosure.embargo && disclosure.embargo->amount == 0 &&
      disclosure.starts == Disclosure::Start::report) {
    table->error("embargo",
                 "must be longer than zero when counted from the report (starts = \"report\")");
  }
  if (disclosure.embargo && disclosure.starts == Disclosure::Start::report) {
    std::vector<std::pair<std::string, Duration>> promises;
    if (sla.acknowledge) promises.emplace_back("sla.acknowledge", *sla.acknowledge);
    if (sla.triage) promises.emplace_back("sla.triage", *sla.triage);
    for (const auto& [severity, d] : sla.resolution) {
      promises.emplace_back("sla.resolution." + std::string(to_string(severity)), d);
    }
    const auto longest = std::max_element(promises.begin(), promises.end(), [](auto& a, auto& b) {
      return approximate_hours(a.second) < approximate_hours(b.second);
    });
    if (longest != promises.end() && surely_shorter(*disclosure.embargo, longest->second)) {
      table->error("embargo", "(" + format_duration(*disclosure.embargo) + ") ends before " +
                                  longest->first + " (" + format_duration(longest->second) +
                                  "): the report would be public before that promise is due");
    }
  }
  if (auto v = table->boolean("reporter_may_verify")) disclosure.reporter_may_verify = *v;
  if (auto channels = table->located_strings("advisory_channels")) {
    static constexpr std::array<std::string_view, 7> kChannels = {
        "ghsa", "osv", "cve", "csaf", "release_notes", "website", "mailing_list"};
    for (const auto& channel : *channels) {
      if (std::find(kChannels.begin(), kChannels.end(), channel.value) == kChannels.end()) {
        std::string message = "disclosure.advisory_channels: unknown channel \"" + channel.value +
                              "\", expected ghsa, osv, cve, csaf, release_notes, website or "
                              "mailing_list";
        if (auto guess = closest_match(channel.value, kChannels)) {
          message += " (did you mean \"" + std::string(*guess) + "\"?)";
        }
        root.diagnostics().error(channel.where, message);
      } else if (std::find(disclosure.advisory_channels.begin(), disclosure.advisory_channels.end(),
                           channel.value) != disclosure.advisory_channels.end()) {
        root.diagnostics().error(channel.where, "disclosure.advisory_channels: \"" + channel.value +
                                                    "\" is listed twice");
      } else {
        disclosure.advisory_channels.push_back(channel.value);
      }
    }
  }
  if (auto steps = table->strings("steps")) disclosure.steps = *steps;
}

}  // namespace embargo
