#include "core/error.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

// The program's key, read in the caller's snapshot; Refusal not_found "program".
std::int64_t program_row(Connection& db, const std::string& slug) {
  auto q = db.query("SELECT key FROM programs WHERE slug = ?1");
  q.bind(1, slug);
  if (!q.step()) throw not_found("program", "there is no program '" + slug + "'");
  return q.integer(0);
}

}  // namespace

std::vector<Webhook> SqlStore::list_webhooks(const std::string& program) {
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto q = db->query(
      "SELECT key, url, events, created_at, created_by FROM webhooks"
      " WHERE program = ?1 AND active = 1 ORDER BY key");
  q.bind(1, program_row(*db, program));
  std::vector<Webhook> webhooks;
  while (q.step()) {
    webhooks.push_back({q.integer(0), program, q.text(1), parse_webhook_events(q.text(2)),
                        from_seconds(q.integer(3)), q.text(4)});
  }
  return webhooks;
}

std::optional<std::string> SqlStore::webhook_secret(std::int64_t key) {
  auto db = readers_->borrow();
  auto q = db->query("SELECT secret FROM webhooks WHERE key = ?1 AND active = 1");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

std::vector<WebhookDelivery> SqlStore::list_webhook_deliveries(const std::string& program,
                                                               int limit) {
  if (limit < 1 || limit > 1000) throw invalid("limit", "limit: must be between 1 and 1000");
  auto db = readers_->borrow();
  ReadTransaction snapshot(*db);
  auto q = db->query(
      "SELECT d.key, d.outbox, d.webhook, d.at, d.status, d.duration_ms, d.error, d.response,"
      " w.url, o.event, o.message_id, coalesce(r.public_id, ''), d.outcome"
      " FROM webhook_deliveries d JOIN webhooks w ON w.key = d.webhook"
      " JOIN outbox o ON o.key = d.outbox LEFT JOIN reports r ON r.key = o.report"
      " WHERE w.program = ?1 ORDER BY d.key DESC LIMIT ?2");
  q.bind(1, program_row(*db, program)).bind(2, limit);
  std::vector<WebhookDelivery> deliveries;
  while (q.step()) {
    WebhookDelivery d;
    d.key = q.integer(0);
    d.attempt.outbox = q.integer(1);
    d.attempt.webhook = q.integer(2);
    d.attempt.at = from_seconds(q.integer(3));
    d.attempt.status = static_cast<int>(q.integer(4));
    d.attempt.duration = std::chrono::milliseconds(q.integer(5));
    d.attempt.error = q.text(6);
    d.attempt.response = q.text(7);
    d.url = q.text(8);
    d.event = q.text(9);
    d.delivery = q.text(10);
    d.report = q.text(11);
    d.outcome = q.text(12);
    deliveries.push_back(std::move(d));
  }
  return deliveries;
}

}  // namespace embargo::store::sql
