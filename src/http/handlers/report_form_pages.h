#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The report form of each program that takes reports on the web, `/p/{slug}/report`: GET shows
// it, POST checks the CSRF token, validates, stores the report durably and answers with the
// receipt (the tracking link, shown once). A post with problems gets the form back with every
// value kept and each problem beside its field.
void add_report_form_pages(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
