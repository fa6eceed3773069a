#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>

namespace embargo::jobs {

// The plain-text mail templates of web/templates/mail/ (NAME.txt), rendered without HTML
// escaping: a mail's text is shown as text, never as markup. Throws std::invalid_argument for
// an unknown name.
std::string render_mail_text(std::string_view name, const kainjow::mustache::data& data);

}  // namespace embargo::jobs
