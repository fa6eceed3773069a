#include "jobs/outbox_sender.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json.hpp>
#include <memory>
#include <set>

#include "jobs/mail_config.h"
#include "jobs/team_digest.h"
#include "jobs/webhook_delivery.h"
#include "mail/smtp.h"

namespace embargo::jobs {

std::optional<Time> next_attempt(int attempts_so_far, Time queued_at, Time failed_at) {
  constexpr auto kGiveUpAfter = std::chrono::hours(48);
  if (failed_at - queued_at >= kGiveUpAfter) return std::nullopt;
  int doublings = std::clamp(attempts_so_far, 0, 6);
  auto wait = std::min<std::chrono::seconds>(std::chrono::minutes(1) * (1 << doublings),
                                             std::chrono::hours(1));
  return failed_at + wait;
}

OutboxSender::OutboxSender(store::Store& store, const auth::SecretBox& key)
    : store_(store),
      key_(key),
      loop_(
          "outbox", [this] { deliver_due(store_.time().now()); }, &store) {}

OutboxSender::~OutboxSender() { stop(); }

int OutboxSender::deliver_due(Time at) {
  constexpr int kBatch = 100;
  std::optional<MailConfig> config;  // read at the first mail, once a pass
  // One SMTP connection for the pass's mails, opened at the first.
  std::unique_ptr<mail::SmtpClient> smtp;
  std::set<std::int64_t> attempted;
  int sent = 0;
  queue_due_digests(store_, key_, at, false);
  // Batch after batch, each item once: a failed item is due again later (or at once for an `at`
  // in the future), so a pass ends when a batch brings nothing it has not attempted.
  for (;;) {
    auto due = store_.mail().due_outbox(at, kBatch);
    std::erase_if(due, [&](const store::OutboxEntry& e) { return attempted.contains(e.key); });
    if (due.empty()) return sent;
    for (const auto& entry : due) {
      attempted.insert(entry.key);
      if (entry.item.channel == "webhook") {
        sent += deliver_webhook(entry) ? 1 : 0;
        continue;
      }
      if (!config) config = load_mail_config(store_.mail(), key_);
      // Mail settings removed since the item was queued: it waits for them to come back.
      if (!config->configured()) continue;
      if (!smtp) smtp = std::make_unique<mail::SmtpClient>(config->smtp);
      if (deliver(*smtp, entry)) ++sent;
    }
  }
}

bool OutboxSender::deliver(mail::SmtpClient& smtp, const store::OutboxEntry& entry) {
  mail::SmtpResult result;
  if (entry.item.channel != "mail") {
    result.permanent = true;
    result.detail = "no sender for channel " + entry.item.channel;
  } else {
    result = smtp.send({entry.item.recipient}, key_.open(entry.item.payload));
  }
  Time done = store_.time().now();
  if (result.sent) {
    store_.mail().outbox_sent(entry.key, done);
    return true;
  }
  auto retry =
      result.permanent ? std::nullopt : next_attempt(entry.attempts, entry.created_at, done);
  spdlog::warn("outbox: {} to {} not delivered ({}): {}", entry.item.event, entry.item.recipient,
               retry ? "will retry" : "failed for good", result.detail);
  store_.mail().outbox_attempt_failed(entry.key, done, result.detail, retry);
  return false;
}

bool OutboxSender::deliver_webhook(const store::OutboxEntry& entry) {
  auto payload = boost::json::parse(key_.open(entry.item.payload)).as_object();
  store::WebhookAttempt attempt;
  attempt.outbox = entry.key;
  attempt.webhook = payload.at("webhook").as_int64();
  WebhookResult result;
  if (auto secret = store_.webhooks().webhook_secret(attempt.webhook)) {
    auto& body = payload.at("body").as_object();
    body["sent_at"] = format_time(store_.time().now());
    result = post_webhook({entry.item.recipient, entry.item.event, entry.item.message_id,
                           boost::json::serialize(body), key_.open(*secret)});
  } else {
    result.permanent = true;
    result.error = "the webhook was removed";
  }
  attempt.at = store_.time().now();
  attempt.status = result.status;
  attempt.duration = result.duration;
  attempt.error = result.error;
  attempt.response = result.response;
  auto retry = result.sent || result.permanent
                   ? std::nullopt
                   : next_attempt(entry.attempts, entry.created_at, attempt.at);
  if (!result.sent) {
    spdlog::warn("outbox: webhook {} to {} not delivered ({}): {}", entry.item.event,
                 entry.item.recipient, retry ? "will retry" : "failed for good", result.error);
  }
  store_.webhooks().record_webhook_attempt(attempt, result.sent, retry);
  return result.sent;
}

void OutboxSender::start(std::chrono::milliseconds interval) { loop_.start(interval); }

void OutboxSender::stop() { loop_.stop(); }

}  // namespace embargo::jobs
