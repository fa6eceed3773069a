#pragma once

#include <string>

#include "core/policy.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The public HTML pages, readable by anyone without credentials: GET / (the index of
// programs), GET /p/{slug} (a program's policy page, rendered from its policy so the two never
// disagree) and GET /static/{file} (the embedded stylesheet). Pages carry ETags and answer
// If-None-Match with 304; an unknown program or file gets an HTML 404 that names nothing. The
// index and policy pages are rendered once per revision of their programs (page_cache.h).
void add_public_pages(Router& router, store::Store& store, const Site& site);

// A program's policy page, the bytes GET /p/{slug} serves for this policy and public URL;
// `embargo policy render --format html` writes the same.
std::string program_page_html(const Policy& policy, const Site& site);

}  // namespace embargo::http
