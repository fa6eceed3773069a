// The SLA clocks of a report as the team reads them at a glance: how long until a promise is due,
// or how long ago it was broken ("due in 3 hours", "overdue by 2 days"), rather than the
// reporter's sentences with local dates (clock_words.h).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "core/sla.h"
#include "core/time.h"

namespace embargo::formats {

// A length of time rounded down to its largest sensible unit: "less than a minute", "1 minute",
// "45 minutes", "1 hour", "47 hours", "2 days". Up to two days count in hours, so that a
// 48-hour promise reads in the unit it was made in.
std::string span_words(std::chrono::seconds span);

// "due in 3 hours" or "overdue by 2 days".
std::string due_words(Time due_at, Time now);

// How near a queue row's next deadline is, marked in words on the page (never by colour alone).
// Overdue: past due. Soon: due within a day (a report's own page also marks a clock with less
// than a quarter of its time left: core/sla_marks.h). Later: further away. None: nothing is due.
enum class DueMark { none, overdue, soon, later };
DueMark due_mark(std::optional<Time> due_at, Time now);
// "overdue", "due-soon", "due-later", "" (for CSS classes).
std::string_view to_string(DueMark mark);

// The name of a promise on the desk: "Acknowledge", "Triage", "Status update", "Resolution",
// "Disclosure".
std::string_view clock_title(ClockKind kind);

// Where one clock stands at `now`: "due in 3 hours", "overdue by 2 days", "met", "missed",
// "paused while waiting on the reporter", "no longer applies: the report is closed".
std::string clock_standing(const Clock& clock, Time now);

}  // namespace embargo::formats
