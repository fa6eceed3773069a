#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The team API of advisories (docs/api.md, docs/advisories.md), authenticated like the rest of
// the desk API: a program's list (read) and a new draft (triage) under
// /api/v1/programs/{slug}/advisories; one advisory at /api/v1/advisories/{id}: GET (read), PUT its
// draft (triage), POST .../review (triage), .../schedule, .../publish, .../withdraw (publish: the
// program's owners), GET .../export?format=osv|markdown (read). A caller who may not read the
// program gets 404, one who may read but not act 403.
void add_advisory_api(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
