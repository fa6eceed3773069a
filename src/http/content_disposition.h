#pragma once

#include <string>
#include <string_view>

namespace embargo::http {

// The Content-Disposition value (RFC 6266) that makes a browser save a stored file under its
// name instead of showing it: attachment; filename="...", the name in printable ASCII with
// quotes, backslashes, percent signs, control characters and every non-ASCII character replaced
// by '_'; and, when that changed the name, filename*=UTF-8''... (RFC 8187) with the name as it
// was, percent-encoded. The header value can thus never be broken out of, whatever the name.
std::string attachment_disposition(std::string_view file_name);

}  // namespace embargo::http
