// The data the report form is rendered with: the fields the program's policy asks for, in its
// words, with what the reporter typed and what was wrong with it beside each field.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/policy.h"
#include "http/form_input.h"
#include "http/site.h"
#include "http/templates.h"

namespace embargo::http {

// The report form of `policy`; `csrf` is the browser's token for the hidden field.
TemplateData report_form_page_data(const Policy& policy, const Site& site, const FormInput& input,
                                   const std::string& csrf);

}  // namespace embargo::http
