// What the desk's report page and the reporter's page show of the work on the fix: the expected
// fix date with its evaluation and every move, and the requests to verify the fix with their
// answers (docs/report-lifecycle.md, "The fix").
#pragma once

#include "core/policy.h"
#include "core/report.h"
#include "http/form_input.h"
#include "http/templates.h"

namespace embargo::http {

// Sets "expected_fix" (fix_on, evaluation, set_at) and "expected_fix_moves" (each earlier date
// with why it moved), "verifications" (the requests with their answers) and, while one waits,
// "open_verification" (fixed_in, asked_at). Times are in `calendar`'s zone: the program's on the
// desk, its published_calendar on the reporter's page.
void add_fix_work(TemplateData& page, const Report& report, const Calendar& calendar);

// The desk's forms (for a caller who may triage): the expected date (`input` keeps a refused
// one's values under fix_on, evaluation, reason; errors under "expected_fix"), and, when the
// policy invites reporters to verify and the report is being fixed or fixed with no request
// waiting, the verification request (values fixed_in, verification_body; errors under
// "verification").
void add_fix_work_forms(TemplateData& page, const Report& report, const Policy& policy,
                        const FormInput& input);

}  // namespace embargo::http
