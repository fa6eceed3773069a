#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The public HTML pages, readable by anyone without credentials: GET / (the index of
// programs), GET /p/{slug} (a program's policy page, rendered from its policy so the two never
// disagree) and GET /static/{file} (the embedded stylesheet). Pages carry ETags and answer
// If-None-Match with 304; an unknown program or file gets an HTML 404 that names nothing.
void add_public_pages(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
