#include "auth/sign_in_backoff.h"

#include <gtest/gtest.h>

namespace embargo::auth {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

const Time now = Time(std::chrono::seconds(1'800'000'000));

TEST(SignInBackoff, TheFirstFourFailuresLockNothing) {
  for (int failures : {-1, 0, 1, 2, 3, 4}) {
    EXPECT_EQ(sign_in_locked_until(failures, now), std::nullopt) << failures;
  }
}

TEST(SignInBackoff, TheFifthFailureLocksOneMinuteAndEachFurtherOneDoubles) {
  EXPECT_EQ(sign_in_locked_until(5, now), now + minutes(1));
  EXPECT_EQ(sign_in_locked_until(6, now), now + minutes(2));
  EXPECT_EQ(sign_in_locked_until(7, now), now + minutes(4));
  EXPECT_EQ(sign_in_locked_until(8, now), now + minutes(8));
  EXPECT_EQ(sign_in_locked_until(9, now), now + minutes(16));
  EXPECT_EQ(sign_in_locked_until(10, now), now + minutes(32));
}

TEST(SignInBackoff, NeverLocksLongerThanAnHour) {
  EXPECT_EQ(sign_in_locked_until(11, now), now + hours(1));
  EXPECT_EQ(sign_in_locked_until(12, now), now + hours(1));
  EXPECT_EQ(sign_in_locked_until(64, now), now + hours(1));
  EXPECT_EQ(sign_in_locked_until(std::numeric_limits<int>::max(), now), now + hours(1));
}

}  // namespace
}  // namespace embargo::auth
