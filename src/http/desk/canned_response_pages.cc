#include <memory>
#include <optional>
#include <string>

#include "core/canned_response.h"
#include "core/error.h"
#include "http/desk/settings_page_data.h"
#include "http/desk/settings_sections.h"
#include "http/desk_routes.h"
#include "http/html_response.h"
#include "http/refusal_status.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
using kainjow::mustache::list;
using kainjow::mustache::object;

// The form's fields as a canned response of the program (key 0 for a new one).
CannedResponse from_form(const DeskContext& c, const std::string& program, std::int64_t key) {
  CannedResponse response;
  response.key = key;
  response.program = program;
  response.title = c.field("title");
  response.body = c.field("body");
  response.internal = c.field("internal") == "yes";
  return response;
}

// The form of one canned response with the problem beside its field ("title" or "body").
TemplateData form_data(const CannedResponse& response, const Refusal* problem) {
  TemplateData form = object{};
  form.set("form_title", response.title);
  form.set("form_body", response.body);
  form.set("form_internal", response.internal);
  if (problem && problem->field() == "body") {
    form.set("body_error", std::string(problem->what()));
  } else if (problem) {
    form.set("title_error", std::string(problem->what()));
  }
  return form;
}

class CannedResponsePages {
 public:
  explicit CannedResponsePages(store::Store& store) : store_(store) {}

  // Handlers read them here (they pick them on the report page); owners also change them.
  Response list_page(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::triage);
    return canned_page(c, program, bh::status::ok, CannedResponse{}, nullptr);
  }

  Response create(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    CannedResponse response = from_form(c, slug, 0);
    try {
      store_.put_canned_response(response, c.caller().email);
    } catch (const Refusal& r) {
      return canned_page(c, program, status_of(r), response, &r);
    }
    return see_other(c.request, settings_url(c.site, slug, "/canned"));
  }

  Response edit_page(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    auto response = find(program, c.params.get("id"));
    if (!response) return not_found_page(c.request, c.site);
    return edit_form(c, program, bh::status::ok, *response, nullptr);
  }

  Response save(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    auto existing = find(program, c.params.get("id"));
    if (!existing) return not_found_page(c.request, c.site);
    CannedResponse response = from_form(c, slug, existing->key);
    try {
      store_.put_canned_response(response, c.caller().email);
    } catch (const Refusal& r) {
      if (r.kind() == Refusal::Kind::not_found) return not_found_page(c.request, c.site);
      return edit_form(c, program, status_of(r), response, &r);
    }
    return see_other(c.request, settings_url(c.site, slug, "/canned"));
  }

  Response remove(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    auto key = path_key(c.params.get("id"));
    if (!key || !store_.delete_canned_response(slug, *key, c.caller().email)) {
      return not_found_page(c.request, c.site);
    }
    return see_other(c.request, settings_url(c.site, slug, "/canned"));
  }

 private:
  std::optional<CannedResponse> find(const store::Program& program, std::string_view key_text) {
    auto key = path_key(key_text);
    if (!key) return std::nullopt;
    for (auto& response : store_.list_canned_responses(program.policy.identity.slug)) {
      if (response.key == *key) return response;
    }
    return std::nullopt;
  }

  Response canned_page(DeskContext& c, const store::Program& program, bh::status status,
                       const CannedResponse& input, const Refusal* problem) {
    const std::string& slug = program.policy.identity.slug;
    bool owner = c.caller().may(Permission::manage, slug);
    TemplateData page = settings_frame_data(c, program, "Canned responses");
    list responses;
    for (const auto& r : store_.list_canned_responses(slug)) {
      TemplateData row = object{};
      row.set("response_title", r.title);
      row.set("response_body", r.body);
      row.set("response_internal", r.internal);
      row.set("response_updated", format_time(r.updated_at));
      if (owner) {
        std::string url = settings_url(c.site, slug, "/canned/" + std::to_string(r.key));
        row.set("response_edit", url);
        row.set("response_delete", url + "/delete");
      }
      responses.push_back(row);
    }
    page.set("responses", responses);
    page.set("has_responses", !responses.empty());
    if (owner) {
      page.set("create_action", settings_url(c.site, slug, "/canned"));
      page.set("form", form_data(input, problem));
    }
    return private_page(c.request, status, "settings_canned", page);
  }

  Response edit_form(DeskContext& c, const store::Program& program, bh::status status,
                     const CannedResponse& response, const Refusal* problem) {
    const std::string& slug = program.policy.identity.slug;
    TemplateData page = settings_frame_data(c, program, "Edit canned response");
    std::string url = settings_url(c.site, slug, "/canned/" + std::to_string(response.key));
    page.set("save_action", url);
    page.set("delete_action", url + "/delete");
    page.set("list_url", settings_url(c.site, slug, "/canned"));
    page.set("form", form_data(response, problem));
    return private_page(c.request, status, "settings_canned_edit", page);
  }

  store::Store& store_;
};

}  // namespace

void add_canned_response_pages(Router& router, store::Store& store, const Site& site,
                               const SessionRules& rules) {
  auto pages = std::make_shared<CannedResponsePages>(store);
  auto page = [&](auto member) {
    return desk_page(store.accounts(), site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  const std::string base = "/desk/programs/{slug}/settings/canned";
  router.add(bh::verb::get, base, page(&CannedResponsePages::list_page));
  router.add(bh::verb::post, base, page(&CannedResponsePages::create));
  router.add(bh::verb::get, base + "/{id}", page(&CannedResponsePages::edit_page));
  router.add(bh::verb::post, base + "/{id}", page(&CannedResponsePages::save));
  router.add(bh::verb::post, base + "/{id}/delete", page(&CannedResponsePages::remove));
}

}  // namespace embargo::http
