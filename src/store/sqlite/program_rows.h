#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/policy.h"
#include "store/sqlite/connection.h"
#include "store/sqlite/policy_cache.h"

namespace embargo::store::sqlite {

// A program's key with its parsed policy: what a write to one of its reports checks against.
struct ProgramPolicy {
  std::int64_t key = 0;
  std::string slug;
  std::shared_ptr<const Policy> policy;
};

// The program with this slug, in the caller's transaction; Refusal not_found (field "program")
// when there is none.
ProgramPolicy program_policy(Connection& db, PolicyCache& policies, const std::string& slug);

// The program of the report with this key.
ProgramPolicy program_policy_of_report(Connection& db, PolicyCache& policies, std::int64_t report);

}  // namespace embargo::store::sqlite
