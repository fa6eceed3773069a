#include "core/error.h"
#include "store/sql/received_sql.h"
#include "store/sql/report_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

constexpr const char* kInPeriod =
    " WHERE r.program = ?1 AND r.received_at >= ?2 AND r.received_at < ?3";

}  // namespace

const std::string& received_reports_sql() {
  static const std::string sql =
      std::string(
          "SELECT r.key, r.public_id, r.state, r.severity, r.received_at, r.updated_at"
          " FROM reports r") +
      kInPeriod + " ORDER BY r.received_at, r.key";
  return sql;
}

const std::string& received_transitions_sql() {
  static const std::string sql = "SELECT t.report, " + transition_columns() +
                                 " FROM reports r JOIN transitions t ON t.report = r.key"
                                 " LEFT JOIN reports d ON d.key = t.duplicate_of" +
                                 kInPeriod + " ORDER BY r.received_at, r.key, t.key";
  return sql;
}

const std::string& received_replies_sql() {
  static const std::string sql =
      std::string("SELECT m.report, m.at FROM reports r JOIN messages m ON m.report = r.key") +
      kInPeriod +
      " AND m.author = 'team' AND m.internal = 0"
      " ORDER BY r.received_at, r.key, m.seq";
  return sql;
}

void SqlStore::each_received_report(const std::string& program, Time from, Time to,
                                    const std::function<void(const Report&)>& each) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto program_row = db->query("SELECT key FROM programs WHERE slug = ?1");
  program_row.bind(1, program);
  if (!program_row.step()) throw not_found("program", "there is no program '" + program + "'");
  std::int64_t program_key = program_row.integer(0);

  auto rows = db->query(received_reports_sql());
  auto transitions = db->query(received_transitions_sql());
  auto replies = db->query(received_replies_sql());
  for (Query* q : {&rows, &transitions, &replies}) {
    q->bind(1, program_key).bind(2, to_seconds(from)).bind(3, to_seconds(to));
  }
  // The three walk the same order, so a report's transitions and replies are the rows at the
  // head of theirs that name it.
  bool transition = transitions.step();
  bool reply = replies.step();
  while (rows.step()) {
    Report r;
    r.key = rows.integer(0);
    r.id = rows.text(1);
    r.program = program;
    r.submission.program = program;
    r.state = stored_state(rows.text(2));
    if (!rows.is_null(3)) r.severity = parse_severity(rows.text(3));
    r.received_at = from_seconds(rows.integer(4));
    r.updated_at = from_seconds(rows.integer(5));
    for (; transition && transitions.integer(0) == r.key; transition = transitions.step()) {
      r.history.push_back(transition_row(transitions, 1));
    }
    for (; reply && replies.integer(0) == r.key; reply = replies.step()) {
      r.reporter_updates.push_back(from_seconds(replies.integer(1)));
    }
    each(r);
  }
}

}  // namespace embargo::store::sql
