#include "http/desk/settings_pages.h"

#include "http/desk/settings_sections.h"

namespace embargo::http {

void add_settings_pages(Router& router, store::Store& store, const Site& site,
                        const SessionRules& rules) {
  add_team_pages(router, store, site, rules);
  add_canned_response_pages(router, store, site, rules);
  add_policy_editor_pages(router, store, site, rules);
  add_admin_pages(router, store, site, rules);
  add_invitation_pages(router, store, site, rules);
}

}  // namespace embargo::http
