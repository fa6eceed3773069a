#include "core/dashboard_period.h"

#include <cstdio>

#include "core/error.h"
#include "core/utf8.h"

namespace embargo {
namespace {

// The same day `months` earlier, or that month's last day when the day does not exist in it
// (31 May less 3 months is 28 or 29 February).
date::local_days months_before(date::local_days day, int months) {
  date::year_month_day ymd{day};
  date::year_month earlier = ymd.year() / ymd.month() - date::months(months);
  date::year_month_day_last last{earlier / date::last};
  return date::local_days{ymd.day() > last.day() ? date::year_month_day{last}
                                                 : earlier / ymd.day()};
}

bool digits(std::string_view text) {
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

date::local_days parse_period_date(std::string_view text, const std::string& field) {
  auto refuse = [&] {
    // What was typed is repeated when it is short, readable text.
    std::string shown = text.size() <= 40 && !invalid_utf8_at(text) ? "'" + std::string(text) + "'"
                                                                    : std::string("the text given");
    return invalid(field,
                   field + ": " + shown + " is not a date like 2026-03-31 (between 1970 and 9999)");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-' || !digits(text.substr(0, 4)) ||
      !digits(text.substr(5, 2)) || !digits(text.substr(8, 2))) {
    throw refuse();
  }
  int year = std::stoi(std::string(text.substr(0, 4)));
  auto month = static_cast<unsigned>(std::stoi(std::string(text.substr(5, 2))));
  auto day = static_cast<unsigned>(std::stoi(std::string(text.substr(8, 2))));
  date::year_month_day ymd{date::year{year}, date::month{month}, date::day{day}};
  if (!ymd.ok() || year < 1970) throw refuse();
  return date::local_days{ymd};
}

std::string format_period_date(date::local_days day) {
  date::year_month_day ymd{day};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return text;
}

date::local_days local_date(Time t, const BusinessCalendar& calendar) {
  return date::floor<date::days>(calendar.to_local(t));
}

PeriodDays preset_days(PeriodPreset preset, date::local_days today) {
  switch (preset) {
    case PeriodPreset::last_30_days:
      return {today - date::days(29), today};
    case PeriodPreset::last_quarter:
      return {months_before(today, 3) + date::days(1), today};
    case PeriodPreset::last_year:
      return {months_before(today, 12) + date::days(1), today};
  }
  return {today, today};
}

Period period_of(const PeriodDays& days, const BusinessCalendar& calendar) {
  if (days.last < days.first) {
    throw invalid("to", "to: the last day (" + format_period_date(days.last) +
                            ") is before the first (" + format_period_date(days.first) + ")");
  }
  auto length = (days.last - days.first).count() + 1;
  if (length > kMaxPeriodDays) {
    throw invalid("period", "period: " + std::to_string(length) +
                                " days is longer than a dashboard covers (at most five years, " +
                                std::to_string(kMaxPeriodDays) + " days)");
  }
  return {calendar.to_instant(date::local_seconds{days.first}),
          calendar.to_instant(date::local_seconds{days.last + date::days(1)})};
}

}  // namespace embargo
