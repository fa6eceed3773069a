#include <algorithm>
#include <boost/json.hpp>

#include "core/error.h"
#include "core/utf8.h"
#include "store/sql/audit_rows.h"
#include "store/sql/outbox_rows.h"
#include "store/sql/program_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

constexpr std::size_t kResponseBytes = 1024;

std::string comma_list(const std::vector<std::string>& items) {
  std::string text;
  for (const auto& item : items) text += (text.empty() ? "" : ",") + item;
  return text;
}

json::array json_list(const std::vector<std::string>& items) {
  json::array list;
  for (const auto& item : items) list.emplace_back(item);
  return list;
}

}  // namespace

Webhook SqlStore::add_webhook(const NewWebhook& webhook, const std::string& actor) {
  check_new_webhook(webhook);
  Webhook added{0, webhook.program, webhook.url, webhook.events, time_.now(), actor};
  writer_->run([&](WriteContext& w) {
    ProgramPolicy program = program_policy(w.db, policies_, webhook.program);
    auto insert = w.db.query(
        "INSERT INTO webhooks (program, url, secret, events, created_at, created_by, active)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1) RETURNING key");
    insert.bind(1, program.key)
        .bind(2, webhook.url)
        .bind(3, webhook.sealed_secret)
        .bind(4, comma_list(webhook.events))
        .bind(5, to_seconds(added.created_at))
        .bind(6, actor);
    insert.step();
    added.key = insert.integer(0);
    insert.run();
    json::object details{
        {"key", added.key}, {"url", added.url}, {"events", json_list(added.events)}};
    append_audit(w.db, {0, added.created_at, actor, "webhook.added", webhook.program, "",
                        json::serialize(details)});
  });
  return added;
}

bool SqlStore::remove_webhook(const std::string& program, std::int64_t key,
                              const std::string& actor) {
  bool removed = false;
  writer_->run([&](WriteContext& w) {
    ProgramPolicy owner = program_policy(w.db, policies_, program);
    auto update = w.db.query(
        "UPDATE webhooks SET active = 0, secret = '' WHERE key = ?1 AND program = ?2"
        " AND active = 1 RETURNING url");
    update.bind(1, key).bind(2, owner.key);
    removed = update.step();
    if (!removed) return;
    json::object details{{"key", key}, {"url", update.text(0)}};
    update.run();
    append_audit(w.db,
                 {0, time_.now(), actor, "webhook.removed", program, "", json::serialize(details)});
  });
  return removed;
}

void SqlStore::record_webhook_attempt(const WebhookAttempt& attempt, bool sent,
                                      std::optional<Time> retry_at) {
  // The log keeps text it can print: the answer up to 1 KiB, cut before its first byte that is
  // not UTF-8 (a character the cut split, or a binary body) or is NUL (which PostgreSQL's text
  // cannot hold).
  std::string response = attempt.response.substr(0, kResponseBytes);
  if (auto bad = invalid_utf8_at(response)) response.resize(*bad);
  response.resize(std::min(response.size(), response.find('\0')));
  writer_->run([&](WriteContext& w) {
    w.db.query(
            "INSERT INTO webhook_deliveries (outbox, webhook, at, status, duration_ms, outcome,"
            " error, response) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
        .bind(1, attempt.outbox)
        .bind(2, attempt.webhook)
        .bind(3, to_seconds(attempt.at))
        .bind(4, attempt.status)
        .bind(5, static_cast<std::int64_t>(attempt.duration.count()))
        .bind(6, sent       ? "sent"
                 : retry_at ? "retry"
                            : "failed")
        .bind(7, attempt.error)
        .bind(8, response)
        .run();
    if (sent) {
      mark_outbox_sent(w.db, attempt.outbox, attempt.at);
    } else {
      mark_outbox_failed(w.db, attempt.outbox, attempt.at, attempt.error, retry_at);
    }
  });
}

}  // namespace embargo::store::sql
