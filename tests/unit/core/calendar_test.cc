// Calendar arithmetic of SLA durations. Every expected instant is worked out by hand from the
// calendar of 2026 (1 January is a Thursday) and the time-zone rules in force: Europe/Amsterdam
// is UTC+1 (CET) and UTC+2 (CEST) from 2026-03-29 01:00Z to 2026-10-25 01:00Z; America/New_York
// is UTC-5 (EST) and UTC-4 (EDT) from 2026-03-08 07:00Z to 2026-11-01 06:00Z.
#include <gtest/gtest.h>

#include "core/error.h"
#include "core/policy.h"
#include "core/sla.h"
#include "core/time.h"
#include "refusal.h"
#include "test_time.h"

namespace embargo {
namespace {

using testing::at;

Calendar zone(const char* name, std::vector<std::string> holidays = {}) {
  Calendar c;
  c.time_zone = name;
  c.holidays = std::move(holidays);
  return c;
}

constexpr auto kHours = Duration::Unit::hours;
constexpr auto kDays = Duration::Unit::days;
constexpr auto kBusinessDays = Duration::Unit::business_days;

TEST(AddDuration, HoursAreElapsedTimeWhateverTheCalendar) {
  // Friday 15:00 CET + 48h crosses a weekend and the spring change: still 48 real hours.
  EXPECT_EQ(add_duration(at("2026-03-27T14:00:00Z"), {48, kHours}, zone("Europe/Amsterdam")),
            at("2026-03-29T14:00:00Z"));
}

TEST(AddDuration, DaysKeepTheLocalTimeAcrossSpringForward) {
  // Sat 28 Mar 10:00 CET (09:00Z) + 1 day = Sun 29 Mar 10:00 CEST (08:00Z): 23 real hours.
  EXPECT_EQ(add_duration(at("2026-03-28T09:00:00Z"), {1, kDays}, zone("Europe/Amsterdam")),
            at("2026-03-29T08:00:00Z"));
  // New York: Sat 7 Mar 12:00 EST (17:00Z) + 1 day = Sun 8 Mar 12:00 EDT (16:00Z).
  EXPECT_EQ(add_duration(at("2026-03-07T17:00:00Z"), {1, kDays}, zone("America/New_York")),
            at("2026-03-08T16:00:00Z"));
}

TEST(AddDuration, DaysLandingInTheSpringGapMoveForwardByTheGap) {
  // Sat 28 Mar 02:30 CET (01:30Z) + 1 day = Sun 29 Mar 02:30, which does not exist (02:00 ->
  // 03:00); shifted forward by the hour it is 03:30 CEST = 01:30Z.
  EXPECT_EQ(add_duration(at("2026-03-28T01:30:00Z"), {1, kDays}, zone("Europe/Amsterdam")),
            at("2026-03-29T01:30:00Z"));
}

TEST(AddDuration, DaysKeepTheLocalTimeAcrossFallBack) {
  // Sat 24 Oct 12:00 CEST (10:00Z) + 1 day = Sun 25 Oct 12:00 CET (11:00Z): 25 real hours.
  EXPECT_EQ(add_duration(at("2026-10-24T10:00:00Z"), {1, kDays}, zone("Europe/Amsterdam")),
            at("2026-10-25T11:00:00Z"));
}

TEST(AddDuration, DaysLandingOnARepeatedTimeTakeTheEarlierOne) {
  // Sat 24 Oct 02:30 CEST (00:30Z) + 1 day = Sun 25 Oct 02:30, which happens twice: first in
  // CEST (00:30Z), then in CET (01:30Z). The earlier one is due.
  EXPECT_EQ(add_duration(at("2026-10-24T00:30:00Z"), {1, kDays}, zone("Europe/Amsterdam")),
            at("2026-10-25T00:30:00Z"));
}

TEST(AddDuration, WeeksAreSevenCalendarDays) {
  // "2 weeks" is stored as 14 days. Mon 23 Mar 09:00 CET (08:00Z) -> Mon 6 Apr 09:00 CEST (07:00Z).
  EXPECT_EQ(add_duration(at("2026-03-23T08:00:00Z"), {14, kDays}, zone("Europe/Amsterdam")),
            at("2026-04-06T07:00:00Z"));
}

TEST(AddDuration, BusinessDaysFromFridayAfternoon) {
  // Fri 9 Jan 15:00: 9h left on Friday, Mon 12 - Fri 16 (5 days), Mon 19 (1 day), and 15h of
  // Tue 20: seven business days end on Tuesday 15:00 of the week after next.
  EXPECT_EQ(add_duration(at("2026-01-09T15:00:00Z"), {7, kBusinessDays}, zone("UTC")),
            at("2026-01-20T15:00:00Z"));
}

TEST(AddDuration, BusinessDaysFromSaturdayStartOnMonday) {
  // Sat 10 Jan 10:00: nothing counts until Mon 12 00:00; Mon 12 - Fri 16, Mon 19, Tue 20 are the
  // seven days, so the end of Tuesday (Wed 21 00:00) is due.
  EXPECT_EQ(add_duration(at("2026-01-10T10:00:00Z"), {7, kBusinessDays}, zone("UTC")),
            at("2026-01-21T00:00:00Z"));
}

TEST(AddDuration, BusinessDaysFromMidnightMondayIsTheEndOfThatDay) {
  EXPECT_EQ(add_duration(at("2026-01-12T00:00:00Z"), {1, kBusinessDays}, zone("UTC")),
            at("2026-01-13T00:00:00Z"));
}

TEST(AddDuration, BusinessDaysSkipHolidays) {
  // Thu 24 Dec 09:00 + 2 business days, Fri 25 Dec a holiday: 15h of Thursday, Mon 28 (24h),
  // 9h of Tue 29 -> Tue 29 Dec 09:00.
  EXPECT_EQ(
      add_duration(at("2026-12-24T09:00:00Z"), {2, kBusinessDays}, zone("UTC", {"2026-12-25"})),
      at("2026-12-29T09:00:00Z"));
  // Without the holiday Friday counts: 15h of Thursday, Friday 24h, 9h of Monday.
  EXPECT_EQ(add_duration(at("2026-12-24T09:00:00Z"), {2, kBusinessDays}, zone("UTC")),
            at("2026-12-28T09:00:00Z"));
}

TEST(AddDuration, BusinessDaysFollowTheConfiguredWeekend) {
  // A Friday-Saturday weekend: Thu 8 Jan 12:00 + 1 business day = 12h of Thursday, then 12h of
  // Sun 11 Jan -> Sun 11 Jan 12:00.
  Calendar c = zone("UTC");
  c.weekend = {5, 6};
  EXPECT_EQ(add_duration(at("2026-01-08T12:00:00Z"), {1, kBusinessDays}, c),
            at("2026-01-11T12:00:00Z"));
}

TEST(AddDuration, BusinessDaysKeepTheLocalTimeAcrossDaylightSaving) {
  // Amsterdam: Fri 27 Mar 15:00 CET (14:00Z) + 1 business day = 9h of Friday, 15h of Monday
  // -> Mon 30 Mar 15:00 CEST (13:00Z).
  EXPECT_EQ(add_duration(at("2026-03-27T14:00:00Z"), {1, kBusinessDays}, zone("Europe/Amsterdam")),
            at("2026-03-30T13:00:00Z"));
  // New York, spring: Fri 6 Mar 17:00 EST (22:00Z) + 2 business days = 7h of Friday, Monday,
  // 17h of Tuesday -> Tue 10 Mar 17:00 EDT (21:00Z).
  EXPECT_EQ(add_duration(at("2026-03-06T22:00:00Z"), {2, kBusinessDays}, zone("America/New_York")),
            at("2026-03-10T21:00:00Z"));
  // New York, autumn: Fri 30 Oct 09:00 EDT (13:00Z) + 1 business day = 15h of Friday, 9h of
  // Monday -> Mon 2 Nov 09:00 EST (14:00Z).
  EXPECT_EQ(add_duration(at("2026-10-30T13:00:00Z"), {1, kBusinessDays}, zone("America/New_York")),
            at("2026-11-02T14:00:00Z"));
}

TEST(AddDuration, ZeroIsTheStart) {
  EXPECT_EQ(add_duration(at("2026-01-10T10:00:00Z"), {0, kBusinessDays}, zone("UTC")),
            at("2026-01-10T10:00:00Z"));
}

TEST(IsBusinessDay, UsesTheLocalDate) {
  Calendar ny = zone("America/New_York", {"2026-07-03"});
  // Thu 2 Jul 20:00 EDT, already Friday in UTC.
  EXPECT_TRUE(is_business_day(at("2026-07-03T00:00:00Z"), ny));
  // Fri 3 Jul 11:00 EDT, the holiday.
  EXPECT_FALSE(is_business_day(at("2026-07-03T15:00:00Z"), ny));
  // Sun 5 Jul 22:00 EDT, Monday in UTC.
  EXPECT_FALSE(is_business_day(at("2026-07-06T02:00:00Z"), ny));
  // Mon 6 Jul 22:00 EDT.
  EXPECT_TRUE(is_business_day(at("2026-07-07T02:00:00Z"), ny));
  // The default weekend is Saturday and Sunday.
  EXPECT_FALSE(is_business_day(at("2026-01-10T12:00:00Z"), zone("UTC")));
  EXPECT_FALSE(is_business_day(at("2026-01-11T12:00:00Z"), zone("UTC")));
  EXPECT_TRUE(is_business_day(at("2026-01-12T12:00:00Z"), zone("UTC")));
}

using embargo::testing::refusal_of;

TEST(Calendar, BadCalendarsAreRefusedByName) {
  Time t = at("2026-01-12T12:00:00Z");
  EXPECT_EQ(refusal_of([&] { is_business_day(t, zone("Mars/Olympus_Mons")); }).field(),
            "calendar.time_zone");
  for (const char* holiday : {"2026-13-01", "2026-02-30", "2026-2-3", "Christmas", ""}) {
    EXPECT_EQ(refusal_of([&] { is_business_day(t, zone("UTC", {holiday})); }).field(),
              "calendar.holidays")
        << holiday;
  }
  Calendar c = zone("UTC");
  c.weekend = {7};
  EXPECT_EQ(refusal_of([&] { is_business_day(t, c); }).field(), "calendar.weekend");
  c.weekend = {0, 1, 2, 3, 4, 5, 6};
  EXPECT_EQ(refusal_of([&] {
              add_duration(t, {1, kBusinessDays}, c);
            }).field(),
            "calendar.weekend");
}

TEST(Calendar, NegativeDurationsAreRefused) {
  Refusal r = refusal_of([] {
    add_duration(at("2026-01-12T12:00:00Z"), {-1, kHours}, zone("UTC"));
  });
  EXPECT_EQ(r.field(), "duration");
}

}  // namespace
}  // namespace embargo
