// The team's words for a report's state, as the desk shows it ("Waiting on the reporter", not
// "needs_info"); the reporter's are describe_for_reporter (core/state.h). The API keeps the codes.
#pragma once

#include <string_view>

#include "core/state.h"

namespace embargo::formats {

std::string_view state_title(State state);

}  // namespace embargo::formats
