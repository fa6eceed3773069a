// The queue's filters as the desk page, the API and the CSV export read them from a URL's query
// string, so that one link means the same list everywhere.
#pragma once

#include <string_view>

#include "core/access.h"
#include "store/store.h"

namespace embargo::http {

// Reads ?program=&state=&open=&severity=&handler=&label=&overdue=&q=&order=&after=&limit= into
// a query over the programs `caller` may read (`visible`). `state` may repeat; `open=1` keeps
// only reports that are not final (the default when no state is named and `all` is not set);
// `handler=me` is the caller. Without `order`, a search is by relevance and a list by what is
// due first. An empty pair (a stray '&') is skipped. Throws Refusal naming the parameter for an
// unknown parameter, state, severity or order, a limit outside 1..500, a flag that is not 0/1,
// or a program the caller may not read (field "program", kind not_found: the caller learns
// nothing about programs it may not see); field "query" for an unreadable query string or a
// value without a name ("=x").
store::ReportQuery queue_query(std::string_view target, const Caller& caller);

}  // namespace embargo::http
