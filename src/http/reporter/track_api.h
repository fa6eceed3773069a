#pragma once

#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// The reporter's side of a report, reached only through the secret tracking token:
//   GET  /api/v1/track/{token}                    the report as the reporter may see it:
//        {"id", "program", "title", "state", "clocks", "history", "credit", "attachments",
//         "messages"}
//   POST /api/v1/track/{token}/messages           {"body"}: a reply; 201 with the message
//   PUT  /api/v1/track/{token}/credit             {"kind", "text"}: how to be credited
//   POST /api/v1/track/{token}/withdraw           {"reason"?}: take the report back
//   GET  /api/v1/track/{token}/attachments/{id}   a file's bytes, as a download
// It shows what the reporter may see (state in plain words, the promised clocks, the state
// changes with the reasons given to the reporter, the thread without the team's internal notes)
// and nothing of the team's (no names, no internal fields). Any token that opens nothing,
// malformed or unknown, and any file the reporter may not download, gets the same 404 as a path
// that does not exist, and the token is never written into a log.
void add_track_routes(Router& router, store::Store& store);

}  // namespace embargo::http
