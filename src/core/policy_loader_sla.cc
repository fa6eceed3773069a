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

// Reads the keys [sla] and [targets] share into `times`; the steps go to `steps` unless the other
// table already timed them (a step has a promise or a target, never both).
void read_times(const TableReader& table, Sla& times, TimedSteps& steps) {
  auto step = [](const TableReader& from, std::string_view key, std::optional<Duration>& into,
                 std::optional<TimedStep>& timed) {
    into = positive_duration(from, key);
    if (!into) return;
    if (timed) {
      from.error(key, "this step already has a time in " + timed->name + " (" +
                          format_duration(timed->time) +
                          "); a step is either promised in [sla] or an internal target in "
                          "[targets], not both");
      return;
    }
    timed = TimedStep{*into, from.path_of(key), from.position(key)};
  };
  step(table, "acknowledge", times.acknowledge, steps.acknowledge);
  step(table, "triage", times.triage, steps.triage);
  if (auto starts = table.choice("triage_starts", {"report", "acknowledgement"})) {
    if (!times.triage) table.error("triage_starts", "needs a triage time in the same table");
    if (*starts == "acknowledgement") {
      times.triage_starts = Sla::TriageStart::acknowledgement;
      if (times.triage) steps.triage_from_acknowledgement = true;
    }
  }
  step(table, "status_update", times.status_update, steps.status_update);
  if (auto repeats = table.boolean("status_update_repeats")) {
    if (!times.status_update) {
      table.error("status_update_repeats", "needs a status_update time in the same table");
    }
    times.status_update_repeats = *repeats;
  }
  if (auto resolution = table.table("resolution", {"low", "medium", "high", "critical"})) {
    for (Severity s : kSeverities) {
      std::optional<TimedStep> timed;
      if (auto found = steps.resolution.find(s); found != steps.resolution.end()) {
        timed = found->second;
      }
      const bool had = timed.has_value();
      std::optional<Duration> d;
      step(*resolution, to_string(s), d, timed);
      if (d) times.resolution[s] = *d;
      if (timed && !had) steps.resolution[s] = *timed;
    }
  }
}

// The rules the times must keep together (docs/policy.md, "Rules across keys"), whether each
// time is a promise or a target, each reported at the later of the two: triage and status
// updates come no sooner than the acknowledgement, a fix no sooner than triage, a more severe
// report is never given longer than a less severe one, and a status update cadence longer than
// every fix time would leave the reporter without news.
void check_order(Diagnostics& diagnostics, const TimedSteps& steps) {
  auto report = [&](const TimedStep& at, const std::string& message) {
    diagnostics.error(at.where, at.name + ": " + message);
  };
  const auto& ack = steps.acknowledge;
  if (ack && steps.triage && !steps.triage_from_acknowledgement &&
      surely_shorter(steps.triage->time, ack->time)) {
    report(*steps.triage, shown(steps.triage->time) + " is shorter than " + ack->name + " " +
                              shown(ack->time) +
                              ": a report cannot be triaged before it is acknowledged");
  }
  if (ack && steps.status_update && surely_shorter(steps.status_update->time, ack->time)) {
    report(*steps.status_update,
           shown(steps.status_update->time) + " is shorter than " + ack->name + " " +
               shown(ack->time) + ": the reporter already waits that long for the acknowledgement");
  }

  const std::optional<TimedStep>& first_step =
      steps.triage && !steps.triage_from_acknowledgement ? steps.triage : ack;
  std::optional<Severity> less_severe;
  for (Severity s : kSeverities) {
    const auto it = steps.resolution.find(s);
    if (it == steps.resolution.end()) continue;
    const TimedStep& fix = it->second;
    if (first_step && surely_shorter(fix.time, first_step->time)) {
      report(fix, shown(fix.time) + " is shorter than " + first_step->name + " " +
                      shown(first_step->time) + ": a report cannot be fixed before it is triaged");
    }
    if (less_severe) {
      const TimedStep& other = steps.resolution.at(*less_severe);
      if (surely_shorter(other.time, fix.time)) {
        report(fix, shown(fix.time) + " is longer than " + other.name + " " + shown(other.time) +
                        ": a more severe report must not wait longer for its fix");
      }
    }
    less_severe = s;
  }

  if (steps.status_update && !steps.resolution.empty()) {
    const auto longest = std::max_element(
        steps.resolution.begin(), steps.resolution.end(), [](const auto& a, const auto& b) {
          return approximate_hours(a.second.time) < approximate_hours(b.second.time);
        });
    if (surely_shorter(longest->second.time, steps.status_update->time)) {
      report(*steps.status_update, shown(steps.status_update->time) +
                                       " is longer than every resolution time (the longest is " +
                                       format_duration(longest->second.time) +
                                       "): the reporter would hear nothing before the fix is due");
    }
  }
}

}  // namespace

TimedSteps read_sla(const TableReader& root, Sla& sla, Targets& targets) {
  TimedSteps steps;
  if (auto table = root.table("sla", {"acknowledge", "triage", "triage_starts", "status_update",
                                      "status_update_repeats", "resolution"})) {
    read_times(*table, sla, steps);
  }
  if (auto table = root.table("targets", {"acknowledge", "triage", "triage_starts", "status_update",
                                          "status_update_repeats", "resolution", "disclosure"})) {
    read_times(*table, targets.times, steps);
    targets.disclosure = table->duration("disclosure");
    if (targets.disclosure) {
      steps.disclosure = TimedStep{*targets.disclosure, table->path_of("disclosure"),
                                   table->position("disclosure")};
    }
  }
  check_order(root.diagnostics(), steps);
  return steps;
}

// An embargo counted from the report must leave room for every promised step; counted from the
// fix it may be zero (publish with the release).
// An embargo (promised in [disclosure] or an internal target in [targets]) counted from the
// report must be above zero and leave room for every timed step; counted from the fix it may be
// zero (publish with the release). The targets table is read before this, so `steps` carries
// the internal disclosure target.
void read_disclosure(const TableReader& root, const TimedSteps& steps, Disclosure& disclosure) {
  std::optional<TimedStep> embargo = steps.disclosure;
  std::optional<TableReader> table = root.table(
      "disclosure", {"embargo", "starts", "reporter_may_verify", "advisory_channels", "steps"});
  if (table) {
    if (auto starts = table->choice("starts", {"report", "fix"})) {
      disclosure.starts = *starts == "fix" ? Disclosure::Start::fix : Disclosure::Start::report;
    }
    disclosure.embargo = table->duration("embargo");
    if (disclosure.embargo && embargo) {
      root.diagnostics().error(embargo->where,
                               embargo->name + ": disclosure.embargo already promises " +
                                   shown(*disclosure.embargo) +
                                   "; a step is either promised or an internal target, not both");
    } else if (disclosure.embargo) {
      embargo = TimedStep{*disclosure.embargo, "disclosure.embargo", table->position("embargo")};
    }
  }
  auto report = [&](const std::string& message) {
    root.diagnostics().error(embargo->where, embargo->name + ": " + message);
  };
  if (embargo && disclosure.starts == Disclosure::Start::report) {
    if (embargo->time.amount == 0) {
      report("must be longer than zero when counted from the report (starts = \"report\")");
    }
    std::vector<const TimedStep*> before;
    if (steps.acknowledge) before.push_back(&*steps.acknowledge);
    if (steps.triage) before.push_back(&*steps.triage);
    for (const auto& [severity, step] : steps.resolution) before.push_back(&step);
    const auto longest = std::max_element(before.begin(), before.end(), [](auto* a, auto* b) {
      return approximate_hours(a->time) < approximate_hours(b->time);
    });
    if (longest != before.end() && surely_shorter(embargo->time, (*longest)->time)) {
      report(shown(embargo->time) + " ends before " + (*longest)->name + " " +
             shown((*longest)->time) + ": the report would be public before that step is due");
    }
  }
  if (!table) return;
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
