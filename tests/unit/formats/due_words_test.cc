// The desk's words for where a clock stands: what a handler reads to know what is due next.
#include "formats/due_words.h"

#include <gtest/gtest.h>

namespace embargo::formats {
namespace {

using namespace std::chrono_literals;

TEST(SpanWords, RoundDownToTheLargestSensibleUnit) {
  EXPECT_EQ(span_words(30s), "less than a minute");
  EXPECT_EQ(span_words(60s), "1 minute");
  EXPECT_EQ(span_words(59min), "59 minutes");
  EXPECT_EQ(span_words(1h), "1 hour");
  EXPECT_EQ(span_words(3h + 59min), "3 hours");
  EXPECT_EQ(span_words(47h), "47 hours");
  EXPECT_EQ(span_words(48h), "2 days");
  EXPECT_EQ(span_words(24h * 30 + 5h), "30 days");
}

TEST(ClockStanding, SaysHowLongUntilOrSinceTheDueTime) {
  Time due = parse_time("2026-01-07T10:00:00Z");
  Clock c{ClockKind::acknowledge, {}, due - 48h, due, std::nullopt, Clock::Status::pending, 0};
  EXPECT_EQ(clock_standing(c, due - 3h), "due in 3 hours");
  c.status = Clock::Status::overdue;
  EXPECT_EQ(clock_standing(c, due + 50h), "overdue by 2 days");
  c.status = Clock::Status::met;
  EXPECT_EQ(clock_standing(c, due), "met");
  c.status = Clock::Status::missed;
  EXPECT_EQ(clock_standing(c, due), "missed");
  c.status = Clock::Status::paused;
  c.due_at.reset();
  EXPECT_EQ(clock_standing(c, due), "paused while waiting on the reporter");
  c.status = Clock::Status::stopped;
  EXPECT_EQ(clock_standing(c, due), "no longer applies: the report is closed");
}

TEST(DueMark, OverdueSoonAndLaterAtTheirEdges) {
  Time now = parse_time("2026-12-04T12:00:00Z");
  EXPECT_EQ(due_mark(std::nullopt, now), DueMark::none);
  EXPECT_EQ(due_mark(now - 1s, now), DueMark::overdue);
  EXPECT_EQ(due_mark(now, now), DueMark::soon);
  EXPECT_EQ(due_mark(now + 24h - 1s, now), DueMark::soon);
  EXPECT_EQ(due_mark(now + 24h, now), DueMark::later);
  EXPECT_EQ(to_string(DueMark::overdue), "overdue");
  EXPECT_EQ(due_words(now + 3h, now), "due in 3 hours");
  EXPECT_EQ(due_words(now - 50h, now), "overdue by 2 days");
}

TEST(ClockTitle, NamesEachPromise) {
  EXPECT_EQ(clock_title(ClockKind::acknowledge), "Acknowledge");
  EXPECT_EQ(clock_title(ClockKind::status_update), "Status update");
  EXPECT_EQ(clock_title(ClockKind::disclosure), "Disclosure");
}

}  // namespace
}  // namespace embargo::formats
