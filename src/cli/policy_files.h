#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/policy.h"

namespace embargo::cli {

struct LoadedPolicies {
  bool ok = true;
  std::vector<std::pair<std::string, Policy>> policies;  // file name, policy
  std::vector<std::string> sources;                      // each file's text, same order
};

// Loads every file, printing each error to stderr as FILE:LINE:COL: message (line and column
// omitted when unknown). `ok` is false if any file had an error.
LoadedPolicies load_policy_files(const std::vector<std::string>& files);

}  // namespace embargo::cli
