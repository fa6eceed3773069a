#pragma once

#include <string>

#include "store/sql/connection.h"
#include "store/store.h"

namespace embargo::store::sql {

// Which filters a queue statement has, and how it is ordered: each combination is one plain
// statement (filters spelt out only when used), prepared once per connection, so that the
// engine plans each with the index that serves it. Parameters:
//   ?1 the search (SQLite: an FTS5 query; PostgreSQL: the words as typed), ?2 visible program slugs
//   (JSON array; the slug itself when there is one), ?3 program key, ?4 states (JSON array), ?5
//   severity, ?6 handler email, ?7 label, ?8 now (overdue), ?9-?11 the cursor, ?12 the row limit.
struct QueueShape {
  bool search = false;
  // Several visible programs are a residual filter on an ordered index: reading each program's
  // range and sorting all their rows costs more than walking the order until a page is full.
  enum class Visible { all, one, several } visible = Visible::all;
  bool program = false;
  bool states = false;
  bool open = false;  // not final, spelt as the partial indexes of open reports are
  bool severity = false;
  enum class Handler { any, none, email } handler = Handler::any;
  bool label = false;
  bool overdue = false;
  ReportOrder order = ReportOrder::received;
  bool after = false;
};

// One page (relevance: SQLite's bm25, PostgreSQL's ts_rank negated, lower first; the snippet is
// FTS5's, or ts_headline's of the searched fields, matches between [ and ]): columns public_id,
// slug, state, title, severity, received_at, key, score, snippet, due_at, due_clock, handler email,
// labels (JSON array), due_order.
std::string queue_page_sql(const QueueShape& shape, Dialect dialect);

// Counts by state (the shape's states, order and cursor are ignored): columns state, count. Read
// from report_tallies (a few rows per program, kept per write) when the filters are among those
// it knows (programs, severity, handler; overdue as the timed reports less those not yet due),
// else from every matching report.
std::string queue_count_sql(const QueueShape& shape, Dialect dialect);

}  // namespace embargo::store::sql
