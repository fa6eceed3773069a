#include "http/authenticate.h"

#include <boost/algorithm/string/predicate.hpp>
#include <string>
#include <string_view>

#include "core/secret.h"
#include "http/cookies.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// The token of "Authorization: Bearer TOKEN" (RFC 6750 2.1; the scheme is case-insensitive),
// or empty when the header is absent or another scheme.
std::string_view bearer_token(const Request& request) {
  auto header = request.find(bh::field::authorization);
  if (header == request.end()) return {};
  std::string_view value = header->value();
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size() || !boost::iequals(value.substr(0, kScheme.size()), kScheme)) {
    return {};
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  return value;
}

}  // namespace

Caller caller_of(const store::User& user, store::AccountStore& accounts) {
  Caller caller;
  caller.user = user.key;
  caller.email = user.email;
  caller.admin = user.admin;
  caller.roles = accounts.roles_of(user.key);
  return caller;
}

PageAuthentication authenticate_page(const Request& request, store::AccountStore& accounts,
                                     const Site& site, const SessionRules& rules) {
  PageAuthentication result;
  std::string_view secret = cookie_value(request, cookie_name(site, kSessionCookie));
  if (!is_secret(secret)) return result;
  auto session = accounts.find_session(std::string(secret), rules.idle);
  if (!session) return result;
  if (session->second_factor_pending) {
    result.pending = std::move(session);
    return result;
  }
  auto user = accounts.find_user(session->user);
  if (!user) return result;
  result.caller = caller_of(*user, accounts);
  result.user = std::move(user);
  result.session = std::move(session);
  return result;
}

ApiAuthentication authenticate_api(const Request& request, store::AccountStore& accounts) {
  ApiAuthentication result;
  bool has_header = request.find(bh::field::authorization) != request.end();
  std::string_view secret = bearer_token(request);
  result.offered = has_header;
  if (!is_secret(secret)) return result;
  auto token = accounts.find_token(std::string(secret));
  if (!token) return result;
  auto user = accounts.find_user(token->user);
  if (!user) return result;
  result.caller = caller_of(*user, accounts);
  result.two_factor = user->two_factor;
  result.caller.scope = token->scope;
  result.caller.token_program = token->program;
  return result;
}

}  // namespace embargo::http
