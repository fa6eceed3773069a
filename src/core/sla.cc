#include "core/sla.h"

#include <algorithm>
#include <optional>
#include <vector>

#include "core/advisory.h"
#include "core/calendar.h"
#include "core/milestones.h"
#include "core/sla_history.h"

namespace embargo {
namespace {

// A stretch of time the report spent in needs_info; `end` is absent while it still waits.
struct Pause {
  Time begin;
  std::optional<Time> end;
};

std::vector<Pause> pauses_of(const Report& report) {
  std::vector<Pause> pauses;
  for (const auto& t : report.history) {
    if (pauses_clocks(t.from) && !pauses.empty() && !pauses.back().end) pauses.back().end = t.at;
    if (pauses_clocks(t.to)) pauses.push_back({t.at, std::nullopt});
  }
  return pauses;
}

// What every clock of one report shares: its calendar, its pauses and where it stands now.
struct Context {
  const BusinessCalendar& calendar;
  std::vector<Pause> pauses;
  State state;
  Time closed_at;  // when the report entered its current state, if that state is closed
  Time now;
};

// Seconds spent paused between `start` and `end`.
std::int64_t paused_between(const Context& ctx, Time start, Time end) {
  std::int64_t total = 0;
  for (const auto& p : ctx.pauses) {
    Time begin = std::max(p.begin, start);
    Time finish = std::min(p.end.value_or(end), end);
    if (finish > begin) total += (finish - begin).count();
  }
  return total;
}

// The instant the clock's running time reaches its target, counting only the time outside the
// pauses that began before `end` (pauses after the clock ended do not move its due time).
// Absent when a pause that began before `end` has not ended.
std::optional<Time> due_time(const Context& ctx, const Duration& target, Time start, Time end) {
  std::int64_t remaining = unit_seconds(target);
  Time cursor = start;
  for (const auto& p : ctx.pauses) {
    if (p.begin >= end || (p.end && *p.end <= start)) continue;
    Time pause_begin = std::max(p.begin, start);
    if (pause_begin > cursor) {
      std::int64_t running = ctx.calendar.measure(cursor, pause_begin, target.unit);
      if (remaining <= running) return ctx.calendar.advance(cursor, remaining, target.unit);
      remaining -= running;
    }
    if (!p.end) return std::nullopt;
    cursor = std::max(cursor, *p.end);
  }
  return ctx.calendar.advance(cursor, remaining, target.unit);
}

Clock make_clock(const Context& ctx, ClockKind kind, const Duration& target, Time start,
                 std::optional<Time> done) {
  Clock clock;
  clock.kind = kind;
  clock.target = target;
  clock.started_at = start;
  clock.done_at = done;
  if (done) {
    clock.paused_seconds = paused_between(ctx, start, *done);
    clock.due_at = due_time(ctx, target, start, *done);
    clock.status =
        clock.due_at && *done <= *clock.due_at ? Clock::Status::met : Clock::Status::missed;
  } else if (is_closed(ctx.state)) {
    clock.paused_seconds = paused_between(ctx, start, ctx.closed_at);
    clock.due_at = due_time(ctx, target, start, ctx.closed_at);
    clock.status = Clock::Status::stopped;
  } else if (pauses_clocks(ctx.state)) {
    clock.paused_seconds = paused_between(ctx, start, ctx.now);
    clock.status = Clock::Status::paused;
  } else {
    clock.paused_seconds = paused_between(ctx, start, ctx.now);
    clock.due_at = due_time(ctx, target, start, ctx.now);
    clock.status =
        clock.due_at && ctx.now > *clock.due_at ? Clock::Status::overdue : Clock::Status::pending;
  }
  return clock;
}

// When the fix reached the public, as far as the report tells. Embargo publishes an advisory as
// the fix's release, so a report disclosed by a publication was released at that instant; for
// any other report the fix that stands is the best knowledge.
std::optional<Time> fix_released_at(const Report& report) {
  for (const auto& t : report.history) {
    if (t.to == State::disclosed && published_advisory_of(t.reason)) return t.at;
  }
  return fixed_at(report);
}

std::optional<Time> disclosed_at(const Report& report) {
  for (const auto& t : report.history) {
    if (t.to == State::disclosed) return t.at;
  }
  return std::nullopt;
}

// Every word from the team the reporter can see (its transitions and its updates to the
// reporter), in time order: each restarts the status-update clock.
std::vector<Time> team_words(const Report& report) {
  std::vector<Time> words;
  for (const auto& t : report.history) {
    if (t.actor == Actor::team) words.push_back(t.at);
  }
  words.insert(words.end(), report.reporter_updates.begin(), report.reporter_updates.end());
  std::sort(words.begin(), words.end());
  return words;
}

// The first word from the team after its acknowledgement: the update a one-time status-update
// promise asks for.
std::optional<Time> first_update_at(const Report& report) {
  std::optional<Time> acknowledged = acknowledged_at(report);
  if (!acknowledged) return std::nullopt;
  for (Time word : team_words(report)) {
    if (word > *acknowledged) return word;
  }
  return std::nullopt;
}

Time last_team_word(const Report& report) {
  auto words = team_words(report);
  return words.empty() ? report.received_at : std::max(report.received_at, words.back());
}

Context context_of(const Report& report, const BusinessCalendar& calendar, Time now) {
  Time closed_at = report.history.empty() ? report.updated_at : report.history.back().at;
  return Context{calendar, pauses_of(report), report.state, closed_at, now};
}

}  // namespace

Clock status_update_record(const Report& report, const Policy& policy, Time now) {
  const MeasuredTimes measured = measured_times(policy);
  const Duration& target = *measured.times.status_update;
  BusinessCalendar calendar(policy.calendar);
  Context ctx = context_of(report, calendar, now);
  if (!measured.times.status_update_repeats) {
    Clock once = make_clock(ctx, ClockKind::status_update, target, report.received_at,
                            first_update_at(report));
    once.promised = measured.status_update_promised;
    return once;
  }
  bool missed = false;
  Time start = report.received_at;
  for (Time word : team_words(report)) {
    if (word <= start) continue;
    missed = missed || make_clock(ctx, ClockKind::status_update, target, start, word).status ==
                           Clock::Status::missed;
    start = word;
  }
  std::optional<Time> end;
  if (is_final(report.state)) end = std::max(start, ctx.closed_at);
  Clock last = make_clock(ctx, ClockKind::status_update, target, start, end);
  if (missed && last.status != Clock::Status::overdue) last.status = Clock::Status::missed;
  last.promised = measured.status_update_promised;
  return last;
}

Time add_duration(Time start, const Duration& d, const Calendar& calendar) {
  return BusinessCalendar(calendar).advance(start, unit_seconds(d), d.unit);
}

bool is_business_day(Time t, const Calendar& calendar) {
  BusinessCalendar business(calendar);
  return business.is_business_date(date::floor<date::days>(business.to_local(t)));
}

std::vector<Clock> evaluate_clocks(const Report& report, const Policy& policy, Time now) {
  BusinessCalendar calendar(policy.calendar);
  Context ctx = context_of(report, calendar, now);
  const MeasuredTimes measured = measured_times(policy);
  const Sla& times = measured.times;
  std::vector<Clock> clocks;
  auto add = [&clocks](Clock clock, bool promised) {
    clock.promised = promised;
    clocks.push_back(clock);
  };
  if (times.acknowledge) {
    add(make_clock(ctx, ClockKind::acknowledge, *times.acknowledge, report.received_at,
                   acknowledged_at(report)),
        measured.acknowledge_promised);
  }
  std::optional<Time> triage_start = report.received_at;
  if (times.triage_starts == Sla::TriageStart::acknowledgement) {
    triage_start = acknowledged_at(report);
  }
  if (times.triage && triage_start) {
    add(make_clock(ctx, ClockKind::triage, *times.triage, *triage_start, triaged_at(report)),
        measured.triage_promised);
  }
  if (times.status_update && times.status_update_repeats && !is_final(report.state)) {
    add(make_clock(ctx, ClockKind::status_update, *times.status_update, last_team_word(report),
                   std::nullopt),
        measured.status_update_promised);
  }
  if (times.status_update && !times.status_update_repeats) {
    add(make_clock(ctx, ClockKind::status_update, *times.status_update, report.received_at,
                   first_update_at(report)),
        measured.status_update_promised);
  }
  if (report.severity) {
    auto target = times.resolution.find(*report.severity);
    if (target != times.resolution.end()) {
      add(make_clock(ctx, ClockKind::resolution, target->second, report.received_at,
                     fixed_at(report)),
          measured.resolution_promised.at(*report.severity));
    }
  }
  if (measured.disclosure) {
    std::optional<Time> start = policy.disclosure.starts == Disclosure::Start::report
                                    ? std::optional<Time>(report.received_at)
                                    : fix_released_at(report);
    if (start) {
      add(make_clock(ctx, ClockKind::disclosure, *measured.disclosure, *start,
                     disclosed_at(report)),
          measured.disclosure_promised);
    }
  }
  return clocks;
}

std::vector<Clock> promised_clocks(const Report& report, const Policy& policy, Time now) {
  std::vector<Clock> clocks = evaluate_clocks(report, policy, now);
  std::erase_if(clocks, [](const Clock& clock) { return !clock.promised; });
  return clocks;
}

std::string_view to_string(ClockKind k) {
  switch (k) {
    case ClockKind::acknowledge:
      return "acknowledge";
    case ClockKind::triage:
      return "triage";
    case ClockKind::status_update:
      return "status_update";
    case ClockKind::resolution:
      return "resolution";
    case ClockKind::disclosure:
      return "disclosure";
  }
  return "acknowledge";
}

std::optional<ClockKind> parse_clock_kind(std::string_view text) {
  for (ClockKind k : {ClockKind::acknowledge, ClockKind::triage, ClockKind::status_update,
                      ClockKind::resolution, ClockKind::disclosure}) {
    if (to_string(k) == text) return k;
  }
  return std::nullopt;
}

std::string_view to_string(Clock::Status s) {
  switch (s) {
    case Clock::Status::pending:
      return "pending";
    case Clock::Status::paused:
      return "paused";
    case Clock::Status::overdue:
      return "overdue";
    case Clock::Status::met:
      return "met";
    case Clock::Status::missed:
      return "missed";
    case Clock::Status::stopped:
      return "stopped";
  }
  return "pending";
}

}  // namespace embargo
