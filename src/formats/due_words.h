// How near a promised deadline is, said for a queue row or a clock on the desk: marked in words
// (never by colour alone), so that what is overdue or due soon stands out everywhere alike.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace embargo::formats {

// Overdue: past due. Soon: due within a day. Later: further away. None: nothing is due.
enum class DueMark { none, overdue, soon, later };
DueMark due_mark(std::optional<Time> due_at, Time now);
// "overdue", "due-soon", "due-later", "" (for CSS classes and filters).
std::string_view to_string(DueMark mark);

// A span in the two largest units that matter: "2 days 4 hours", "3 hours 5 minutes",
// "12 minutes", "less than a minute".
std::string span_words(std::chrono::seconds span);

// "due in 3 hours 5 minutes" or "overdue by 2 days 4 hours".
std::string due_words(Time due_at, Time now);

}  // namespace embargo::formats
