#pragma once

#include "http/desk_routes.h"
#include "store/store.h"

namespace embargo::http {

// The desk's CSV downloads (docs/dashboard.md "CSV exports"): whole lists read page by page
// from the store and sent as one attachment that no cache keeps.

// GET /desk/queue.csv: the queue with the filters of its query string (queue_query.h) over
// the programs the caller may read, in due order, every page. A program filter the caller may
// not read is answered as one that does not exist (404); a bad filter gets 400 naming it.
Response queue_csv(DeskContext& context, store::Store& store);

// GET /desk/programs/{slug}/audit.csv: the program's whole audit log, oldest first, for those
// who may read the program (viewers included).
Response audit_csv(DeskContext& context, store::Store& store);

}  // namespace embargo::http
