#include "core/metrics.h"

#include <date/date.h>

#include <algorithm>
#include <cstdio>

#include "core/calendar.h"
#include "core/error.h"
#include "core/milestones.h"
#include "core/sla_history.h"

namespace embargo {
namespace {

constexpr ClockKind kPromises[] = {ClockKind::acknowledge, ClockKind::triage,
                                   ClockKind::status_update, ClockKind::resolution,
                                   ClockKind::disclosure};
constexpr Timing::Milestone kMilestones[] = {Timing::Milestone::acknowledged,
                                             Timing::Milestone::triaged, Timing::Milestone::fixed};
constexpr Severity kSeverities[] = {Severity::low, Severity::medium, Severity::high,
                                    Severity::critical};

// The dashboard row of one step, absent when the step has no time. A resolution row counts as a
// promise only when every severity's time is one.
std::optional<Compliance> compliance_row(const MeasuredTimes& m, ClockKind kind) {
  switch (kind) {
    case ClockKind::acknowledge:
      if (!m.times.acknowledge) return std::nullopt;
      return Compliance{.promise = kind, .promised = m.acknowledge_promised};
    case ClockKind::triage:
      if (!m.times.triage) return std::nullopt;
      return Compliance{.promise = kind, .promised = m.triage_promised};
    case ClockKind::resolution:
      if (m.times.resolution.empty()) return std::nullopt;
      return Compliance{
          .promise = kind,
          .promised = std::all_of(m.resolution_promised.begin(), m.resolution_promised.end(),
                                  [](const auto& p) { return p.second; })};
    case ClockKind::status_update:
      if (!m.times.status_update) return std::nullopt;
      return Compliance{.promise = kind, .promised = m.status_update_promised};
    case ClockKind::disclosure:
      if (!m.disclosure) return std::nullopt;
      return Compliance{.promise = kind, .promised = m.disclosure_promised};
  }
  return std::nullopt;
}

void count(Compliance& c, Clock::Status status) {
  switch (status) {
    case Clock::Status::met:
      ++c.met;
      break;
    case Clock::Status::missed:
      ++c.missed;
      break;
    case Clock::Status::overdue:
      ++c.overdue;
      break;
    case Clock::Status::pending:
      ++c.running;
      break;
    case Clock::Status::paused:
      ++c.paused;
      break;
    case Clock::Status::stopped:
      ++c.stopped;
      break;
  }
}

std::optional<Time> reached(const Report& report, Timing::Milestone m) {
  switch (m) {
    case Timing::Milestone::acknowledged:
      return acknowledged_at(report);
    case Timing::Milestone::triaged:
      return triaged_at(report);
    case Timing::Milestone::fixed:
      return fixed_at(report);
  }
  return std::nullopt;
}

date::year_month local_month(const BusinessCalendar& calendar, Time t) {
  date::year_month_day day{date::floor<date::days>(calendar.to_local(t))};
  return day.year() / day.month();
}

std::string month_label(date::year_month m) {
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u", static_cast<int>(m.year()),
                static_cast<unsigned>(m.month()));
  return text;
}

// A period that ends after it begins (checked before the calendar, whose refusal would hide it).
const Period& checked(const Period& period) {
  if (period.to <= period.from) {
    throw invalid("period", "period: it must end after it begins (from " +
                                format_time(period.from) + " to " + format_time(period.to) + ")");
  }
  return period;
}

}  // namespace

std::optional<double> Compliance::share_met() const {
  if (decided() == 0) return std::nullopt;
  return static_cast<double>(met) / decided();
}

std::string_view to_string(Timing::Milestone m) {
  switch (m) {
    case Timing::Milestone::acknowledged:
      return "acknowledged";
    case Timing::Milestone::triaged:
      return "triaged";
    case Timing::Milestone::fixed:
      return "fixed";
  }
  return "acknowledged";
}

std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent) {
  if (percent < 1 || percent > 100) {
    throw invalid("percent", "percent: " + std::to_string(percent) + " is not between 1 and 100");
  }
  if (values.empty()) return std::nullopt;
  std::size_t n = values.size();
  std::size_t rank = (static_cast<std::size_t>(percent) * n + 99) / 100;
  auto nth = values.begin() + static_cast<std::ptrdiff_t>(rank - 1);
  std::nth_element(values.begin(), nth, values.end());
  return *nth;
}

MetricsTally::MetricsTally(const Policy& policy, const Period& period, Time now)
    : policy_(policy),
      period_(checked(period)),
      now_(now),
      calendar_(policy.calendar),
      seconds_(std::size(kMilestones)) {
  metrics_.period = period;
  const MeasuredTimes measured = measured_times(policy);
  status_updates_measured_ = measured.times.status_update.has_value();
  for (ClockKind kind : kPromises) {
    if (auto row = compliance_row(measured, kind)) metrics_.compliance.push_back(*row);
  }
  for (State s : all_states()) metrics_.by_state.push_back({std::string(to_string(s)), 0});
  for (Severity s : kSeverities) metrics_.by_severity.push_back({std::string(to_string(s)), 0});
  metrics_.by_severity.push_back({"unrated", 0});
  first_month_ = local_month(calendar_, period.from);
  date::year_month last = local_month(calendar_, period.to - std::chrono::seconds(1));
  for (date::year_month m = first_month_; m <= last; m += date::months(1)) {
    metrics_.by_month.push_back({month_label(m), 0});
  }
}

void MetricsTally::add(const Report& r) {
  if (r.received_at < period_.from || r.received_at >= period_.to) return;
  ++metrics_.reports;
  for (const Clock& clock : evaluate_clocks(r, policy_, now_)) {
    if (clock.kind == ClockKind::status_update) continue;  // judged over the whole life below
    for (auto& c : metrics_.compliance) {
      if (c.promise == clock.kind) count(c, clock.status);
    }
  }
  if (status_updates_measured_) {
    Clock record = status_update_record(r, policy_, now_);
    for (auto& c : metrics_.compliance) {
      if (c.promise == ClockKind::status_update) count(c, record.status);
    }
  }
  for (std::size_t i = 0; i < std::size(kMilestones); ++i) {
    if (auto at = reached(r, kMilestones[i])) {
      seconds_[i].push_back((*at - r.received_at).count());
    }
  }
  auto states = all_states();
  auto state = std::find(states.begin(), states.end(), r.state);
  ++metrics_.by_state[static_cast<std::size_t>(state - states.begin())].count;
  auto severity = r.severity
                      ? std::find(std::begin(kSeverities), std::end(kSeverities), *r.severity)
                      : std::end(kSeverities);
  ++metrics_.by_severity[static_cast<std::size_t>(severity - std::begin(kSeverities))].count;
  auto month = (local_month(calendar_, r.received_at) - first_month_).count();
  ++metrics_.by_month[static_cast<std::size_t>(month)].count;
}

ProgramMetrics MetricsTally::result() const {
  ProgramMetrics m = metrics_;
  for (std::size_t i = 0; i < std::size(kMilestones); ++i) {
    Timing t;
    t.milestone = kMilestones[i];
    t.count = static_cast<int>(seconds_[i].size());
    t.median = nearest_rank_percentile(seconds_[i], 50);
    t.p90 = nearest_rank_percentile(seconds_[i], 90);
    m.timings.push_back(t);
  }
  return m;
}

ProgramMetrics program_metrics(const std::vector<Report>& reports, const Policy& policy,
                               const Period& period, Time now) {
  MetricsTally tally(policy, period, now);
  for (const auto& r : reports) tally.add(r);
  return tally.result();
}

}  // namespace embargo
