#include "formats/due_words.h"

#include <gtest/gtest.h>

namespace embargo::formats {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

const Time kNow = parse_time("2026-12-04T12:00:00Z");

TEST(DueWords, SaysTheTwoLargestUnitsThatMatter) {
  EXPECT_EQ(span_words(days(2) + hours(4) + minutes(5)), "2 days 4 hours");
  EXPECT_EQ(span_words(hours(3) + minutes(5) + seconds(59)), "3 hours 5 minutes");
  EXPECT_EQ(span_words(days(1) + minutes(5)), "1 day");
  EXPECT_EQ(span_words(minutes(1)), "1 minute");
  EXPECT_EQ(span_words(seconds(59)), "less than a minute");
}

TEST(DueWords, OverdueAndDueIn) {
  EXPECT_EQ(due_words(kNow + hours(3), kNow), "due in 3 hours");
  EXPECT_EQ(due_words(kNow - days(2) - hours(4), kNow), "overdue by 2 days 4 hours");
}

TEST(DueWords, MarksOverdueSoonAndLaterAtTheirEdges) {
  EXPECT_EQ(due_mark(std::nullopt, kNow), DueMark::none);
  EXPECT_EQ(due_mark(kNow - seconds(1), kNow), DueMark::overdue);
  EXPECT_EQ(due_mark(kNow, kNow), DueMark::soon);
  EXPECT_EQ(due_mark(kNow + hours(24) - seconds(1), kNow), DueMark::soon);
  EXPECT_EQ(due_mark(kNow + hours(24), kNow), DueMark::later);
  EXPECT_EQ(to_string(DueMark::overdue), "overdue");
}

}  // namespace
}  // namespace embargo::formats
