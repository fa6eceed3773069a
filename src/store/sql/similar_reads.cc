#include <algorithm>

#include "core/error.h"
#include "store/sql/report_rows.h"
#include "store/sql/similar_terms.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

// Words considered from a report, and how many of the rarest of them make the query at most:
// enough to find a near copy, few enough that the query reads only the reports sharing them.
constexpr std::size_t kCandidateTerms = 64;
constexpr std::size_t kQueryTerms = 12;

// How many reports the query may rank at most (choose_similar_query). Counting stops just past
// it, so a common word costs no more to look at than a rare one.
constexpr std::int64_t kRankedReports = 5000;

// The query in the connection's dialect: FTS5's MATCH, or PostgreSQL's tsquery.
std::string match_of(Connection& db, const SimilarQuery& query) {
  return db.dialect() == Dialect::postgres ? similar_tsquery(query) : similar_match(query);
}

// How many reports match `query`, counted up to one more than the budget (enough to know a
// query is over it).
std::int64_t reports_matching(Connection& db, const SimilarQuery& query) {
  auto q = db.query(db.dialect() == Dialect::postgres
                        ? "SELECT count(*) FROM (SELECT 1 FROM reports r WHERE r.search @@"
                          " to_tsquery('simple', ?1) LIMIT ?2) AS found"
                        : "SELECT count(*) FROM (SELECT rowid FROM reports_fts"
                          " WHERE reports_fts MATCH ?1 LIMIT ?2)");
  q.bind(1, match_of(db, query)).bind(2, kRankedReports + 1);
  q.step();
  return q.integer(0);
}

// The query for the reports most like `text`: its words that other reports share, chosen to
// keep the reports to rank within the budget.
SimilarQuery similar_query(Connection& db, const std::string& text) {
  std::vector<TermFrequency> shared;
  for (auto& term : significant_terms(text, kCandidateTerms)) {
    std::int64_t reports = reports_matching(db, {{term}});
    if (reports >= 2) shared.push_back({std::move(term), reports});
  }
  return choose_similar_query(std::move(shared), kRankedReports, kQueryTerms,
                              [&db](const std::vector<std::string>& terms) {
                                return reports_matching(db, {terms, true});
                              });
}

}  // namespace

std::vector<SimilarReport> SqlStore::similar_reports(const std::string& id, int limit) {
  if (limit < 1 || limit > 50) {
    throw invalid("limit", "limit must be between 1 and 50, not " + std::to_string(limit));
  }
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  bool postgres = db->dialect() == Dialect::postgres;
  auto self = db->query(
      postgres
          ? "SELECT key, program, received_at, title,"
            " coalesce(CAST(fields AS json) ->> 'affected_component', ''),"
            " coalesce(CAST(fields AS json) ->> 'description', '')"
            " FROM reports WHERE public_id = ?1"
          : "SELECT key, program, received_at, title, coalesce(json_extract(fields,"
            " '$.affected_component'), ''), coalesce(json_extract(fields, '$.description'), '')"
            " FROM reports WHERE public_id = ?1");
  self.bind(1, id);
  if (!self.step()) throw not_found("report", "there is no report " + id);
  std::int64_t key = self.integer(0);
  std::int64_t program = self.integer(1);
  std::int64_t received_at = self.integer(2);
  std::string text = self.text(3) + "\n" + self.text(4) + "\n" + self.text(5);

  std::string match = match_of(*db, similar_query(*db, text));
  std::vector<SimilarReport> similar;
  if (match.empty()) return similar;
  // Title words weigh double: a title says in few words what the report is about. PostgreSQL's
  // weights, at most 1, are listed D, C, B, A: impact and steps (D) nothing, affected component
  // (C) and description (B) half, title (A) whole; its rank is negated to sort, like bm25, lower
  // first.
  auto q = db->query(
      postgres
          ? "SELECT r.public_id, r.title, r.state, r.received_at,"
            " -CAST(ts_rank('{0, 0.5, 0.5, 1}', r.search, to_tsquery('simple', ?1))"
            " AS double precision) AS score FROM reports r"
            " WHERE r.search @@ to_tsquery('simple', ?1) AND r.program = ?2"
            " AND (r.received_at, r.key) < (?3, ?4) ORDER BY score, r.key LIMIT ?5"
          : "SELECT r.public_id, r.title, r.state, r.received_at,"
            " bm25(reports_fts, 2.0, 1.0, 0.0, 0.0, 1.0) AS score"
            " FROM reports_fts JOIN reports r ON r.key = reports_fts.rowid"
            " WHERE reports_fts MATCH ?1 AND r.program = ?2 AND (r.received_at, r.key) < (?3, ?4)"
            " ORDER BY score, r.key LIMIT ?5");
  q.bind(1, match).bind(2, program).bind(3, received_at).bind(4, key).bind(5, limit);
  while (q.step()) {
    auto state = parse_state(q.text(2));
    if (!state) throw std::runtime_error("stored report data is damaged: state " + q.text(2));
    similar.push_back({q.text(0), q.text(1), *state, from_seconds(q.integer(3)), q.real(4)});
  }
  return similar;
}

}  // namespace embargo::store::sql
