#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <utility>

namespace embargo::http {

// The bytes of request bodies all connections together may hold in memory. Each route caps its
// own body; this caps their sum, so that many large uploads at once cannot exhaust the machine's
// memory: a request that does not fit is answered 503 with Retry-After before its body is read.
class BodyBudget {
 public:
  explicit BodyBudget(std::uint64_t bytes) : capacity_(bytes), left_(bytes) {}

  // The whole budget: a body larger than this never fits, however long its client waits.
  std::uint64_t capacity() const { return capacity_; }

  // A part of the budget, given back when destroyed.
  class Share {
   public:
    Share(BodyBudget& budget, std::uint64_t bytes) : budget_(&budget), bytes_(bytes) {}
    Share(Share&& other) noexcept : budget_(other.budget_), bytes_(other.bytes_) {
      other.bytes_ = 0;
    }
    Share(const Share&) = delete;
    Share& operator=(const Share&) = delete;
    Share& operator=(Share&& other) noexcept {
      if (this != &other) {
        give_back();
        budget_ = other.budget_;
        bytes_ = std::exchange(other.bytes_, 0);
      }
      return *this;
    }
    ~Share() { give_back(); }

   private:
    void give_back() {
      budget_->left_ += bytes_;
      bytes_ = 0;
    }
    BodyBudget* budget_;
    std::uint64_t bytes_;
  };

  // `bytes` of the budget, or nothing when less is left.
  std::optional<Share> take(std::uint64_t bytes);

 private:
  const std::uint64_t capacity_;
  std::atomic<std::uint64_t> left_;
};

}  // namespace embargo::http
