#include "http/desk/desk_page_data.h"

#include "http/page_data.h"

namespace embargo::http {

std::string desk_home(const Site& site) { return site.path + "/desk"; }

std::string safe_next(const Site& site, std::string_view next) {
  std::string prefix = site.path + "/";
  if (!next.starts_with(prefix) || next.starts_with(site.path + "//") ||
      next.find('\\') != std::string_view::npos) {
    return desk_home(site);
  }
  for (char c : next) {
    if (static_cast<unsigned char>(c) < 0x21 || c == 0x7f) return desk_home(site);
  }
  return std::string(next);
}

TemplateData desk_frame_data(const DeskContext& context, const std::string& title) {
  TemplateData page = frame_data(context.site, title, "en");
  TemplateData desk = kainjow::mustache::object{};
  desk.set("desk_home", desk_home(context.site));
  desk.set("programs_url", context.site.path + "/desk/programs");
  desk.set("account_url", context.site.path + "/account");
  desk.set("signout_url", context.site.path + "/signout");
  desk.set("email", context.caller().email);
  if (context.caller().may_administer()) desk.set("admin_url", context.site.path + "/desk/admin");
  page.set("desk", desk);
  page.set("csrf", context.csrf);
  return page;
}

}  // namespace embargo::http
