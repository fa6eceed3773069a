#include "store/sql/writer.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <stdexcept>

#include "store/store.h"

namespace embargo::store::sql {

Writer::Writer(std::unique_ptr<Connection> db, int max_batch)
    : db_(std::move(db)), max_batch_(static_cast<std::size_t>(std::max(1, max_batch))) {
  thread_ = std::thread([this] { loop(); });
}

Writer::~Writer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
  db_->checkpoint();
}

void Writer::run(Work work) {
  auto job = std::make_shared<Job>();
  job->work = std::move(work);
  std::future<void> done = job->done.get_future();
  enqueue(job);
  done.get();
}

void Writer::run_alone(Work work) {
  auto job = std::make_shared<Job>();
  job->work = std::move(work);
  job->alone = true;
  std::future<void> done = job->done.get_future();
  enqueue(job);
  done.get();
}

void Writer::enqueue(const std::shared_ptr<Job>& job) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_) throw std::runtime_error("the store is closing and takes no more writes");
    queue_.push_back(job);
  }
  wake_.notify_one();
}

std::size_t Writer::queued() {
  std::lock_guard lock(mutex_);
  return queue_.size();
}

void Writer::loop() {
  std::vector<std::shared_ptr<Job>> group;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has been written
      // A job that runs alone is taken by itself; a group stops before one.
      do {
        group.push_back(queue_.front());
        queue_.pop_front();
      } while (!group.front()->alone && !queue_.empty() && !queue_.front()->alone &&
               group.size() < max_batch_);
    }
    if (group.front()->alone) {
      commit_alone(*group.front());
    } else {
      commit_group(group);
    }
    group.clear();
  }
}

void Writer::run_in_savepoint(Job& job) {
  db_->exec("SAVEPOINT job");
  WriteContext context(*db_);
  try {
    job.work(context);
    db_->exec("RELEASE job");
    job.after_commit = std::move(context.after_commit_);
  } catch (...) {
    job.failure = std::current_exception();
    // Some errors (a full disk, an I/O error) make the engine roll the whole transaction back;
    // then there is no savepoint left to undo and commit_group sees the transaction is gone.
    if (db_->in_transaction()) {
      db_->exec("ROLLBACK TO job");
      db_->exec("RELEASE job");
    }
  }
}

namespace {

// Whether a job failed because the database went away.
bool lost_database(const std::exception_ptr& failure) {
  try {
    std::rethrow_exception(failure);
  } catch (const Unavailable&) {
    return true;
  } catch (...) {
    return false;
  }
}

// The write is on disk whatever these do; a failing one is logged, never turned into an error.
void run_after_commit(const std::vector<std::function<void()>>& actions) {
  for (const auto& action : actions) {
    try {
      action();
    } catch (const std::exception& e) {
      spdlog::warn("after a committed write: {}", e.what());
    }
  }
}

}  // namespace

void Writer::commit_alone(Job& job) {
  WriteContext context(*db_);
  try {
    db_->begin_write();
    job.work(context);
    db_->announce_change();
    db_->commit();
    ++commits_;
  } catch (...) {
    db_->rollback();
    job.done.set_exception(std::current_exception());
    return;
  }
  run_after_commit(context.after_commit_);
  job.done.set_value();
}

void Writer::commit_group(std::vector<std::shared_ptr<Job>>& group) {
  std::exception_ptr group_failure;
  std::size_t first_of_transaction = 0;
  try {
    db_->begin_write();
    for (std::size_t i = 0; i < group.size(); ++i) {
      run_in_savepoint(*group[i]);
      if (!db_->in_transaction()) {
        // The transaction was rolled back under the jobs that had succeeded: they failed too,
        // as unavailable when the database went away (so that their callers may retry).
        const char* why = "the write was rolled back by a storage error in the same group; retry";
        auto lost = lost_database(group[i]->failure)
                        ? std::make_exception_ptr(Unavailable(why))
                        : std::make_exception_ptr(std::runtime_error(why));
        for (std::size_t j = first_of_transaction; j < i; ++j) {
          if (!group[j]->failure) group[j]->failure = lost;
        }
        first_of_transaction = i + 1;
        db_->begin_write();
      }
    }
    db_->announce_change();
    db_->commit();
    ++commits_;
  } catch (...) {
    group_failure = std::current_exception();
    db_->rollback();
  }
  for (std::size_t i = 0; i < group.size(); ++i) {
    Job& job = *group[i];
    if (job.failure) {
      job.done.set_exception(job.failure);
    } else if (group_failure && i >= first_of_transaction) {
      job.done.set_exception(group_failure);
    } else {
      run_after_commit(job.after_commit);
      job.done.set_value();
    }
  }
}

}  // namespace embargo::store::sql
