#include "formats/clock_words.h"

#include <date/tz.h>

#include "core/calendar.h"

namespace embargo::formats {
namespace {

std::string promise_name(ClockKind kind) {
  switch (kind) {
    case ClockKind::acknowledge:
      return "Acknowledgement";
    case ClockKind::triage:
      return "Evaluation of your report";
    case ClockKind::status_update:
      return "Next status update";
    case ClockKind::resolution:
      return "Resolution";
    case ClockKind::disclosure:
      return "Public disclosure";
  }
  return "Promise";
}

}  // namespace

std::string local_time_words(Time t, const Calendar& calendar) {
  BusinessCalendar resolved(calendar);
  date::local_seconds local = resolved.to_local(t);
  date::year_month_day day{date::floor<date::days>(local)};
  return date::format("%a ", local) + std::to_string(static_cast<unsigned>(day.day())) +
         date::format(" %b %Y, %H:%M", local) + " (" + calendar.time_zone + ")";
}

std::string clock_sentence(const Clock& clock, const Calendar& calendar) {
  std::string name = promise_name(clock.kind);
  auto at = [&](const std::optional<Time>& t) {
    return t ? local_time_words(*t, calendar) : std::string("an unknown time");
  };
  switch (clock.status) {
    case Clock::Status::pending:
      return name + " due by " + at(clock.due_at) + ".";
    case Clock::Status::overdue:
      return name + " was due by " + at(clock.due_at) + " and is late.";
    case Clock::Status::paused:
      return name + ": paused while the team waits for your answer.";
    case Clock::Status::met:
      return name + ": done " + at(clock.done_at) + ", on time.";
    case Clock::Status::missed:
      return name + ": done " + at(clock.done_at) + ", later than promised.";
    case Clock::Status::stopped:
      return name + ": no longer applies, the report is closed.";
  }
  return name + ".";
}

}  // namespace embargo::formats
