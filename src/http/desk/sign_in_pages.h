#pragma once

#include "auth/secret_box.h"
#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/accounts.h"

namespace embargo::http {

// GET/POST /signin (email and password), GET/POST /signin/code (the second factor) and
// POST /signout. Posts are CSRF-checked and limited per client address.
void add_sign_in_pages(Router& router, store::AccountStore& accounts, const auth::SecretBox& box,
                       const Site& site, const SessionRules& rules);

}  // namespace embargo::http
