#include "store/sql/audit_rows.h"

#include "core/error.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {

void append_audit(Connection& db, const AuditEvent& event) {
  db.query(
        "INSERT INTO audit_events (at, actor, action, program, report, details)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, to_seconds(event.at))
      .bind(2, event.actor)
      .bind(3, event.action)
      .bind(4, event.program)
      .bind(5, event.report)
      .bind(6, event.details.empty() ? std::string("{}") : event.details)
      .run();
}

std::vector<AuditEvent> read_audit(Connection& db, const AuditQuery& query) {
  if (query.limit < 1 || query.limit > 1000) {
    throw invalid("limit", "limit must be between 1 and 1000, not " + std::to_string(query.limit));
  }
  // One statement per combination of filters, so that each is served by its own index.
  std::string sql =
      "SELECT seq, at, actor, action, program, report, details FROM audit_events WHERE seq > ?1";
  if (!query.program.empty()) sql += " AND program = ?2";
  if (!query.report.empty()) sql += " AND report = ?3";
  sql += query.newest_first ? " ORDER BY seq DESC LIMIT ?4" : " ORDER BY seq LIMIT ?4";
  auto q = db.query(sql);
  q.bind(1, query.after_seq);
  if (!query.program.empty()) q.bind(2, query.program);
  if (!query.report.empty()) q.bind(3, query.report);
  q.bind(4, query.limit);
  std::vector<AuditEvent> events;
  while (q.step()) {
    events.push_back({q.integer(0), from_seconds(q.integer(1)), q.text(2), q.text(3), q.text(4),
                      q.text(5), q.text(6)});
  }
  return events;
}

}  // namespace embargo::store::sql
