// The data of the reporter's pages: the receipt shown once after a report is stored, and the
// private thread behind the tracking link. Only what the reporter may see is put in: never an
// internal note, never a reason the team kept for itself.
#pragma once

#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/policy.h"
#include "core/report.h"
#include "http/reporter/report_form_data.h"
#include "http/site.h"
#include "http/templates.h"
#include "store/store.h"

namespace embargo::http {

// The receipt: the report's id, the promised times, and the tracking link with a warning that
// it is shown only now.
TemplateData receipt_page_data(const store::CreatedReport& created, const Policy& policy,
                               const Site& site);

// The thread of the report the tracking `token` opens: state in words, the clocks, every
// reporter-visible message and state change, the report as sent, and the forms to reply,
// change the credit and withdraw, and the advisories made from the report (their state, the
// embargo instant, the credit line to accept or decline). `input` carries a reply or credit
// that was refused. The clocks stand as they do at `now`.
TemplateData thread_page_data(const Report& report, const Policy& policy,
                              const std::vector<Advisory>& advisories, const Site& site,
                              const std::string& token, const std::string& csrf,
                              const FormInput& input, Time now);

}  // namespace embargo::http
