// The program dashboard's figures, over reports whose answers are worked out by hand below.
//
// The program promises: acknowledge in 48 hours, triage in 7 days, resolution in 7 days
// (critical) or 30 days (high), nothing for low or medium. Its calendar is Europe/Berlin, one
// hour ahead of UTC in January and February (no daylight saving change inside the period).
// The period is January and February 2026 in Berlin: from 2025-12-31T23:00Z up to, not
// including, 2026-02-28T23:00Z. Everything is judged at now = 2026-03-10T12:00Z.
#include "core/metrics.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "core/error.h"
#include "core/policy.h"
#include "core/report.h"
#include "core/time.h"
#include "report_moves.h"
#include "test_time.h"

namespace embargo {
namespace {

using testing::at;

Policy berlin_program() {
  Policy p;
  p.calendar.time_zone = "Europe/Berlin";
  p.sla.acknowledge = Duration{48, Duration::Unit::hours};
  p.sla.triage = Duration{7, Duration::Unit::days};
  p.sla.resolution = {{Severity::critical, Duration{7, Duration::Unit::days}},
                      {Severity::high, Duration{30, Duration::Unit::days}}};
  return p;
}

const Period kPeriod{at("2025-12-31T23:00:00Z"), at("2026-02-28T23:00:00Z")};
const Time kNow = at("2026-03-10T12:00:00Z");

Report received(const char* id, const char* when, std::optional<Severity> severity) {
  Report r;
  r.id = id;
  r.program = "demo";
  r.received_at = at(when);
  r.updated_at = r.received_at;
  r.severity = severity;
  return r;
}

using testing::record_move;

std::vector<Report> reports() {
  std::vector<Report> all;
  // A, critical: acknowledged after 2h (7200 s), triaged after 24h (86400 s), fixed after 4 days
  // (345600 s). Acknowledge due 01-07 10:00, triage and resolution due 01-12 10:00: all met.
  Report a = received("A", "2026-01-05T10:00:00Z", Severity::critical);
  record_move(a, State::acknowledged, "2026-01-05T12:00:00Z");
  record_move(a, State::triaged, "2026-01-06T10:00:00Z");
  record_move(a, State::accepted, "2026-01-06T11:00:00Z");
  record_move(a, State::fixing, "2026-01-07T10:00:00Z");
  all.push_back(record_move(a, State::fixed, "2026-01-09T10:00:00Z"));
  // B, high: acknowledged after 72h (259200 s; due after 48h: missed), triaged after 8 days
  // (691200 s; due after 7: missed), accepted; resolution due 02-09 08:00, so overdue now.
  Report b = received("B", "2026-01-10T08:00:00Z", Severity::high);
  record_move(b, State::acknowledged, "2026-01-13T08:00:00Z");
  record_move(b, State::triaged, "2026-01-18T08:00:00Z");
  all.push_back(record_move(b, State::accepted, "2026-01-19T08:00:00Z"));
  // C, unrated, untouched: 00:30 on 1 February in Berlin, so February. Acknowledge and triage
  // overdue; no resolution clock without a severity.
  all.push_back(received("C", "2026-01-31T23:30:00Z", std::nullopt));
  // D, low: the team asked for information after 1h (3600 s): acknowledge met; the triage clock
  // is paused, waiting on the reporter. No resolution time for low.
  Report d = received("D", "2026-02-20T09:00:00Z", Severity::low);
  all.push_back(record_move(d, State::needs_info, "2026-02-20T10:00:00Z"));
  // E, high, closed as spam after 2h (7200 s): that acknowledges and triages it (both met); its
  // resolution promise stopped.
  Report e = received("E", "2026-02-25T09:00:00Z", Severity::high);
  all.push_back(record_move(e, State::spam, "2026-02-25T11:00:00Z"));
  // F, unrated, withdrawn by its reporter before anyone answered: acknowledge and triage stopped.
  Report f = received("F", "2026-02-27T09:00:00Z", std::nullopt);
  all.push_back(record_move(f, State::withdrawn, "2026-02-27T10:00:00Z", Actor::reporter));
  // H, unrated, untouched, received at the very start of the period (midnight, 1 January in
  // Berlin): counted, in January. Acknowledge and triage overdue.
  all.push_back(received("H", "2025-12-31T23:00:00Z", std::nullopt));
  // J, high: acknowledged after 30 min (1800 s), triaged after 1h (3600 s), accepted; resolution
  // due 03-28 09:00, so still running.
  Report j = received("J", "2026-02-26T09:00:00Z", Severity::high);
  record_move(j, State::acknowledged, "2026-02-26T09:30:00Z");
  record_move(j, State::triaged, "2026-02-26T10:00:00Z");
  all.push_back(record_move(j, State::accepted, "2026-02-26T10:30:00Z"));
  // Outside the period: one second before it (23:59:59 on 31 December in Berlin), and at its end
  // (midnight, 1 March in Berlin).
  all.push_back(received("before", "2025-12-31T22:59:59Z", Severity::critical));
  all.push_back(received("after", "2026-02-28T23:00:00Z", Severity::critical));
  return all;
}

const Compliance& compliance(const ProgramMetrics& m, ClockKind promise) {
  for (const auto& c : m.compliance) {
    if (c.promise == promise) return c;
  }
  throw std::logic_error("no compliance for " + std::string(to_string(promise)));
}

const Timing& timing(const ProgramMetrics& m, Timing::Milestone milestone) {
  for (const auto& t : m.timings) {
    if (t.milestone == milestone) return t;
  }
  throw std::logic_error("no timing for " + std::string(to_string(milestone)));
}

std::vector<std::pair<std::string, int>> pairs(const std::vector<Tally>& tallies) {
  std::vector<std::pair<std::string, int>> out;
  for (const auto& t : tallies) out.emplace_back(t.label, t.count);
  return out;
}

TEST(ProgramMetrics, CountsOnlyReportsReceivedInThePeriod) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  // A, B, C, D, E, F, H, J; not "before" nor "after".
  EXPECT_EQ(m.reports, 8);
  EXPECT_EQ(m.period.from, kPeriod.from);
  EXPECT_EQ(m.period.to, kPeriod.to);
}

TEST(ProgramMetrics, AcknowledgeComplianceCountsOverdueAsMissedSoFar) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  ASSERT_EQ(m.compliance.size(), 3u);
  const Compliance& c = compliance(m, ClockKind::acknowledge);
  EXPECT_EQ(c.met, 4);      // A, D, E, J
  EXPECT_EQ(c.missed, 1);   // B
  EXPECT_EQ(c.overdue, 2);  // C, H
  EXPECT_EQ(c.running, 0);
  EXPECT_EQ(c.stopped, 1);  // F
  EXPECT_EQ(c.decided(), 7);
  ASSERT_TRUE(c.share_met());
  EXPECT_DOUBLE_EQ(*c.share_met(), 4.0 / 7.0);
}

// A clock paused while the team waits on the reporter is neither running nor decided.
TEST(ProgramMetrics, TriageComplianceCountsAPausedClockApart) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  const Compliance& c = compliance(m, ClockKind::triage);
  EXPECT_EQ(c.met, 3);      // A, E, J
  EXPECT_EQ(c.missed, 1);   // B
  EXPECT_EQ(c.overdue, 2);  // C, H
  EXPECT_EQ(c.running, 0);
  EXPECT_EQ(c.paused, 1);   // D, waiting on its reporter
  EXPECT_EQ(c.stopped, 1);  // F
  EXPECT_DOUBLE_EQ(*c.share_met(), 3.0 / 6.0);
}

TEST(ProgramMetrics, ResolutionComplianceCoversOnlySeveritiesWithAPromise) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  const Compliance& c = compliance(m, ClockKind::resolution);
  // C, F, H are unrated and D is low: no resolution promise, not counted.
  EXPECT_EQ(c.met, 1);  // A
  EXPECT_EQ(c.missed, 0);
  EXPECT_EQ(c.overdue, 1);  // B
  EXPECT_EQ(c.running, 1);  // J
  EXPECT_EQ(c.stopped, 1);  // E
  EXPECT_DOUBLE_EQ(*c.share_met(), 0.5);
}

TEST(ProgramMetrics, PromisesThePolicyDoesNotMakeAreLeftOut) {
  Policy p = berlin_program();
  p.sla.triage.reset();
  p.sla.resolution.clear();
  ProgramMetrics m = program_metrics(reports(), p, kPeriod, kNow);
  ASSERT_EQ(m.compliance.size(), 1u);
  EXPECT_EQ(m.compliance[0].promise, ClockKind::acknowledge);
}

// A program that also promises a status update at least every 7 days and disclosure within 30
// days of the report, and reports worked out by hand for those two promises.
Policy updating_program() {
  Policy p;
  p.calendar.time_zone = "Europe/Berlin";
  p.sla.status_update = Duration{7, Duration::Unit::days};
  p.disclosure.embargo = Duration{30, Duration::Unit::days};
  p.disclosure.starts = Disclosure::Start::report;
  return p;
}

std::vector<Report> updated_reports() {
  std::vector<Report> all;
  // S1: never silent for more than 6 days, disclosed after 16 days: both promises met.
  Report s1 = received("S1", "2026-01-05T10:00:00Z", Severity::high);
  record_move(s1, State::acknowledged, "2026-01-06T10:00:00Z");
  record_move(s1, State::triaged, "2026-01-10T10:00:00Z");
  record_move(s1, State::accepted, "2026-01-10T11:00:00Z");
  record_move(s1, State::fixing, "2026-01-16T10:00:00Z");
  record_move(s1, State::fixed, "2026-01-20T10:00:00Z");
  all.push_back(record_move(s1, State::disclosed, "2026-01-21T10:00:00Z"));
  // S2: silent 14 days (01-06 to 01-20: missed), then silent since 01-21, 48 days at now:
  // overdue. Disclosure was due 02-04 10:00: overdue.
  Report s2 = received("S2", "2026-01-05T10:00:00Z", Severity::high);
  record_move(s2, State::acknowledged, "2026-01-06T10:00:00Z");
  record_move(s2, State::triaged, "2026-01-20T10:00:00Z");
  all.push_back(record_move(s2, State::accepted, "2026-01-21T10:00:00Z"));
  // S3: silent 14 days (02-02 to 02-16: missed), then updates to the reporter every 4-6 days,
  // the last 6 days 2 hours before now: missed, though the current silence is within.
  // Disclosure was due 03-03 10:00: overdue.
  Report s3 = received("S3", "2026-02-01T10:00:00Z", Severity::high);
  record_move(s3, State::acknowledged, "2026-02-02T10:00:00Z");
  record_move(s3, State::accepted, "2026-02-16T10:00:00Z");
  s3.reporter_updates = {at("2026-02-20T10:00:00Z"), at("2026-02-26T10:00:00Z"),
                         at("2026-03-04T10:00:00Z")};
  all.push_back(s3);
  // S4: the team asked the reporter a question after a day and waits: both clocks paused.
  Report s4 = received("S4", "2026-02-10T10:00:00Z", std::nullopt);
  all.push_back(record_move(s4, State::needs_info, "2026-02-11T10:00:00Z"));
  // S5: answered after a day, closed as informative 5 days later: updates met; disclosure
  // stopped (nothing to disclose).
  Report s5 = received("S5", "2026-01-02T10:00:00Z", std::nullopt);
  record_move(s5, State::acknowledged, "2026-01-03T10:00:00Z");
  all.push_back(record_move(s5, State::informative, "2026-01-08T10:00:00Z"));
  return all;
}

TEST(ProgramMetrics, StatusUpdatesAreJudgedOverEverySilenceOfTheReport) {
  ProgramMetrics m = program_metrics(updated_reports(), updating_program(), kPeriod, kNow);
  ASSERT_EQ(m.compliance.size(), 2u);
  EXPECT_EQ(m.compliance[0].promise, ClockKind::status_update);
  const Compliance& c = compliance(m, ClockKind::status_update);
  EXPECT_EQ(c.met, 2);      // S1, S5
  EXPECT_EQ(c.missed, 1);   // S3
  EXPECT_EQ(c.overdue, 1);  // S2
  EXPECT_EQ(c.running, 0);
  EXPECT_EQ(c.paused, 1);  // S4
  EXPECT_EQ(c.stopped, 0);
  EXPECT_DOUBLE_EQ(*c.share_met(), 2.0 / 4.0);
}

TEST(ProgramMetrics, DisclosureIsAPromiseLikeTheOthers) {
  ProgramMetrics m = program_metrics(updated_reports(), updating_program(), kPeriod, kNow);
  const Compliance& c = compliance(m, ClockKind::disclosure);
  EXPECT_EQ(c.met, 1);  // S1
  EXPECT_EQ(c.missed, 0);
  EXPECT_EQ(c.overdue, 2);  // S2, S3
  EXPECT_EQ(c.running, 0);
  EXPECT_EQ(c.paused, 1);   // S4
  EXPECT_EQ(c.stopped, 1);  // S5
  EXPECT_DOUBLE_EQ(*c.share_met(), 1.0 / 3.0);
}

TEST(ProgramMetrics, NoShareWhileNothingIsDecided) {
  // Only J's resolution clock, still running at now.
  Compliance running{.promise = ClockKind::resolution, .running = 1};
  EXPECT_EQ(running.share_met(), std::nullopt);
  Compliance stopped{.promise = ClockKind::resolution, .stopped = 2};
  EXPECT_EQ(stopped.share_met(), std::nullopt);
}

TEST(ProgramMetrics, TimeToAcknowledge) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  const Timing& t = timing(m, Timing::Milestone::acknowledged);
  // Sorted: 1800 (J), 3600 (D), 7200 (A), 7200 (E), 259200 (B). n = 5: the median is the 3rd
  // (ceil 2.5), the 90th percentile the 5th (ceil 4.5).
  EXPECT_EQ(t.count, 5);
  EXPECT_EQ(t.median, 7200);
  EXPECT_EQ(t.p90, 259200);
}

TEST(ProgramMetrics, TimeToTriageTakesTheLowerMiddleOfAnEvenCount) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  const Timing& t = timing(m, Timing::Milestone::triaged);
  // Sorted: 3600 (J), 7200 (E, closed as spam), 86400 (A), 691200 (B). n = 4: the median is the
  // 2nd (ceil 2.0), the 90th percentile the 4th (ceil 3.6).
  EXPECT_EQ(t.count, 4);
  EXPECT_EQ(t.median, 7200);
  EXPECT_EQ(t.p90, 691200);
}

TEST(ProgramMetrics, TimeToFixAndNoneWhenNoReportGotThere) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  const Timing& fixed = timing(m, Timing::Milestone::fixed);
  EXPECT_EQ(fixed.count, 1);  // A, after 4 days
  EXPECT_EQ(fixed.median, 345600);
  EXPECT_EQ(fixed.p90, 345600);

  // March in Berlin (daylight saving time starts on the 29th, so it ends at 22:00Z) holds only
  // "after", which nobody has touched.
  Period march{at("2026-02-28T23:00:00Z"), at("2026-03-31T22:00:00Z")};
  ProgramMetrics empty = program_metrics(reports(), berlin_program(), march, kNow);
  EXPECT_EQ(empty.reports, 1);  // "after", received at midnight on 1 March
  const Timing& none = timing(empty, Timing::Milestone::acknowledged);
  EXPECT_EQ(none.count, 0);
  EXPECT_EQ(none.median, std::nullopt);
  EXPECT_EQ(none.p90, std::nullopt);
}

TEST(ProgramMetrics, AFixThatWasReopenedDoesNotCount) {
  Report r = received("R", "2026-01-05T10:00:00Z", Severity::critical);
  record_move(r, State::accepted, "2026-01-05T11:00:00Z");
  record_move(r, State::fixed, "2026-01-06T10:00:00Z");
  record_move(r, State::fixing, "2026-01-07T10:00:00Z");
  ProgramMetrics reopened = program_metrics({r}, berlin_program(), kPeriod, kNow);
  EXPECT_EQ(timing(reopened, Timing::Milestone::fixed).count, 0);
  // Fixed again after 5 days: that fix stands (432000 s).
  record_move(r, State::fixed, "2026-01-10T10:00:00Z");
  ProgramMetrics fixed = program_metrics({r}, berlin_program(), kPeriod, kNow);
  EXPECT_EQ(timing(fixed, Timing::Milestone::fixed).median, 432000);
}

TEST(ProgramMetrics, ReportsByStateListEveryStateInTableOrder) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  std::vector<std::pair<std::string, int>> expected = {
      {"new", 2},                              // C, H
      {"acknowledged", 0}, {"needs_info", 1},  // D
      {"triaged", 0},      {"accepted", 2},    // B, J
      {"fixing", 0},       {"fixed", 1},       // A
      {"disclosed", 0},    {"duplicate", 0},  {"informative", 0}, {"not_applicable", 0},
      {"out_of_scope", 0}, {"spam", 1},  // E
      {"withdrawn", 1},                  // F
  };
  EXPECT_EQ(pairs(m.by_state), expected);
}

TEST(ProgramMetrics, ReportsBySeverityWithUnratedLast) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  std::vector<std::pair<std::string, int>> expected = {
      {"low", 1},       // D
      {"medium", 0},    //
      {"high", 3},      // B, E, J
      {"critical", 1},  // A
      {"unrated", 3},   // C, F, H
  };
  EXPECT_EQ(pairs(m.by_severity), expected);
}

TEST(ProgramMetrics, ReportsByMonthInTheProgramsTimeZone) {
  ProgramMetrics m = program_metrics(reports(), berlin_program(), kPeriod, kNow);
  // January: A, B, H. February: C (00:30 local on the 1st), D, E, F, J. The period ends at
  // midnight on 1 March, so March is not in it.
  std::vector<std::pair<std::string, int>> expected = {{"2026-01", 3}, {"2026-02", 5}};
  EXPECT_EQ(pairs(m.by_month), expected);

  // In UTC over January and February UTC: C is received on 31 January, H is before the period
  // and "after" (23:00 on 28 February) inside it. January: A, B, C; February: D, E, F, J, after.
  Policy utc = berlin_program();
  utc.calendar.time_zone = "UTC";
  Period utc_period{at("2026-01-01T00:00:00Z"), at("2026-03-01T00:00:00Z")};
  std::vector<std::pair<std::string, int>> in_utc = {{"2026-01", 3}, {"2026-02", 5}};
  EXPECT_EQ(pairs(program_metrics(reports(), utc, utc_period, kNow).by_month), in_utc);
}

TEST(ProgramMetrics, EveryMonthOfThePeriodIsPresentEvenWithoutReports) {
  // 15 November 2025 to 10 February 2026 (Berlin): November to February, December empty.
  Period period{at("2025-11-15T00:00:00Z"), at("2026-02-10T00:00:00Z")};
  std::vector<Report> two = {received("N", "2025-11-20T10:00:00Z", std::nullopt),
                             received("F", "2026-02-01T10:00:00Z", std::nullopt),
                             received("J", "2026-01-02T10:00:00Z", std::nullopt)};
  std::vector<std::pair<std::string, int>> expected = {
      {"2025-11", 1}, {"2025-12", 0}, {"2026-01", 1}, {"2026-02", 1}};
  EXPECT_EQ(pairs(program_metrics(two, berlin_program(), period, kNow).by_month), expected);
}

TEST(ProgramMetrics, RefusesAPeriodThatDoesNotEndAfterItBegins) {
  Period backwards{kPeriod.to, kPeriod.from};
  Period empty{kPeriod.from, kPeriod.from};
  for (const Period& p : {backwards, empty}) {
    try {
      program_metrics(reports(), berlin_program(), p, kNow);
      FAIL() << "a period without length was accepted";
    } catch (const Refusal& r) {
      EXPECT_EQ(r.field(), "period");
    }
  }
}

TEST(NearestRankPercentile, IsAValueOfTheSetAtRankCeilPN) {
  // 1..10 shuffled: P50 is the 5th (ceil 5.0), P90 the 9th (ceil 9.0), P91 the 10th (ceil 9.1).
  std::vector<std::int64_t> values = {7, 3, 10, 1, 9, 5, 2, 8, 6, 4};
  EXPECT_EQ(nearest_rank_percentile(values, 50), 5);
  EXPECT_EQ(nearest_rank_percentile(values, 90), 9);
  EXPECT_EQ(nearest_rank_percentile(values, 91), 10);
  EXPECT_EQ(nearest_rank_percentile(values, 100), 10);
  EXPECT_EQ(nearest_rank_percentile(values, 1), 1);
  EXPECT_EQ(nearest_rank_percentile({42}, 50), 42);
  EXPECT_EQ(nearest_rank_percentile({42}, 90), 42);
  EXPECT_EQ(nearest_rank_percentile({}, 50), std::nullopt);
}

TEST(NearestRankPercentile, RefusesAPercentOutsideOneToAHundred) {
  EXPECT_THROW(nearest_rank_percentile({1}, 0), Refusal);
  EXPECT_THROW(nearest_rank_percentile({1}, 101), Refusal);
}

}  // namespace
}  // namespace embargo
