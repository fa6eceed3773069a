#include "http/body_budget.h"

namespace embargo::http {

std::optional<BodyBudget::Share> BodyBudget::take(std::uint64_t bytes) {
  std::uint64_t left = left_.load();
  do {
    if (left < bytes) return std::nullopt;
  } while (!left_.compare_exchange_weak(left, left - bytes));
  return std::optional<Share>(std::in_place, *this, bytes);
}

}  // namespace embargo::http
