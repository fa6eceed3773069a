// Protection of browser forms against cross-site request forgery, without sessions: the
// double-submit pattern. A browser gets a random token in a cookie and the same token in each
// form it is shown; a post is accepted only when the two agree. Another site can make a browser
// post, but cannot read or set the cookie (HttpOnly, SameSite=Lax, and `__Host-` behind TLS,
// which also keeps a sibling subdomain from planting one), so it cannot put the token in the
// form. A browser that says the post is cross-site (Sec-Fetch-Site) is refused outright.
#pragma once

#include <string>
#include <string_view>

#include "http/router.h"
#include "http/site.h"

namespace embargo::http {

struct CsrfToken {
  std::string value;    // what the form's hidden `csrf` field carries
  bool is_new = false;  // the browser has no cookie yet: the response must set it
};

// The token of the browser making `request`: its cookie's when it sends a well-formed one,
// otherwise a new one.
CsrfToken csrf_token(const Request& request, const Site& site);

// Sets the cookie on a page showing a form, when the token is new.
void set_csrf_cookie(Response& response, const CsrfToken& token, const Site& site);

// Whether a browser says another site made it send this request (Sec-Fetch-Site: cross-site).
// A multipart/form-data post needs no CORS preflight, so the API's multipart writes refuse such
// requests: a page elsewhere must not file reports through its visitors' browsers.
bool is_cross_site(const Request& request);

// Whether a form post may be acted on: not declared cross-site by the browser, and the form's
// token equal (in constant time) to the cookie's.
bool csrf_accepts(const Request& request, std::string_view form_token, const Site& site);

// A signed-in member's forms carry a token bound to their session: derived from the session's
// secret (BLAKE2b keyed by it), so it changes with every sign-in and no other browser or session
// can produce it. Empty without a well-formed session cookie.
std::string session_csrf_token(const Request& request, const Site& site);
bool session_csrf_accepts(const Request& request, std::string_view form_token, const Site& site);

}  // namespace embargo::http
