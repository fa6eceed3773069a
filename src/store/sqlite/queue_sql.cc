#include "store/sqlite/queue_sql.h"

#include "store/sqlite/report_rows.h"

namespace embargo::store::sqlite {
namespace {

std::string from_and_where(const QueueShape& shape, bool with_states) {
  std::string sql;
  if (shape.search) {
    sql =
        " FROM reports_fts JOIN reports r ON r.key = reports_fts.rowid"
        " JOIN programs p ON p.key = r.program LEFT JOIN users h ON h.key = r.handler"
        " WHERE reports_fts MATCH ?1";
  } else {
    sql =
        " FROM reports r JOIN programs p ON p.key = r.program"
        " LEFT JOIN users h ON h.key = r.handler WHERE 1";
  }
  if (shape.visible != QueueShape::Visible::all) {
    sql += shape.visible == QueueShape::Visible::one ? " AND r.program IN" : " AND +r.program IN";
    sql += " (SELECT key FROM programs WHERE slug IN (SELECT value FROM json_each(?2)))";
  }
  if (shape.program) sql += " AND r.program = ?3";
  if (with_states && shape.states) sql += " AND r.state IN (SELECT value FROM json_each(?4))";
  if (with_states && shape.open) sql += " AND r.state NOT IN " + final_states_sql();
  if (shape.severity) sql += " AND r.severity = ?5";
  if (shape.handler == QueueShape::Handler::none) sql += " AND r.handler IS NULL";
  if (shape.handler == QueueShape::Handler::email) {
    sql += " AND r.handler = (SELECT key FROM users WHERE email = ?6)";
  }
  if (shape.label) sql += " AND r.key IN (SELECT report FROM report_labels WHERE label = ?7)";
  if (shape.overdue) sql += " AND r.due_order < ?8";
  return sql;
}

}  // namespace

std::string queue_page_sql(const QueueShape& shape) {
  std::string sql =
      "SELECT r.public_id, p.slug, r.state, r.title, r.severity, r.received_at, r.key";
  sql += shape.search ? ", bm25(reports_fts) AS score, snippet(reports_fts, -1, '[', ']', '…', 12)"
                      : ", 0 AS score, ''";
  sql +=
      ", r.due_at, r.due_clock, h.email, (SELECT json_group_array(label) FROM report_labels"
      " WHERE report = r.key), r.due_order";
  sql += from_and_where(shape, true);
  switch (shape.order) {
    case ReportOrder::due:
      if (shape.after) sql += " AND (r.due_order, r.received_at, r.key) > (?9, ?10, ?11)";
      sql += " ORDER BY r.due_order, r.received_at, r.key";
      break;
    case ReportOrder::received:
      if (shape.after) sql += " AND (r.received_at, r.key) < (?9, ?10)";
      sql += " ORDER BY r.received_at DESC, r.key DESC";
      break;
    case ReportOrder::relevance:
      if (shape.after) sql += " AND (score, r.key) > (?9, ?10)";
      sql += " ORDER BY score, r.key";
      break;
  }
  return sql + " LIMIT ?12";
}

std::string queue_count_sql(const QueueShape& shape) {
  return "SELECT r.state, count(*)" + from_and_where(shape, false) + " GROUP BY r.state";
}

}  // namespace embargo::store::sqlite
