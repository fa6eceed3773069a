#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "core/account_lifetimes.h"
#include "core/email.h"
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

// A problem to show on the team page, beside the member or the invitation field it is about.
struct TeamProblem {
  std::string member;  // the member's email, for a role change or removal
  std::string field;   // "email" or "role" of the invitation form
  std::string message;
};

// What the invitation form was sent with, kept when it is shown again with a problem.
struct InviteInput {
  std::string email;
  std::string role = std::string(to_string(Role::handler));
};

list role_options(Role selected) {
  list options;
  for (Role role : {Role::viewer, Role::handler, Role::owner}) {
    TemplateData option = object{};
    option.set("option_role", std::string(to_string(role)));
    option.set("option_selected", role == selected);
    options.push_back(option);
  }
  return options;
}

class TeamPages {
 public:
  explicit TeamPages(store::Store& store) : store_(store) {}

  Response overview(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    TemplateData page = settings_frame_data(c, program, "Settings");
    page.set("member_count", std::to_string(store_.accounts().list_members(slug).size()));
    page.set("canned_count", std::to_string(store_.list_canned_responses(slug).size()));
    page.set("updated_at", format_time(program.updated_at));
    return private_page(c.request, bh::status::ok, "settings", page);
  }

  Response team(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    return team_page(c, program, bh::status::ok, {}, {});
  }

  Response change_role(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    std::string email = c.field("email");
    auto member = find_member(slug, email);
    if (!member) return not_found_page(c.request, c.site);
    auto role = parse_role(c.field("role"));
    if (!role) {
      return team_page(c, program, bh::status::unprocessable_entity,
                       {member->email, "", "Choose owner, handler or viewer."}, {});
    }
    try {
      store_.accounts().set_member(slug, member->email, *role, c.caller().email);
    } catch (const Refusal& r) {
      return team_page(c, program, status_of(r), {member->email, "", r.what()}, {});
    }
    return see_other(c.request, settings_url(c.site, slug, "/team"));
  }

  // Removal asks first: the form without `confirmed` shows what removing means.
  Response remove_member(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    auto member = find_member(slug, c.field("email"));
    if (!member) return not_found_page(c.request, c.site);
    if (c.field("confirmed") != "yes") {
      TemplateData page = settings_frame_data(c, program, "Remove " + member->email);
      page.set("member_email", member->email);
      page.set("member_role", std::string(to_string(member->role)));
      page.set("remove_action", settings_url(c.site, slug, "/team/remove"));
      page.set("team_url", settings_url(c.site, slug, "/team"));
      return private_page(c.request, bh::status::ok, "settings_remove_member", page);
    }
    try {
      store_.accounts().remove_member(slug, member->email, c.caller().email);
    } catch (const Refusal& r) {
      return team_page(c, program, status_of(r), {member->email, "", r.what()}, {});
    }
    return see_other(c.request, settings_url(c.site, slug, "/team"));
  }

  Response invite(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    InviteInput input{c.field("email"), c.field("role")};
    auto role = parse_role(input.role);
    if (!is_valid_email(input.email)) {
      return team_page(c, program, bh::status::unprocessable_entity,
                       {"", "email", "Enter the email address of the person to invite."}, input);
    }
    if (!role) {
      return team_page(c, program, bh::status::unprocessable_entity,
                       {"", "role", "Choose owner, handler or viewer."}, input);
    }
    store::WithSecret<store::Invitation> created;
    try {
      created = store_.accounts().create_invitation(slug, input.email, *role, kInvitationValidity,
                                                    c.caller().email);
    } catch (const Refusal& r) {
      std::string field = r.field() == "role" ? "role" : "email";
      return team_page(c, program, status_of(r), {"", field, r.what()}, input);
    }
    TemplateData page = settings_frame_data(c, program, "Invitation");
    page.set("invitee", created.record.email);
    page.set("invited_role", std::string(to_string(created.record.role)));
    page.set("invitation_link", c.site.public_url + "/invite/" + created.secret);
    page.set("invitation_expires", format_time(created.record.expires_at));
    page.set("team_url", settings_url(c.site, slug, "/team"));
    return private_page(c.request, bh::status::ok, "invitation_created", page);
  }

  Response revoke_invitation(DeskContext& c) {
    store::Program program = settings_program(store_, c, Permission::manage);
    const std::string& slug = program.policy.identity.slug;
    auto key = path_key(c.params.get("id"));
    if (!key || !store_.revoke_invitation(slug, *key, c.caller().email)) {
      return not_found_page(c.request, c.site);
    }
    return see_other(c.request, settings_url(c.site, slug, "/team"));
  }

 private:
  // The program's member with this email (compared as the store compares emails), if any.
  std::optional<store::Member> find_member(const std::string& slug, const std::string& email) {
    if (email.empty()) return std::nullopt;
    auto account = store_.accounts().find_user(email);
    if (!account) return std::nullopt;
    for (auto& member : store_.accounts().list_members(slug)) {
      if (member.user == account->key) return member;
    }
    return std::nullopt;
  }

  Response team_page(DeskContext& c, const store::Program& program, bh::status status,
                     const TeamProblem& problem, const InviteInput& input) {
    const std::string& slug = program.policy.identity.slug;
    TemplateData page = settings_frame_data(c, program, "Team");
    list members;
    int index = 0;
    for (const auto& m : store_.accounts().list_members(slug)) {
      TemplateData row = object{};
      row.set("member_index", std::to_string(++index));
      row.set("member_email", m.email);
      row.set("member_role", std::string(to_string(m.role)));
      row.set("member_since", format_time(m.added_at));
      row.set("role_options", role_options(m.role));
      if (m.email == problem.member) row.set("member_error", problem.message);
      members.push_back(row);
    }
    page.set("members", members);
    page.set("has_members", !members.empty());
    page.set("role_action", settings_url(c.site, slug, "/team/role"));
    page.set("remove_action", settings_url(c.site, slug, "/team/remove"));

    list invitations;
    Time at = store_.time().now();
    for (const auto& i : store_.accounts().list_invitations(slug)) {
      if (i.accepted_at || i.expires_at <= at) continue;
      TemplateData row = object{};
      row.set("invitation_email", i.email);
      row.set("invitation_role", std::string(to_string(i.role)));
      row.set("invitation_by", i.invited_by);
      row.set("invitation_expires", format_time(i.expires_at));
      row.set("invitation_revoke",
              settings_url(c.site, slug, "/invitations/" + std::to_string(i.key) + "/revoke"));
      invitations.push_back(row);
    }
    page.set("invitations", invitations);
    page.set("has_invitations", !invitations.empty());
    page.set("invite_action", settings_url(c.site, slug, "/invitations"));
    page.set("invite_email", input.email);
    page.set("invite_roles", role_options(parse_role(input.role).value_or(Role::handler)));
    if (problem.field == "email") page.set("invite_email_error", problem.message);
    if (problem.field == "role") page.set("invite_role_error", problem.message);
    return private_page(c.request, status, "settings_team", page);
  }

  store::Store& store_;
};

}  // namespace

void add_team_pages(Router& router, store::Store& store, const Site& site,
                    const SessionRules& rules) {
  auto pages = std::make_shared<TeamPages>(store);
  auto page = [&](auto member) {
    return desk_page(store.accounts(), site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  const std::string base = "/desk/programs/{slug}/settings";
  router.add(bh::verb::get, base, page(&TeamPages::overview));
  router.add(bh::verb::get, base + "/team", page(&TeamPages::team));
  router.add(bh::verb::post, base + "/team/role", page(&TeamPages::change_role));
  router.add(bh::verb::post, base + "/team/remove", page(&TeamPages::remove_member));
  router.add(bh::verb::post, base + "/invitations", page(&TeamPages::invite));
  router.add(bh::verb::post, base + "/invitations/{id}/revoke",
             page(&TeamPages::revoke_invitation));
}

}  // namespace embargo::http
