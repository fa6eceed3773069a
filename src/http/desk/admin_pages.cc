#include <charconv>
#include <memory>
#include <optional>
#include <string>

#include "http/authorize.h"
#include "http/desk/desk_page_data.h"
#include "http/desk/settings_sections.h"
#include "http/desk_routes.h"
#include "http/html_response.h"
#include "http/query_parameter.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using kainjow::mustache::list;
using kainjow::mustache::object;

constexpr int kOutboxShown = 200;

// An account's key as the admin page's links carry it; nullopt for anything else.
std::optional<std::int64_t> parse_key(std::string_view text) {
  std::int64_t key = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), key);
  if (error != std::errc() || end != text.data() + text.size() || key <= 0) return std::nullopt;
  return key;
}

// The outbox's filters, as links: every item, then each state.
list outbox_filters(const Site& site, const std::string& shown) {
  list filters;
  for (const char* state : {"", "queued", "failed", "sent"}) {
    TemplateData filter = object{};
    filter.set("filter_name", std::string(*state == '\0' ? "All" : state));
    filter.set("filter_url", site.path + "/desk/admin/outbox" +
                                 (*state == '\0' ? "" : std::string("?state=") + state));
    filter.set("filter_current", shown == state);
    filters.push_back(filter);
  }
  return filters;
}

class AdminPages {
 public:
  AdminPages(store::AccountStore& accounts, store::MailStore& mail)
      : accounts_(accounts), mail_(mail) {}

  Response show(DeskContext& c) {
    require_admin(c.caller());
    TemplateData page = desk_frame_data(c, "Instance administration");
    Time at = accounts_.time().now();
    list users;
    int without_two_factor = 0;
    for (const auto& u : accounts_.list_users()) {
      TemplateData row = object{};
      row.set("user_email", u.email);
      row.set("user_admin", u.admin);
      row.set("user_two_factor", u.two_factor);
      if (u.locked_until && *u.locked_until > at) {
        row.set("user_locked", "until " + format_time(*u.locked_until));
      }
      row.set("user_created", format_time(u.created_at));
      if (u.disabled_at) row.set("user_disabled", "since " + format_time(*u.disabled_at));
      row.set("user_actions", c.site.path + "/desk/admin/users/" + std::to_string(u.key));
      row.set("user_is_me", u.key == c.caller().user);
      if (!u.two_factor) ++without_two_factor;
      users.push_back(row);
    }
    page.set("users", users);
    page.set("user_count", std::to_string(users.size()));
    page.set("without_two_factor", std::to_string(without_two_factor));
    page.set("two_factor_required", accounts_.two_factor_required());
    page.set("two_factor_action", c.site.path + "/desk/admin/two-factor");
    page.set("outbox_url", c.site.path + "/desk/admin/outbox");
    return private_page(c.request, bh::status::ok, "admin", page);
  }

  Response set_two_factor(DeskContext& c) {
    require_admin(c.caller());
    std::string required = c.field("required");
    if (required != "yes" && required != "no") {
      return message_page(c.request, c.site, bh::status::unprocessable_entity,
                          "Choose required or optional",
                          "The form sent neither: go back and choose one.");
    }
    accounts_.set_two_factor_required(required == "yes", c.caller().email);
    return see_other(c.request, c.site.path + "/desk/admin");
  }

  // Offboarding from the desk, as `embargo user ...` does it: one action per button, each
  // audited under the admin's email. Deleting asks for the account's email typed again.
  Response act_on_user(DeskContext& c) {
    require_admin(c.caller());
    auto key = parse_key(c.params.get("user"));
    auto user = key ? accounts_.find_user(*key) : std::nullopt;
    if (!user) return not_found_page(c.request, c.site);
    std::string action(c.params.get("action"));
    const std::string& actor = c.caller().email;
    if (action == "disable") {
      accounts_.disable_user(user->key, actor);
    } else if (action == "enable") {
      accounts_.enable_user(user->key, actor);
    } else if (action == "sign-out") {
      accounts_.sign_out_everywhere(user->key, actor);
    } else if (action == "make-admin" || action == "revoke-admin") {
      accounts_.set_admin(user->key, action == "make-admin", actor);
    } else if (action == "delete") {
      if (c.field("confirm_email") != user->email) {
        return message_page(c.request, c.site, bh::status::unprocessable_entity,
                            "The account was not deleted",
                            "To delete " + user->email +
                                ", type its email address again in the box beside the button.");
      }
      accounts_.delete_user(user->key, actor);
    } else {
      return not_found_page(c.request, c.site);
    }
    return see_other(c.request, c.site.path + "/desk/admin#accounts-heading");
  }

  // What the outbox holds (mails and webhook deliveries), newest first, as `embargo mail outbox`
  // lists it: an admin sees here what failed and why.
  Response outbox(DeskContext& c) {
    require_admin(c.caller());
    std::string state = query_parameter(c.request.target(), "state").value_or("");
    if (!state.empty() && state != "queued" && state != "failed" && state != "sent") {
      return message_page(c.request, c.site, bh::status::unprocessable_entity,
                          "No such outbox state",
                          "state: expected queued, failed or sent, or none for every item.");
    }
    TemplateData page = desk_frame_data(c, "Outbox");
    list rows;
    for (const auto& e : mail_.list_outbox({state, kOutboxShown})) {
      TemplateData row = object{};
      row.set("item_created", format_time(e.created_at));
      row.set("item_channel", e.item.channel);
      row.set("item_event", e.item.event);
      row.set("item_report", e.report);
      row.set("item_recipient", e.item.recipient);
      row.set("item_state", e.state);
      row.set("item_attempts", std::to_string(e.attempts));
      std::string when;
      if (e.sent_at) when = "sent " + format_time(*e.sent_at);
      if (e.state == "queued") when = "next " + format_time(e.next_attempt_at);
      row.set("item_when", when);
      row.set("item_error", e.last_error);
      rows.push_back(row);
    }
    page.set("has_items", !rows.empty());
    page.set("items", rows);
    page.set("filters", outbox_filters(c.site, state));
    page.set("shown_most", std::to_string(kOutboxShown));
    page.set("admin_url", c.site.path + "/desk/admin");
    return private_page(c.request, bh::status::ok, "admin_outbox", page);
  }

 private:
  store::AccountStore& accounts_;
  store::MailStore& mail_;
};

}  // namespace

void add_admin_pages(Router& router, store::Store& store, const Site& site,
                     const SessionRules& rules) {
  auto pages = std::make_shared<AdminPages>(store.accounts(), store.mail());
  auto page = [&](auto member) {
    return desk_page(store.accounts(), site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  router.add(bh::verb::get, "/desk/admin", page(&AdminPages::show));
  router.add(bh::verb::post, "/desk/admin/two-factor", page(&AdminPages::set_two_factor));
  router.add(bh::verb::get, "/desk/admin/outbox", page(&AdminPages::outbox));
  router.add(bh::verb::post, "/desk/admin/users/{user}/{action}", page(&AdminPages::act_on_user));
}

}  // namespace embargo::http
