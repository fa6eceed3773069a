#include "cli/policy_files.h"

#include <fstream>
#include <iostream>
#include <sstream>

namespace embargo::cli {

LoadedPolicies load_policy_files(const std::vector<std::string>& files) {
  LoadedPolicies loaded;
  for (const auto& file : files) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      std::cerr << file << ": cannot read the file\n";
      loaded.ok = false;
      continue;
    }
    std::ostringstream text;
    text << in.rdbuf();
    PolicyLoad load = load_policy(text.str(), file);
    for (const auto& e : load.errors) {
      std::cerr << e.file;
      if (e.line > 0) std::cerr << ':' << e.line << ':' << e.column;
      std::cerr << ": " << e.message << '\n';
    }
    if (load.policy) {
      loaded.policies.emplace_back(file, std::move(*load.policy));
      loaded.sources.push_back(text.str());
    } else {
      loaded.ok = false;
    }
  }
  return loaded;
}

}  // namespace embargo::cli
