#pragma once

#include <optional>

#include "core/time.h"

namespace embargo::auth {

// How long failed sign-ins lock an account, so that guessing a password online costs an
// attacker hours, not seconds, while a user who mistypes a few times is not stopped. `failures`
// counts the failures since the last successful sign-in, the one that just happened included.
// The first 5 attempts are always checked: failures 1 to 4 lock nothing, the 5th locks the
// account for 1 minute, each further one doubles that (6th: 2 minutes, 7th: 4, ...), up to 1
// hour from the 11th on. Returns now + that, or nullopt when nothing is locked.
std::optional<Time> sign_in_locked_until(int failures, Time now);

}  // namespace embargo::auth
