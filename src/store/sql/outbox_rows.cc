#include "store/sql/outbox_rows.h"

#include "core/text.h"

namespace embargo::store::sql {
namespace {

// Why a mail to `address` is not sent: it bounced, and nothing came from it since.
std::string bounced_reason(Connection& db, const std::string& address) {
  auto q = db.query("SELECT reason, bounced_at FROM bounced_addresses WHERE address = ?1");
  q.bind(1, ascii_lower(address));
  if (!q.step()) return "";
  return "not sent: mail to " + address + " bounced on " + format_time(from_seconds(q.integer(1))) +
         " (" + q.text(0) + "); mail goes to it again once it writes to us";
}

}  // namespace

void queue_outbox(Connection& db, std::int64_t report, const std::vector<OutboxItem>& items,
                  Time at) {
  for (const auto& original : items) {
    if (original.digest) {
      db.query(
            "INSERT INTO digest_entries (recipient, event, report, payload, created_at)"
            " VALUES (?1, ?2, nullif(?3, 0), ?4, ?5)")
          .bind(1, original.recipient)
          .bind(2, original.event)
          .bind(3, report)
          .bind(4, original.payload)
          .bind(5, to_seconds(at))
          .run();
      continue;
    }
    OutboxItem item = original;
    if (item.channel == "mail" && item.failure.empty()) {
      item.failure = bounced_reason(db, item.recipient);
    }
    bool failed = !item.failure.empty();
    db.query(
          "INSERT INTO outbox (channel, event, report, recipient, message_id, payload, state,"
          " attempts, created_at, next_attempt_at, last_error)"
          " VALUES (?1, ?2, nullif(?3, 0), ?4, ?5, ?6, ?7, 0, ?8, ?8, ?9)")
        .bind(1, item.channel)
        .bind(2, item.event)
        .bind(3, report)
        .bind(4, item.recipient)
        .bind(5, item.message_id)
        .bind(6, failed ? std::string() : item.payload)
        .bind(7, failed ? "failed" : "queued")
        .bind(8, to_seconds(at))
        .bind(9, item.failure)
        .run();
    if (item.channel != "mail" || item.message_id.empty() || failed || report == 0 || item.team) {
      continue;
    }
    db.query(
          "INSERT INTO mail_messages (report, seq, direction, message_id, at, encrypted,"
          " signature, signer) VALUES (?1, 0, 'out', ?2, ?3, 0, 'none', '')")
        .bind(1, report)
        .bind(2, item.message_id)
        .bind(3, to_seconds(at))
        .run();
  }
}

void mark_outbox_sent(Connection& db, std::int64_t key, Time at) {
  db.query(
        "UPDATE outbox SET state = 'sent', payload = '', attempts = attempts + 1,"
        " last_attempt_at = ?1, sent_at = ?1, last_error = '' WHERE key = ?2")
      .bind(1, to_seconds(at))
      .bind(2, key)
      .run();
}

void mark_outbox_failed(Connection& db, std::int64_t key, Time at, const std::string& error,
                        std::optional<Time> retry_at) {
  db.query(
        "UPDATE outbox SET state = ?1, attempts = attempts + 1, last_attempt_at = ?2,"
        " next_attempt_at = ?3, last_error = ?4,"
        " payload = CASE WHEN ?1 = 'failed' THEN '' ELSE payload END WHERE key = ?5")
      .bind(1, retry_at ? "queued" : "failed")
      .bind(2, to_seconds(at))
      .bind(3, to_seconds(retry_at.value_or(at)))
      .bind(4, error)
      .bind(5, key)
      .run();
}

}  // namespace embargo::store::sql
