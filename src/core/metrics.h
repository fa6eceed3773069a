#pragma once

#include <date/date.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calendar.h"
#include "core/policy.h"
#include "core/report.h"
#include "core/sla.h"
#include "core/time.h"

namespace embargo {

// The stretch of time a program dashboard looks at: reports received at or after `from` and
// before `to`. Every figure of the dashboard is about these reports, wherever they are now.
struct Period {
  Time from{};
  Time to{};
};

// How well one promise (acknowledge, triage, status updates, resolution, disclosure) was kept for
// the period's reports that it applies to, as the report's SLA clock stands at `now`
// (core/sla.h); the status-update promise over the report's whole life instead
// (core/sla_history.h), as its clock restarts with every word. Each such report is in exactly
// one count.
struct Compliance {
  ClockKind promise = ClockKind::acknowledge;
  bool promised = true;  // false: the team's internal target (policy [targets]), not a promise
  int met = 0;           // done by its due time
  int missed = 0;        // done after its due time
  int overdue = 0;       // not done, and past its due time: missed so far
  int running = 0;       // not done and not yet due
  int paused = 0;        // not done, stopped while the team waits on the reporter's answer
  int stopped = 0;       // the report closed before it was done: the promise no longer applies

  // The reports whose outcome is known: met, missed, and overdue (which can no longer be met).
  int decided() const { return met + missed + overdue; }
  // met / decided, between 0 and 1; absent when nothing is decided yet.
  std::optional<double> share_met() const;
};

// How long the period's reports took from receipt to one milestone (core/milestones.h), in
// elapsed seconds (waiting on the reporter included). Only the reports that reached it count.
struct Timing {
  enum class Milestone { acknowledged, triaged, fixed };

  Milestone milestone = Milestone::acknowledged;
  int count = 0;                       // reports that reached the milestone
  std::optional<std::int64_t> median;  // nearest-rank 50th percentile; absent when count is 0
  std::optional<std::int64_t> p90;     // nearest-rank 90th percentile; absent when count is 0
};

// "acknowledged", "triaged", "fixed".
std::string_view to_string(Timing::Milestone m);

// One bar of a breakdown: a state name, a severity name or "unrated", a month "2026-01".
struct Tally {
  std::string label;
  int count = 0;
};

// Everything the program dashboard shows for one period.
struct ProgramMetrics {
  Period period;
  int reports = 0;  // received in the period
  // acknowledge, triage, status_update, resolution, disclosure: those the policy makes
  std::vector<Compliance> compliance;
  std::vector<Timing> timings;     // acknowledged, triaged, fixed
  std::vector<Tally> by_state;     // every state, in the state table's order
  std::vector<Tally> by_severity;  // low, medium, high, critical, then "unrated"
  std::vector<Tally> by_month;     // every local month the period touches, oldest first
};

// The dashboard of a program over `period`, built one report at a time, so that a period of a
// hundred thousand reports is never held in memory at once: only what the figures need stays
// (the counts, and one number per report and milestone for the percentiles). Every running
// clock is judged at `now`; reports received outside the period are ignored; months are those
// of the policy's calendar time zone. The constructor throws Refusal (field "period") when the
// period does not end after it begins, and the calendar's Refusal when the policy's calendar is
// invalid. The tally reads `policy` until its result is taken: the policy must outlive it.
class MetricsTally {
 public:
  MetricsTally(const Policy& policy, const Period& period, Time now);

  void add(const Report& report);
  ProgramMetrics result() const;

 private:
  const Policy& policy_;
  Period period_;
  Time now_;
  BusinessCalendar calendar_;
  date::year_month first_month_;
  bool status_updates_measured_ = false;
  ProgramMetrics metrics_;
  std::vector<std::vector<std::int64_t>> seconds_;  // per milestone, to reach it from receipt
};

// The dashboard of a program over `period` from its reports (MetricsTally over each of them).
ProgramMetrics program_metrics(const std::vector<Report>& reports, const Policy& policy,
                               const Period& period, Time now);

// The nearest-rank percentile (`percent` in 1..100) of `values`: the smallest value that at
// least `percent`% of the values are not above, i.e. the ceil(percent/100 * n)-th smallest. The
// median is percentile 50, so of an even count it is the lower of the two middle values.
// Absent when `values` is empty.
std::optional<std::int64_t> nearest_rank_percentile(std::vector<std::int64_t> values, int percent);

}  // namespace embargo
