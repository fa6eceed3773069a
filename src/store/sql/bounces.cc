#include <boost/json.hpp>

#include "core/text.h"
#include "store/sql/audit_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

// The outbox mail `message_id` sent to `address`, with its report and program, if there is one.
struct SentMail {
  std::int64_t key = 0;
  std::string report;   // public id, or empty
  std::string program;  // slug, or empty
};

std::optional<SentMail> sent_mail(Connection& db, const std::string& message_id,
                                  const std::string& address) {
  auto q = db.query(
      "SELECT o.key, coalesce(r.public_id, ''), coalesce(p.slug, '') FROM outbox o"
      " LEFT JOIN reports r ON r.key = o.report LEFT JOIN programs p ON p.key = r.program"
      " WHERE o.channel = 'mail' AND o.message_id = ?1 AND o.recipient = ?2 COLLATE NOCASE"
      " AND o.state = 'sent'");
  q.bind(1, message_id).bind(2, address);
  if (!q.step()) return std::nullopt;
  return SentMail{q.integer(0), q.text(1), q.text(2)};
}

}  // namespace

std::vector<std::string> SqlStore::record_bounce(const std::string& returned_message_id,
                                                 const std::vector<BouncedAddress>& failed) {
  std::vector<std::string> marked;
  if (returned_message_id.empty()) return marked;
  writer_->run([&](WriteContext& w) {
    marked.clear();
    Time at = time_.now();
    for (const auto& bounce : failed) {
      auto mail = sent_mail(w.db, returned_message_id, bounce.address);
      if (!mail) continue;
      std::string address = ascii_lower(bounce.address);
      w.db.query(
              "INSERT INTO bounced_addresses (address, bounced_at, message_id, reason)"
              " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (address) DO UPDATE SET"
              " bounced_at = excluded.bounced_at, message_id = excluded.message_id,"
              " reason = excluded.reason")
          .bind(1, address)
          .bind(2, to_seconds(at))
          .bind(3, returned_message_id)
          .bind(4, bounce.reason)
          .run();
      w.db.query("UPDATE outbox SET state = 'failed', last_error = ?1 WHERE key = ?2")
          .bind(1, "bounced: " + bounce.reason)
          .bind(2, mail->key)
          .run();
      json::object details{{"address", address}, {"reason", bounce.reason}};
      append_audit(w.db, {0, at, "system", "mail.bounced", mail->program, mail->report,
                          json::serialize(details)});
      marked.push_back(address);
    }
  });
  return marked;
}

std::optional<BouncedAddress> SqlStore::bounced_address(const std::string& address) {
  auto db = readers_->borrow();
  auto q = db->query(
      "SELECT address, reason, message_id, bounced_at FROM bounced_addresses"
      " WHERE address = ?1");
  q.bind(1, ascii_lower(address));
  if (!q.step()) return std::nullopt;
  return BouncedAddress{q.text(0), q.text(1), q.text(2), from_seconds(q.integer(3))};
}

}  // namespace embargo::store::sql
