// The cookies Embargo sets (the CSRF token, the team's session): named and flagged the same way.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "http/router.h"
#include "http/site.h"

namespace embargo::http {

// `base` as the cookie's name on this site: browsers only accept a `__Host-` cookie that is
// Secure, host-only and for Path=/, so the prefix (which keeps a sibling subdomain from planting
// the cookie) is used behind TLS.
std::string cookie_name(const Site& site, std::string_view base);

// The value of cookie `name` in the request's Cookie headers (RFC 6265 5.4: "a=b; c=d"), or
// empty. A browser sends each cookie it holds for the site once.
std::string_view cookie_value(const Request& request, std::string_view name);

// Sets cookie `base` (HttpOnly, SameSite=Lax, Path=/, Secure behind TLS); without max_age it
// lasts until the browser closes.
void set_cookie(Response& response, const Site& site, std::string_view base,
                const std::string& value,
                std::chrono::seconds max_age = std::chrono::seconds::zero());

// Tells the browser to drop cookie `base`.
void clear_cookie(Response& response, const Site& site, std::string_view base);

}  // namespace embargo::http
