#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// Report submission through the API:
//   POST /api/v1/programs/{slug}/reports  (Content-Type: application/json, a JSON object)
//   201 {"id", "tracking_url", "tracking_api_url", "state", "due": {clock: RFC 3339 UTC}}
// The submission is checked by the core rules (validate_submission) inside the store's atomic
// write, so a refused one leaves nothing behind. The tracking token appears in this answer only;
// links are built from the site's public URL.
void add_report_routes(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
