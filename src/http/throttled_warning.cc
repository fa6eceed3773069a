#include "http/throttled_warning.h"

#include <spdlog/spdlog.h>

namespace embargo::http {

void ThrottledWarning::happened(std::string_view message) {
  std::lock_guard lock(mutex_);
  ++since_logged_;
  auto now = std::chrono::steady_clock::now();
  if (last_logged_ && now - *last_logged_ < interval_) return;
  spdlog::warn("{} ({} times since last said; said at most every {} s)", message, since_logged_,
               interval_.count());
  last_logged_ = now;
  since_logged_ = 0;
}

}  // namespace embargo::http
