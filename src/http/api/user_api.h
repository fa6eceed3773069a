#pragma once

#include "http/router.h"
#include "store/store.h"

namespace embargo::http {

// Offboarding through the API, for an instance admin's script (a token of scope admin bound to
// no program): POST /api/v1/users/{email}/{action}, action one of disable, enable, sign-out,
// make-admin, revoke-admin, delete. Anyone else gets the 404 the desk gives for admin pages.
void add_user_api(Router& router, store::Store& store);

}  // namespace embargo::http
