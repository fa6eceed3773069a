#include "http/cookies.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

bool is_https(const Site& site) { return site.public_url.starts_with("https://"); }

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  return text;
}

}  // namespace

std::string cookie_name(const Site& site, std::string_view base) {
  return (is_https(site) ? "__Host-" : "") + std::string(base);
}

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

void set_cookie(Response& response, const Site& site, std::string_view base,
                const std::string& value, std::chrono::seconds max_age) {
  std::string cookie = cookie_name(site, base) + "=" + value + "; Path=/; HttpOnly; SameSite=Lax";
  if (max_age > std::chrono::seconds::zero()) {
    cookie += "; Max-Age=" + std::to_string(max_age.count());
  }
  if (is_https(site)) cookie += "; Secure";
  response.insert(bh::field::set_cookie, cookie);
}

void clear_cookie(Response& response, const Site& site, std::string_view base) {
  std::string cookie = cookie_name(site, base) + "=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0";
  if (is_https(site)) cookie += "; Secure";
  response.insert(bh::field::set_cookie, cookie);
}

}  // namespace embargo::http
