// The forms of the desk's report page, for a caller who may triage: write a note or a reply,
// move the report through the state table, and change its triage. Each shows what was refused
// beside its field (FormInput errors) and keeps what the member typed.
#pragma once

#include "http/desk/report_page_data.h"
#include "http/form_input.h"
#include "http/templates.h"

namespace embargo::http {

// The message box: an internal note by default, a reply to the reporter only with the
// confirmation ticked; the program's canned responses to insert; files as the policy allows.
void add_message_form(TemplateData& page, const ReportView& view, const FormInput& input);

// The states the table lets the team move the report to from where it is, each saying whether
// it needs a reason and whether the reporter reads that reason.
void add_transition_form(TemplateData& page, const ReportView& view, const FormInput& input);

// CVSS vector with its score, severity, CWE, affected and fixed versions (each affected entry
// marked supported or not by the program's table), handler and backup, labels.
void add_triage_form(TemplateData& page, const ReportView& view, const FormInput& input);

}  // namespace embargo::http
