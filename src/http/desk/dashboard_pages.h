#pragma once

#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The programs a member works on and what each offers them: /desk/programs lists the programs
// the caller may read; /desk/programs/{slug}/dashboard shows a program's figures over a chosen
// period to those who may triage it (docs/dashboard.md); /desk/queue.csv and
// /desk/programs/{slug}/audit.csv export the queue and the program's audit log.
void add_dashboard_pages(Router& router, store::Store& store, const Site& site,
                         const SessionRules& rules);

}  // namespace embargo::http
