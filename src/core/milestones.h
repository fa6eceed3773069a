#pragma once

#include <optional>

#include "core/report.h"
#include "core/time.h"

namespace embargo {

// The moments in a report's history that the SLA clocks and the program dashboard both measure
// from receipt. One definition each, so that a dashboard figure and a clock never disagree about
// when a report was acknowledged, triaged or fixed.

// The first move by the team: leaving `new`, or reopening a report the reporter withdrew before
// anyone answered. Every transition into a state other than `new` or `withdrawn` is the team's.
std::optional<Time> acknowledged_at(const Report& report);

// The first decision about the report: a move into triaged, accepted, fixing, fixed or disclosed,
// or a close by the team (duplicate, informative, not applicable, out of scope, spam).
std::optional<Time> triaged_at(const Report& report);

// The fix that stands: the latest move into `fixed`, unless the report went back to fixing after
// it (a fix that turned out incomplete is no fix).
std::optional<Time> fixed_at(const Report& report);

}  // namespace embargo
