// The data of the desk's advisory pages: a program's advisories, and one advisory with its
// editor, its reporters' credit lines, its schedule and, once published, what was published.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/policy.h"
#include "http/desk_routes.h"
#include "http/form_input.h"
#include "http/templates.h"

namespace embargo::http {

// The path of an advisory's desk page.
std::string advisory_desk_path(const Site& site, const std::string& id);

// What the advisory page shows, read by the handler once the caller may read the program.
struct AdvisoryView {
  Advisory advisory;
  Policy policy;
  std::optional<PublishedAdvisory> published;  // the latest public revision
  bool may_edit = false;                       // triage
  bool may_publish = false;                    // publish: the program's owners
};

// /desk/advisories/{id}. `input` holds a refused form's fields and the problem, under "form"
// (the editor) or the action's name ("schedule", "withdraw", "publish", "review").
TemplateData advisory_desk_page_data(const DeskContext& context, const AdvisoryView& view,
                                     const FormInput& input, Time now);

// /desk/programs/{slug}/advisories: every advisory of the program, newest first.
TemplateData advisory_list_page_data(const DeskContext& context, const Policy& policy,
                                     const std::vector<Advisory>& advisories);

}  // namespace embargo::http
