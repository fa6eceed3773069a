// The SLA clocks of a report as the team reads them at a glance: how long until a promise is due,
// or how long ago it was broken ("due in 3 hours", "overdue by 2 days"), rather than the
// reporter's sentences with local dates (clock_words.h).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "core/sla.h"
#include "core/time.h"

namespace embargo::formats {

// A length of time rounded down to its largest sensible unit: "less than a minute", "1 minute",
// "45 minutes", "1 hour", "47 hours", "2 days". Up to two days count in hours, so that a
// 48-hour promise reads in the unit it was made in.
std::string span_words(std::chrono::seconds span);

// The name of a promise on the desk: "Acknowledge", "Triage", "Status update", "Resolution",
// "Disclosure".
std::string_view clock_title(ClockKind kind);

// Where one clock stands at `now`: "due in 3 hours", "overdue by 2 days", "met", "missed",
// "paused while waiting on the reporter", "no longer applies: the report is closed".
std::string clock_standing(const Clock& clock, Time now);

}  // namespace embargo::formats
