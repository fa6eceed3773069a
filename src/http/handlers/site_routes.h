#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// Every route `embargo serve` answers, with its rate and body limits: the one list the server
// runs and the tests walk (security headers, the OpenAPI document). `submission_rate_limit` is
// the burst and per-minute count of report submissions one client may send; 0 turns it off.
Router site_routes(store::Store& store, const Site& site, int submission_rate_limit);

}  // namespace embargo::http
