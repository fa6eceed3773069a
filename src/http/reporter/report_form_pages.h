#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The report form of each program that takes reports on the web, `/p/{slug}/report`: GET shows
// it, POST checks the CSRF token, validates, stores the report durably and redirects to its
// receipt, `/r/{token}/receipt` (Post/Redirect/Get; the form's one-time token files a form sent
// twice once). A post with problems gets the form back with every value kept and each problem
// beside its field.
void add_report_form_pages(Router& router, store::Store& store, const Site& site);

// What a report form posted over the submission rate limit gets: the form again, everything
// typed kept (files must be chosen again), and when to send it.
Router::RateRefusal report_form_rate_refusal(store::Store& store, const Site& site);

}  // namespace embargo::http
