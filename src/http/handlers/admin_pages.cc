#include <memory>
#include <string>

#include "http/authorize.h"
#include "http/handlers/desk_page_data.h"
#include "http/handlers/desk_routes.h"
#include "http/handlers/html_response.h"
#include "http/handlers/settings_sections.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using kainjow::mustache::list;
using kainjow::mustache::object;

class AdminPages {
 public:
  explicit AdminPages(store::AccountStore& accounts) : accounts_(accounts) {}

  Response show(DeskContext& c) {
    require_admin(c.caller());
    TemplateData page = desk_frame_data(c, "Instance administration");
    Time at = now();
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
      if (!u.two_factor) ++without_two_factor;
      users.push_back(row);
    }
    page.set("users", users);
    page.set("user_count", std::to_string(users.size()));
    page.set("without_two_factor", std::to_string(without_two_factor));
    page.set("two_factor_required", accounts_.two_factor_required());
    page.set("two_factor_action", c.site.path + "/desk/admin/two-factor");
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

 private:
  store::AccountStore& accounts_;
};

}  // namespace

void add_admin_pages(Router& router, store::AccountStore& accounts, const Site& site,
                     const SessionRules& rules) {
  auto pages = std::make_shared<AdminPages>(accounts);
  auto page = [&](auto member) {
    return desk_page(accounts, site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  router.add(bh::verb::get, "/desk/admin", page(&AdminPages::show));
  router.add(bh::verb::post, "/desk/admin/two-factor", page(&AdminPages::set_two_factor));
}

}  // namespace embargo::http
