#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The reporter's API under /api/v1, registered in one call: the programs' public policies
// (program_api.h), report submission (report_api.h), the tracking read (track_api.h) and
// GET /api/v1/openapi.json, the OpenAPI 3.1 document describing every /api/v1 route.
void add_public_api_routes(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
