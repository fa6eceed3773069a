#include "store/sql/policy_cache.h"

#include <stdexcept>

namespace embargo::store::sql {

std::shared_ptr<const Policy> PolicyCache::get(std::int64_t program, std::int64_t revision,
                                               const std::string& source, const std::string& slug) {
  {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(program);
    if (found != entries_.end() && found->second.revision == revision) return found->second.policy;
  }
  PolicyLoad load = load_policy(source, slug + ".toml");
  if (!load.policy) {
    std::string first = load.errors.empty() ? "no policy" : load.errors.front().message;
    throw std::runtime_error("the stored policy of program " + slug + " no longer loads: " + first);
  }
  auto policy = std::make_shared<const Policy>(std::move(*load.policy));
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[program];
  if (entry.revision <= revision) entry = {revision, policy};
  return policy;
}

void PolicyCache::put(std::int64_t program, std::int64_t revision, Policy policy) {
  auto shared = std::make_shared<const Policy>(std::move(policy));
  std::lock_guard lock(mutex_);
  Entry& entry = entries_[program];
  if (entry.revision <= revision) entry = {revision, std::move(shared)};
}

}  // namespace embargo::store::sql
