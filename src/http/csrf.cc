#include "http/csrf.h"

#include <algorithm>

#include "core/secret.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// A secret from new_secret(): 43 characters of base64url.
constexpr std::size_t kTokenLength = 43;

bool is_https(const Site& site) { return site.public_url.starts_with("https://"); }

// Browsers only accept a `__Host-` cookie that is Secure, so the prefix is used behind TLS.
std::string cookie_name(const Site& site) {
  return is_https(site) ? "__Host-embargo_csrf" : "embargo_csrf";
}

bool well_formed(std::string_view token) {
  return token.size() == kTokenLength && std::all_of(token.begin(), token.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

// The value of cookie `name` in the request's Cookie headers (RFC 6265 5.4: "a=b; c=d"), or
// empty. A browser sends each cookie it holds for the site once.
std::string_view cookie_value(const Request& request, std::string_view name) {
  for (auto it = request.find(bh::field::cookie);
       it != request.end() && it->name() == bh::field::cookie; ++it) {
    std::string_view rest = it->value();
    while (!rest.empty()) {
      auto semicolon = rest.find(';');
      std::string_view pair = trimmed(rest.substr(0, semicolon));
      rest = semicolon == std::string_view::npos ? std::string_view() : rest.substr(semicolon + 1);
      auto equals = pair.find('=');
      if (equals != std::string_view::npos && pair.substr(0, equals) == name) {
        return pair.substr(equals + 1);
      }
    }
  }
  return {};
}

}  // namespace

CsrfToken csrf_token(const Request& request, const Site& site) {
  std::string_view held = cookie_value(request, cookie_name(site));
  if (well_formed(held)) return {std::string(held), false};
  return {new_secret(), true};
}

void set_csrf_cookie(Response& response, const CsrfToken& token, const Site& site) {
  if (!token.is_new) return;
  std::string cookie = cookie_name(site) + "=" + token.value + "; Path=/; HttpOnly; SameSite=Lax";
  if (is_https(site)) cookie += "; Secure";
  response.insert(bh::field::set_cookie, cookie);
}

bool is_cross_site(const Request& request) { return request["Sec-Fetch-Site"] == "cross-site"; }

bool csrf_accepts(const Request& request, std::string_view form_token, const Site& site) {
  if (is_cross_site(request)) return false;
  std::string_view held = cookie_value(request, cookie_name(site));
  return well_formed(held) && well_formed(form_token) && secrets_equal(held, form_token);
}

}  // namespace embargo::http
