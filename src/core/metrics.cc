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

Timing timing(const std::vector<const Report*>& reports, Timing::Milestone m) {
  std::vector<std::int64_t> seconds;
  for (const Report* r : reports) {
    if (auto at = reached(*r, m)) seconds.push_back((*at - r->received_at).count());
  }
  Timing t;
  t.milestone = m;
  t.count = static_cast<int>(seconds.size());
  t.median = nearest_rank_percentile(seconds, 50);
  t.p90 = nearest_rank_percentile(std::move(seconds), 90);
  return t;
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

// One tally per local month from the period's first to its last, each with its reports.
std::vector<Tally> by_month(const std::vector<const Report*>& reports, const Policy& policy,
                            const Period& period) {
  BusinessCalendar calendar(policy.calendar);
  date::year_month first = local_month(calendar, period.from);
  date::year_month last = local_month(calendar, period.to - std::chrono::seconds(1));
  std::vector<Tally> months;
  for (date::year_month m = first; m <= last; m += date::months(1)) {
    months.push_back({month_label(m), 0});
  }
  for (const Report* r : reports) {
    auto index = (local_month(calendar, r->received_at) - first).count();
    ++months[static_cast<std::size_t>(index)].count;
  }
  return months;
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

ProgramMetrics program_metrics(const std::vector<Report>& reports, const Policy& policy,
                               const Period& period, Time now) {
  if (period.to <= period.from) {
    throw invalid("period", "period: it must end after it begins (from " +
                                format_time(period.from) + " to " + format_time(period.to) + ")");
  }
  std::vector<const Report*> received;
  for (const auto& r : reports) {
    if (r.received_at >= period.from && r.received_at < period.to) received.push_back(&r);
  }

  ProgramMetrics m;
  m.period = period;
  m.reports = static_cast<int>(received.size());
  const MeasuredTimes measured = measured_times(policy);
  for (ClockKind kind : kPromises) {
    if (auto row = compliance_row(measured, kind)) m.compliance.push_back(*row);
  }
  for (const Report* r : received) {
    for (const Clock& clock : evaluate_clocks(*r, policy, now)) {
      if (clock.kind == ClockKind::status_update) continue;  // judged over the whole life below
      for (auto& c : m.compliance) {
        if (c.promise == clock.kind) count(c, clock.status);
      }
    }
    if (measured.times.status_update) {
      Clock record = status_update_record(*r, policy, now);
      for (auto& c : m.compliance) {
        if (c.promise == ClockKind::status_update) count(c, record.status);
      }
    }
  }
  for (Timing::Milestone milestone : kMilestones) m.timings.push_back(timing(received, milestone));

  for (State s : all_states()) {
    auto n = std::count_if(received.begin(), received.end(),
                           [s](const Report* r) { return r->state == s; });
    m.by_state.push_back({std::string(to_string(s)), static_cast<int>(n)});
  }
  for (Severity s : kSeverities) {
    auto n = std::count_if(received.begin(), received.end(),
                           [s](const Report* r) { return r->severity == s; });
    m.by_severity.push_back({std::string(to_string(s)), static_cast<int>(n)});
  }
  auto unrated =
      std::count_if(received.begin(), received.end(), [](const Report* r) { return !r->severity; });
  m.by_severity.push_back({"unrated", static_cast<int>(unrated)});
  m.by_month = by_month(received, policy, period);
  return m;
}

}  // namespace embargo
