#pragma once

#include <chrono>

#include "auth/secret_box.h"
#include "core/time.h"
#include "store/store.h"

namespace embargo::jobs {

// How far ahead a clock is looked at for "due soon": the desk marks a clock due soon with a
// quarter of its time or a day left (core/sla_marks.h); a long promise (90 days to a fix) is
// told at most this long before it is due.
constexpr std::chrono::hours kDueSoonHorizon{7 * 24};

// Mails the team about the SLA clocks that need them (docs/notifications.md), each alert once
// per report, clock, level and due time (store::MailStore::record_clock_alert): a clock due
// soon to the report's primary handler (nobody assigned: the program's owners); an overdue one
// to the handler and the program's owners, the escalation. Each member hears it as they chose
// (immediately, in their digest, not at all). Looks at up to 200 open reports a pass whose next
// due promise is within kDueSoonHorizon of `at` and not yet told at its level
// (store::MailStore::clock_alert_candidates), soonest first, and alerts every clock of theirs
// that needs it. Nothing happens while mail is not configured. Returns how many alerts were made.
int alert_due_clocks(store::Store& store, const auth::SecretBox& key, Time at);

}  // namespace embargo::jobs
