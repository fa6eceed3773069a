#include "store/sql/change_watch.h"

#include <spdlog/spdlog.h>

namespace embargo::store::sql {
ChangeWatch::ChangeWatch(std::unique_ptr<Connection> db, std::chrono::milliseconds interval)
    : db_(std::move(db)), interval_(interval) {
  std::int64_t first = db_->data_version();
  thread_ = std::thread([this, first] {
    std::int64_t seen = first;
    bool failing = false;  // a failure is logged once, not every interval until it ends
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      try {
        std::int64_t now = db_->data_version();
        if (now != seen) {
          seen = now;
          ++changes_;
        }
        if (failing) spdlog::info("watching the store for other processes' changes again");
        failing = false;
      } catch (const std::exception& e) {
        // Counted as a change: whatever depended on the data is made again, never kept stale.
        ++changes_;
        if (!failing) spdlog::warn("watching the store for other processes' changes: {}", e.what());
        failing = true;
      }
    }
  });
}

ChangeWatch::~ChangeWatch() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

}  // namespace embargo::store::sql
