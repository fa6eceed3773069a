#include "core/duration.h"

#include <gtest/gtest.h>

namespace embargo {
namespace {

using Unit = Duration::Unit;

Duration parsed(std::string_view text) {
  std::string error;
  auto d = parse_duration(text, &error);
  EXPECT_TRUE(d.has_value()) << text << ": " << error;
  return d.value_or(Duration{-1, Unit::hours});
}

std::string refusal(std::string_view text) {
  std::string error;
  auto d = parse_duration(text, &error);
  EXPECT_FALSE(d.has_value()) << text << " was accepted";
  return error;
}

TEST(ParseDuration, AcceptsHoursInEverySpelling) {
  EXPECT_EQ(parsed("48h"), (Duration{48, Unit::hours}));
  EXPECT_EQ(parsed("48 h"), (Duration{48, Unit::hours}));
  EXPECT_EQ(parsed("48 hours"), (Duration{48, Unit::hours}));
  EXPECT_EQ(parsed("1 hour"), (Duration{1, Unit::hours}));
  EXPECT_EQ(parsed("0h"), (Duration{0, Unit::hours}));
}

TEST(ParseDuration, AcceptsDaysAndWeeksAsDays) {
  EXPECT_EQ(parsed("7d"), (Duration{7, Unit::days}));
  EXPECT_EQ(parsed("7 days"), (Duration{7, Unit::days}));
  EXPECT_EQ(parsed("1 day"), (Duration{1, Unit::days}));
  // A week is 7 calendar days: 2 weeks = 14 days.
  EXPECT_EQ(parsed("2 weeks"), (Duration{14, Unit::days}));
  EXPECT_EQ(parsed("1 week"), (Duration{7, Unit::days}));
  EXPECT_EQ(parsed("3w"), (Duration{21, Unit::days}));
}

TEST(ParseDuration, AcceptsBusinessDays) {
  EXPECT_EQ(parsed("7 business days"), (Duration{7, Unit::business_days}));
  EXPECT_EQ(parsed("1 business day"), (Duration{1, Unit::business_days}));
  EXPECT_EQ(parsed("5bd"), (Duration{5, Unit::business_days}));
  EXPECT_EQ(parsed("5 bd"), (Duration{5, Unit::business_days}));
}

TEST(ParseDuration, IgnoresSurroundingBlanksCaseAndRunsOfSpaces) {
  EXPECT_EQ(parsed("  48h  "), (Duration{48, Unit::hours}));
  EXPECT_EQ(parsed("\t7d\t"), (Duration{7, Unit::days}));
  EXPECT_EQ(parsed("7   business    days"), (Duration{7, Unit::business_days}));
  EXPECT_EQ(parsed("7 Business Days"), (Duration{7, Unit::business_days}));
  EXPECT_EQ(parsed("48H"), (Duration{48, Unit::hours}));
}

TEST(ParseDuration, RefusesEmptyAndBlankText) {
  EXPECT_EQ(refusal(""),
            R"(expected a duration like "48h", "7d" or "7 business days", got an empty string)");
  EXPECT_EQ(refusal("   "),
            R"(expected a duration like "48h", "7d" or "7 business days", got an empty string)");
}

TEST(ParseDuration, RefusesANumberWithoutUnit) {
  EXPECT_EQ(refusal("48"), R"("48" has no unit: write it like "48h", "48d" or "48 business days")");
}

TEST(ParseDuration, RefusesNegativeDurations) {
  EXPECT_EQ(refusal("-1h"), R"(negative duration "-1h")");
  EXPECT_EQ(refusal(" -7 days"), R"(negative duration " -7 days")");
}

TEST(ParseDuration, RefusesFractions) {
  EXPECT_EQ(refusal("1.5h"), R"("1.5h": the amount must be a whole number)");
  EXPECT_EQ(refusal("1,5d"), R"("1,5d": the amount must be a whole number)");
}

TEST(ParseDuration, RefusesUnknownUnits) {
  EXPECT_EQ(
      refusal("48 hrs"),
      R"(unknown unit "hrs" in "48 hrs": use h, hours, d, days, w, weeks, bd or business days)");
  EXPECT_EQ(
      refusal("3 months"),
      R"(unknown unit "months" in "3 months": use h, hours, d, days, w, weeks, bd or business days)");
  EXPECT_EQ(
      refusal("48h2d"),
      R"(unknown unit "h2d" in "48h2d": use h, hours, d, days, w, weeks, bd or business days)");
}

TEST(ParseDuration, RefusesWordsAndSigns) {
  EXPECT_EQ(refusal("soon"),
            R"(expected a duration like "48h", "7d" or "7 business days", got "soon")");
  EXPECT_EQ(refusal("+48h"),
            R"(expected a duration like "48h", "7d" or "7 business days", got "+48h")");
  EXPECT_EQ(refusal("h"), R"(expected a duration like "48h", "7d" or "7 business days", got "h")");
}

TEST(ParseDuration, RefusesTenYearsAndMore) {
  // 10 years of 365 days = 87600 hours = 3650 days = 521 weeks and 3 days.
  EXPECT_EQ(parsed("87599h"), (Duration{87599, Unit::hours}));
  EXPECT_EQ(parsed("3649d"), (Duration{3649, Unit::days}));
  EXPECT_EQ(refusal("87600h"), R"("87600h" is too long: a duration must be under 10 years)");
  EXPECT_EQ(refusal("3650 days"), R"("3650 days" is too long: a duration must be under 10 years)");
  EXPECT_EQ(refusal("522 weeks"), R"("522 weeks" is too long: a duration must be under 10 years)");
  EXPECT_EQ(refusal("99999999999999999999h"),
            R"("99999999999999999999h" is too long: a duration must be under 10 years)");
}

TEST(ParseDuration, ToleratesANullErrorPointer) {
  EXPECT_FALSE(parse_duration("soon", nullptr).has_value());
}

TEST(FormatDuration, WritesTheCanonicalText) {
  EXPECT_EQ(format_duration({48, Unit::hours}), "48h");
  EXPECT_EQ(format_duration({14, Unit::days}), "14d");
  EXPECT_EQ(format_duration({7, Unit::business_days}), "7 business days");
  EXPECT_EQ(format_duration({1, Unit::business_days}), "1 business day");
}

TEST(FormatDuration, ParsesBackToTheSameDuration) {
  for (const Duration& d : {Duration{48, Unit::hours}, Duration{7, Unit::days},
                            Duration{1, Unit::business_days}, Duration{0, Unit::hours}}) {
    EXPECT_EQ(parsed(format_duration(d)), d);
  }
}

TEST(DescribeDuration, UsesPlainWordsAndSingulars) {
  EXPECT_EQ(describe_duration({48, Unit::hours}), "48 hours");
  EXPECT_EQ(describe_duration({1, Unit::hours}), "1 hour");
  EXPECT_EQ(describe_duration({7, Unit::days}), "7 days");
  EXPECT_EQ(describe_duration({1, Unit::days}), "1 day");
  EXPECT_EQ(describe_duration({7, Unit::business_days}), "7 business days");
}

TEST(ApproximateHours, CountsDaysAndBusinessDaysAs24Hours) {
  EXPECT_EQ(approximate_hours({48, Unit::hours}), 48);
  EXPECT_EQ(approximate_hours({7, Unit::days}), 168);
  EXPECT_EQ(approximate_hours({7, Unit::business_days}), 168);
}

}  // namespace
}  // namespace embargo

namespace embargo {
namespace {

using Unit = Duration::Unit;

TEST(SurelyShorter, SameUnitsCompareByAmount) {
  EXPECT_TRUE(surely_shorter({47, Unit::hours}, {48, Unit::hours}));
  EXPECT_FALSE(surely_shorter({48, Unit::hours}, {48, Unit::hours}));
  EXPECT_TRUE(surely_shorter({6, Unit::business_days}, {7, Unit::business_days}));
}

TEST(SurelyShorter, DaysLastTwentyThreeToTwentyFiveHours) {
  // 2 days are 46 to 50 hours: 45 hours is surely shorter, 47 is not sure, 51 surely longer.
  EXPECT_TRUE(surely_shorter({45, Unit::hours}, {2, Unit::days}));
  EXPECT_FALSE(surely_shorter({47, Unit::hours}, {2, Unit::days}));
  EXPECT_FALSE(surely_shorter({2, Unit::days}, {47, Unit::hours}));
  EXPECT_TRUE(surely_shorter({2, Unit::days}, {51, Unit::hours}));
}

TEST(SurelyShorter, BusinessDaysHaveNoUpperBound) {
  // 6 business days span at least 6 local days, and any number more over weekends and holidays:
  // never surely shorter than 7 calendar days, but 48 hours is surely shorter than them.
  EXPECT_FALSE(surely_shorter({6, Unit::business_days}, {7, Unit::days}));
  EXPECT_FALSE(surely_shorter({7, Unit::days}, {6, Unit::business_days}));
  EXPECT_TRUE(surely_shorter({48, Unit::hours}, {7, Unit::business_days}));
  EXPECT_TRUE(surely_shorter({0, Unit::business_days}, {1, Unit::hours}));
}

}  // namespace
}  // namespace embargo
