#include "http/site_routes.h"

#include <utility>

#include "http/api/advisory_api.h"
#include "http/api/desk_api.h"
#include "http/api/public_api.h"
#include "http/api/user_api.h"
#include "http/desk/account_pages.h"
#include "http/desk/advisory_desk_pages.h"
#include "http/desk/dashboard_pages.h"
#include "http/desk/queue_page.h"
#include "http/desk/report_pages.h"
#include "http/desk/settings_pages.h"
#include "http/desk/sign_in_pages.h"
#include "http/health.h"
#include "http/html_response.h"
#include "http/public/advisory_pages.h"
#include "http/public/csaf_pages.h"
#include "http/public/policy_text_routes.h"
#include "http/public/public_pages.h"
#include "http/reporter/lost_link_pages.h"
#include "http/reporter/report_form_pages.h"
#include "http/reporter/thread_pages.h"
#include "http/scoring_api.h"
#include "http/upload_limits.h"

namespace embargo::http {

namespace bh = boost::beast::http;

Router site_routes(store::Store& store, const auth::SecretBox& box, const Site& site,
                   const SiteOptions& options) {
  Router router;
  add_health_routes(router);
  add_scoring_routes(router);
  add_policy_text_routes(router, store, site, options.gnupg_home, box);
  add_public_pages(router, store, site);
  add_advisory_pages(router, store, site);
  add_csaf_pages(router, store, site);
  add_public_api_routes(router, store, site);
  add_report_form_pages(router, store, site);
  add_thread_pages(router, store, site, options.gnupg_home);
  add_lost_link_pages(router, store, site);
  add_sign_in_pages(router, store.accounts(), box, site, options.sessions);
  add_account_pages(router, store.accounts(), box, site, options.sessions);
  add_desk_api(router, store);
  add_user_api(router, store);
  add_advisory_api(router, store, site);
  add_queue_page(router, store, site, options.sessions);
  add_dashboard_pages(router, store, site, options.sessions);
  add_settings_pages(router, store, site, options.sessions);
  add_report_pages(router, store, site, options.sessions);
  add_advisory_desk_pages(router, store, site, options.sessions);
  router.set_refusal_page(
      [site](const Request& request, bh::status status, const std::string& message) {
        return message_page(request, site, status, "Not done", message);
      });
  if (options.submission_rate_limit > 0) {
    // A burst of N, then N a minute: 10 is the default of RateLimit.
    double n = options.submission_rate_limit;
    router.limit_rate(bh::verb::post, "/api/v1/programs/{slug}/reports", RateLimit{n / 60, n});
    router.limit_rate(bh::verb::post, "/p/{slug}/report", RateLimit{n / 60, n},
                      report_form_rate_refusal(store, site));
  }
  // A report's body carries the files its program's policy accepts; a browser's form is read
  // up to the server's limit, so that a file or a text over the policy's comes back as a problem
  // beside its field, with everything else typed kept.
  router.limit_body(bh::verb::post, "/api/v1/programs/{slug}/reports", program_body_limit(store));
  // And a reply carries those its report's program accepts.
  router.limit_body(bh::verb::post, "/api/v1/track/{token}/messages", tracked_body_limit(store));
  for (const char* route : {"/p/{slug}/report", "/r/{token}/reply"}) {
    router.limit_body(bh::verb::post, route,
                      [](const PathParams&) { return kMostReportBodyBytes; });
  }
  // A team member's note or reply carries files too.
  for (const char* route : {"/desk/reports/{id}/messages", "/api/v1/reports/{id}/messages"}) {
    router.limit_body(bh::verb::post, route, team_body_limit(store));
  }
  // A verification request carries the team's patches: at most 5 of 1 MiB (patch_file_rules),
  // with the multipart around them and the message.
  for (const char* route :
       {"/desk/reports/{id}/verification", "/api/v1/reports/{id}/verification"}) {
    router.limit_body(bh::verb::post, route,
                      [](const PathParams&) { return std::uint64_t{6} * 1024 * 1024; });
  }
  // A reporter's writes to their thread, limited per client like submissions.
  for (auto [method, route] : {std::pair{bh::verb::post, "/api/v1/track/{token}/messages"},
                               std::pair{bh::verb::put, "/api/v1/track/{token}/credit"},
                               std::pair{bh::verb::post, "/api/v1/track/{token}/withdraw"},
                               std::pair{bh::verb::post, "/api/v1/track/{token}/verification"}}) {
    router.limit_rate(method, route, RateLimit{});
  }
  for (const char* route :
       {"/r/{token}/reply", "/r/{token}/credit", "/r/{token}/key", "/r/{token}/advisory-credit",
        "/r/{token}/verification", "/r/{token}/withdraw"}) {
    router.limit_rate(bh::verb::post, route, RateLimit{}, thread_rate_refusal(store, site));
  }
  router.limit_rate(bh::verb::post, "/lost-link", RateLimit{}, too_many_requests_page(site));
  return router;
}

}  // namespace embargo::http
