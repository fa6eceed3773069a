#pragma once

#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// The reporter's view of a report, reached only through the secret tracking token:
//   GET /api/v1/track/{token}  {"id", "program", "title", "state", "clocks", "history"}
// It shows what the reporter may see (state in plain words, the promised clocks, the state
// changes with the reasons given to the reporter) and nothing of the team's (no names, no
// internal fields). Any token that opens nothing, malformed or unknown, gets the same 404 as a
// path that does not exist, and the token is never written into an answer or a log.
void add_track_routes(Router& router, store::Store& store);

}  // namespace embargo::http
