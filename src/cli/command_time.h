// The time source of one run of `embargo`: made here, where main's commands start, and passed
// down to the store (and through it to pages, jobs and announcers).
#pragma once

#include "core/time_source.h"

namespace embargo::cli {

// The system's time; or, when the environment variable EMBARGO_TEST_CLOCK names a file, the
// system's time moved by the whole seconds that file holds ("3600" is an hour ahead, a missing
// or unreadable file moves nothing). The test suite moves a server and the commands it runs
// forward together this way, instead of sleeping until the time has passed.
const TimeSource& command_time();

}  // namespace embargo::cli
