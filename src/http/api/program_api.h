#pragma once

#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// The public policies as JSON, for reporters' tools and the report form:
//   GET /api/v1/programs         {"programs": [summary of each program, by slug]}
//   GET /api/v1/programs/{slug}  the program's public policy (formats/policy_json.h)
// No credentials: a policy is public by nature. An unknown slug is 404 unknown_program. Both
// are rendered once per revision of their programs (page_cache.h) and carry an ETag, answering
// If-None-Match with 304.
void add_program_routes(Router& router, store::Store& store);

}  // namespace embargo::http
