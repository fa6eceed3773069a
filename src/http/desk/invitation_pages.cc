#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>
#include <memory>
#include <optional>
#include <string>

#include "auth/password.h"
#include "core/error.h"
#include "core/secret.h"
#include "http/cookies.h"
#include "http/csrf.h"
#include "http/desk/desk_page_data.h"
#include "http/desk/settings_sections.h"
#include "http/html_response.h"
#include "http/multipart.h"
#include "http/page_data.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// An open invitation as the path's token names it, with who the browser is signed in as.
struct Opened {
  std::string token;
  store::Invitation invitation;
  std::string program_name;
  PageAuthentication auth;
  std::optional<store::User> invited_account;  // the account with the invited email, if any

  bool signed_in() const { return auth.caller.user != 0; }
  bool signed_in_as_invited() const {
    return signed_in() && invited_account && invited_account->key == auth.caller.user;
  }
};

// A problem of the new-account form, beside its field ("password" or "confirm_password").
struct AccountProblem {
  std::string field;
  std::string message;
};

class InvitationPages {
 public:
  InvitationPages(store::Store& store, const Site& site, const SessionRules& rules)
      : store_(store), site_(site), rules_(rules) {}

  Response show(const Request& request, const PathParams& params) {
    auto opened = open(request, params);
    if (!opened) return not_found_page(request, site_);
    return invitation_page(request, bh::status::ok, *opened, {});
  }

  Response accept(const Request& request, const PathParams& params) {
    auto opened = open(request, params);
    if (!opened) return not_found_page(request, site_);
    std::vector<FormPart> parts;
    if (auto refused = read_form(request, parts)) return *refused;
    if (!opened->signed_in()) return see_other(request, sign_in_url(*opened));
    if (!opened->signed_in_as_invited()) {
      return invitation_page(request, bh::status::forbidden, *opened, {});
    }
    try {
      store_.accounts().accept_invitation(opened->token, opened->auth.caller.user);
    } catch (const Refusal& r) {
      return refused(request, r);
    }
    return see_other(request, desk_home(site_));
  }

  Response create_account(const Request& request, const PathParams& params) {
    auto opened = open(request, params);
    if (!opened) return not_found_page(request, site_);
    std::vector<FormPart> parts;
    if (auto refused = read_form(request, parts)) return *refused;
    if (opened->signed_in() || opened->invited_account) {
      return invitation_page(request, bh::status::conflict, *opened, {});
    }
    std::string password = field(parts, "password");
    if (password != field(parts, "confirm_password")) {
      return invitation_page(request, bh::status::unprocessable_entity, *opened,
                             {"confirm_password", "The two passwords differ."});
    }
    try {
      auth::check_password_strength(password);
    } catch (const Refusal& r) {
      return invitation_page(request, bh::status::unprocessable_entity, *opened,
                             {"password", std::string("Your ") + r.what()});
    }
    store::Member member;
    try {
      member =
          store_.accept_invitation_with_new_account(opened->token, auth::hash_password(password));
    } catch (const Refusal& r) {
      if (r.field() != "email") return refused(request, r);
      opened->invited_account = store_.accounts().find_user(opened->invitation.email);
      return invitation_page(request, bh::status::conflict, *opened, {});
    }
    auto session = store_.accounts().create_session(
        {member.user, false, std::string(params.client()),
         std::string(request[bh::field::user_agent]), rules_.lifetime});
    Response response = see_other(request, desk_home(site_));
    set_cookie(response, site_, kSessionCookie, session.secret, rules_.lifetime);
    return response;
  }

 private:
  std::optional<Opened> open(const Request& request, const PathParams& params) {
    std::string token(params.get("token"));
    if (!is_secret(token)) return std::nullopt;
    auto invitation = store_.accounts().find_invitation(token);
    if (!invitation) return std::nullopt;
    auto program = store_.find_program(invitation->program);
    if (!program) return std::nullopt;
    Opened opened{token, std::move(*invitation), program->policy.identity.name,
                  authenticate_page(request, store_.accounts(), site_, rules_), std::nullopt};
    opened.invited_account = store_.accounts().find_user(opened.invitation.email);
    return opened;
  }

  // Reads a post's form into `parts`; the answer to send instead when it is unreadable or lacks
  // the browser's CSRF token.
  std::optional<Response> read_form(const Request& request, std::vector<FormPart>& parts) {
    try {
      parts = parse_form_body(request[bh::field::content_type], request.body());
    } catch (const Refusal& r) {
      return message_page(request, site_, bh::status::bad_request, "The form could not be read",
                          r.what());
    }
    if (!csrf_accepts(request, field(parts, "csrf"), site_)) {
      return message_page(request, site_, bh::status::forbidden, "The form has expired",
                          "Go back, reload the page and send the form again.");
    }
    return std::nullopt;
  }

  static std::string field(const std::vector<FormPart>& parts, std::string_view name) {
    for (const auto& part : parts) {
      if (!part.is_file && part.name == name) return part.content;
    }
    return {};
  }

  // The answer to an acceptance the store refused: why, when the invitation is void (its sender
  // may no longer invite, or it was used meanwhile); the one 404 page when it is gone.
  Response refused(const Request& request, const Refusal& r) const {
    if (r.kind() != Refusal::Kind::conflict) return not_found_page(request, site_);
    std::string why = r.what();
    if (!why.empty() && why[0] >= 'a' && why[0] <= 'z')
      why[0] = static_cast<char>(why[0] - 'a' + 'A');
    return message_page(request, site_, bh::status::conflict, "This invitation cannot be accepted",
                        why + ".");
  }

  std::string invitation_url(const Opened& opened) const {
    return site_.path + "/invite/" + opened.token;
  }

  std::string sign_in_url(const Opened& opened) const {
    return site_.path + "/signin?next=" +
           boost::urls::encode(invitation_url(opened), boost::urls::unreserved_chars);
  }

  Response invitation_page(const Request& request, bh::status status, const Opened& opened,
                           const AccountProblem& problem) {
    CsrfToken csrf = csrf_token(request, site_);
    TemplateData page = frame_data(site_, "Invitation to " + opened.program_name, "en");
    page.set("csrf", csrf.value);
    page.set("program_name", opened.program_name);
    page.set("invited_email", opened.invitation.email);
    page.set("invited_role", std::string(to_string(opened.invitation.role)));
    page.set("invitation_expires", format_time(opened.invitation.expires_at));
    if (opened.signed_in_as_invited()) {
      page.set("accept_action", invitation_url(opened) + "/accept");
    } else if (opened.signed_in()) {
      page.set("signed_in_as", opened.auth.caller.email);
      page.set("signout_action", site_.path + "/signout");
    } else if (opened.invited_account) {
      page.set("signin_url", sign_in_url(opened));
    } else {
      page.set("account_action", invitation_url(opened) + "/account");
      if (problem.field == "password") page.set("password_error", problem.message);
      if (problem.field == "confirm_password") page.set("confirm_error", problem.message);
    }
    Response response = private_page(request, status, "invitation", page);
    set_csrf_cookie(response, csrf, site_);
    return response;
  }

  store::Store& store_;
  Site site_;
  SessionRules rules_;
};

}  // namespace

void add_invitation_pages(Router& router, store::Store& store, const Site& site,
                          const SessionRules& rules) {
  auto pages = std::make_shared<InvitationPages>(store, site, rules);
  router.add(bh::verb::get, "/invite/{token}",
             [pages](const Request& request, const PathParams& params) {
               return pages->show(request, params);
             });
  router.add(bh::verb::post, "/invite/{token}/accept",
             [pages](const Request& request, const PathParams& params) {
               return pages->accept(request, params);
             });
  router.add(bh::verb::post, "/invite/{token}/account",
             [pages](const Request& request, const PathParams& params) {
               return pages->create_account(request, params);
             });
  for (const char* route : {"/invite/{token}/accept", "/invite/{token}/account"}) {
    router.limit_rate(bh::verb::post, route, RateLimit{}, too_many_requests_page(site));
  }
}

}  // namespace embargo::http
