#pragma once

#include <string_view>

#include "store/store.h"

namespace embargo::http {

// The queue's filters as its query string writes them, for every view of the queue (the page,
// its CSV export): program=SLUG, state=STATE (repeatable; none: the open reports, as the queue
// shows them), severity=low|medium|high|critical, handler=EMAIL|none, label=LABEL,
// overdue=1|on|true, q=WORDS. An empty value is no filter; other parameters are left to the
// view. Throws Refusal naming the parameter for a value that is not one of these, or for a
// request target that is not a path and query. The query's visibility, order and page are the
// caller's to set.
store::ReportQuery queue_filters(std::string_view target);

}  // namespace embargo::http
