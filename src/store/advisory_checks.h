// The advisory rules that need the scoring library, the program's policy or its reports: what
// core's normalize_advisory_draft cannot check.
#pragma once

#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/policy.h"
#include "core/report.h"
#include "store/advisories.h"

namespace embargo::store {

// normalize_advisory_draft, then: every range is one interval in the program's scheme
// (scoring::parse_vulnerable_interval), the CVSS vector scores (stored normalised), every CWE is
// in the catalogue, and every credit's report is one of `reports` (public ids). Throws Refusal
// naming the field with its position.
AdvisoryDraft check_advisory_draft(const AdvisoryDraft& draft, const Versions& versions,
                                   const std::vector<std::string>& reports);

// What a draft created from reports starts with where the team left it empty: the first report's
// title as summary, the reports' CVSS vector (the first that has one) and CWEs, and each report's
// reporter credited as finder.
AdvisoryDraft complete_from_reports(AdvisoryDraft draft, const std::vector<Report>& reports);

// The line an advisory carries for a reporter: their name or handle, or "Anonymous".
std::string credit_line(const CreditChoice& choice);

// The reporter's credit on an advisory by the program's credit rules (see ReporterCredit).
ReporterCredit reporter_credit(const Report& report, CreditRole role, const Credit& rules);

// The refusals before publication: every report accepted (accepted, fixing, fixed), disclosed or
// closed (conflict "reports": a report still being evaluated is not published), and, when
// `strict`, no reporter credit still waiting for an agreement the program needs (conflict
// "credits[N]").
void check_publishable(const Advisory& advisory, const std::vector<Report>& reports, bool strict);

// The credits a publication carries: the team's as written, and each reporter's line when it is
// publishable and the program credits reporters in its advisories (credit.where names
// "advisory", or names no place at all), in the draft's order.
std::vector<PublishedCredit> credits_to_publish(const Advisory& advisory, const Credit& rules);

// The publishable reporters' lines of a finder or reporter credit, for the hall of fame, when the
// program keeps one (credit.where names "hall_of_fame").
std::vector<std::string> hall_of_fame_lines(const Advisory& advisory, const Credit& rules);

}  // namespace embargo::store
