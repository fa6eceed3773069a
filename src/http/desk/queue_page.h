#pragma once

#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// GET /desk: the queue. The signed-in member's own open reports first, then every open report
// of the programs they may read, what is due first, with the filters, search and counts of the
// triage API's GET /api/v1/reports (the same query string means the same list).
void add_queue_page(Router& router, store::Store& store, const Site& site,
                    const SessionRules& rules);

}  // namespace embargo::http
