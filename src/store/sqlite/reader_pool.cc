#include "store/sqlite/reader_pool.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace embargo::store::sqlite {
namespace {

// Address space, not memory: the OS pages in what is read and may drop it again. The most
// Debian's SQLite maps (its SQLITE_MAX_MMAP_SIZE, 0x7fff0000); pages past it are copied in with
// pread, which at a million reports (3.7 GB) was a quarter of a dashboard's time.
constexpr std::int64_t kMappedBytes = 0x7fff0000;

}  // namespace

ReaderPool::ReaderPool(const std::filesystem::path& path, int size) {
  for (int i = 0; i < std::max(1, size); ++i) {
    auto db = std::make_unique<Connection>(path, Connection::Mode::read_only);
    db->exec("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON");
    // Reads map the database file instead of copying each page out of the OS cache into
    // SQLite's small per-connection cache: a queue count walks an index of every report, and at
    // 100,000 reports the copying was most of its time (docs/performance.md).
    db->exec("PRAGMA mmap_size = " + std::to_string(kMappedBytes));
    idle_.push_back(std::move(db));
  }
}

ReaderPool::Lease ReaderPool::borrow() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !idle_.empty(); });
  auto db = std::move(idle_.back());
  idle_.pop_back();
  return Lease(*this, std::move(db));
}

void ReaderPool::give_back(std::unique_ptr<Connection> db) {
  {
    std::lock_guard lock(mutex_);
    idle_.push_back(std::move(db));
  }
  returned_.notify_one();
}

ReadTransaction::ReadTransaction(Connection& db) : db_(db) { db_.exec("BEGIN"); }

ReadTransaction::~ReadTransaction() {
  sqlite3_exec(db_.handle(), "COMMIT", nullptr, nullptr, nullptr);
}

}  // namespace embargo::store::sqlite
