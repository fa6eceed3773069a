#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_box.h"

namespace embargo::jobs {

// The address a report's mails ask to be answered at: the mailbox's local part, "+r.", the
// report id in lower case, "." and a tag of it under the instance key
// ("security+r.pykour-2026-0007.3f9a0c1d2e4b5a6f7081@example.org"). The tag makes it
// unforgeable: only someone who received a mail about the report can write to its thread.
std::string reply_address(std::string_view mailbox, std::string_view report_id,
                          const auth::SecretBox& key);

// The report id (upper case) a reply address names when its tag is right; nullopt for any other
// address.
std::optional<std::string> report_of_reply_address(std::string_view address,
                                                   const auth::SecretBox& key);

}  // namespace embargo::jobs
