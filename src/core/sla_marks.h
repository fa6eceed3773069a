// What the desk marks on a report's SLA clocks, so that the team sees a promise about to be
// broken before it is, and a report nobody took on reaches the people who run the program.
#pragma once

#include <span>

#include "core/report.h"
#include "core/sla.h"
#include "core/time.h"

namespace embargo {

enum class ClockUrgency {
  calm,      // not running, or with time to spare
  due_soon,  // running, with less than a quarter of its time or less than 24 hours left
  overdue,   // running, past due
};

ClockUrgency clock_urgency(const Clock& clock, Time now);

// A report still open with no primary handler once its acknowledgement was due: the program's
// owners must act on it (the desk names them on the report). False when the program promises no
// acknowledgement time, or while the clocks are paused.
bool escalated_to_owners(const Report& report, std::span<const Clock> clocks, Time now);

}  // namespace embargo
