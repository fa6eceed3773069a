#pragma once

#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// The triage API, for automation (a scanner filing reports, a bot posting the fix): the queue
// (GET /api/v1/reports), a report with its thread, notes and clocks, triage changes, transitions,
// team messages, files, similar reports and the report's audit log. Bearer tokens only; every
// route is authorised against the report's program (docs/api.md).
void add_desk_api(Router& router, store::Store& store);

}  // namespace embargo::http
