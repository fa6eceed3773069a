#pragma once

#include <stdlib.h>

#include <filesystem>
#include <stdexcept>
#include <string>

namespace embargo::bench {

// Benchmarks write to a real disk: the figures are about fsync. EMBARGO_BENCH_DIR chooses where
// (the default temporary directory may be a RAM disk on some machines). A new directory each
// call, named after `what`.
inline std::filesystem::path scratch_dir(const std::string& what) {
  const char* chosen = std::getenv("EMBARGO_BENCH_DIR");
  std::filesystem::path base = chosen != nullptr ? chosen : std::filesystem::temp_directory_path();
  std::string pattern = base / ("embargo-" + what + "-XXXXXX");
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create " + pattern);
  return pattern;
}

}  // namespace embargo::bench
