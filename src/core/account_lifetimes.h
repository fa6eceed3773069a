// How long a team member's sign-in and an invitation to the team last, unless the server is
// started with other session limits (`embargo serve
// --session-idle-minutes/--session-lifetime-hours`). One place for the rule the sign-in pages, the
// API, the store and the command line share.
#pragma once

#include <chrono>

namespace embargo {

// A signed-in browser is signed out after this long without a request...
inline constexpr std::chrono::hours kDefaultSessionIdle{12};
// ...and after this long in any case.
inline constexpr std::chrono::hours kDefaultSessionLifetime{24 * 7};
// An invitation link works this long: long enough to be read after a weekend.
inline constexpr std::chrono::hours kInvitationValidity{24 * 7};

}  // namespace embargo
