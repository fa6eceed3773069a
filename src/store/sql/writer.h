#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/sql/connection.h"

namespace embargo::store::sql {

// What a write job sees: the write connection, inside its own savepoint of the group
// transaction, and a way to act only once the group is committed (e.g. to warm a cache).
class WriteContext {
 public:
  explicit WriteContext(Connection& db) : db(db) {}

  Connection& db;
  void after_commit(std::function<void()> action) { after_commit_.push_back(std::move(action)); }

 private:
  friend class Writer;
  std::vector<std::function<void()>> after_commit_;
};

// The single writer: one thread owns the write connection and commits queued jobs in groups.
// It takes every queued job (up to max_batch), opens one write transaction, runs each job
// in its own SAVEPOINT (a job that throws loses only its own changes and its caller gets the
// exception), and COMMITs once, so a group costs one fsync. Callers block until their job is on
// disk. The destructor finishes every queued job before it returns.
class Writer {
 public:
  using Work = std::function<void(WriteContext&)>;

  Writer(std::unique_ptr<Connection> db, int max_batch);
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer();

  // Runs `work` in the next group and returns once the group is committed; rethrows what the
  // job threw, or the commit's failure.
  void run(Work work);

  // Runs `work` in a transaction of its own, without a savepoint, and returns once it is
  // committed; if it throws, the whole transaction is rolled back and the exception rethrown.
  // For a batch that is all or nothing (an import): run as a job of a group, it would hold one
  // savepoint open across all of it, and every statement that opens a statement journal inside
  // it would pay for all the batch wrote before (SQLite truncates an in-memory sub-journal by
  // walking it from its start), so the cost of a write grew with the batch.
  void run_alone(Work work);

  // How many writes wait for the writer thread (not counting the group it is committing).
  std::size_t queued();

  // How many groups have been committed: counted after the COMMIT and before any caller of the
  // group returns, so a caller that reads it after its write sees the write counted.
  std::uint64_t commits() const { return commits_.load(); }

 private:
  // Shared by the caller and the writer so that neither outlives the promise the other uses.
  struct Job {
    Work work;
    bool alone = false;  // run_alone: a transaction of its own, no savepoint
    std::promise<void> done;
    std::exception_ptr failure;
    std::vector<std::function<void()>> after_commit;
  };

  void loop();
  void commit_group(std::vector<std::shared_ptr<Job>>& group);
  void run_in_savepoint(Job& job);
  void commit_alone(Job& job);
  void enqueue(const std::shared_ptr<Job>& job);

  std::unique_ptr<Connection> db_;
  std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<std::shared_ptr<Job>> queue_;
  bool stopping_ = false;
  std::atomic<std::uint64_t> commits_{0};
  std::thread thread_;
};

}  // namespace embargo::store::sql
