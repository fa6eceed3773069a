#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sql/connection.h"

namespace embargo::store::sql {

// Notices commits made to the database by other processes (`embargo program apply` while the
// server runs, another server of the same PostgreSQL): a thread of its own asks its connection's
// data_version every `interval` (SQLite's `PRAGMA data_version`, which costs no disk I/O in WAL
// mode; PostgreSQL's notifications, which cost no query) and counts each change. For what is
// kept in memory between requests and must not outlive the data it was made from.
class ChangeWatch {
 public:
  ChangeWatch(std::unique_ptr<Connection> db, std::chrono::milliseconds interval);
  ChangeWatch(const ChangeWatch&) = delete;
  ChangeWatch& operator=(const ChangeWatch&) = delete;
  ~ChangeWatch();

  // How many changes were seen so far.
  std::uint64_t changes() const { return changes_.load(); }

 private:
  std::unique_ptr<Connection> db_;
  const std::chrono::milliseconds interval_;
  std::atomic<std::uint64_t> changes_{0};
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace embargo::store::sql
