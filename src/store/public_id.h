#pragma once

#include <cstdint>
#include <string>

#include "core/policy.h"
#include "core/time.h"

namespace embargo::store {

// The prefix of a program's report ids, which the policy loader always sets; Refusal if a
// hand-built policy has none.
std::string id_prefix(const Policy& policy);

// The calendar year (UTC) a report received at `t` is numbered in.
int utc_year(Time t);

// "PYSPECTOR-2026-0007": the sequence has at least four digits.
std::string format_public_id(const std::string& prefix, int year, std::int64_t sequence);

}  // namespace embargo::store
