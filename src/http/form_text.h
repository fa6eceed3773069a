// Text as browsers send it in forms, made into what the store keeps: the helpers every page
// handler that reads a form shares.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/text.h"
#include "http/desk_routes.h"
#include "http/form_input.h"

namespace embargo::http {

// The non-blank pieces of `text` between any of the `separators`, trimmed.
std::vector<std::string> pieces(std::string_view text, std::string_view separators);

// A desk form's text fields by name (the CSRF token left out), so that a refused form is shown
// again with what was typed.
FormInput input_of(const DeskContext& c);

}  // namespace embargo::http
