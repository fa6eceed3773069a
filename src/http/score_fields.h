// What the forms that take a CVSS vector or a CWE id show beside them, on the report form and on
// the desk alike.
#pragma once

#include <optional>
#include <string>

#include "http/templates.h"

namespace embargo::http {

// What a CVSS vector scores, as every form shows it beside the vector: "9.3 critical (CVSS-B)";
// nullopt, with *problem saying why, when it does not score.
std::optional<std::string> cvss_score_words(const std::string& vector, std::string* problem);

// The CWE ids of view 1003 ("CWE-79", with the weakness's name), for a datalist that lets a
// CWE field be searched by name and still take any id typed.
kainjow::mustache::list cwe_suggestions();

}  // namespace embargo::http
