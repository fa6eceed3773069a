#include "store/sql/queue_sql.h"

#include "store/sql/report_rows.h"

namespace embargo::store::sql {
namespace {

// What a statement reads: a page shows the program's slug and the handler's email, so it joins
// them; counts need neither, so they read only an index of reports.
enum class Purpose { page, counts };

// The values of the JSON array of strings in parameter ?N, as a subquery's rows.
std::string json_values(Dialect dialect, int n) {
  return dialect == Dialect::postgres
             ? "SELECT json_array_elements_text(CAST(?" + std::to_string(n) + " AS json))"
             : "SELECT value FROM json_each(?" + std::to_string(n) + ")";
}

// PostgreSQL's search of parameter ?1 in the generated column reports.search.
constexpr const char* kPostgresMatch = "r.search @@ plainto_tsquery('simple', ?1)";

// `index`, when given, is the one index SQLite must read the reports through (PostgreSQL plans
// from its statistics and takes no hints).
std::string from_and_where(const QueueShape& shape, Purpose purpose, Dialect dialect,
                           const std::string& index = "") {
  bool page = purpose == Purpose::page;
  bool sqlite = dialect == Dialect::sqlite;
  // A search reads the reports its words find, then each one's row: CROSS JOIN keeps that order,
  // so SQLite never walks another index (a program's, a handler's, the overdue range) and runs
  // the full-text match once per report it meets there.
  std::string sql = shape.search && sqlite
                        ? " FROM reports_fts CROSS JOIN reports r ON r.key = reports_fts.rowid"
                        : " FROM reports r";
  if (!index.empty() && sqlite) sql += " INDEXED BY " + index;
  if (page) sql += " JOIN programs p ON p.key = r.program LEFT JOIN users h ON h.key = r.handler";
  if (shape.search) {
    sql += sqlite ? " WHERE reports_fts MATCH ?1" : std::string(" WHERE ") + kPostgresMatch;
  } else {
    sql += " WHERE true";
  }
  if (shape.visible == QueueShape::Visible::one) {
    // An equality, not a list of one: SQLite reads an IN list's rows and sorts them all, which
    // for one program's handler at a million reports was 88 ms instead of half a millisecond.
    sql += " AND r.program = (SELECT key FROM programs WHERE slug = ?2)";
  }
  if (shape.visible == QueueShape::Visible::several) {
    // Counts (of a search or a label) test the program of each report they read: an indexable
    // IN lets SQLite read the visible programs' range instead when that is fewer.
    sql += page ? " AND +r.program IN" : " AND r.program IN";
    sql += " (SELECT key FROM programs WHERE slug IN (" + json_values(dialect, 2) + "))";
  }
  if (shape.program) sql += " AND r.program = ?3";
  if (page && shape.states) sql += " AND r.state IN (" + json_values(dialect, 4) + ")";
  if (page && shape.open) sql += " AND r.state NOT IN " + final_states_sql();
  if (shape.severity) sql += " AND r.severity = ?5";
  // Unassigned can be most reports (every one closed without an owner): counting them walks the
  // covering index rather than fetching each report's row from the index of handlers.
  if (shape.handler == QueueShape::Handler::none) {
    sql += page ? " AND r.handler IS NULL" : " AND +r.handler IS NULL";
  }
  if (shape.handler == QueueShape::Handler::email) {
    sql += " AND r.handler = (SELECT key FROM users WHERE email = ?6)";
  }
  if (shape.label) sql += " AND r.key IN (SELECT report FROM report_labels WHERE label = ?7)";
  if (shape.overdue) sql += " AND r.due_order < ?8";
  return sql;
}

// The tallies know each report's program, state, severity, handler and whether a clock runs
// for it, not its words or labels.
bool counted_by_tallies(const QueueShape& shape) { return !shape.search && !shape.label; }

// The conditions on report_tallies that keep the shape's programs, severity and handler.
std::string tally_filters(const QueueShape& shape, Dialect dialect) {
  std::string sql;
  if (shape.visible == QueueShape::Visible::one) {
    sql += " AND program = (SELECT key FROM programs WHERE slug = ?2)";
  }
  if (shape.visible == QueueShape::Visible::several) {
    sql += " AND program IN (SELECT key FROM programs WHERE slug IN (" + json_values(dialect, 2) +
           "))";
  }
  if (shape.program) sql += " AND program = ?3";
  if (shape.severity) sql += " AND severity = ?5";
  if (shape.handler == QueueShape::Handler::none) sql += " AND handler = 0";
  if (shape.handler == QueueShape::Handler::email) {
    sql += " AND handler = (SELECT key FROM users WHERE email = ?6)";
  }
  return sql;
}

// Overdue reports by state: a report becomes overdue by the clock, not by a write, so the
// tallies cannot hold them; they are the timed reports (those with a due time) less those not
// yet due (the open reports still on time, as many as the open queue, not the store) counted
// from the index of timed reports by due time, which carries every column the filters test.
// Named, because without ANALYZE's statistics SQLite would rather walk a whole program's index.
std::string overdue_count_sql(const QueueShape& shape, Dialect dialect) {
  QueueShape not_yet_due = shape;
  not_yet_due.overdue = false;
  return "SELECT state, sum(reports) FROM (SELECT state, reports FROM report_tallies"
         " WHERE timed = 1" +
         tally_filters(shape, dialect) + " UNION ALL SELECT r.state, -count(*)" +
         from_and_where(not_yet_due, Purpose::counts, dialect, "reports_timed_by_due") +
         " AND r.due_at >= ?8 GROUP BY r.state) AS counted GROUP BY state"
         " HAVING sum(reports) > 0";
}

// The CASE that ranks severities, most severe first; the ORDER BY and the cursor's condition
// spell it out, since PostgreSQL does not let a WHERE clause name a column of the SELECT.
constexpr const char* kSeverityRank =
    "CASE r.severity WHEN 'critical' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2"
    " WHEN 'low' THEN 3 ELSE 4 END";

// The relevance of a report to the search, lower first: FTS5's bm25, or PostgreSQL's ts_rank
// negated (in double precision, so that a cursor's value compares equal to the row's).
std::string score_sql(Dialect dialect) {
  return dialect == Dialect::postgres
             ? "-CAST(ts_rank(r.search, plainto_tsquery('simple', ?1)) AS double precision)"
             : "bm25(reports_fts)";
}

// The matching text around the first match, matches between [ and ].
std::string snippet_sql(Dialect dialect) {
  return dialect == Dialect::postgres
             ? "ts_headline('simple', concat_ws(' ', r.title, CAST(r.fields AS json) ->>"
               " 'description', CAST(r.fields AS json) ->> 'impact', CAST(r.fields AS json) ->>"
               " 'steps_to_reproduce', CAST(r.fields AS json) ->> 'affected_component'),"
               " plainto_tsquery('simple', ?1), 'StartSel=[, StopSel=], MaxWords=12,"
               " MinWords=4, MaxFragments=1, FragmentDelimiter=…')"
             : "snippet(reports_fts, -1, '[', ']', '…', 12)";
}

}  // namespace

std::string queue_page_sql(const QueueShape& shape, Dialect dialect) {
  std::string sql =
      "SELECT r.public_id, p.slug, r.state, r.title, r.severity, r.received_at, r.key";
  sql += shape.search ? ", " + score_sql(dialect) + " AS score, " + snippet_sql(dialect)
                      : ", 0 AS score, ''";
  sql += dialect == Dialect::postgres
             ? ", r.due_at, r.due_clock, h.email, (SELECT coalesce(json_agg(label), '[]')"
               " FROM report_labels WHERE report = r.key)"
             : ", r.due_at, r.due_clock, h.email, (SELECT json_group_array(label)"
               " FROM report_labels WHERE report = r.key)";
  sql += ", r.due_order, r.updated_at, r.reporter_replied_at IS NOT NULL, ";
  sql += std::string(kSeverityRank) + " AS severity_rank";
  sql += from_and_where(shape, Purpose::page, dialect);
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
      if (shape.after) sql += " AND (" + score_sql(dialect) + ", r.key) > (?9, ?10)";
      sql += " ORDER BY score, r.key";
      break;
    case ReportOrder::severity:
      if (shape.after) {
        sql += " AND (" + std::string(kSeverityRank) + ", r.received_at, r.key) > (?9, ?10, ?11)";
      }
      sql += " ORDER BY severity_rank, r.received_at, r.key";
      break;
    case ReportOrder::updated:
      if (shape.after) sql += " AND (r.updated_at, r.key) < (?9, ?10)";
      sql += " ORDER BY r.updated_at DESC, r.key DESC";
      break;
  }
  return sql + " LIMIT ?12";
}

std::string queue_count_sql(const QueueShape& shape, Dialect dialect) {
  if (!counted_by_tallies(shape)) {
    return "SELECT r.state, count(*)" + from_and_where(shape, Purpose::counts, dialect) +
           " GROUP BY r.state";
  }
  if (shape.overdue) return overdue_count_sql(shape, dialect);
  return "SELECT state, sum(reports) FROM report_tallies WHERE true" +
         tally_filters(shape, dialect) + " GROUP BY state HAVING sum(reports) > 0";
}

}  // namespace embargo::store::sql
