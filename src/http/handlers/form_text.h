// Text as browsers send it in forms, made into what the store keeps: the helpers every page
// handler that reads a form shares.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "http/handlers/desk_routes.h"
#include "http/handlers/report_form_data.h"

namespace embargo::http {

// Browsers send a textarea's line breaks as CRLF; the store keeps LF.
std::string unix_lines(std::string text);

// `text` without the spaces, tabs and line breaks around it.
std::string trimmed(std::string_view text);

// The non-blank pieces of `text` between any of the `separators`, trimmed.
std::vector<std::string> pieces(std::string_view text, std::string_view separators);

// A desk form's text fields by name (the CSRF token left out), so that a refused form is shown
// again with what was typed.
FormInput input_of(const DeskContext& c);

}  // namespace embargo::http
