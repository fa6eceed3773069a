#include "jobs/periodic.h"

#include <spdlog/spdlog.h>

namespace embargo::jobs {

Periodic::Periodic(std::string name, std::function<void()> task, store::Store* store)
    : name_(std::move(name)), task_(std::move(task)), store_(store) {}

Periodic::~Periodic() { stop(); }

void Periodic::start(std::chrono::milliseconds interval) {
  thread_ = std::thread([this, interval] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      try {
        if (store_ == nullptr || store_->hold_job(name_)) task_();
      } catch (const std::exception& e) {
        spdlog::error("{}: {}", name_, e.what());
      }
      lock.lock();
      wake_.wait_for(lock, interval, [this] { return stopping_; });
    }
  });
}

void Periodic::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace embargo::jobs
