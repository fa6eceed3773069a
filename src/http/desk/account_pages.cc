#include "http/desk/account_pages.h"

#include <charconv>
#include <string>

#include "auth/password.h"
#include "auth/qr_svg.h"
#include "auth/recovery_codes.h"
#include "auth/totp.h"
#include "core/error.h"
#include "http/cookies.h"
#include "http/desk/desk_page_data.h"
#include "http/desk_routes.h"
#include "http/html_response.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using kainjow::mustache::list;
using kainjow::mustache::object;

std::optional<std::int64_t> record_id(std::string_view text) {
  std::int64_t id = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || id <= 0) {
    return std::nullopt;
  }
  return id;
}

std::string optional_time(const std::optional<Time>& t) { return t ? format_time(*t) : "never"; }

// A problem of one of the forms on /account, shown beside that form.
struct AccountError {
  enum class Form { none, password, token };
  Form form = Form::none;
  std::string message;
};

AccountError password_problem(std::string message) {
  return {AccountError::Form::password, std::move(message)};
}
AccountError token_problem(std::string message) {
  return {AccountError::Form::token, std::move(message)};
}

using WithSecretToken = store::WithSecret<store::ApiToken>;

class AccountPages {
 public:
  AccountPages(store::AccountStore& accounts, const auth::SecretBox& box)
      : accounts_(accounts), box_(box) {}

  Response show(DeskContext& c) { return account_page(c, bh::status::ok, {}); }

  Response change_password(DeskContext& c) {
    const store::User& user = *c.auth.user;
    if (!auth::verify_password(c.field("current_password"), user.password_hash)) {
      return account_page(c, bh::status::ok, password_problem("Your current password is wrong."));
    }
    std::string password = c.field("new_password");
    if (password != c.field("confirm_password")) {
      return account_page(c, bh::status::ok,
                          password_problem("The new password and its confirmation differ."));
    }
    try {
      auth::check_password_strength(password);
    } catch (const Refusal& r) {
      return account_page(c, bh::status::ok, password_problem(std::string("New ") + r.what()));
    }
    accounts_.set_password(user.key, auth::hash_password(password), c.auth.session->key,
                           user.email);
    return see_other(c.request, c.site.path + "/account");
  }

  // How the member hears about their programs' reports (docs/notifications.md).
  Response set_notifications(DeskContext& c) {
    auto mode = parse_notify_mode(c.field("mode"));
    if (!mode) {
      return message_page(c.request, c.site, bh::status::unprocessable_entity,
                          "Choose how you hear about reports",
                          "mode: expected immediately, digest or off. Go back and choose one.");
    }
    accounts_.set_notify_mode(c.caller().user, *mode, c.caller().email);
    return see_other(c.request, c.site.path + "/account");
  }

  Response revoke_session(DeskContext& c) {
    auto id = record_id(c.params.get("id"));
    if (!id || !accounts_.revoke_session(c.caller().user, *id)) {
      return not_found_page(c.request, c.site);
    }
    if (*id != c.auth.session->key) return see_other(c.request, c.site.path + "/account");
    Response response = see_other(c.request, c.site.path + "/signin");
    clear_cookie(response, c.site, kSessionCookie);
    return response;
  }

  Response create_token(DeskContext& c) {
    std::string name = c.field("name");
    auto scope = parse_token_scope(c.field("scope"));
    std::string program = c.field("program");
    if (name.empty() || name.size() > 100) {
      return account_page(c, bh::status::ok,
                          token_problem("Name the token (at most 100 characters)."));
    }
    if (!scope || (*scope == TokenScope::admin && !c.caller().admin)) {
      return account_page(c, bh::status::ok, token_problem("Choose one of the scopes offered."));
    }
    if (!program.empty() && !c.caller().may(Permission::read, program)) {
      return account_page(c, bh::status::ok, token_problem("Choose one of your programs."));
    }
    WithSecretToken created;
    try {
      created = accounts_.create_token(c.caller().user, name, *scope, program, c.caller().email);
    } catch (const Refusal& r) {
      return account_page(c, bh::status::ok, token_problem(r.what()));
    }
    TemplateData page = desk_frame_data(c, "New API token");
    page.set("name", name);
    page.set("token", created.secret);
    page.set("scope", std::string(to_string(*scope)));
    page.set("account_url", c.site.path + "/account");
    return private_page(c.request, bh::status::ok, "token_created", page);
  }

  Response revoke_token(DeskContext& c) {
    auto id = record_id(c.params.get("id"));
    if (!id || !accounts_.revoke_token(c.caller().user, *id, c.caller().email)) {
      return not_found_page(c.request, c.site);
    }
    return see_other(c.request, c.site.path + "/account");
  }

  Response start_two_factor(DeskContext& c) {
    if (c.auth.user->two_factor) return see_other(c.request, two_factor_url(c));
    accounts_.begin_two_factor(c.caller().user, box_.seal(auth::new_totp_secret()));
    return see_other(c.request, two_factor_url(c));
  }

  Response show_two_factor(DeskContext& c) { return two_factor_page(c, bh::status::ok, ""); }

  Response qr_code(DeskContext& c) {
    auto state = accounts_.two_factor(c.caller().user);
    if (state.pending_sealed_secret.empty()) return not_found_page(c.request, c.site);
    std::string uri = auth::totp_uri(box_.open(state.pending_sealed_secret), c.caller().email,
                                     "Embargo " + c.site.public_url);
    Response response{bh::status::ok, c.request.version()};
    response.set(bh::field::content_type, "image/svg+xml");
    response.body() = auth::qr_svg(uri, "QR code for your authenticator app");
    response.keep_alive(c.request.keep_alive());
    return response;
  }

  Response confirm_two_factor(DeskContext& c) {
    auto state = accounts_.two_factor(c.caller().user);
    if (state.pending_sealed_secret.empty()) return see_other(c.request, two_factor_url(c));
    auto step = auth::verify_totp(box_.open(state.pending_sealed_secret), c.field("code"),
                                  accounts_.time().now());
    if (!step) {
      return two_factor_page(c, bh::status::ok,
                             "That code is not the one your app shows now. Check that the "
                             "phone's clock is right and enter the current code.");
    }
    auto codes = auth::new_recovery_codes();
    accounts_.enable_two_factor(c.caller().user, *step, codes.hashes, c.caller().email);
    TemplateData page = desk_frame_data(c, "Two-factor sign-in is on");
    list shown;
    for (const auto& code : codes.codes) shown.push_back(code);
    page.set("codes", shown);
    page.set("account_url", c.site.path + "/account");
    return private_page(c.request, bh::status::ok, "recovery_codes", page);
  }

  Response disable_two_factor(DeskContext& c) {
    if (accounts_.two_factor_required()) {
      return two_factor_page(c, bh::status::forbidden,
                             "This instance requires two-factor sign-in for every account.");
    }
    if (!auth::verify_password(c.field("password"), c.auth.user->password_hash)) {
      return two_factor_page(c, bh::status::ok, "Your password is wrong.");
    }
    accounts_.disable_two_factor(c.caller().user, c.caller().email);
    return see_other(c.request, c.site.path + "/account");
  }

 private:
  static std::string two_factor_url(const DeskContext& c) {
    return c.site.path + "/account/two-factor";
  }

  Response account_page(DeskContext& c, bh::status status, const AccountError& error) {
    const Caller& caller = c.caller();
    TemplateData page = desk_frame_data(c, "Your account");
    page.set("user_email", caller.email);
    if (caller.admin) page.set("admin", true);
    page.set("two_factor_on", c.auth.user->two_factor);
    page.set("two_factor_url", two_factor_url(c));
    if (c.auth.user->two_factor) {
      page.set("recovery_left", std::to_string(accounts_.unused_recovery_codes(caller.user)));
    }
    if (accounts_.two_factor_required()) page.set("two_factor_required", true);

    list sessions;
    for (const auto& s : accounts_.list_sessions(caller.user)) {
      TemplateData row = object{};
      row.set("session_created", format_time(s.created_at));
      row.set("session_seen", format_time(s.last_seen_at));
      row.set("session_client", s.client.empty() ? std::string("unknown") : s.client);
      row.set("session_agent", s.user_agent.empty() ? std::string("unknown") : s.user_agent);
      row.set("session_current", s.key == c.auth.session->key);
      // Someone has the password but not (yet) the code: the account's owner must see it.
      if (s.second_factor_pending) row.set("session_pending", true);
      row.set("session_revoke",
              c.site.path + "/account/sessions/" + std::to_string(s.key) + "/revoke");
      sessions.push_back(row);
    }
    page.set("sessions", sessions);

    list tokens;
    for (const auto& t : accounts_.list_tokens(caller.user)) {
      if (t.revoked_at) continue;
      TemplateData row = object{};
      row.set("token_name", t.name);
      row.set("token_scope", std::string(to_string(t.scope)));
      row.set("token_program", t.program.empty() ? std::string("all yours") : t.program);
      row.set("token_created", format_time(t.created_at));
      row.set("token_used", optional_time(t.last_used_at));
      row.set("token_revoke", c.site.path + "/account/tokens/" + std::to_string(t.key) + "/revoke");
      tokens.push_back(row);
    }
    page.set("tokens", tokens);
    page.set("has_tokens", !tokens.empty());

    list scopes;
    for (TokenScope s : {TokenScope::read, TokenScope::triage, TokenScope::admin}) {
      if (s == TokenScope::admin && !caller.admin) continue;
      scopes.push_back(std::string(to_string(s)));
    }
    page.set("scopes", scopes);
    list programs;
    for (const auto& [program, role] : caller.roles) programs.push_back(program);
    page.set("programs", programs);

    page.set("password_action", c.site.path + "/account/password");
    page.set("notifications_action", c.site.path + "/account/notifications");
    NotifyMode mode = accounts_.notify_mode(caller.user);
    page.set("notify_immediately", mode == NotifyMode::immediately);
    page.set("notify_digest", mode == NotifyMode::digest);
    page.set("notify_off", mode == NotifyMode::off);
    page.set("token_action", c.site.path + "/account/tokens");
    if (error.form == AccountError::Form::password) page.set("password_error", error.message);
    if (error.form == AccountError::Form::token) page.set("token_error", error.message);
    return private_page(c.request, status, "account", page);
  }

  Response two_factor_page(DeskContext& c, bh::status status, const std::string& error) {
    TemplateData page = desk_frame_data(c, "Two-factor sign-in");
    std::string base = two_factor_url(c);
    if (!error.empty()) page.set("form_error", error);
    if (c.auth.user->two_factor) {
      page.set("enabled", true);
      page.set("disable_action", base + "/disable");
      if (accounts_.two_factor_required()) page.set("required", true);
    } else {
      auto state = accounts_.two_factor(c.caller().user);
      if (state.pending_sealed_secret.empty()) {
        page.set("start_action", base);
      } else {
        page.set("pending", true);
        page.set("qr_url", base + "/qr.svg");
        page.set("secret_text", auth::totp_secret_base32(box_.open(state.pending_sealed_secret)));
        page.set("confirm_action", base + "/confirm");
      }
    }
    return private_page(c.request, status, "two_factor", page);
  }

  store::AccountStore& accounts_;
  const auth::SecretBox& box_;
};

}  // namespace

void add_account_pages(Router& router, store::AccountStore& accounts, const auth::SecretBox& box,
                       const Site& site, const SessionRules& rules) {
  auto pages = std::make_shared<AccountPages>(accounts, box);
  auto page = [&](auto member) {
    return desk_page(accounts, site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  router.add(bh::verb::get, "/account", page(&AccountPages::show));
  router.add(bh::verb::post, "/account/password", page(&AccountPages::change_password));
  router.add(bh::verb::post, "/account/notifications", page(&AccountPages::set_notifications));
  router.add(bh::verb::post, "/account/sessions/{id}/revoke", page(&AccountPages::revoke_session));
  router.add(bh::verb::post, "/account/tokens", page(&AccountPages::create_token));
  router.add(bh::verb::post, "/account/tokens/{id}/revoke", page(&AccountPages::revoke_token));
  router.add(bh::verb::get, "/account/two-factor", page(&AccountPages::show_two_factor));
  router.add(bh::verb::post, "/account/two-factor", page(&AccountPages::start_two_factor));
  router.add(bh::verb::get, "/account/two-factor/qr.svg", page(&AccountPages::qr_code));
  router.add(bh::verb::post, "/account/two-factor/confirm",
             page(&AccountPages::confirm_two_factor));
  router.add(bh::verb::post, "/account/two-factor/disable",
             page(&AccountPages::disable_two_factor));
  for (const char* route :
       {"/account/password", "/account/two-factor/confirm", "/account/two-factor/disable"}) {
    router.limit_rate(bh::verb::post, route, RateLimit{}, too_many_requests_page(site));
  }
}

}  // namespace embargo::http
