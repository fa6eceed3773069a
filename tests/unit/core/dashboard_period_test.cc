// The dashboard's period chooser: the dates people type, the ready-made periods, the instants a
// program's time zone makes of them, and the periods refused.
#include "core/dashboard_period.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "refusal.h"

namespace embargo {
namespace {

using embargo::testing::refusal_of;

date::local_days day(const std::string& text) { return parse_period_date(text, "from"); }

TEST(PeriodDate, ReadsADateWrittenYearMonthDay) {
  EXPECT_EQ(format_period_date(day("2026-03-31")), "2026-03-31");
  EXPECT_EQ(day("2024-02-29"), date::local_days{date::year{2024} / 2 / 29});
  EXPECT_EQ(format_period_date(day("1970-01-01")), "1970-01-01");
}

TEST(PeriodDate, RefusesWhatIsNotADayNamingTheField) {
  for (std::string text :
       {"", "2026-3-31", "2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "31-03-2026",
        "2026/03/31", "2026-03-31T00:00", "+026-03-31", "1969-12-31", "<script>x"}) {
    Refusal r = refusal_of([&] { parse_period_date(text, "to"); });
    EXPECT_EQ(r.field(), "to") << text;
    EXPECT_EQ(r.kind(), Refusal::Kind::invalid) << text;
  }
}

TEST(PeriodDate, RepeatsWhatWasTypedOnlyWhenItIsShortReadableText) {
  EXPECT_NE(std::string(refusal_of([] { parse_period_date("yesterday", "to"); }).what())
                .find("to: 'yesterday' is not a date like 2026-03-31"),
            std::string::npos);
  for (std::string text : {std::string(41, '9'), std::string("2026-03-\xff"
                                                             "1")}) {
    std::string said = refusal_of([&] { parse_period_date(text, "from"); }).what();
    EXPECT_EQ(said, "from: the text given is not a date like 2026-03-31 (between 1970 and 9999)");
  }
}

TEST(PeriodPresets, EndTodayAndReachBackThirtyDaysAQuarterOrAYear) {
  auto today = day("2026-05-31");
  auto thirty = preset_days(PeriodPreset::last_30_days, today);
  EXPECT_EQ(format_period_date(thirty.first), "2026-05-02");
  EXPECT_EQ(thirty.last, today);
  EXPECT_EQ((thirty.last - thirty.first).count() + 1, 30);
  auto quarter = preset_days(PeriodPreset::last_quarter, today);
  // 31 May less three months is 28 February (there is no 31 February): the quarter starts after.
  EXPECT_EQ(format_period_date(quarter.first), "2026-03-01");
  auto year = preset_days(PeriodPreset::last_year, day("2026-04-15"));
  EXPECT_EQ(format_period_date(year.first), "2025-04-16");
  EXPECT_EQ(format_period_date(preset_days(PeriodPreset::last_year, day("2025-02-28")).first),
            "2024-02-29");
}

TEST(PeriodOf, RunsFromLocalMidnightToTheMidnightEndingTheLastDay) {
  BusinessCalendar berlin({.time_zone = "Europe/Berlin", .weekend = {6, 0}, .holidays = {}});
  Period p = period_of({day("2026-01-01"), day("2026-01-31")}, berlin);
  EXPECT_EQ(format_time(p.from), "2025-12-31T23:00:00Z");
  EXPECT_EQ(format_time(p.to), "2026-01-31T23:00:00Z");
  // One day in summer time.
  Period summer = period_of({day("2026-07-01"), day("2026-07-01")}, berlin);
  EXPECT_EQ(format_time(summer.from), "2026-06-30T22:00:00Z");
  EXPECT_EQ(format_time(summer.to), "2026-07-01T22:00:00Z");
  EXPECT_EQ(local_date(parse_time("2026-01-31T23:30:00Z"), berlin), day("2026-02-01"));
}

TEST(PeriodOf, RefusesAnEndBeforeTheStartAndMoreThanFiveYears) {
  BusinessCalendar utc({});
  Refusal backwards = refusal_of([&] { period_of({day("2026-02-01"), day("2026-01-31")}, utc); });
  EXPECT_EQ(backwards.field(), "to");
  // Five whole years with two leap days are the most a dashboard covers.
  EXPECT_NO_THROW(period_of({day("2020-01-01"), day("2024-12-31")}, utc));
  EXPECT_NO_THROW(period_of({day("2024-01-01"), day("2028-12-31")}, utc));
  Refusal longer = refusal_of([&] { period_of({day("2020-01-01"), day("2025-01-02")}, utc); });
  EXPECT_EQ(longer.field(), "period");
  EXPECT_NE(std::string(longer.what()).find("five years"), std::string::npos);
}

}  // namespace
}  // namespace embargo
