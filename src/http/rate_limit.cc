#include "http/rate_limit.h"

#include <algorithm>
#include <cmath>

namespace embargo::http {

bool RateLimiter::allow(std::string_view client, Clock::time_point now,
                        std::chrono::seconds* retry_after) {
  std::lock_guard lock(mutex_);
  auto it = buckets_.find(std::string(client));
  if (it == buckets_.end()) {
    if (buckets_.size() >= max_clients_) forget_full_buckets(now);
    it = buckets_.emplace(std::string(client), Bucket{limit_.burst, now}).first;
  }
  Bucket& bucket = it->second;
  double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens =
      std::min(limit_.burst, bucket.tokens + std::max(0.0, elapsed) * limit_.per_second);
  bucket.updated = std::max(bucket.updated, now);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return true;
  }
  if (retry_after != nullptr) {
    *retry_after = std::chrono::seconds(
        static_cast<long long>(std::ceil((1 - bucket.tokens) / limit_.per_second)));
  }
  return false;
}

std::size_t RateLimiter::tracked_clients() {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

// Drops every client whose bucket would be full by now (it has been quiet long enough that
// forgetting it changes nothing); if every client is still limited, drops the oldest half so
// that memory stays bounded even under a flood of distinct addresses.
void RateLimiter::forget_full_buckets(Clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + elapsed * limit_.per_second >= limit_.burst;
  });
  if (buckets_.size() < max_clients_) return;
  std::vector<Clock::time_point> times;
  times.reserve(buckets_.size());
  for (const auto& [client, bucket] : buckets_) times.push_back(bucket.updated);
  auto middle = times.begin() + static_cast<std::ptrdiff_t>(times.size() / 2);
  std::nth_element(times.begin(), middle, times.end());
  Clock::time_point cutoff = *middle;
  std::erase_if(buckets_, [&](const auto& entry) { return entry.second.updated <= cutoff; });
}

}  // namespace embargo::http
