#include "http/desk/sign_in_pages.h"

#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <string>

#include "auth/sign_in.h"
#include "core/error.h"
#include "http/cookies.h"
#include "http/csrf.h"
#include "http/desk/desk_page_data.h"
#include "http/html_response.h"
#include "http/multipart.h"
#include "http/page_data.h"
#include "http/query_parameter.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

struct SignInForm {
  std::string email;
  std::string password;
  std::string code;
  std::string next;
  std::string csrf;
};

SignInForm read_form(const Request& request) {
  SignInForm form;
  for (const auto& part : parse_form_body(request[bh::field::content_type], request.body())) {
    if (part.is_file) continue;
    if (part.name == "email") form.email = part.content;
    if (part.name == "password") form.password = part.content;
    if (part.name == "code") form.code = part.content;
    if (part.name == "next") form.next = part.content;
    if (part.name == "csrf") form.csrf = part.content;
  }
  return form;
}

// The `next` query parameter of a GET, as sign-in carries it along.
std::string next_of(const Request& request) {
  return query_parameter(request.target(), "next").value_or("");
}

Response form_page(const Request& request, const Site& site, bh::status status,
                   const std::string& template_name, const std::string& title,
                   const std::string& action, const SignInForm& form, const std::string& error) {
  CsrfToken csrf = csrf_token(request, site);
  TemplateData page = frame_data(site, title, "en");
  page.set("action", action);
  page.set("csrf", csrf.value);
  page.set("next", safe_next(site, form.next));
  page.set("email", form.email);
  if (!error.empty()) page.set("form_error", error);
  Response response = private_page(request, status, template_name, page);
  set_csrf_cookie(response, csrf, site);
  return response;
}

std::string locked_sentence(Time until) {
  return "Too many failed attempts: this account is locked until " + format_time(until) +
         ". Try again then.";
}

class SignInPages {
 public:
  SignInPages(store::AccountStore& accounts, const auth::SecretBox& box, const Site& site,
              const SessionRules& rules)
      : accounts_(accounts), box_(box), site_(site), rules_(rules) {}

  Response show_password(const Request& request) {
    PageAuthentication auth = authenticate_page(request, accounts_, site_, rules_);
    if (auth.caller.user != 0) return see_other(request, safe_next(site_, next_of(request)));
    SignInForm form;
    form.next = next_of(request);
    return password_page(request, bh::status::ok, form, "");
  }

  Response post_password(const Request& request, const PathParams& params) {
    SignInForm form;
    try {
      form = read_form(request);
    } catch (const Refusal& r) {
      return password_page(request, bh::status::bad_request, form,
                           std::string("The form could not be read: ") + r.what());
    }
    if (!csrf_accepts(request, form.csrf, site_)) {
      return password_page(request, bh::status::forbidden, form,
                           "The form had expired. Please sign in again.");
    }
    auth::PasswordAttempt attempt{form.email, form.password, std::string(params.client()),
                                  std::string(request[bh::field::user_agent]), rules_.lifetime};
    auto outcome = auth::sign_in_with_password(accounts_, attempt);
    switch (outcome.kind) {
      case auth::SignInOutcome::Kind::refused:
        return password_page(request, bh::status::ok, form, "The email or password is wrong.");
      case auth::SignInOutcome::Kind::locked:
        return password_page(request, bh::status::too_many_requests, form,
                             locked_sentence(*outcome.locked_until));
      case auth::SignInOutcome::Kind::code_needed:
        return with_session(see_other(request, site_.path + "/signin/code?next=" +
                                                   encoded(safe_next(site_, form.next))),
                            outcome.session_secret);
      case auth::SignInOutcome::Kind::signed_in:
        break;
    }
    return with_session(see_other(request, safe_next(site_, form.next)), outcome.session_secret);
  }

  Response show_code(const Request& request) {
    PageAuthentication auth = authenticate_page(request, accounts_, site_, rules_);
    if (!auth.pending) return see_other(request, site_.path + "/signin");
    SignInForm form;
    form.next = next_of(request);
    return code_page(request, bh::status::ok, form, "");
  }

  Response post_code(const Request& request) {
    PageAuthentication auth = authenticate_page(request, accounts_, site_, rules_);
    if (!auth.pending) return see_other(request, site_.path + "/signin");
    SignInForm form;
    try {
      form = read_form(request);
    } catch (const Refusal& r) {
      return code_page(request, bh::status::bad_request, form,
                       std::string("The form could not be read: ") + r.what());
    }
    if (!csrf_accepts(request, form.csrf, site_)) {
      return code_page(request, bh::status::forbidden, form,
                       "The form had expired. Please enter the code again.");
    }
    auto outcome =
        auth::sign_in_with_code(accounts_, box_, *auth.pending, form.code, accounts_.time().now());
    switch (outcome.kind) {
      case auth::SignInOutcome::Kind::refused:
      case auth::SignInOutcome::Kind::code_needed:
        return code_page(request, bh::status::ok, form,
                         "That code is wrong or was already used. Enter the code your app shows "
                         "now, or an unused recovery code.");
      case auth::SignInOutcome::Kind::locked:
        return code_page(request, bh::status::too_many_requests, form,
                         locked_sentence(*outcome.locked_until));
      case auth::SignInOutcome::Kind::signed_in:
        break;
    }
    return with_session(see_other(request, safe_next(site_, form.next)), outcome.session_secret);
  }

  Response sign_out(const Request& request) {
    SignInForm form;
    try {
      form = read_form(request);
    } catch (const Refusal&) {
      return see_other(request, site_.path + "/signin");
    }
    // The desk's header carries the session's token; the invitation page the browser's.
    if (!session_csrf_accepts(request, form.csrf, site_) &&
        !csrf_accepts(request, form.csrf, site_)) {
      return message_page(request, site_, bh::status::forbidden, "The form has expired",
                          "Go back, reload the page and sign out again.");
    }
    PageAuthentication auth = authenticate_page(request, accounts_, site_, rules_);
    const auto& session = auth.session ? auth.session : auth.pending;
    if (session) accounts_.revoke_session(session->user, session->key);
    Response response = see_other(request, site_.path + "/signin");
    clear_cookie(response, site_, kSessionCookie);
    return response;
  }

 private:
  Response password_page(const Request& request, bh::status status, const SignInForm& form,
                         const std::string& error) {
    return form_page(request, site_, status, "signin", "Sign in", site_.path + "/signin", form,
                     error);
  }

  Response code_page(const Request& request, bh::status status, const SignInForm& form,
                     const std::string& error) {
    return form_page(request, site_, status, "signin_code", "Sign-in code",
                     site_.path + "/signin/code", form, error);
  }

  Response with_session(Response response, const std::string& secret) {
    set_cookie(response, site_, kSessionCookie, secret, rules_.lifetime);
    return response;
  }

  static std::string encoded(const std::string& path) {
    return boost::urls::encode(path, boost::urls::unreserved_chars);
  }

  store::AccountStore& accounts_;
  const auth::SecretBox& box_;
  Site site_;
  SessionRules rules_;
};

}  // namespace

void add_sign_in_pages(Router& router, store::AccountStore& accounts, const auth::SecretBox& box,
                       const Site& site, const SessionRules& rules) {
  auto pages = std::make_shared<SignInPages>(accounts, box, site, rules);
  router.add(bh::verb::get, "/signin",
             [pages](const Request& request) { return pages->show_password(request); });
  router.add(bh::verb::post, "/signin", [pages](const Request& request, const PathParams& params) {
    return pages->post_password(request, params);
  });
  router.add(bh::verb::get, "/signin/code",
             [pages](const Request& request) { return pages->show_code(request); });
  router.add(bh::verb::post, "/signin/code",
             [pages](const Request& request) { return pages->post_code(request); });
  router.add(bh::verb::post, "/signout",
             [pages](const Request& request) { return pages->sign_out(request); });
  for (const char* route : {"/signin", "/signin/code"}) {
    router.limit_rate(bh::verb::post, route, RateLimit{}, too_many_requests_page(site));
  }
}

}  // namespace embargo::http
