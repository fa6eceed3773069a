// The data of the desk's report page (/desk/reports/{id}): the report's header and SLA clocks,
// its whole thread with internal notes apart, the report as submitted, the panels (possible
// duplicates, audit log) and, for a caller who may triage, the forms to write, move and triage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/audit.h"
#include "core/canned_response.h"
#include "core/policy.h"
#include "core/report.h"
#include "http/desk_routes.h"
#include "http/form_input.h"
#include "http/templates.h"
#include "store/accounts.h"
#include "store/store.h"

namespace embargo::http {

// Everything the page shows, read from the store by the handler once the caller may read the
// report's program.
struct ReportView {
  Report report;
  Policy policy;
  std::vector<store::Member> members;
  std::vector<CannedResponse> canned;
  std::vector<store::SimilarReport> similar;
  std::vector<AuditEvent> audit;                // newest first
  std::vector<store::ReceivedMail> mails;       // the report's incoming mails, oldest first
  std::optional<store::BouncedAddress> bounce;  // of the reporter's address, while it stands
  std::vector<Advisory> advisories;             // the advisories naming the report, newest first
  bool may_triage = false;
  std::optional<std::int64_t> canned_key;  // the canned response to put in the message box
};

// The path of a report's page on this site.
std::string report_page_path(const Site& site, const std::string& id);
// The path of the report's `number`th incoming mail (1, 2, ...) as received.
std::string report_mail_path(const Site& site, const std::string& id, std::size_t number);

// The page at `now`. `input` holds what a refused form sent (its fields by name) and the
// problems found, each under the field it belongs to; a triage "check" puts the vector to score
// in input.values["cvss_vector"].
TemplateData report_page_data(const DeskContext& context, const ReportView& view,
                              const FormInput& input, Time now);

}  // namespace embargo::http
