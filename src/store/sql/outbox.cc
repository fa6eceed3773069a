#include <boost/json.hpp>

#include "core/error.h"
#include "store/sql/audit_rows.h"
#include "store/sql/outbox_rows.h"
#include "store/sql/settings_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

const std::string kEntryColumns =
    "o.key, o.channel, o.event, o.recipient, o.message_id, o.payload, coalesce(r.public_id, ''),"
    " o.state, o.attempts, o.created_at, o.next_attempt_at, o.last_attempt_at, o.sent_at,"
    " o.last_error FROM outbox o LEFT JOIN reports r ON r.key = o.report";

OutboxEntry entry_row(const Query& q) {
  OutboxEntry e;
  e.key = q.integer(0);
  e.item.channel = q.text(1);
  e.item.event = q.text(2);
  e.item.recipient = q.text(3);
  e.item.message_id = q.text(4);
  e.item.payload = q.text(5);
  e.report = q.text(6);
  e.state = q.text(7);
  e.attempts = static_cast<int>(q.integer(8));
  e.created_at = from_seconds(q.integer(9));
  e.next_attempt_at = from_seconds(q.integer(10));
  if (!q.is_null(11)) e.last_attempt_at = from_seconds(q.integer(11));
  if (!q.is_null(12)) e.sent_at = from_seconds(q.integer(12));
  e.last_error = q.text(13);
  return e;
}

}  // namespace

std::vector<OutboxEntry> SqlStore::due_outbox(Time at, int limit) {
  std::vector<OutboxEntry> due;
  auto db = readers_->borrow();
  auto q = db->query("SELECT " + kEntryColumns +
                     " WHERE o.state = 'queued' AND o.next_attempt_at <= ?1"
                     " ORDER BY o.next_attempt_at, o.key LIMIT ?2");
  q.bind(1, to_seconds(at)).bind(2, limit);
  while (q.step()) due.push_back(entry_row(q));
  return due;
}

void SqlStore::outbox_sent(std::int64_t key, Time at) {
  writer_->run([&](WriteContext& w) { mark_outbox_sent(w.db, key, at); });
}

void SqlStore::outbox_attempt_failed(std::int64_t key, Time at, const std::string& error,
                                     std::optional<Time> retry_at) {
  writer_->run([&](WriteContext& w) { mark_outbox_failed(w.db, key, at, error, retry_at); });
}

std::vector<OutboxEntry> SqlStore::list_outbox(const OutboxQuery& query) {
  if (query.limit < 1 || query.limit > 1000) {
    throw invalid("limit", "limit: must be between 1 and 1000");
  }
  if (!query.state.empty() && query.state != "queued" && query.state != "sent" &&
      query.state != "failed") {
    throw invalid("state", "state: must be queued, sent or failed, not '" + query.state + "'");
  }
  std::vector<OutboxEntry> entries;
  auto db = readers_->borrow();
  auto q = db->query("SELECT " + kEntryColumns +
                     " WHERE (?1 = '' OR o.state = ?1) ORDER BY o.key DESC LIMIT ?2");
  q.bind(1, query.state).bind(2, query.limit);
  while (q.step()) {
    entries.push_back(entry_row(q));
    entries.back().item.payload.clear();
  }
  return entries;
}

std::optional<std::string> SqlStore::mail_setting(const std::string& name) {
  auto db = readers_->borrow();
  auto q = db->query("SELECT value FROM settings WHERE name = ?1");
  q.bind(1, mail_setting_name(name));
  if (!q.step()) return std::nullopt;
  return q.text(0);
}

std::map<std::string, std::string> SqlStore::mail_settings(const std::vector<std::string>& names) {
  std::map<std::string, std::string> found;
  if (names.empty()) return found;
  std::string sql = "SELECT name, value FROM settings WHERE name IN (";
  for (std::size_t i = 0; i < names.size(); ++i) {
    sql += (i == 0 ? "?" : ", ?") + std::to_string(i + 1);
  }
  auto db = readers_->borrow();
  auto q = db->query(sql + ")");
  for (std::size_t i = 0; i < names.size(); ++i) {
    q.bind(static_cast<int>(i + 1), mail_setting_name(names[i]));
  }
  while (q.step()) found[q.text(0).substr(mail_setting_name("").size())] = q.text(1);
  return found;
}

void SqlStore::set_mail_setting(const std::string& name, const std::string& value,
                                const std::string& actor) {
  writer_->run([&](WriteContext& w) {
    write_setting(w.db, mail_setting_name(name), value);
    json::object details{{"name", name}, {"set", !value.empty()}};
    append_audit(w.db, {0, time_.now(), actor, "settings.mail", "", "", json::serialize(details)});
  });
}

}  // namespace embargo::store::sql
