// The SLA clocks of one report said in words, for the reporter's receipt and thread: when each
// promise is due, in the program's own time zone, and whether it was kept.
#pragma once

#include <string>

#include "core/policy.h"
#include "core/sla.h"
#include "core/time.h"

namespace embargo::formats {

// "Tue 1 Dec 2026, 14:05 (Europe/Amsterdam)": a time as the program's team reads its clock.
std::string local_time_words(Time t, const Calendar& calendar);

// One clock as a sentence: "Acknowledgement due by Tue 1 Dec 2026, 14:05 (UTC).",
// "Acknowledgement: done Tue 1 Dec 2026, 10:00 (UTC), on time.", "Triage: paused while the
// team waits for your answer."
std::string clock_sentence(const Clock& clock, const Calendar& calendar);

}  // namespace embargo::formats
