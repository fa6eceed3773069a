#include "core/calendar.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

#include "core/error.h"

namespace embargo {
namespace {

constexpr std::int64_t kSecondsPerHour = 3600;
constexpr std::int64_t kSecondsPerDay = 86400;

const date::time_zone* find_zone(const std::string& name) {
  try {
    return date::locate_zone(name);
  } catch (const std::runtime_error&) {
    throw invalid("calendar.time_zone", "calendar.time_zone: '" + name +
                                            "' is not an IANA time zone (e.g. Europe/Berlin)");
  }
}

date::local_days parse_holiday(const std::string& text) {
  date::year_month_day ymd{};
  std::istringstream in(text);
  in >> date::parse("%Y-%m-%d", ymd);
  if (text.size() != 10 || in.fail() || in.peek() != std::char_traits<char>::eof() || !ymd.ok()) {
    throw invalid("calendar.holidays",
                  "calendar.holidays: '" + text + "' is not a date like 2026-12-25");
  }
  return date::local_days{ymd};
}

}  // namespace

BusinessCalendar::BusinessCalendar(const Calendar& calendar)
    : zone_(find_zone(calendar.time_zone)) {
  for (int day : calendar.weekend) {
    if (day < 0 || day > 6) {
      throw invalid("calendar.weekend",
                    "calendar.weekend: " + std::to_string(day) +
                        " is not a day of the week (0 = Sunday .. 6 = Saturday)");
    }
    weekend_[static_cast<std::size_t>(day)] = true;
  }
  if (std::all_of(weekend_.begin(), weekend_.end(), [](bool off) { return off; })) {
    throw invalid("calendar.weekend", "calendar.weekend: every day of the week is a weekend day");
  }
  for (const auto& holiday : calendar.holidays) holidays_.insert(parse_holiday(holiday));
}

date::local_seconds BusinessCalendar::to_local(Time t) const { return zone_->to_local(t); }

Time BusinessCalendar::to_instant(date::local_seconds local) const {
  // `first` is the offset in force just before the local time: for an ambiguous time that is the
  // earlier instant, and for a time in a gap it reads the time with the offset before the gap.
  date::local_info info = zone_->get_info(local);
  return Time{local.time_since_epoch() - info.first.offset};
}

bool BusinessCalendar::is_business_date(date::local_days day) const {
  unsigned weekday = date::weekday{day}.c_encoding();
  return !weekend_[weekday] && !holidays_.contains(day);
}

std::int64_t BusinessCalendar::business_seconds(date::local_seconds from,
                                                date::local_seconds to) const {
  std::int64_t total = 0;
  for (auto day = date::floor<date::days>(from); day < to; day += date::days{1}) {
    if (!is_business_date(day)) continue;
    auto begin = std::max<date::local_seconds>(from, day);
    auto end = std::min<date::local_seconds>(to, day + date::days{1});
    total += (end - begin).count();
  }
  return total;
}

date::local_seconds BusinessCalendar::advance_business(date::local_seconds from,
                                                       std::int64_t seconds) const {
  if (seconds == 0) return from;
  date::local_seconds at = from;
  for (auto day = date::floor<date::days>(from);; day += date::days{1}) {
    if (!is_business_date(day)) continue;
    at = std::max<date::local_seconds>(at, day);
    std::int64_t left_in_day = (date::local_seconds{day + date::days{1}} - at).count();
    if (seconds <= left_in_day) return at + std::chrono::seconds{seconds};
    seconds -= left_in_day;
  }
}

std::int64_t BusinessCalendar::measure(Time from, Time to, Duration::Unit unit) const {
  if (to <= from) return 0;
  switch (unit) {
    case Duration::Unit::hours:
      return (to - from).count();
    case Duration::Unit::days:
      return std::max<std::int64_t>(0, (to_local(to) - to_local(from)).count());
    case Duration::Unit::business_days:
      return business_seconds(to_local(from), to_local(to));
  }
  return 0;
}

// Local arithmetic can land in the first pass of a repeated hour while `from` is in the second;
// time never runs backwards, so the answer is at least `from`.
Time BusinessCalendar::advance(Time from, std::int64_t seconds, Duration::Unit unit) const {
  switch (unit) {
    case Duration::Unit::hours:
      return from + std::chrono::seconds{seconds};
    case Duration::Unit::days:
      return std::max(from, to_instant(to_local(from) + std::chrono::seconds{seconds}));
    case Duration::Unit::business_days:
      return std::max(from, to_instant(advance_business(to_local(from), seconds)));
  }
  return from;
}

std::int64_t unit_seconds(const Duration& d) {
  if (d.amount < 0) {
    throw invalid("duration",
                  "a promised time cannot be negative (" + std::to_string(d.amount) + ")");
  }
  return d.amount * (d.unit == Duration::Unit::hours ? kSecondsPerHour : kSecondsPerDay);
}

}  // namespace embargo
