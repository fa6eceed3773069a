#include "cli/policy_files.h"

#include <iostream>

namespace embargo::cli {

LoadedPolicies load_policy_files(const std::vector<std::string>& files) {
  LoadedPolicies loaded;
  for (const auto& file : files) {
    PolicyLoad load = load_policy_file(file);
    for (const auto& e : load.errors) {
      std::cerr << e.file;
      if (e.line > 0) std::cerr << ':' << e.line << ':' << e.column;
      std::cerr << ": " << e.message << '\n';
    }
    if (load.policy) {
      loaded.policies.emplace_back(file, std::move(*load.policy));
      loaded.sources.push_back(std::move(load.source));
    } else {
      loaded.ok = false;
    }
  }
  return loaded;
}

}  // namespace embargo::cli
