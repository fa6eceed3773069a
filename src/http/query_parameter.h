#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace embargo::http {

// The value of the query parameter `name` of a request target ("/path?a=1&b=2"), percent-decoded
// by Boost.URL; the first one when it is repeated; nullopt when it is absent or the target is
// not a valid origin form.
std::optional<std::string> query_parameter(std::string_view target, std::string_view name);

}  // namespace embargo::http
