#pragma once

#include <filesystem>

#include "auth/secret_box.h"
#include "http/authenticate.h"
#include "http/router.h"
#include "http/site.h"
#include "store/store.h"

namespace embargo::http {

struct SiteOptions {
  // The burst and per-minute count of report submissions one client may send; 0 turns it off.
  int submission_rate_limit = 10;
  SessionRules sessions;
  // The instance's GnuPG home: security.txt is signed with a program's own key kept there.
  std::filesystem::path gnupg_home;
};

// Every route `embargo serve` answers, with its rate and body limits: the one list the server
// runs and the tests walk (security headers, the OpenAPI document). `box` seals the team's TOTP
// secrets (the instance key).
Router site_routes(store::Store& store, const auth::SecretBox& box, const Site& site,
                   const SiteOptions& options);

}  // namespace embargo::http
