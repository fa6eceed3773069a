#include "http/desk/settings_page_data.h"

#include <charconv>

#include "http/authorize.h"
#include "http/desk/desk_page_data.h"

namespace embargo::http {

namespace bh = boost::beast::http;

store::Program settings_program(store::Store& store, const DeskContext& context,
                                Permission permission) {
  std::string slug(context.params.get("slug"));
  require(context.caller(), permission, slug);
  auto program = store.find_program(slug);
  if (!program) throw Denied(Verdict::hidden);
  return std::move(*program);
}

std::optional<std::int64_t> path_key(std::string_view text) {
  std::int64_t key = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), key);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || key <= 0) {
    return std::nullopt;
  }
  return key;
}

std::string settings_url(const Site& site, std::string_view slug, std::string_view rest) {
  return site.path + "/desk/programs/" + std::string(slug) + "/settings" + std::string(rest);
}

TemplateData settings_frame_data(const DeskContext& context, const store::Program& program,
                                 const std::string& title) {
  const std::string& slug = program.policy.identity.slug;
  TemplateData page = desk_frame_data(context, title + " · " + program.policy.identity.name);
  page.set("program_name", program.policy.identity.name);
  page.set("program_slug", slug);
  page.set("public_page_url", context.site.path + "/p/" + slug);
  TemplateData nav = kainjow::mustache::object{};
  if (context.caller().may(Permission::manage, slug)) {
    nav.set("overview_url", settings_url(context.site, slug));
    nav.set("team_url", settings_url(context.site, slug, "/team"));
    nav.set("policy_url", settings_url(context.site, slug, "/policy"));
  }
  nav.set("canned_url", settings_url(context.site, slug, "/canned"));
  page.set("settings_nav", nav);
  return page;
}

}  // namespace embargo::http
