// Who is making a request: a team member signed in through a browser session, the user of an
// API token, or nobody. The desk's pages accept only the session cookie and the API only
// `Authorization: Bearer`, so a page on another site can never make a browser use the API with
// the team's cookie, and a leaked token cannot browse the desk.
#pragma once

#include <chrono>
#include <optional>

#include "core/access.h"
#include "core/account_lifetimes.h"
#include "http/router.h"
#include "http/site.h"
#include "store/accounts.h"

namespace embargo::http {

// How long a browser stays signed in: `embargo serve --session-idle / --session-lifetime`.
struct SessionRules {
  std::chrono::seconds idle{kDefaultSessionIdle};
  std::chrono::seconds lifetime{kDefaultSessionLifetime};
};

inline constexpr std::string_view kSessionCookie = "embargo_session";

// The caller of a page. `caller.user` is 0 for nobody; a session that still waits for its
// second factor gives no caller, only `pending`.
struct PageAuthentication {
  Caller caller;
  std::optional<store::User> user;        // the signed-in account
  std::optional<store::Session> session;  // the full session, when signed in
  std::optional<store::Session> pending;  // a session waiting for its TOTP code
};
PageAuthentication authenticate_page(const Request& request, store::AccountStore& accounts,
                                     const Site& site, const SessionRules& rules);

// The caller of an API request. `offered` tells a request without credentials (401 asking for
// them) from one whose token names nothing live (401 invalid_token).
struct ApiAuthentication {
  Caller caller;
  bool offered = false;
  bool two_factor = false;  // the token's account has two-factor sign-in
};
ApiAuthentication authenticate_api(const Request& request, store::AccountStore& accounts);

// The Caller for a user's own rights (roles and admin flag), without any token narrowing.
Caller caller_of(const store::User& user, store::AccountStore& accounts);

}  // namespace embargo::http
