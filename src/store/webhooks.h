#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace embargo::store {

// The events a webhook may subscribe to, in the order they are listed.
inline const std::vector<std::string>& webhook_events() {
  static const std::vector<std::string> events = {"report.created", "report.message",
                                                  "report.state", "advisory.published"};
  return events;
}

// A webhook as a caller asks for it: the URL must be http:// or https://, the events a non-empty
// subset of webhook_events(), the secret already sealed under the instance key.
struct NewWebhook {
  std::string program;  // slug
  std::string url;
  std::string sealed_secret;
  std::vector<std::string> events;
};

// A program's webhook as listed: never with its secret.
struct Webhook {
  std::int64_t key = 0;
  std::string program;
  std::string url;
  std::vector<std::string> events;
  Time created_at{};
  std::string created_by;
};

// One delivery attempt of a webhook's outbox item, as the sender saw it.
struct WebhookAttempt {
  std::int64_t outbox = 0;
  std::int64_t webhook = 0;
  Time at{};
  int status = 0;  // the HTTP status; 0 when nothing answered
  std::chrono::milliseconds duration{};
  std::string error;     // empty when delivered
  std::string response;  // the start of the answer's body (the store keeps 1 KiB)
};

// An attempt in the delivery log, with the outbox item it delivered.
struct WebhookDelivery {
  std::int64_t key = 0;
  WebhookAttempt attempt;
  std::string url;
  std::string event;
  std::string delivery;  // the delivery id (the outbox item's message_id)
  std::string report;    // public id
  std::string outcome;   // of this attempt: "sent", "retry" (another attempt follows), "failed"
};

// Checks a webhook before it is stored (Refusal naming "url" or "events"): what every store
// implementation refuses alike.
void check_new_webhook(const NewWebhook& webhook);

// "report.created,report.state" -> {"report.created", "report.state"}: the events named in a
// comma list, trimmed, in webhook_events() order, without repeats. Unknown names are kept, for
// check_new_webhook to refuse.
std::vector<std::string> parse_webhook_events(std::string_view text);

// Webhooks per program and their delivery log, in the same database as the outbox that queues
// their deliveries. Only admins manage them (the CLI), so the writes name their actor.
class WebhookStore {
 public:
  virtual ~WebhookStore() = default;

  // Stores a webhook (Refusal as check_new_webhook; not_found "program" for an unknown program)
  // and writes the audit event "webhook.added" (its key, URL and events; never the secret).
  virtual Webhook add_webhook(const NewWebhook& webhook, const std::string& actor) = 0;
  // The program's active webhooks, oldest first (Refusal not_found "program").
  virtual std::vector<Webhook> list_webhooks(const std::string& program) = 0;
  // Deactivates the program's webhook and forgets its secret: queued deliveries then fail. Audit
  // event "webhook.removed". False when the program has no active webhook with that key.
  virtual bool remove_webhook(const std::string& program, std::int64_t key,
                              const std::string& actor) = 0;
  // The sealed secret of an active webhook, for the sender; nullopt once it was removed.
  virtual std::optional<std::string> webhook_secret(std::int64_t key) = 0;

  // Logs one attempt and, in the same write, its outcome in the outbox: sent, retried at
  // `retry_at`, or (no retry) failed for good.
  virtual void record_webhook_attempt(const WebhookAttempt& attempt, bool sent,
                                      std::optional<Time> retry_at) = 0;
  // The program's delivery log, newest attempt first; limit 1..1000 (Refusal "limit").
  virtual std::vector<WebhookDelivery> list_webhook_deliveries(const std::string& program,
                                                               int limit) = 0;
};

}  // namespace embargo::store
