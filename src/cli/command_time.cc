#include "cli/command_time.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

namespace embargo::cli {
namespace {

// System time plus the offset the file holds now: read at every call, so a test's change
// reaches a running server at once.
class OffsetFileTime final : public TimeSource {
 public:
  explicit OffsetFileTime(std::filesystem::path file) : file_(std::move(file)) {}

  Time now() const override {
    std::ifstream in(file_);
    long long seconds = 0;
    if (!(in >> seconds)) seconds = 0;
    return system_time().now() + std::chrono::seconds(seconds);
  }

 private:
  std::filesystem::path file_;
};

}  // namespace

const TimeSource& command_time() {
  static const TimeSource& chosen = []() -> const TimeSource& {
    const char* file = std::getenv("EMBARGO_TEST_CLOCK");
    if (file == nullptr || *file == '\0') return system_time();
    static const OffsetFileTime offset{std::filesystem::path(file)};
    return offset;
  }();
  return chosen;
}

}  // namespace embargo::cli
