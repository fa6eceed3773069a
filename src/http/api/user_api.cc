#include "http/api/user_api.h"

#include <boost/json/serialize.hpp>
#include <string>

#include "core/error.h"
#include "http/authorize.h"
#include "http/desk_routes.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

Response act(const Request& request, const PathParams& params, store::AccountStore& accounts,
             const Caller& caller) {
  require_admin(caller);
  std::string email(params.get("email"));
  auto user = accounts.find_user(email);
  if (!user) throw not_found("email", "there is no account for " + email);
  std::string action(params.get("action"));
  boost::json::object answer{{"email", user->email}, {"action", action}};
  if (action == "disable") {
    accounts.disable_user(user->key, caller.email);
  } else if (action == "enable") {
    accounts.enable_user(user->key, caller.email);
  } else if (action == "sign-out") {
    answer["revoked"] = accounts.sign_out_everywhere(user->key, caller.email);
  } else if (action == "make-admin" || action == "revoke-admin") {
    accounts.set_admin(user->key, action == "make-admin", caller.email);
  } else if (action == "delete") {
    accounts.delete_user(user->key, caller.email);
  } else {
    throw invalid("action",
                  "action: '" + action +
                      "' is none of disable, enable, sign-out, make-admin, revoke-admin, delete");
  }
  return json_response(request, bh::status::ok, boost::json::serialize(answer));
}

}  // namespace

void add_user_api(Router& router, store::Store& store) {
  auto& accounts = store.accounts();
  router.add(bh::verb::post, "/api/v1/users/{email}/{action}",
             desk_api(accounts, [&accounts](const Request& request, const PathParams& params,
                                            const Caller& caller) {
               return act(request, params, accounts, caller);
             }));
}

}  // namespace embargo::http
