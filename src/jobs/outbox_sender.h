#pragma once

#include <chrono>
#include <optional>

#include "auth/secret_box.h"
#include "core/time.h"
#include "jobs/mail_config.h"
#include "jobs/periodic.h"
#include "mail/smtp.h"
#include "store/store.h"

namespace embargo::jobs {

// When a failed delivery is tried again: after 1, 2, 4 ... minutes, at most an hour apart, for
// two days from when the item was queued; nullopt once those two days are over (failed for
// good, where admins see it).
std::optional<Time> next_attempt(int attempts_so_far, Time queued_at, Time failed_at);

// Delivers the outbox: every due mail by SMTP (the instance's `embargo settings mail`) and every
// webhook by an HTTP POST signed with its secret (jobs/webhook_delivery.h), each marked sent,
// retried later or failed for good; each webhook attempt also lands in its delivery log. The
// same item may be delivered twice when the process dies between sending and marking it; its
// Message-ID (a webhook's X-Embargo-Delivery) lets the receiver drop the copy.
class OutboxSender {
 public:
  OutboxSender(store::Store& store, const auth::SecretBox& key);
  ~OutboxSender();
  OutboxSender(const OutboxSender&) = delete;
  OutboxSender& operator=(const OutboxSender&) = delete;

  // One pass over what is due at `at`: the team's digests that are due queued first
  // (jobs/team_digest.h), then each item attempted once. Returns how many were sent. Mail waits
  // while the instance has no mail settings; webhooks need none.
  int deliver_due(Time at);

  // Passes every `interval` on a thread of its own, until stop() or destruction.
  void start(std::chrono::milliseconds interval);
  void stop();

 private:
  // One attempt at one mail, recorded as sent, to retry or failed; true when it was sent.
  bool deliver(mail::SmtpClient& smtp, const store::OutboxEntry& entry);
  // One POST of a webhook item, logged and recorded; true when the receiver took it.
  bool deliver_webhook(const store::OutboxEntry& entry);

  store::Store& store_;
  const auth::SecretBox& key_;
  Periodic loop_;  // last: it stops before the rest goes
};

}  // namespace embargo::jobs
