#include "http/csrf.h"

#include <sodium.h>

#include <array>

#include "core/secret.h"
#include "http/authenticate.h"
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

std::string session_csrf_token(const Request& request, const Site& site) {
  std::string_view session = cookie_value(request, cookie_name(site, kSessionCookie));
  if (!is_secret(session)) return {};
  constexpr std::string_view kPurpose = "embargo form token";
  std::array<unsigned char, 32> digest{};
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(kPurpose.data()), kPurpose.size(),
                     reinterpret_cast<const unsigned char*>(session.data()), session.size());
  std::string text(
      sodium_base64_ENCODED_LEN(digest.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(text.data(), text.size(), digest.data(), digest.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  text.resize(text.find('\0'));
  return text;
}

bool session_csrf_accepts(const Request& request, std::string_view form_token, const Site& site) {
  if (is_cross_site(request)) return false;
  std::string expected = session_csrf_token(request, site);
  return is_secret(expected) && is_secret(form_token) && secrets_equal(expected, form_token);
}

bool csrf_accepts(const Request& request, std::string_view form_token, const Site& site) {
  if (is_cross_site(request)) return false;
  std::string_view held = cookie_value(request, cookie_name(site, kCookie));
  return is_secret(held) && is_secret(form_token) && secrets_equal(held, form_token);
}

}  // namespace embargo::http
