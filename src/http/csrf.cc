#include "http/csrf.h"

#include "core/secret.h"
#include "http/cookies.h"

namespace embargo::http {
namespace {

constexpr std::string_view kCookie = "embargo_csrf";

}  // namespace

CsrfToken csrf_token(const Request& request, const Site& site) {
  std::string_view held = cookie_value(request, cookie_name(site, kCookie));
  if (is_secret(held)) return {std::string(held), false};
  return {new_secret(), true};
}

void set_csrf_cookie(Response& response, const CsrfToken& token, const Site& site) {
  if (!token.is_new) return;
  set_cookie(response, site, kCookie, token.value);
}

bool is_cross_site(const Request& request) { return request["Sec-Fetch-Site"] == "cross-site"; }

bool csrf_accepts(const Request& request, std::string_view form_token, const Site& site) {
  if (is_cross_site(request)) return false;
  std::string_view held = cookie_value(request, cookie_name(site, kCookie));
  return is_secret(held) && is_secret(form_token) && secrets_equal(held, form_token);
}

}  // namespace embargo::http
