// A promise judged over a report's whole life rather than at one moment: what the dashboard
// counts for the promise of status updates, which restarts with every word from the team.
#pragma once

#include "core/policy.h"
#include "core/report.h"
#include "core/sla.h"

namespace embargo {

// The status-update promise (policy.sla.status_update, which must be set) over the report's
// life: every silence of the team, from receipt or one word the reporter could see to the next
// (or to the close, or to `now`), measured like the queue's status-update clock (business days,
// paused while waiting on the reporter). The clock's status is `overdue` when the current
// silence is already too long, else `missed` when an earlier one was, else `met` for a report
// that is closed or disclosed (no more updates are due), else the current silence's `pending` or
// `paused`. Its times are the last silence's.
Clock status_update_record(const Report& report, const Policy& policy, Time now);

}  // namespace embargo
