// The marks the desk puts on a report's clocks: due soon before overdue, and the escalation of
// a report nobody handles once its acknowledgement was due.
#include "core/sla_marks.h"

#include <gtest/gtest.h>

#include "core/policy.h"
#include "core/time.h"
#include "test_time.h"

namespace embargo {
namespace {

using std::chrono::hours;

using testing::at;

Clock running(Time started, Time due) {
  Clock c{ClockKind::triage, Duration{}, started, due, std::nullopt, Clock::Status::pending, 0};
  return c;
}

TEST(ClockUrgency, DueSoonWithLessThanAQuarterOrADayLeft) {
  Time start = at("2026-01-05T10:00:00Z");
  Clock month = running(start, start + hours(24 * 40));
  EXPECT_EQ(clock_urgency(month, start + hours(24 * 29)), ClockUrgency::calm);      // 11 days left
  EXPECT_EQ(clock_urgency(month, start + hours(24 * 31)), ClockUrgency::due_soon);  // 9 of 40
  Clock short_one = running(start, start + hours(48));
  EXPECT_EQ(clock_urgency(short_one, start + hours(12)), ClockUrgency::calm);      // 36 h left
  EXPECT_EQ(clock_urgency(short_one, start + hours(25)), ClockUrgency::due_soon);  // 23 h left
  EXPECT_EQ(clock_urgency(short_one, start + hours(49)), ClockUrgency::overdue);
}

TEST(ClockUrgency, TimeSpentPausedDoesNotCountAsTheClocksTime) {
  Time start = at("2026-01-05T10:00:00Z");
  // 40 days of wall time, 20 of them paused: 20 days of running time, so 6 days left is more
  // than a quarter.
  Clock paused_before = running(start, start + hours(24 * 40));
  paused_before.paused_seconds = 20 * 24 * 3600;
  EXPECT_EQ(clock_urgency(paused_before, start + hours(24 * 34)), ClockUrgency::calm);
  EXPECT_EQ(clock_urgency(paused_before, start + hours(24 * 36)), ClockUrgency::due_soon);
}

TEST(ClockUrgency, OnlyARunningClockIsMarked) {
  Time start = at("2026-01-05T10:00:00Z");
  Clock c = running(start, start + hours(1));
  for (auto status :
       {Clock::Status::met, Clock::Status::missed, Clock::Status::stopped, Clock::Status::paused}) {
    c.status = status;
    EXPECT_EQ(clock_urgency(c, start + hours(2)), ClockUrgency::calm) << to_string(status);
  }
  c.status = Clock::Status::overdue;
  EXPECT_EQ(clock_urgency(c, start + hours(2)), ClockUrgency::overdue);
}

Policy acknowledging_in_48h() {
  Policy p;
  p.calendar.time_zone = "UTC";
  p.sla.acknowledge = Duration{48, Duration::Unit::hours};
  return p;
}

Report received_report() {
  Report r;
  r.id = "DEMO-2026-0001";
  r.program = "demo";
  r.received_at = at("2026-01-05T10:00:00Z");
  r.updated_at = r.received_at;
  return r;
}

TEST(Escalation, AReportNobodyHandlesAfterTheAcknowledgeTimeGoesToTheOwners) {
  Policy p = acknowledging_in_48h();
  Report r = received_report();
  Time before = at("2026-01-07T09:00:00Z");
  Time after = at("2026-01-07T11:00:00Z");
  EXPECT_FALSE(escalated_to_owners(r, evaluate_clocks(r, p, before), before));
  EXPECT_TRUE(escalated_to_owners(r, evaluate_clocks(r, p, after), after));
  // Acknowledged in time but still nobody's: the owners must still pick someone.
  r.history.push_back({State::new_report, State::acknowledged, at("2026-01-05T12:00:00Z"),
                       Actor::team, "someone@example.org", "", ""});
  r.state = State::acknowledged;
  EXPECT_TRUE(escalated_to_owners(r, evaluate_clocks(r, p, after), after));
  r.triage.handler = "handler@example.org";
  EXPECT_FALSE(escalated_to_owners(r, evaluate_clocks(r, p, after), after));
}

TEST(Escalation, NotForClosedReportsNorProgramsWithoutAnAcknowledgeTime) {
  Report r = received_report();
  Time later = at("2026-02-01T00:00:00Z");
  Policy none;
  none.calendar.time_zone = "UTC";
  EXPECT_FALSE(escalated_to_owners(r, evaluate_clocks(r, none, later), later));
  Policy p = acknowledging_in_48h();
  r.history.push_back({State::new_report, State::spam, at("2026-01-05T11:00:00Z"), Actor::team,
                       "someone@example.org", "spam", ""});
  r.state = State::spam;
  EXPECT_FALSE(escalated_to_owners(r, evaluate_clocks(r, p, later), later));
}

}  // namespace
}  // namespace embargo
