#pragma once

#include "auth/secret_box.h"
#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/accounts.h"

namespace embargo::http {

// A member's own account: /account (sessions, API tokens, password, two-factor status) and the
// two-factor enrolment under /account/two-factor. Only the signed-in member's own records are
// reachable: every id in a path is looked up within the caller's account.
void add_account_pages(Router& router, store::AccountStore& accounts, const auth::SecretBox& box,
                       const Site& site, const SessionRules& rules);

}  // namespace embargo::http
