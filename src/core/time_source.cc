#include "core/time_source.h"

namespace embargo {

Time SystemTime::now() const {
  return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

const TimeSource& system_time() {
  static const SystemTime clock;
  return clock;
}

}  // namespace embargo
