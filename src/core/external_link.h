// Pykour asks for "the entirety of the report within the email body" and no external links. A
// link is one to another site: an address on loopback (localhost, 127.0.0.0/8, [::1]), in the
// ranges reserved for documentation (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24,
// 2001:db8::/32) or on a name reserved for examples and tests (example.com/.net/.org, .example,
// .test, .invalid, .localhost; RFC 2606, RFC 6761) is how reproduction steps name the reporter's
// own test setup.
#pragma once

#include <string_view>

namespace embargo {

// Whether `text` holds an http(s) address, or a bare "www." name, of another site.
bool links_to_another_site(std::string_view text);

}  // namespace embargo
