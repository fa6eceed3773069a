#include "store/sql/due_rows.h"

#include <vector>

#include "store/sql/report_rows.h"

namespace embargo::store::sql {

std::optional<NextDue> next_due(const Report& report, const Policy& policy, Time now) {
  std::optional<NextDue> next;
  for (const auto& clock : evaluate_clocks(report, policy, now)) {
    bool running = clock.status == Clock::Status::pending || clock.status == Clock::Status::overdue;
    if (!running || !clock.due_at) continue;
    if (!next || *clock.due_at < next->at) next = NextDue{*clock.due_at, clock.kind};
  }
  return next;
}

void store_due(Connection& db, const Report& report, const Policy& policy, Time at) {
  auto next = next_due(report, policy, at);
  auto q = db.query("UPDATE reports SET due_at = ?1, due_clock = ?2 WHERE key = ?3");
  if (next) {
    q.bind(1, to_seconds(next->at)).bind(2, to_string(next->clock));
  }
  q.bind(3, report.key).run();
}

void refresh_program_due(Connection& db, std::int64_t program, const Policy& policy, Time at) {
  std::vector<std::int64_t> keys;
  {
    auto q = db.query("SELECT key FROM reports WHERE program = ?1 AND state NOT IN " +
                      final_states_sql());
    q.bind(1, program);
    while (q.step()) keys.push_back(q.integer(0));
  }
  for (std::int64_t key : keys) {
    if (auto report = load_report(db, key)) store_due(db, *report, policy, at);
  }
}

}  // namespace embargo::store::sql
