#pragma once

#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The desk's advisory pages (docs/advisories.md): GET /desk/programs/{slug}/advisories (read),
// POST /desk/reports/{id}/advisories (triage: a draft from the report), GET /desk/advisories/{id}
// (read), POST /desk/advisories/{id} (triage: the editor) and .../review (triage), and
// .../schedule, .../publish, .../withdraw (publish: the program's owners). The desk's route
// wrapper authenticates and checks the CSRF token; each handler checks the caller's role.
void add_advisory_desk_pages(Router& router, store::Store& store, const Site& site,
                             const SessionRules& rules);

}  // namespace embargo::http
