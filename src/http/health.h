#pragma once

#include "http/router.h"

namespace embargo::http {

// GET /healthz: 200 with {"status":"ok"} while the server accepts requests; for load balancers
// and `make run` checks. It reveals nothing about programs or reports.
void add_health_routes(Router& router);

}  // namespace embargo::http
