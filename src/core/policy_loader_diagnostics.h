#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/policy.h"

namespace embargo {

// A place in a policy file, 1-based; line 0 means the file as a whole.
struct Position {
  int line = 0;
  int column = 0;
};

// Collects every mistake found in one policy file, so that a policy author sees all of them
// at once instead of fixing one per run.
class Diagnostics {
 public:
  explicit Diagnostics(std::string file) : file_(std::move(file)) {}

  void error(Position where, std::string message) {
    errors_.push_back({file_, where.line, where.column, std::move(message)});
  }
  bool empty() const { return errors_.empty(); }

  // The errors in file order: by line, then column, then the order they were found.
  std::vector<PolicyError> take_sorted();

 private:
  std::string file_;
  std::vector<PolicyError> errors_;
};

}  // namespace embargo
