// The dashboard's times and shares as people read them.
#include "formats/metric_words.h"

#include <gtest/gtest.h>

namespace embargo::formats {
namespace {

TEST(ElapsedWords, TwoLargestUnitsCutToWholeUnits) {
  EXPECT_EQ(elapsed_words(0), "less than a minute");
  EXPECT_EQ(elapsed_words(59), "less than a minute");
  EXPECT_EQ(elapsed_words(60), "1 minute");
  EXPECT_EQ(elapsed_words(45 * 60 + 59), "45 minutes");
  EXPECT_EQ(elapsed_words(3600), "1 hour");
  EXPECT_EQ(elapsed_words(3 * 3600 + 12 * 60 + 30), "3 hours 12 minutes");
  EXPECT_EQ(elapsed_words(86400 + 60), "1 day");  // the minute is below the two largest units
  EXPECT_EQ(elapsed_words(2 * 86400 + 4 * 3600 + 59 * 60), "2 days 4 hours");
  EXPECT_EQ(elapsed_words(400 * 86400 + 3600), "400 days 1 hour");
  EXPECT_EQ(elapsed_words(-5), "less than a minute");
}

TEST(PercentWords, OneDecimalAtMostWithoutATrailingZero) {
  EXPECT_EQ(percent_words(2.0 / 3), "66.7%");
  EXPECT_EQ(percent_words(0.5), "50%");
  EXPECT_EQ(percent_words(1), "100%");
  EXPECT_EQ(percent_words(0), "0%");
  EXPECT_EQ(percent_words(0.99949), "99.9%");
  EXPECT_EQ(percent_words(0.9996), "100%");
}

}  // namespace
}  // namespace embargo::formats
