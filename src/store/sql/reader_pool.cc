#include "store/sql/reader_pool.h"

#include <algorithm>

namespace embargo::store::sql {

ReaderPool::ReaderPool(Engine& engine, int size) {
  for (int i = 0; i < std::max(1, size); ++i) idle_.push_back(engine.open_reader());
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

ReadTransaction::ReadTransaction(Connection& db) : db_(db) { db_.begin_read(); }

// Nothing was written: ending the transaction either way only lets the snapshot go.
ReadTransaction::~ReadTransaction() { db_.rollback(); }

}  // namespace embargo::store::sql
