// JSON text as the API and the command line receive it, parsed by Boost.JSON (which also refuses
// text that is not UTF-8), with a syntax error's place given as a person finds it in an editor.
#pragma once

#include <boost/json/value.hpp>
#include <string_view>

namespace embargo::formats {

// Throws Refusal invalid, field "body": "malformed JSON at line 3, column 14: ...".
boost::json::value parse_json_text(std::string_view text);

}  // namespace embargo::formats
