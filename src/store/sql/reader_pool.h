#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sql/engine.h"

namespace embargo::store::sql {

// A fixed set of read-only connections shared by every reading thread. Readers see the last
// commit and never wait for the writer (SQLite's WAL, PostgreSQL's snapshots); a caller holds
// one connection for one read.
class ReaderPool {
 public:
  // A connection lent to one caller, returned to the pool when the lease ends.
  class Lease {
   public:
    Lease(ReaderPool& pool, std::unique_ptr<Connection> db) : pool_(pool), db_(std::move(db)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_.give_back(std::move(db_)); }

    Connection& operator*() { return *db_; }
    Connection* operator->() { return db_.get(); }

   private:
    ReaderPool& pool_;
    std::unique_ptr<Connection> db_;
  };

  ReaderPool(Engine& engine, int size);

  // Waits for a free connection.
  Lease borrow();

 private:
  void give_back(std::unique_ptr<Connection> db);

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> idle_;
};

// A read transaction, so that a read made of several queries sees one snapshot.
class ReadTransaction {
 public:
  explicit ReadTransaction(Connection& db);
  ReadTransaction(const ReadTransaction&) = delete;
  ReadTransaction& operator=(const ReadTransaction&) = delete;
  ~ReadTransaction();

 private:
  Connection& db_;
};

}  // namespace embargo::store::sql
