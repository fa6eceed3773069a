#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/duration.h"
#include "core/policy.h"
#include "core/report.h"
#include "core/time.h"

namespace embargo {

// Adds a duration to an instant in a program's calendar (see Duration for the meaning of each
// unit). Business days start counting at the next business moment: a report received on a
// Saturday has its first business day on Monday.
Time add_duration(Time start, const Duration& d, const Calendar& calendar);

// Whether the local date of `t` is a business day in the calendar.
bool is_business_day(Time t, const Calendar& calendar);

// The promises a program makes about one report.
enum class ClockKind { acknowledge, triage, status_update, resolution, disclosure };
std::string_view to_string(ClockKind k);
std::optional<ClockKind> parse_clock_kind(std::string_view text);

struct Clock {
  enum class Status {
    pending,  // running, not yet due
    paused,   // the report waits on the reporter (needs_info)
    overdue,  // running, past due
    met,      // the promise was kept
    missed,   // done, but after the due time
    stopped,  // the report closed before this was done; the promise no longer applies
  };

  ClockKind kind;
  Duration target;
  Time started_at{};
  std::optional<Time> due_at;  // absent while paused
  std::optional<Time> done_at;
  Status status = Status::pending;
  std::int64_t paused_seconds = 0;  // time spent in needs_info since the clock started
  // A promise of the program's (shown to the reporter) or the team's internal target (the desk
  // only); see Targets.
  bool promised = true;
};
std::string_view to_string(Clock::Status s);

// Every clock of this report, promised or an internal target, evaluated at `now`: what the desk
// measures. A step with no time (no triage time, no resolution time for this severity) is absent.
std::vector<Clock> evaluate_clocks(const Report& report, const Policy& policy, Time now);

// Only the program's promises: what a reporter is shown (tracking page, tracking API, receipt).
std::vector<Clock> promised_clocks(const Report& report, const Policy& policy, Time now);

}  // namespace embargo
