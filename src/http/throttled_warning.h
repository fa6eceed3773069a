#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string_view>

namespace embargo::http {

// A warning an attack could repeat thousands of times a second (a refused body, a failed
// accept): logged at most once per interval, saying how often it happened since it was last
// logged, so the log stays readable and its disk is not the next thing to run out. Thread-safe.
class ThrottledWarning {
 public:
  explicit ThrottledWarning(std::chrono::seconds interval) : interval_(interval) {}

  // Counts one occurrence and logs `message` with the count if the interval has passed.
  void happened(std::string_view message);

 private:
  const std::chrono::seconds interval_;
  std::mutex mutex_;
  std::optional<std::chrono::steady_clock::time_point> last_logged_;
  std::uint64_t since_logged_ = 0;
};

}  // namespace embargo::http
