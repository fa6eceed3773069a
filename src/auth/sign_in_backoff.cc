#include "auth/sign_in_backoff.h"

#include <algorithm>
#include <chrono>

namespace embargo::auth {
namespace {

constexpr int free_failures = 4;
constexpr std::chrono::seconds first_lock = std::chrono::minutes(1);
constexpr std::chrono::seconds longest_lock = std::chrono::hours(1);

}  // namespace

std::optional<Time> sign_in_locked_until(int failures, Time now) {
  if (failures <= free_failures) return std::nullopt;
  std::chrono::seconds lock = first_lock;
  for (int i = free_failures + 1; i < failures && lock < longest_lock; ++i) lock *= 2;
  return now + std::min(lock, longest_lock);
}

}  // namespace embargo::auth
