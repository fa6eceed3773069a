#include "store/sqlite/reader_pool.h"

#include <algorithm>

namespace embargo::store::sqlite {

ReaderPool::ReaderPool(const std::filesystem::path& path, int size) {
  for (int i = 0; i < std::max(1, size); ++i) {
    auto db = std::make_unique<Connection>(path, Connection::Mode::read_only);
    db->exec("PRAGMA busy_timeout = 5000; PRAGMA foreign_keys = ON");
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
