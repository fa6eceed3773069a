#include "store/sqlite/change_watch.h"

#include <spdlog/spdlog.h>

namespace embargo::store::sqlite {
namespace {

std::int64_t data_version(Connection& db) {
  auto q = db.query("PRAGMA data_version");
  q.step();
  return q.integer(0);
}

}  // namespace

ChangeWatch::ChangeWatch(const std::filesystem::path& path, std::chrono::milliseconds interval)
    : db_(std::make_unique<Connection>(path, Connection::Mode::read_only)), interval_(interval) {
  std::int64_t first = data_version(*db_);
  thread_ = std::thread([this, first] {
    std::int64_t seen = first;
    std::unique_lock lock(mutex_);
    while (!wake_.wait_for(lock, interval_, [this] { return stopping_; })) {
      try {
        std::int64_t now = data_version(*db_);
        if (now != seen) {
          seen = now;
          ++changes_;
        }
      } catch (const std::exception& e) {
        // Counted as a change: whatever depended on the data is made again, never kept stale.
        ++changes_;
        spdlog::warn("watching the store for other processes' changes: {}", e.what());
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

}  // namespace embargo::store::sqlite
