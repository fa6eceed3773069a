#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "core/policy.h"

namespace embargo::store::sql {

// Parsed policies by program key and revision, so that storing a report or reading a program
// does not parse its TOML again. A program's revision changes with every apply, so an entry is
// never stale; a miss loads the stored source. Thread-safe.
class PolicyCache {
 public:
  std::shared_ptr<const Policy> get(std::int64_t program, std::int64_t revision,
                                    const std::string& source, const std::string& slug);
  void put(std::int64_t program, std::int64_t revision, Policy policy);

 private:
  struct Entry {
    std::int64_t revision = 0;
    std::shared_ptr<const Policy> policy;
  };

  std::mutex mutex_;
  std::map<std::int64_t, Entry> entries_;
};

}  // namespace embargo::store::sql
