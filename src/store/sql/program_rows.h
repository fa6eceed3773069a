#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "core/policy.h"
#include "store/sql/connection.h"
#include "store/sql/policy_cache.h"

namespace embargo::store::sql {

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

// The numberings a program starts again each year: its reports' ids and its advisories'.
enum class YearlyNumbering { reports, advisories };

// Takes the next number of the program's `numbering` for `year`, starting at 1, in the caller's
// transaction.
std::int64_t next_number(Connection& db, YearlyNumbering numbering, std::int64_t program, int year);

}  // namespace embargo::store::sql
