#include "http/rate_limit.h"

#include <gtest/gtest.h>

namespace embargo::http {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiter, BurstThenOneAtTheSustainedRate) {
  RateLimiter limiter({/*per_second=*/0.5, /*burst=*/3});
  auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  std::chrono::seconds retry{0};
  EXPECT_TRUE(limiter.allow("192.0.2.1", t0, &retry));
  EXPECT_TRUE(limiter.allow("192.0.2.1", t0, &retry));
  EXPECT_TRUE(limiter.allow("192.0.2.1", t0, &retry));
  EXPECT_FALSE(limiter.allow("192.0.2.1", t0, &retry));
  EXPECT_EQ(retry, 2s);  // one token at 0.5 per second
  // Another client has its own bucket.
  EXPECT_TRUE(limiter.allow("192.0.2.2", t0, &retry));
  EXPECT_FALSE(limiter.allow("192.0.2.1", t0 + 1s, &retry));
  EXPECT_EQ(retry, 1s);
  EXPECT_TRUE(limiter.allow("192.0.2.1", t0 + 2s, &retry));
  EXPECT_FALSE(limiter.allow("192.0.2.1", t0 + 2s, &retry));
}

TEST(RateLimiter, QuietClientsRefillToTheBurstOnly) {
  RateLimiter limiter({1, 2});
  auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  EXPECT_TRUE(limiter.allow("a", t0, nullptr));
  EXPECT_TRUE(limiter.allow("a", t0, nullptr));
  EXPECT_TRUE(limiter.allow("a", t0 + 3600s, nullptr));
  EXPECT_TRUE(limiter.allow("a", t0 + 3600s, nullptr));
  EXPECT_FALSE(limiter.allow("a", t0 + 3600s, nullptr));
}

// A flood of distinct addresses cannot grow the table past its bound; clients that have been
// quiet long enough to be full again are forgotten first.
TEST(RateLimiter, MemoryStaysBounded) {
  RateLimiter limiter({0.001, 1}, /*max_clients=*/100);
  auto t0 = RateLimiter::Clock::time_point{} + 1000s;
  for (int i = 0; i < 1000; ++i) limiter.allow("flood-" + std::to_string(i), t0, nullptr);
  EXPECT_LE(limiter.tracked_clients(), 100u);
  EXPECT_GT(limiter.tracked_clients(), 0u);
  // Long after, every bucket is full again: the next new client clears them all.
  for (int i = 0; i < 100; ++i) limiter.allow("later-" + std::to_string(i), t0 + 5000s, nullptr);
  EXPECT_LE(limiter.tracked_clients(), 100u);
}

}  // namespace
}  // namespace embargo::http
