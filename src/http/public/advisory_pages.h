#pragma once

#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// The public side of advisories (docs/advisories.md), readable by anyone and made only of
// published revisions: a draft, a schedule or a credit not agreed to is never reachable here.
// GET /p/{slug}/advisories (the list), /p/{slug}/advisories/{id} (HTML, without JavaScript),
// /p/{slug}/advisories/{id}.osv.json (OSV), /p/{slug}/advisories.atom and /advisories.atom
// (Atom feeds of a program and of the instance), /p/{slug}/hall-of-fame. Each is cached on the
// program's revision and the store's publication count, with an ETag; anything that names no
// published advisory is the HTML 404 that names nothing.
void add_advisory_pages(Router& router, store::Store& store, const Site& site);

}  // namespace embargo::http
