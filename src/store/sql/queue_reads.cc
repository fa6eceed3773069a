#include <algorithm>

#include "core/error.h"
#include "store/cursor.h"
#include "store/report_json.h"
#include "store/sql/queue_sql.h"
#include "store/sql/search_text.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

constexpr int kMaxPage = 500;

// A query checked and turned into its statement's shape and parameter values.
struct PreparedQueue {
  QueueShape shape;
  std::string match;
  std::string visible;  // the one visible program's slug, or a JSON array of several
  std::string states_json;
  std::optional<Cursor> after;
  bool nothing = false;  // no report can match (no visible program, no state left)
};

// The states a query asks for, as a JSON array; nullopt when any state will do.
std::optional<std::vector<std::string>> wanted_states(const ReportQuery& query) {
  if (query.states.empty() && !query.open_only) return std::nullopt;
  std::vector<std::string> names;
  for (State s : all_states()) {
    bool listed = query.states.empty() ||
                  std::find(query.states.begin(), query.states.end(), s) != query.states.end();
    if (listed && !(query.open_only && is_final(s))) names.emplace_back(to_string(s));
  }
  return names;
}

bool cursor_fits(const Cursor& cursor, ReportOrder order) {
  switch (order) {
    case ReportOrder::due:
      return std::holds_alternative<DueCursor>(cursor);
    case ReportOrder::received:
      return std::holds_alternative<TimeCursor>(cursor);
    case ReportOrder::relevance:
      return std::holds_alternative<ScoreCursor>(cursor);
    case ReportOrder::severity:
      return std::holds_alternative<SeverityCursor>(cursor);
    case ReportOrder::updated:
      return std::holds_alternative<UpdatedCursor>(cursor);
  }
  return false;
}

PreparedQueue prepare(const ReportQuery& query, bool paged) {
  PreparedQueue p;
  QueueShape& shape = p.shape;
  p.match = fts_query(query.text);
  shape.search = !p.match.empty();
  shape.order = query.order.value_or(shape.search ? ReportOrder::relevance : ReportOrder::received);
  if (shape.order == ReportOrder::relevance && !shape.search) {
    throw invalid("order", "order: relevance ranks the results of a search; give a text");
  }
  if (paged) {
    if (query.limit < 1 || query.limit > kMaxPage) {
      throw invalid("limit", "limit must be between 1 and " + std::to_string(kMaxPage) + ", not " +
                                 std::to_string(query.limit));
    }
    if (!query.after.empty()) {
      p.after = decode_cursor(query.after);
      if (!cursor_fits(*p.after, shape.order)) {
        throw invalid("after", "the cursor belongs to a different kind of list");
      }
      shape.after = true;
    }
    if (query.open_only && query.states.empty()) {
      shape.open = true;
    } else if (auto states = wanted_states(query)) {
      shape.states = true;
      p.states_json = strings_to_json(*states);
      if (states->empty()) p.nothing = true;
    }
  }
  if (query.visible) {
    shape.visible =
        query.visible->size() == 1 ? QueueShape::Visible::one : QueueShape::Visible::several;
    p.visible =
        query.visible->size() == 1 ? query.visible->front() : strings_to_json(*query.visible);
    if (query.visible->empty()) p.nothing = true;
  }
  shape.program = !query.program.empty();
  shape.severity = query.severity.has_value();
  if (query.handler == "none") {
    shape.handler = QueueShape::Handler::none;
  } else if (!query.handler.empty()) {
    shape.handler = QueueShape::Handler::email;
  }
  shape.label = !query.label.empty();
  shape.overdue = query.overdue;
  return p;
}

std::int64_t program_key(Connection& db, const std::string& slug) {
  auto q = db.query("SELECT key FROM programs WHERE slug = ?1");
  q.bind(1, slug);
  if (!q.step()) throw not_found("program", "there is no program '" + slug + "'");
  return q.integer(0);
}

void bind_filters(Query& q, Connection& db, const ReportQuery& query, const PreparedQueue& p,
                  Time now) {
  // PostgreSQL is given the words as typed: plainto_tsquery reads them as words, never syntax.
  if (p.shape.search) q.bind(1, db.dialect() == Dialect::postgres ? query.text : p.match);
  if (p.shape.visible != QueueShape::Visible::all) q.bind(2, p.visible);
  if (p.shape.program) q.bind(3, program_key(db, query.program));
  if (p.shape.states) q.bind(4, p.states_json);
  if (p.shape.severity) q.bind(5, to_string(*query.severity));
  if (p.shape.handler == QueueShape::Handler::email) q.bind(6, query.handler);
  if (p.shape.label) q.bind(7, query.label);
  if (p.shape.overdue) q.bind(8, to_seconds(now));
}

void bind_cursor(Query& q, const Cursor& cursor) {
  std::visit(
      [&](const auto& c) {
        using C = std::decay_t<decltype(c)>;
        if constexpr (std::is_same_v<C, TimeCursor>) {
          q.bind(9, c.received_at).bind(10, c.key);
        } else if constexpr (std::is_same_v<C, ScoreCursor>) {
          q.bind(9, c.score).bind(10, c.key);
        } else if constexpr (std::is_same_v<C, SeverityCursor>) {
          q.bind(9, c.rank).bind(10, c.received_at).bind(11, c.key);
        } else if constexpr (std::is_same_v<C, UpdatedCursor>) {
          q.bind(9, c.updated_at).bind(10, c.key);
        } else {
          q.bind(9, c.due).bind(10, c.received_at).bind(11, c.key);
        }
      },
      cursor);
}

ReportSummary read_summary(Query& q) {
  ReportSummary summary;
  summary.id = q.text(0);
  summary.program = q.text(1);
  auto state = parse_state(q.text(2));
  if (!state) throw std::runtime_error("stored report data is damaged: state " + q.text(2));
  summary.state = *state;
  summary.title = q.text(3);
  if (!q.is_null(4)) summary.severity = parse_severity(q.text(4));
  summary.received_at = from_seconds(q.integer(5));
  summary.snippet = q.text(8);
  if (!q.is_null(9)) summary.due_at = from_seconds(q.integer(9));
  if (!q.is_null(10)) summary.due_clock = parse_clock_kind(q.text(10));
  if (!q.is_null(11)) summary.handler = q.text(11);
  summary.labels = strings_from_json(q.text(12));
  summary.updated_at = from_seconds(q.integer(14));
  summary.reporter_replied = q.integer(15) != 0;
  return summary;
}

Cursor cursor_of(Query& q, ReportOrder order) {
  switch (order) {
    case ReportOrder::due:
      return DueCursor{q.integer(13), q.integer(5), q.integer(6)};
    case ReportOrder::received:
      return TimeCursor{q.integer(5), q.integer(6)};
    case ReportOrder::relevance:
      return ScoreCursor{q.real(7), q.integer(6)};
    case ReportOrder::severity:
      return SeverityCursor{q.integer(16), q.integer(5), q.integer(6)};
    case ReportOrder::updated:
      return UpdatedCursor{q.integer(14), q.integer(6)};
  }
  return TimeCursor{};
}

}  // namespace

ReportPage SqlStore::list_reports(const ReportQuery& query) {
  PreparedQueue p = prepare(query, true);
  ReportPage page;
  if (p.nothing) return page;

  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto q = db->query(queue_page_sql(p.shape, db->dialect()));
  bind_filters(q, *db, query, p, time_.now());
  if (p.after) bind_cursor(q, *p.after);
  q.bind(12, query.limit + 1);  // one more than asked tells whether another page follows

  Cursor last;
  while (q.step()) {
    if (static_cast<int>(page.reports.size()) == query.limit) {
      page.next = encode_cursor(last);
      break;
    }
    page.reports.push_back(read_summary(q));
    last = cursor_of(q, p.shape.order);
  }
  return page;
}

std::vector<StateCount> SqlStore::counts_by_state(const ReportQuery& query) {
  PreparedQueue p = prepare(query, false);
  std::vector<StateCount> counts;
  if (p.nothing) return counts;
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto q = db->query(queue_count_sql(p.shape, db->dialect()));
  bind_filters(q, *db, query, p, time_.now());
  while (q.step()) {
    auto state = parse_state(q.text(0));
    if (!state) throw std::runtime_error("stored report data is damaged: state " + q.text(0));
    counts.push_back({*state, q.integer(1)});
  }
  std::sort(counts.begin(), counts.end(),
            [](const StateCount& a, const StateCount& b) { return a.state < b.state; });
  return counts;
}

}  // namespace embargo::store::sql
