#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "store/store.h"

namespace embargo::jobs {

// Runs a task every `interval` on a thread of its own, from start() until stop() or
// destruction: the server's background work (the outbox, the mailboxes, the team's reminders).
// With a store, the task runs only while this process holds the job of that name
// (Store::hold_job): of several servers on one PostgreSQL store, one runs each job. A task that
// throws is logged under `name` and runs again at the next interval; stop() waits for a running
// task to finish.
class Periodic {
 public:
  Periodic(std::string name, std::function<void()> task, store::Store* store = nullptr);
  ~Periodic();
  Periodic(const Periodic&) = delete;
  Periodic& operator=(const Periodic&) = delete;

  void start(std::chrono::milliseconds interval);
  void stop();

 private:
  std::string name_;
  std::function<void()> task_;
  store::Store* store_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace embargo::jobs
