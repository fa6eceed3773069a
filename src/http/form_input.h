// What a browser sent in a form, kept so that a form shown again loses nothing, with the
// problems found in it: what every page with a form (the report form, the thread, the desk)
// renders a refused post with.
#pragma once

#include <map>
#include <string>
#include <string_view>

namespace embargo::http {

// The values typed, by field name, and the problems, each under the field it belongs to
// ("description", "credit", "consent", "attachments", "cvss_vector"; "form" for the whole form).
struct FormInput {
  std::map<std::string, std::string, std::less<>> values;
  std::map<std::string, std::string, std::less<>> errors;
};

// The value typed in field `name`, or `fallback` when the form did not send it.
std::string value_or(const FormInput& input, std::string_view name, const std::string& fallback);

}  // namespace embargo::http
