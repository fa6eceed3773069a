// Route wrappers of the team's desk: each authenticates the request (API: bearer token; pages:
// session cookie), runs the handler, and turns a Denied (http/authorize.h) or a Refusal into the
// answer the API or the pages give. Every desk route is registered through one of them, so no
// desk handler runs for a caller it has not authenticated.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "http/authenticate.h"
#include "http/multipart.h"
#include "http/router.h"
#include "http/site.h"
#include "store/accounts.h"

namespace embargo::http {

using DeskApiHandler = std::function<Response(const Request&, const PathParams&, const Caller&)>;

// API answers: 401 with WWW-Authenticate for nobody (error="invalid_token" for a token that names
// nothing live), 404 for what the caller may not see, 403 for what it may see but not do; a
// Refusal as 422 (invalid, with its field), 404, 409 or 403.
Router::ParamHandler desk_api(store::AccountStore& accounts, DeskApiHandler handler);

// What a desk page handler works with. A post's body has been read as a form and its CSRF token
// checked before the handler runs: no desk form can be posted from another site.
struct DeskContext {
  const Request& request;
  const PathParams& params;
  const PageAuthentication& auth;
  const Site& site;
  std::string csrf;             // the token every form on the page carries (field "csrf")
  std::vector<FormPart> parts;  // a post's fields and files, in order

  const Caller& caller() const { return auth.caller; }
  // The value of a post's text field `name`, or empty.
  std::string field(std::string_view name) const;
};

using DeskPageHandler = std::function<Response(DeskContext&)>;

// Page answers: nobody is sent to sign in (303 to /signin?next=...; a session waiting for its
// second factor to /signin/code), 404 page for what the caller may not see, 403 page for what
// it may see but not do; a post that is not a readable form 400, one without the browser's CSRF
// token 403, and a Refusal the handler let through its status_of (refusal_status.h). The
// CSRF cookie is set on the answer when the browser had none.
Router::ParamHandler desk_page(store::AccountStore& accounts, const Site& site,
                               const SessionRules& rules, DeskPageHandler handler);

}  // namespace embargo::http
