// Per-client token buckets, so that one address cannot flood the report form or the submission
// API: each client may send `burst` requests at once and then one every `1 / per_second`
// seconds. Memory stays bounded: clients whose bucket has refilled are forgotten first.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace embargo::http {

struct RateLimit {
  double per_second = 1.0 / 6;  // sustained rate: one request every six seconds
  double burst = 10;            // requests allowed at once
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit RateLimiter(RateLimit limit, std::size_t max_clients = 100'000)
      : limit_(limit), max_clients_(max_clients) {}

  // Takes one token from `client`'s bucket. When it is empty, returns false and sets
  // `retry_after` to the whole seconds until a token is back.
  bool allow(std::string_view client, Clock::time_point now, std::chrono::seconds* retry_after);

  // How many clients the limiter remembers now (never more than max_clients).
  std::size_t tracked_clients();

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void forget_full_buckets(Clock::time_point now);

  RateLimit limit_;
  std::size_t max_clients_;
  std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace embargo::http
