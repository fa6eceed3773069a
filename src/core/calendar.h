#pragma once

#include <date/tz.h>

#include <array>
#include <cstdint>
#include <set>

#include "core/duration.h"
#include "core/policy.h"
#include "core/time.h"

namespace embargo {

// A program's Calendar resolved once for arithmetic: its time zone, weekend days and holidays,
// and the rule for each duration unit of how much promised time passes between two instants.
// The unit's time is counted in seconds: elapsed seconds for hours, local wall-clock seconds for
// days, and local seconds that fall on business days for business days.
class BusinessCalendar {
 public:
  // Throws Refusal (field "calendar.time_zone", "calendar.weekend" or "calendar.holidays").
  explicit BusinessCalendar(const Calendar& calendar);

  date::local_seconds to_local(Time t) const;
  // The instant a local wall time names: the earlier of two when clocks go back, and, when
  // clocks go forward, the time shifted forward by the gap (02:30 in a 02:00-03:00 gap is 03:30).
  Time to_instant(date::local_seconds local) const;

  bool is_business_date(date::local_days day) const;

  // How much of the unit's time passes from `from` to `to` (0 when `to` is not later).
  std::int64_t measure(Time from, Time to, Duration::Unit unit) const;
  // The first instant at which `seconds` of the unit's time have passed since `from`.
  Time advance(Time from, std::int64_t seconds, Duration::Unit unit) const;

 private:
  std::int64_t business_seconds(date::local_seconds from, date::local_seconds to) const;
  date::local_seconds advance_business(date::local_seconds from, std::int64_t seconds) const;

  const date::time_zone* zone_ = nullptr;
  std::array<bool, 7> weekend_{};  // indexed by day of the week, 0 = Sunday
  std::set<date::local_days> holidays_;
};

// A duration's length in its unit's seconds (see BusinessCalendar); throws Refusal when negative.
std::int64_t unit_seconds(const Duration& d);

}  // namespace embargo
