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
      if (now > *clock.due_at) return "overdue by " + span_words(now - *clock.due_at);
      return "due in " + span_words(*clock.due_at - now);
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
