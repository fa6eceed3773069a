#pragma once

#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// What owners run in the browser (a program's settings: team and roles, invitations, canned
// responses, the policy editor), the instance admin's page, and the invitation links.
void add_settings_pages(Router& router, store::Store& store, const Site& site,
                        const SessionRules& rules);

}  // namespace embargo::http
