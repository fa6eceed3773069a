#pragma once

#include <date/date.h>

#include <string>
#include <string_view>

#include "core/calendar.h"
#include "core/metrics.h"
#include "core/time.h"

namespace embargo {

// The days a dashboard's period chooser names, as a person reads "1 to 31 March": local dates
// of the program's calendar, both included.
struct PeriodDays {
  date::local_days first;
  date::local_days last;
};

// The chooser's ready-made periods, each ending today.
enum class PeriodPreset { last_30_days, last_quarter, last_year };

// The longest period a dashboard covers: five years of days, two of them leap years.
inline constexpr int kMaxPeriodDays = 5 * 365 + 2;

// A date written "2026-03-31", between the years 1970 and 9999. Throws Refusal naming `field`
// for anything else (a missing day, 2026-02-30, a time).
date::local_days parse_period_date(std::string_view text, const std::string& field);
// "2026-03-31".
std::string format_period_date(date::local_days day);

// The local date of `t` in the calendar's time zone.
date::local_days local_date(Time t, const BusinessCalendar& calendar);

// The preset's days ending with `today`: today and the 29 days before; or from the day after
// the same date 3 (12) months earlier (the month's last day when that date does not exist).
PeriodDays preset_days(PeriodPreset preset, date::local_days today);

// The instants the days stand for: from the local midnight that begins `first` to the one that
// ends `last`. Throws Refusal (field "to") when `last` is before `first`, (field "period") when
// the days are more than kMaxPeriodDays.
Period period_of(const PeriodDays& days, const BusinessCalendar& calendar);

}  // namespace embargo
