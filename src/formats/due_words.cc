#include "formats/due_words.h"

namespace embargo::formats {
namespace {

std::string counted(std::int64_t n, const std::string& unit) {
  return std::to_string(n) + " " + unit + (n == 1 ? "" : "s");
}

}  // namespace

std::string span_words(std::chrono::seconds span) {
  using std::chrono::duration_cast;
  if (span < std::chrono::minutes(1)) return "less than a minute";
  if (span < std::chrono::hours(1)) {
    return counted(duration_cast<std::chrono::minutes>(span).count(), "minute");
  }
  if (span < std::chrono::hours(48)) {
    return counted(duration_cast<std::chrono::hours>(span).count(), "hour");
  }
  return counted(duration_cast<std::chrono::days>(span).count(), "day");
}

std::string due_words(Time due_at, Time now) {
  if (now > due_at) return "overdue by " + span_words(now - due_at);
  return "due in " + span_words(due_at - now);
}

DueMark due_mark(std::optional<Time> due_at, Time now) {
  if (!due_at) return DueMark::none;
  if (*due_at < now) return DueMark::overdue;
  if (*due_at - now < std::chrono::hours(24)) return DueMark::soon;
  return DueMark::later;
}

std::string_view to_string(DueMark mark) {
  switch (mark) {
    case DueMark::overdue:
      return "overdue";
    case DueMark::soon:
      return "due-soon";
    case DueMark::later:
      return "due-later";
    case DueMark::none:
      break;
  }
  return "";
}

std::string_view clock_title(ClockKind kind) {
  switch (kind) {
    case ClockKind::acknowledge:
      return "Acknowledge";
    case ClockKind::triage:
      return "Triage";
    case ClockKind::status_update:
      return "Status update";
    case ClockKind::resolution:
      return "Resolution";
    case ClockKind::disclosure:
      return "Disclosure";
  }
  return "Promise";
}

std::string clock_standing(const Clock& clock, Time now) {
  switch (clock.status) {
    case Clock::Status::pending:
    case Clock::Status::overdue:
      if (!clock.due_at) break;
      return due_words(*clock.due_at, now);
    case Clock::Status::paused:
      return "paused while waiting on the reporter";
    case Clock::Status::met:
      return "met";
    case Clock::Status::missed:
      return "missed";
    case Clock::Status::stopped:
      return "no longer applies: the report is closed";
  }
  return "running";
}

}  // namespace embargo::formats
