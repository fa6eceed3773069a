#pragma once

#include <cstdint>
#include <optional>

#include "core/policy.h"
#include "core/report.h"
#include "core/sla.h"
#include "store/sql/connection.h"

namespace embargo::store::sql {

// The report's next promise: the running clock (pending or overdue) due first; nullopt when no
// clock runs (paused, final, or every promise kept).
struct NextDue {
  Time at{};
  ClockKind clock = ClockKind::acknowledge;
};
std::optional<NextDue> next_due(const Report& report, const Policy& policy, Time now);

// Writes reports.due_at and due_clock of `report` (as it is at `at`) in the caller's transaction.
void store_due(Connection& db, const Report& report, const Policy& policy, Time at);

// Recomputes the due time of every report of the program that is not final, under `policy`
// (after the program's policy changed, or when the due columns are new).
void refresh_program_due(Connection& db, std::int64_t program, const Policy& policy, Time at);

}  // namespace embargo::store::sql
