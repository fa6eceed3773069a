#include "http/desk_routes.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <string>

#include "core/error.h"
#include "http/authorize.h"
#include "http/csrf.h"
#include "http/html_response.h"
#include "http/refusal_status.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

Response unauthenticated(const Request& request, bool offered) {
  Response response =
      offered ? error_response(request, bh::status::unauthorized, "invalid_token",
                               "the bearer token is not a live API token (revoked, or never "
                               "issued)")
              : error_response(request, bh::status::unauthorized, "unauthenticated",
                               "send an API token as Authorization: Bearer TOKEN");
  response.set(bh::field::www_authenticate, offered
                                                ? R"(Bearer realm="embargo", error="invalid_token")"
                                                : R"(Bearer realm="embargo")");
  return response;
}

Response api_denied(const Request& request, Verdict verdict, bool offered) {
  switch (verdict) {
    case Verdict::unauthenticated:
      return unauthenticated(request, offered);
    case Verdict::hidden:
      return error_response(request, bh::status::not_found, "not_found",
                            "there is nothing here that your token may see");
    case Verdict::forbidden:
    case Verdict::allowed:
      break;
  }
  return error_response(request, bh::status::forbidden, "forbidden",
                        "your role in this program (or your token's scope) does not allow this");
}

Response api_refused(const Request& request, const Refusal& r) {
  return field_error(request, status_of(r), std::string(code_of(r)), r.field(), r.what());
}

// Where the sign-in page sends the browser back to: the path it asked for (on this site only;
// the sign-in handler checks it again).
std::string sign_in_location(const Request& request, const Site& site) {
  std::string next = std::string(request.target());
  return site.path + "/signin?next=" + boost::urls::encode(next, boost::urls::unreserved_chars);
}

Response page_denied(const Request& request, const Site& site, Verdict verdict,
                     const PageAuthentication& auth) {
  switch (verdict) {
    case Verdict::unauthenticated:
      if (auth.pending) return see_other(request, site.path + "/signin/code");
      return see_other(request, request.method() == bh::verb::get ? sign_in_location(request, site)
                                                                  : site.path + "/signin");
    case Verdict::hidden:
      return not_found_page(request, site);
    case Verdict::forbidden:
    case Verdict::allowed:
      break;
  }
  return message_page(request, site, bh::status::forbidden, "Not allowed",
                      "Your role does not allow this. A program owner can change your role.");
}

// When the instance requires two-factor sign-in, a member without it may only reach the pages
// that set it up (and sign out).
bool must_enrol(const Request& request, const Site& site, const PageAuthentication& auth,
                store::AccountStore& accounts) {
  if (auth.user->two_factor) return false;
  std::string_view target = request.target();
  if (target.starts_with(site.path + "/account/two-factor")) return false;
  return accounts.two_factor_required();
}

}  // namespace

Router::ParamHandler desk_api(store::AccountStore& accounts, DeskApiHandler handler) {
  return
      [&accounts, handler = std::move(handler)](const Request& request, const PathParams& params) {
        ApiAuthentication auth = authenticate_api(request, accounts);
        try {
          require_signed_in(auth.caller);
          // Required two-factor sign-in holds for tokens as it does for the desk's pages.
          if (!auth.two_factor && accounts.two_factor_required()) {
            return error_response(request, bh::status::forbidden, "two_factor_required",
                                  "this instance requires two-factor sign-in: set it up on the "
                                  "desk (Account, two-factor) before this account's tokens work");
          }
          return handler(request, params, auth.caller);
        } catch (const Denied& denied) {
          return api_denied(request, denied.verdict(), auth.offered);
        } catch (const Refusal& r) {
          return api_refused(request, r);
        }
      };
}

std::string DeskContext::field(std::string_view name) const {
  for (const auto& part : parts) {
    if (!part.is_file && part.name == name) return part.content;
  }
  return {};
}

Router::ParamHandler desk_page(store::AccountStore& accounts, const Site& site,
                               const SessionRules& rules, DeskPageHandler handler) {
  return [&accounts, site, rules, handler = std::move(handler)](const Request& request,
                                                                const PathParams& params) {
    PageAuthentication auth = authenticate_page(request, accounts, site, rules);
    CsrfToken csrf = csrf_token(request, site);
    // Signed in, a form's token is the session's own: a token from another session (or one
    // planted in the cookie) is refused.
    std::string form_token = auth.session ? session_csrf_token(request, site) : csrf.value;
    DeskContext context{request, params, auth, site, form_token, {}};
    Response response;
    try {
      require_signed_in(auth.caller);
      if (must_enrol(request, site, auth, accounts)) {
        return see_other(request, site.path + "/account/two-factor");
      }
      if (request.method() == bh::verb::post) {
        try {
          context.parts = parse_form_body(request[bh::field::content_type], request.body());
        } catch (const Refusal& r) {
          return message_page(request, site, bh::status::bad_request, "The form could not be read",
                              r.what());
        }
        bool accepted = auth.session ? session_csrf_accepts(request, context.field("csrf"), site)
                                     : csrf_accepts(request, context.field("csrf"), site);
        if (!accepted) {
          return message_page(request, site, bh::status::forbidden, "The form has expired",
                              "Go back, reload the page and send the form again.");
        }
      }
      response = handler(context);
    } catch (const Denied& denied) {
      response = page_denied(request, site, denied.verdict(), auth);
    } catch (const Refusal& r) {
      // What a handler did not answer itself (a stale cursor, a value the store refuses): a
      // clear 4xx page, never a 500.
      response =
          r.kind() == Refusal::Kind::not_found
              ? not_found_page(request, site)
              : message_page(request, site, status_of(r), "That could not be done", r.what());
    }
    set_csrf_cookie(response, csrf, site);
    return response;
  };
}

}  // namespace embargo::http
