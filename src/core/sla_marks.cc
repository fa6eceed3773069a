#include "core/sla_marks.h"

#include <chrono>

namespace embargo {

ClockUrgency clock_urgency(const Clock& clock, Time now) {
  if (clock.status == Clock::Status::overdue) return ClockUrgency::overdue;
  if (clock.status != Clock::Status::pending || !clock.due_at) return ClockUrgency::calm;
  auto left = *clock.due_at - now;
  if (left <= std::chrono::seconds(0)) return ClockUrgency::overdue;
  auto running = *clock.due_at - clock.started_at - std::chrono::seconds(clock.paused_seconds);
  if (left < std::chrono::hours(24) || left * 4 < running) return ClockUrgency::due_soon;
  return ClockUrgency::calm;
}

bool escalated_to_owners(const Report& report, std::span<const Clock> clocks, Time now) {
  if (!report.triage.handler.empty() || is_final(report.state)) return false;
  for (const auto& clock : clocks) {
    if (clock.kind == ClockKind::acknowledge) return clock.due_at && now > *clock.due_at;
  }
  return false;
}

}  // namespace embargo
