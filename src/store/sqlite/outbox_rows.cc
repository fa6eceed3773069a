#include "store/sqlite/outbox_rows.h"

namespace embargo::store::sqlite {

void queue_outbox(Connection& db, std::int64_t report, const std::vector<OutboxItem>& items,
                  Time at) {
  for (const auto& item : items) {
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
    if (item.channel != "mail" || item.message_id.empty() || failed || report == 0) continue;
    db.query(
          "INSERT INTO mail_messages (report, seq, direction, message_id, at, encrypted,"
          " signature, signer) VALUES (?1, 0, 'out', ?2, ?3, 0, 'none', '')")
        .bind(1, report)
        .bind(2, item.message_id)
        .bind(3, to_seconds(at))
        .run();
  }
}

}  // namespace embargo::store::sqlite
