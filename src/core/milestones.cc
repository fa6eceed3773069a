#include "core/milestones.h"

namespace embargo {

std::optional<Time> acknowledged_at(const Report& report) {
  for (const auto& t : report.history) {
    if (t.actor == Actor::team) return t.at;
  }
  return std::nullopt;
}

std::optional<Time> triaged_at(const Report& report) {
  for (const auto& t : report.history) {
    bool decided = t.to == State::triaged || t.to == State::accepted || t.to == State::fixing ||
                   t.to == State::fixed || t.to == State::disclosed ||
                   (is_closed(t.to) && t.to != State::withdrawn);
    if (decided) return t.at;
  }
  return std::nullopt;
}

std::optional<Time> fixed_at(const Report& report) {
  std::optional<Time> at;
  for (const auto& t : report.history) {
    if (t.to == State::fixed) at = t.at;
    if (t.from == State::fixed && t.to == State::fixing) at.reset();
  }
  return at;
}

}  // namespace embargo
