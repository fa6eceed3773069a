// SLA clocks of one report. The program below promises: acknowledge in 48h, triage in 5
// business days, a status update at least every 7 days, resolution in 7 days (critical) or 30
// days (high), disclosure within 90 days of the report; UTC, weekend Saturday and Sunday.
// Reports arrive on Monday 5 January 2026 at 10:00Z (1 January 2026 is a Thursday). Expected
// times are counted by hand in the comments.
#include "core/sla.h"

#include <gtest/gtest.h>

#include <string>

#include "core/advisory.h"
#include "core/policy.h"
#include "core/report.h"
#include "core/time.h"
#include "report_moves.h"
#include "test_time.h"

namespace embargo {
namespace {

using testing::at;

Policy program() {
  Policy p;
  p.calendar.time_zone = "UTC";
  p.sla.acknowledge = Duration{48, Duration::Unit::hours};
  p.sla.triage = Duration{5, Duration::Unit::business_days};
  p.sla.status_update = Duration{7, Duration::Unit::days};
  p.sla.resolution = {{Severity::critical, Duration{7, Duration::Unit::days}},
                      {Severity::high, Duration{30, Duration::Unit::days}}};
  p.disclosure.embargo = Duration{90, Duration::Unit::days};
  p.disclosure.starts = Disclosure::Start::report;
  return p;
}

Report received(std::optional<Severity> severity = std::nullopt) {
  Report r;
  r.id = "DEMO-2026-0001";
  r.program = "demo";
  r.received_at = at("2026-01-05T10:00:00Z");
  r.updated_at = r.received_at;
  r.severity = severity;
  return r;
}

using testing::record_move;

std::optional<Clock> clock(const std::vector<Clock>& clocks, ClockKind kind) {
  for (const auto& c : clocks) {
    if (c.kind == kind) return c;
  }
  return std::nullopt;
}

std::optional<Clock> evaluate(const Report& r, ClockKind kind, const char* now,
                              const Policy& p = program()) {
  return clock(evaluate_clocks(r, p, at(now)), kind);
}

TEST(ClockNames, AreStable) {
  EXPECT_EQ(to_string(ClockKind::acknowledge), "acknowledge");
  EXPECT_EQ(to_string(ClockKind::triage), "triage");
  EXPECT_EQ(to_string(ClockKind::status_update), "status_update");
  EXPECT_EQ(to_string(ClockKind::resolution), "resolution");
  EXPECT_EQ(to_string(ClockKind::disclosure), "disclosure");
  EXPECT_EQ(to_string(Clock::Status::pending), "pending");
  EXPECT_EQ(to_string(Clock::Status::paused), "paused");
  EXPECT_EQ(to_string(Clock::Status::overdue), "overdue");
  EXPECT_EQ(to_string(Clock::Status::met), "met");
  EXPECT_EQ(to_string(Clock::Status::missed), "missed");
  EXPECT_EQ(to_string(Clock::Status::stopped), "stopped");
}

TEST(Clocks, ANewReportHasEveryPromisedClockRunning) {
  auto clocks = evaluate_clocks(received(), program(), at("2026-01-06T10:00:00Z"));
  // No severity yet, so no resolution clock.
  ASSERT_EQ(clocks.size(), 4u);
  EXPECT_EQ(clocks[0].kind, ClockKind::acknowledge);
  EXPECT_EQ(clocks[1].kind, ClockKind::triage);
  EXPECT_EQ(clocks[2].kind, ClockKind::status_update);
  EXPECT_EQ(clocks[3].kind, ClockKind::disclosure);
  for (const auto& c : clocks) {
    EXPECT_EQ(c.status, Clock::Status::pending) << to_string(c.kind);
    EXPECT_EQ(c.started_at, at("2026-01-05T10:00:00Z"));
    EXPECT_EQ(c.done_at, std::nullopt);
    EXPECT_EQ(c.paused_seconds, 0);
  }
  // 48h after Monday 10:00.
  EXPECT_EQ(clocks[0].due_at, at("2026-01-07T10:00:00Z"));
  EXPECT_EQ(clocks[0].target, (Duration{48, Duration::Unit::hours}));
  // 5 business days from Monday 10:00: 14h Mon, Tue-Fri 96h, 10h of next Monday = 120h.
  EXPECT_EQ(clocks[1].due_at, at("2026-01-12T10:00:00Z"));
  // 7 days.
  EXPECT_EQ(clocks[2].due_at, at("2026-01-12T10:00:00Z"));
  // 90 days: 26 left in January, 28 in February, 31 in March = 85, then 5 April.
  EXPECT_EQ(clocks[3].due_at, at("2026-04-05T10:00:00Z"));
}

TEST(Clocks, NoPromisesNoClocks) {
  Policy p;
  EXPECT_TRUE(evaluate_clocks(received(Severity::critical), p, at("2026-01-06T10:00:00Z")).empty());
}

TEST(AcknowledgeClock, OverdueOnlyAfterTheDueInstant) {
  EXPECT_EQ(evaluate(received(), ClockKind::acknowledge, "2026-01-07T10:00:00Z")->status,
            Clock::Status::pending);
  EXPECT_EQ(evaluate(received(), ClockKind::acknowledge, "2026-01-07T10:00:01Z")->status,
            Clock::Status::overdue);
}

TEST(AcknowledgeClock, MetOrMissedByTheFirstTeamMove) {
  Report r = received();
  record_move(r, State::acknowledged, "2026-01-07T10:00:00Z");
  auto c = evaluate(r, ClockKind::acknowledge, "2026-02-01T00:00:00Z");
  EXPECT_EQ(c->status, Clock::Status::met);
  EXPECT_EQ(c->done_at, at("2026-01-07T10:00:00Z"));
  EXPECT_EQ(c->due_at, at("2026-01-07T10:00:00Z"));

  Report late = received();
  record_move(late, State::triaged, "2026-01-07T10:00:01Z");
  EXPECT_EQ(evaluate(late, ClockKind::acknowledge, "2026-02-01T00:00:00Z")->status,
            Clock::Status::missed);
}

TEST(AcknowledgeClock, StoppedWhenTheReporterWithdrawsFirst) {
  Report r = received();
  record_move(r, State::withdrawn, "2026-01-06T00:00:00Z", Actor::reporter);
  auto clocks = evaluate_clocks(r, program(), at("2026-01-20T00:00:00Z"));
  EXPECT_EQ(clock(clocks, ClockKind::acknowledge)->status, Clock::Status::stopped);
  EXPECT_EQ(clock(clocks, ClockKind::triage)->status, Clock::Status::stopped);
  EXPECT_EQ(clock(clocks, ClockKind::disclosure)->status, Clock::Status::stopped);
  // A closed report owes no status updates.
  EXPECT_EQ(clock(clocks, ClockKind::status_update), std::nullopt);

  // The team reopens it: that is its first answer, 2 days and 2 hours after the report.
  record_move(r, State::acknowledged, "2026-01-07T12:00:00Z");
  auto ack = evaluate(r, ClockKind::acknowledge, "2026-01-20T00:00:00Z");
  EXPECT_EQ(ack->status, Clock::Status::missed);
  EXPECT_EQ(ack->done_at, at("2026-01-07T12:00:00Z"));
}

TEST(Clocks, ClosingByTheTeamAnswersAndDecidesButStopsTheRest) {
  Report r = received(Severity::high);
  record_move(r, State::spam, "2026-01-05T12:00:00Z");
  auto clocks = evaluate_clocks(r, program(), at("2026-06-01T00:00:00Z"));
  EXPECT_EQ(clock(clocks, ClockKind::acknowledge)->status, Clock::Status::met);
  EXPECT_EQ(clock(clocks, ClockKind::triage)->status, Clock::Status::met);
  EXPECT_EQ(clock(clocks, ClockKind::triage)->done_at, at("2026-01-05T12:00:00Z"));
  EXPECT_EQ(clock(clocks, ClockKind::resolution)->status, Clock::Status::stopped);
  EXPECT_EQ(clock(clocks, ClockKind::disclosure)->status, Clock::Status::stopped);
  EXPECT_EQ(clock(clocks, ClockKind::status_update), std::nullopt);

  // Reopened, the resolution promise applies again and is long overdue (due 4 February).
  record_move(r, State::acknowledged, "2026-02-10T00:00:00Z");
  auto resolution = evaluate(r, ClockKind::resolution, "2026-02-10T00:00:00Z");
  EXPECT_EQ(resolution->status, Clock::Status::overdue);
  EXPECT_EQ(resolution->due_at, at("2026-02-04T10:00:00Z"));
}

TEST(TriageClock, MetAtTheFirstDecision) {
  Report r = received();
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::triage, "2026-01-12T10:00:01Z")->status, Clock::Status::overdue);
  record_move(r, State::accepted, "2026-01-12T10:00:00Z");
  auto c = evaluate(r, ClockKind::triage, "2026-01-12T10:00:01Z");
  EXPECT_EQ(c->status, Clock::Status::met);
  EXPECT_EQ(c->done_at, at("2026-01-12T10:00:00Z"));
}

TEST(TriageClock, MissedWhenDecidedLate) {
  Report r = received();
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  record_move(r, State::triaged, "2026-01-12T10:00:01Z");
  EXPECT_EQ(evaluate(r, ClockKind::triage, "2026-01-13T00:00:00Z")->status, Clock::Status::missed);
}

TEST(Pause, WhileWaitingOnTheReporterEveryOpenClockIsPaused) {
  Report r = received(Severity::high);
  record_move(r, State::needs_info, "2026-01-05T12:00:00Z");
  auto clocks = evaluate_clocks(r, program(), at("2026-01-20T00:00:00Z"));
  // Asking for information is the team's first answer, well within 48h.
  EXPECT_EQ(clock(clocks, ClockKind::acknowledge)->status, Clock::Status::met);
  EXPECT_EQ(clock(clocks, ClockKind::acknowledge)->paused_seconds, 0);
  for (ClockKind kind : {ClockKind::triage, ClockKind::status_update, ClockKind::resolution,
                         ClockKind::disclosure}) {
    auto c = clock(clocks, kind);
    ASSERT_TRUE(c) << to_string(kind);
    EXPECT_EQ(c->status, Clock::Status::paused) << to_string(kind);
    EXPECT_EQ(c->due_at, std::nullopt) << to_string(kind);
  }
  // Paused from 5 Jan 12:00 to 20 Jan 00:00: 14 days and 12 hours.
  EXPECT_EQ(clock(clocks, ClockKind::triage)->paused_seconds, 14 * 86400 + 12 * 3600);
}

TEST(Pause, ExtendsEveryDueTimeByTheTimeSpentWaiting) {
  Report r = received(Severity::high);
  record_move(r, State::needs_info, "2026-01-05T12:00:00Z");
  record_move(r, State::acknowledged,
              "2026-01-08T12:00:00Z");  // paused 72h, Monday noon to Thursday
  auto clocks = evaluate_clocks(r, program(), at("2026-01-09T00:00:00Z"));
  const std::int64_t three_days = 3 * 86400;

  auto triage = clock(clocks, ClockKind::triage);
  EXPECT_EQ(triage->status, Clock::Status::pending);
  EXPECT_EQ(triage->paused_seconds, three_days);
  // 2h ran on Monday before the pause; 118h remain from Thursday 12:00: 12h Thu, Fri, Mon, Tue,
  // Wed (96h), 10h of Thursday 15 January.
  EXPECT_EQ(triage->due_at, at("2026-01-15T10:00:00Z"));

  // Three calendar days later than without the pause: 4 Feb + 3 and 5 Apr + 3.
  auto resolution = clock(clocks, ClockKind::resolution);
  EXPECT_EQ(resolution->paused_seconds, three_days);
  EXPECT_EQ(resolution->due_at, at("2026-02-07T10:00:00Z"));
  EXPECT_EQ(clock(clocks, ClockKind::disclosure)->due_at, at("2026-04-08T10:00:00Z"));

  // The status-update clock restarted when the team moved the report on.
  auto update = clock(clocks, ClockKind::status_update);
  EXPECT_EQ(update->started_at, at("2026-01-08T12:00:00Z"));
  EXPECT_EQ(update->paused_seconds, 0);
  EXPECT_EQ(update->due_at, at("2026-01-15T12:00:00Z"));
}

TEST(Pause, SeveralPausesAddUp) {
  Policy p = program();
  p.sla.triage = Duration{72, Duration::Unit::hours};
  Report r = received();
  record_move(r, State::needs_info, "2026-01-05T12:00:00Z");
  record_move(r, State::acknowledged, "2026-01-06T12:00:00Z");  // 24h
  record_move(r, State::needs_info, "2026-01-07T12:00:00Z");
  record_move(r, State::acknowledged, "2026-01-08T00:00:00Z");  // 12h
  auto c = evaluate(r, ClockKind::triage, "2026-01-08T01:00:00Z", p);
  EXPECT_EQ(c->paused_seconds, 36 * 3600);
  // 72h + 36h after Monday 10:00 = Friday 22:00.
  EXPECT_EQ(c->due_at, at("2026-01-09T22:00:00Z"));
  EXPECT_EQ(c->status, Clock::Status::pending);
}

TEST(Pause, ClosingWhileWaitingStopsTheClocks) {
  Report r = received(Severity::high);
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  record_move(r, State::needs_info, "2026-01-05T12:00:00Z");
  record_move(r, State::withdrawn, "2026-01-06T12:00:00Z", Actor::reporter);
  auto c = evaluate(r, ClockKind::resolution, "2026-03-01T00:00:00Z");
  EXPECT_EQ(c->status, Clock::Status::stopped);
  EXPECT_EQ(c->paused_seconds, 86400);
}

TEST(ResolutionClock, TargetComesFromTheSeverity) {
  // Critical: 7 days; the fix lands exactly at the due instant.
  Report r = received(Severity::critical);
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  record_move(r, State::triaged, "2026-01-06T10:00:00Z");
  record_move(r, State::accepted, "2026-01-06T11:00:00Z");
  record_move(r, State::fixing, "2026-01-07T10:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::resolution, "2026-01-12T10:00:01Z")->status,
            Clock::Status::overdue);
  record_move(r, State::fixed, "2026-01-12T10:00:00Z");
  auto c = evaluate(r, ClockKind::resolution, "2026-01-13T00:00:00Z");
  EXPECT_EQ(c->target, (Duration{7, Duration::Unit::days}));
  EXPECT_EQ(c->due_at, at("2026-01-12T10:00:00Z"));
  EXPECT_EQ(c->status, Clock::Status::met);

  // No promise for medium, none without a severity.
  EXPECT_EQ(evaluate(received(Severity::medium), ClockKind::resolution, "2026-01-06T00:00:00Z"),
            std::nullopt);
  EXPECT_EQ(evaluate(received(), ClockKind::resolution, "2026-01-06T00:00:00Z"), std::nullopt);
}

TEST(ResolutionClock, AReopenedFixIsNotDoneUntilFixedAgain) {
  Report r = received(Severity::critical);
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  record_move(r, State::accepted, "2026-01-06T11:00:00Z");
  record_move(r, State::fixed, "2026-01-09T10:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::resolution, "2026-01-10T00:00:00Z")->status, Clock::Status::met);
  record_move(r, State::fixing, "2026-01-13T10:00:00Z");  // the fix was incomplete
  auto reopened = evaluate(r, ClockKind::resolution, "2026-01-14T00:00:00Z");
  EXPECT_EQ(reopened->status, Clock::Status::overdue);
  EXPECT_EQ(reopened->done_at, std::nullopt);
  record_move(r, State::fixed, "2026-01-15T10:00:00Z");
  auto refixed = evaluate(r, ClockKind::resolution, "2026-01-16T00:00:00Z");
  EXPECT_EQ(refixed->status, Clock::Status::missed);
  EXPECT_EQ(refixed->done_at, at("2026-01-15T10:00:00Z"));
}

TEST(DisclosureClock, FromTheReportDoneWhenDisclosed) {
  Report r = received(Severity::high);
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  record_move(r, State::accepted, "2026-01-06T11:00:00Z");
  record_move(r, State::fixed, "2026-02-01T10:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::disclosure, "2026-04-05T10:00:01Z")->status,
            Clock::Status::overdue);
  record_move(r, State::disclosed, "2026-04-06T10:00:00Z");
  auto c = evaluate(r, ClockKind::disclosure, "2026-05-01T00:00:00Z");
  EXPECT_EQ(c->status, Clock::Status::missed);
  EXPECT_EQ(c->due_at, at("2026-04-05T10:00:00Z"));
}

TEST(DisclosureClock, FromTheFixWhenThePolicySaysSo) {
  Policy p = program();
  p.disclosure.starts = Disclosure::Start::fix;
  Report r = received(Severity::high);
  record_move(r, State::needs_info,
              "2026-01-05T11:00:00Z");  // a pause before the fix does not count
  record_move(r, State::accepted, "2026-01-07T11:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::disclosure, "2026-01-08T00:00:00Z", p), std::nullopt);
  record_move(r, State::fixed, "2026-01-12T10:00:00Z");
  auto c = evaluate(r, ClockKind::disclosure, "2026-01-13T00:00:00Z", p);
  EXPECT_EQ(c->started_at, at("2026-01-12T10:00:00Z"));
  EXPECT_EQ(c->paused_seconds, 0);
  // 12 January + 90 days: 19 left in January, 28 in February, 31 in March = 78, then 12 April.
  EXPECT_EQ(c->due_at, at("2026-04-12T10:00:00Z"));
  EXPECT_EQ(c->status, Clock::Status::pending);
  record_move(r, State::disclosed, "2026-03-01T00:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::disclosure, "2026-03-02T00:00:00Z", p)->status,
            Clock::Status::met);
}

// "Published with the fix" (the company, PySpector: starts = "fix", embargo = "0d"): Embargo
// publishes an advisory as the fix's release, so a report disclosed by a publication seconds after
// the team marked it fixed kept the promise; disclosed by hand, the fixed mark is all that is
// known of the release, and the same seconds are late.
TEST(DisclosureClock, AReportDisclosedByItsAdvisoryWasDisclosedWithTheFix) {
  Policy p = program();
  p.disclosure.starts = Disclosure::Start::fix;
  p.disclosure.embargo = Duration{0, Duration::Unit::days};
  Report r = received(Severity::high);
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  record_move(r, State::accepted, "2026-01-06T11:00:00Z");
  record_move(r, State::fixed, "2026-01-12T10:00:00Z");
  Report by_hand = r;
  record_move(by_hand, State::disclosed, "2026-01-12T10:00:03Z");
  EXPECT_EQ(evaluate(by_hand, ClockKind::disclosure, "2026-01-13T00:00:00Z", p)->status,
            Clock::Status::missed);
  record_move(r, State::disclosed, "2026-01-12T10:00:03Z");
  r.history.back().reason = publication_reason("ACME-SA-2026-0001");
  auto c = evaluate(r, ClockKind::disclosure, "2026-01-13T00:00:00Z", p);
  EXPECT_EQ(c->started_at, at("2026-01-12T10:00:03Z"));
  EXPECT_EQ(c->status, Clock::Status::met);
}

TEST(StatusUpdateClock, RestartsWithEveryTeamMoveAndReply) {
  Report r = received();
  record_move(r, State::acknowledged, "2026-01-06T10:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::status_update, "2026-01-07T00:00:00Z")->due_at,
            at("2026-01-13T10:00:00Z"));
  r.reporter_updates.push_back(at("2026-01-10T09:00:00Z"));
  auto c = evaluate(r, ClockKind::status_update, "2026-01-17T09:00:01Z");
  EXPECT_EQ(c->started_at, at("2026-01-10T09:00:00Z"));
  EXPECT_EQ(c->due_at, at("2026-01-17T09:00:00Z"));
  EXPECT_EQ(c->status, Clock::Status::overdue);
  EXPECT_EQ(c->done_at, std::nullopt);
}

TEST(StatusUpdateClock, GoneOnceTheReportIsDisclosed) {
  Report r = received();
  record_move(r, State::acknowledged, "2026-01-05T11:00:00Z");
  record_move(r, State::accepted, "2026-01-06T11:00:00Z");
  record_move(r, State::fixed, "2026-01-07T11:00:00Z");
  EXPECT_TRUE(evaluate(r, ClockKind::status_update, "2026-01-08T00:00:00Z"));
  record_move(r, State::disclosed, "2026-01-08T11:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::status_update, "2026-01-09T00:00:00Z"), std::nullopt);
}

// PySpector: "provide a status update within 7 days" is one update, due 7 days after the
// report: the acknowledgement is not it, the first word after it is, and nothing restarts.
TEST(StatusUpdateClock, APromiseOfOneUpdateIsDoneByTheFirstWordAfterTheAcknowledgement) {
  Policy p = program();
  p.sla.status_update_repeats = false;
  Report r = received();
  record_move(r, State::acknowledged, "2026-01-05T12:00:00Z");
  auto c = evaluate(r, ClockKind::status_update, "2026-01-12T10:00:01Z", p);
  EXPECT_EQ(c->started_at, r.received_at);
  EXPECT_EQ(c->due_at, at("2026-01-12T10:00:00Z"));
  EXPECT_EQ(c->status, Clock::Status::overdue);
  r.reporter_updates.push_back(at("2026-01-09T09:00:00Z"));
  c = evaluate(r, ClockKind::status_update, "2026-02-20T00:00:00Z", p);
  EXPECT_EQ(c->status, Clock::Status::met);
  EXPECT_EQ(c->done_at, at("2026-01-09T09:00:00Z"));
}

// Pykour: "a more detailed response within another 48 hours" counts from the acknowledgement.
TEST(TriageClock, CountedFromTheAcknowledgementWhenThePolicySaysSo) {
  Policy p = program();
  p.sla.triage = Duration{48, Duration::Unit::hours};
  p.sla.triage_starts = Sla::TriageStart::acknowledgement;
  Report r = received();
  EXPECT_EQ(evaluate(r, ClockKind::triage, "2026-01-05T11:00:00Z", p), std::nullopt);
  record_move(r, State::acknowledged, "2026-01-06T10:00:00Z");
  auto c = evaluate(r, ClockKind::triage, "2026-01-06T11:00:00Z", p);
  EXPECT_EQ(c->started_at, at("2026-01-06T10:00:00Z"));
  EXPECT_EQ(c->due_at, at("2026-01-08T10:00:00Z"));
  record_move(r, State::triaged, "2026-01-08T09:00:00Z");
  EXPECT_EQ(evaluate(r, ClockKind::triage, "2026-01-09T00:00:00Z", p)->status, Clock::Status::met);
}

// An internal target runs a clock like a promise, marked as the team's own, and is never among
// the clocks a reporter is shown.
TEST(Clocks, AnInternalTargetIsMeasuredButNotPromised) {
  Policy p = program();
  p.sla.status_update.reset();
  p.targets.times.status_update = Duration{14, Duration::Unit::days};
  p.disclosure.embargo.reset();
  p.targets.disclosure = Duration{90, Duration::Unit::days};
  Report r = received();
  auto update = evaluate(r, ClockKind::status_update, "2026-01-06T00:00:00Z", p);
  ASSERT_TRUE(update);
  EXPECT_FALSE(update->promised);
  EXPECT_EQ(update->due_at, at("2026-01-19T10:00:00Z"));
  auto disclosure = evaluate(r, ClockKind::disclosure, "2026-01-06T00:00:00Z", p);
  ASSERT_TRUE(disclosure);
  EXPECT_FALSE(disclosure->promised);
  EXPECT_TRUE(evaluate(r, ClockKind::acknowledge, "2026-01-06T00:00:00Z", p)->promised);
  for (const Clock& shown : promised_clocks(r, p, at("2026-01-06T00:00:00Z"))) {
    EXPECT_NE(shown.kind, ClockKind::status_update);
    EXPECT_NE(shown.kind, ClockKind::disclosure);
  }
  EXPECT_EQ(promised_clocks(r, p, at("2026-01-06T00:00:00Z")).size(), 2U);  // acknowledge, triage
}

TEST(Clocks, CountInTheProgramsTimeZone) {
  // Amsterdam, triage in 1 business day: received Fri 27 Mar 15:00 CET (14:00Z); 9h of Friday and
  // 15h of Monday -> Mon 30 Mar 15:00 CEST (13:00Z), across the spring change.
  Policy p;
  p.calendar.time_zone = "Europe/Amsterdam";
  p.sla.triage = Duration{1, Duration::Unit::business_days};
  Report r = received();
  r.received_at = at("2026-03-27T14:00:00Z");
  auto c = evaluate(r, ClockKind::triage, "2026-03-28T00:00:00Z", p);
  EXPECT_EQ(c->due_at, at("2026-03-30T13:00:00Z"));
}

}  // namespace
}  // namespace embargo
