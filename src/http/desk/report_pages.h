#pragma once

#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The desk's page of one report, /desk/reports/{id}: read with Permission::read, every change
// with Permission::triage. POSTs to /messages (an internal note, or a confirmed reply to the
// reporter), /transitions and /triage come back to the page (303) or show it again with the
// problem beside its field; GET /files/{file} downloads a file of the report as an attachment.
// A report of a program the caller may not read answers exactly like an unknown id (404).
void add_report_pages(Router& router, store::Store& store, const Site& site,
                      const SessionRules& rules);

}  // namespace embargo::http
