// Where Embargo reads the time. `embargo` makes one time source in main and passes it down: the
// store stamps every record with it, and pages, jobs and commands compare against it. A test sets
// the time instead of sleeping until it has passed.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

#include "core/time.h"

namespace embargo {

class TimeSource {
 public:
  virtual ~TimeSource() = default;
  // UTC, to the second.
  virtual Time now() const = 0;
};

// The computer's time.
class SystemTime final : public TimeSource {
 public:
  Time now() const override;
};

// The one SystemTime of the process.
const TimeSource& system_time();

// A clock a test sets and moves forward; safe to read from several threads.
class ManualTime final : public TimeSource {
 public:
  explicit ManualTime(Time start) : seconds_(start.time_since_epoch().count()) {}
  Time now() const override { return Time(std::chrono::seconds(seconds_.load())); }
  void set(Time t) { seconds_ = t.time_since_epoch().count(); }
  void advance(std::chrono::seconds by) { seconds_ += by.count(); }

 private:
  std::atomic<std::int64_t> seconds_;
};

}  // namespace embargo
