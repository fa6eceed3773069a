#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <thread>

#include "store/sqlite/connection.h"

namespace embargo::store::sqlite {

// Notices commits made to the database file by other processes (`embargo program apply` while
// the server runs): a thread of its own asks SQLite's `PRAGMA data_version` on a connection of
// its own every `interval`, which costs no disk I/O in WAL mode, and counts each change. For
// what is kept in memory between requests and must not outlive the data it was made from.
class ChangeWatch {
 public:
  ChangeWatch(const std::filesystem::path& path, std::chrono::milliseconds interval);
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

}  // namespace embargo::store::sqlite
