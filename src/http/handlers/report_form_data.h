// The data the report form is rendered with: the fields the program's policy asks for, in its
// words, with what the reporter typed and what was wrong with it beside each field.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>

#include "core/policy.h"
#include "http/site.h"
#include "http/templates.h"

namespace embargo::http {

// What a reporter sent, kept so that a form shown again loses nothing, and the problems found,
// each under the form field it belongs to ("description", "credit", "consent", "attachments",
// "cvss_vector"; "form" for the whole form).
struct FormInput {
  std::map<std::string, std::string, std::less<>> values;
  std::map<std::string, std::string, std::less<>> errors;
};

// The report form of `policy`; `csrf` is the browser's token for the hidden field.
TemplateData report_form_page_data(const Policy& policy, const Site& site, const FormInput& input,
                                   const std::string& csrf);

// What a CVSS vector scores, as every form shows it beside the vector: "9.3 critical (CVSS-B)";
// nullopt, with *problem saying why, when it does not score.
std::optional<std::string> cvss_score_words(const std::string& vector, std::string* problem);

// The CWE ids of view 1003 ("CWE-79", with the weakness's name), for a datalist that lets a
// CWE field be searched by name and still take any id typed.
kainjow::mustache::list cwe_suggestions();

}  // namespace embargo::http
