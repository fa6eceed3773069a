#pragma once

#include <string_view>

namespace embargo {

// A plausible mailbox address: one '@', a non-empty local part, a dotted domain with no spaces
// or control characters, at most 254 bytes. Deliverability is for the mail system to find out;
// this only keeps obvious mistakes out of policies, reports and accounts.
bool is_valid_email(std::string_view address);

}  // namespace embargo
