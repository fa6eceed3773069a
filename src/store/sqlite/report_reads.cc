#include "core/error.h"
#include "core/secret.h"
#include "store/cursor.h"
#include "store/sqlite/report_rows.h"
#include "store/sqlite/search_text.h"
#include "store/sqlite/sqlite_store.h"

namespace embargo::store::sqlite {
namespace {

constexpr int kMaxPage = 500;

// The SELECT of one page. Columns: public_id, slug, state, title, severity, received_at, key,
// score, snippet. Every filter is spelt out only when used, so each combination of filters
// has a plain statement that its index serves.
std::string page_sql(const ReportQuery& query, bool search, bool after) {
  std::string sql =
      "SELECT r.public_id, p.slug, r.state, r.title, r.severity, r.received_at, r.key";
  if (search) {
    sql +=
        ", bm25(reports_fts) AS score, snippet(reports_fts, -1, '[', ']', '…', 12)"
        " FROM reports_fts JOIN reports r ON r.key = reports_fts.rowid"
        " JOIN programs p ON p.key = r.program WHERE reports_fts MATCH ?1";
  } else {
    sql += ", 0, '' FROM reports r JOIN programs p ON p.key = r.program WHERE 1";
  }
  if (!query.program.empty()) sql += " AND r.program = ?2";
  if (query.state) sql += " AND r.state = ?3";
  if (search) {
    if (after) sql += " AND (score, r.key) > (?4, ?5)";
    sql += " ORDER BY score, r.key LIMIT ?6";
  } else {
    if (after) sql += " AND (r.received_at, r.key) < (?4, ?5)";
    sql += " ORDER BY r.received_at DESC, r.key DESC LIMIT ?6";
  }
  return sql;
}

std::int64_t program_key(Connection& db, const std::string& slug) {
  auto q = db.query("SELECT key FROM programs WHERE slug = ?1");
  q.bind(1, slug);
  if (!q.step()) throw not_found("program", "there is no program '" + slug + "'");
  return q.integer(0);
}

}  // namespace

std::optional<Report> SqliteStore::find_report(const std::string& id) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto key = report_key(*db, id);
  if (!key) return std::nullopt;
  return load_report(*db, *key);
}

std::optional<Report> SqliteStore::find_report_by_token(const std::string& token) {
  std::string hash = hash_secret(token);
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto q = db->query("SELECT key, tracking_hash FROM reports WHERE tracking_hash = ?1");
  q.bind(1, hash);
  if (!q.step() || !secrets_equal(q.text(1), hash)) return std::nullopt;
  return load_report(*db, q.integer(0));
}

std::optional<Upload> SqliteStore::find_attachment(const std::string& report_id,
                                                   std::int64_t attachment_id) {
  auto db = readers_->borrow();
  auto q = db->query(
      "SELECT a.file_name, a.media_type, a.size, a.sha256, a.content FROM attachments a"
      " JOIN reports r ON r.key = a.report WHERE r.public_id = ?1 AND a.id = ?2");
  q.bind(1, report_id).bind(2, attachment_id);
  if (!q.step()) return std::nullopt;
  Upload upload;
  upload.info = {q.text(0), q.text(1), static_cast<std::uint64_t>(q.integer(2)), q.text(3),
                 attachment_id};
  upload.content = q.blob(4);
  return upload;
}

ReportPage SqliteStore::list_reports(const ReportQuery& query) {
  if (query.limit < 1 || query.limit > kMaxPage) {
    throw invalid("limit", "limit must be between 1 and " + std::to_string(kMaxPage) + ", not " +
                               std::to_string(query.limit));
  }
  std::string match = fts_query(query.text);
  bool search = !match.empty();
  std::optional<Cursor> after;
  if (!query.after.empty()) {
    after = decode_cursor(query.after);
    if (std::holds_alternative<ScoreCursor>(*after) != search) {
      throw invalid("after", "the cursor belongs to a different kind of list");
    }
  }

  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto q = db->query(page_sql(query, search, after.has_value()));
  if (search) q.bind(1, match);
  if (!query.program.empty()) q.bind(2, program_key(*db, query.program));
  if (query.state) q.bind(3, to_string(*query.state));
  if (after) {
    std::visit(
        [&](const auto& c) {
          if constexpr (std::is_same_v<std::decay_t<decltype(c)>, TimeCursor>) {
            q.bind(4, c.received_at);
          } else {
            q.bind(4, c.score);
          }
          q.bind(5, c.key);
        },
        *after);
  }
  q.bind(6, query.limit + 1);  // one more than asked tells whether another page follows

  ReportPage page;
  Cursor last;
  while (q.step()) {
    if (static_cast<int>(page.reports.size()) == query.limit) {
      page.next = encode_cursor(last);
      break;
    }
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
    if (search) {
      last = ScoreCursor{q.real(7), q.integer(6)};
    } else {
      last = TimeCursor{q.integer(5), q.integer(6)};
    }
    page.reports.push_back(std::move(summary));
  }
  return page;
}

}  // namespace embargo::store::sqlite
