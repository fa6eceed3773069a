// The parts of the desk's settings, each registering its own routes; add_settings_pages
// (settings_pages.h) registers them all.
#pragma once

#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

// /desk/programs/{slug}/settings and .../team: the overview, members and roles, invitations.
void add_team_pages(Router& router, store::Store& store, const Site& site,
                    const SessionRules& rules);
// /desk/programs/{slug}/settings/canned: the program's canned responses.
void add_canned_response_pages(Router& router, store::Store& store, const Site& site,
                               const SessionRules& rules);
// /desk/programs/{slug}/settings/policy: the policy editor (check, review the diff, save).
void add_policy_editor_pages(Router& router, store::Store& store, const Site& site,
                             const SessionRules& rules);
// /desk/admin: the instance's accounts and its two-factor requirement; /desk/admin/outbox: the
// mails and webhook deliveries queued, sent and failed.
void add_admin_pages(Router& router, store::Store& store, const Site& site,
                     const SessionRules& rules);
// /invite/{token}: where an invited person joins a program, creating their account if needed.
void add_invitation_pages(Router& router, store::Store& store, const Site& site,
                          const SessionRules& rules);

}  // namespace embargo::http
