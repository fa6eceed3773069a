#include <boost/json.hpp>

#include "core/error.h"
#include "store/sql/audit_rows.h"
#include "store/sql/outbox_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {

std::vector<DigestEntry> SqlStore::due_digest_entries(Time at, bool all) {
  auto db = readers_->borrow();
  auto q = db->query(
      "SELECT d.key, d.recipient, d.event, coalesce(r.public_id, ''), d.payload, d.created_at"
      " FROM digest_entries d LEFT JOIN reports r ON r.key = d.report"
      " WHERE d.digested_at IS NULL AND (?1 = 1 OR d.recipient IN (SELECT recipient FROM"
      " digest_entries WHERE digested_at IS NULL GROUP BY recipient HAVING min(created_at) <= ?2))"
      " ORDER BY d.recipient, d.key");
  q.bind(1, all).bind(2, to_seconds(at - kDigestEvery));
  std::vector<DigestEntry> entries;
  while (q.step()) {
    entries.push_back(
        {q.integer(0), q.text(1), q.text(2), q.text(3), q.text(4), from_seconds(q.integer(5))});
  }
  return entries;
}

void SqlStore::queue_digest(const std::vector<std::int64_t>& entries, const OutboxItem& mail) {
  writer_->run([&](WriteContext& w) {
    Time at = time_.now();
    for (std::int64_t key : entries) {
      w.db.query(
              "UPDATE digest_entries SET digested_at = ?1, payload = '' WHERE key = ?2"
              " AND digested_at IS NULL")
          .bind(1, to_seconds(at))
          .bind(2, key)
          .run();
    }
    queue_outbox(w.db, 0, {mail}, at);
  });
}

std::vector<std::string> SqlStore::clock_alert_candidates(Time at, Time horizon, int limit) {
  auto db = readers_->borrow();
  auto q =
      db->query("SELECT r.public_id FROM reports r WHERE r.state NOT IN " + final_states_sql() +
                " AND r.due_order <= ?2 AND NOT EXISTS (SELECT 1 FROM clock_alerts a"
                " WHERE a.report = r.key AND a.clock = r.due_clock AND a.due_at = r.due_at"
                " AND a.level = CASE WHEN r.due_at <= ?1 THEN 'overdue' ELSE 'due_soon' END)"
                " ORDER BY r.due_order, r.received_at, r.key LIMIT ?3");
  q.bind(1, to_seconds(at)).bind(2, to_seconds(horizon)).bind(3, limit);
  std::vector<std::string> ids;
  while (q.step()) ids.push_back(q.text(0));
  return ids;
}

bool SqlStore::record_clock_alert(const std::string& report_id, ClockKind clock,
                                  const std::string& level, Time due_at,
                                  const std::vector<OutboxItem>& items) {
  bool made = false;
  writer_->run([&](WriteContext& w) {
    made = false;
    auto key = report_key(w.db, report_id);
    if (!key) throw not_found("report", "there is no report " + report_id);
    Time at = time_.now();
    auto q = w.db.query(
        "INSERT INTO clock_alerts (report, clock, level, due_at, made_at)"
        " VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO NOTHING RETURNING report");
    q.bind(1, *key)
        .bind(2, std::string(to_string(clock)))
        .bind(3, level)
        .bind(4, to_seconds(due_at))
        .bind(5, to_seconds(at));
    made = q.step();
    q.run();
    if (!made) return;
    queue_outbox(w.db, *key, items, at);
    auto slug = w.db.query(
        "SELECT p.slug FROM reports r JOIN programs p ON p.key = r.program WHERE r.key = ?1");
    slug.bind(1, *key).step();
    boost::json::object details{{"clock", std::string(to_string(clock))},
                                {"level", level},
                                {"due_at", format_time(due_at)},
                                {"told", items.size()}};
    append_audit(w.db, {0, at, "system", "report.clock_alert", slug.text(0), report_id,
                        boost::json::serialize(details)});
  });
  return made;
}

}  // namespace embargo::store::sql
