#pragma once

#include <boost/json.hpp>
#include <string>
#include <vector>

#include "auth/secret_box.h"
#include "store/store.h"

namespace embargo::jobs {

// Tells a program's webhooks what happened to its reports: one outbox item per active webhook
// subscribed to the event, queued with the change (store::Announcer). The webhooks are the team's
// own systems (chat, ticketing), so the body names the report (id, program, state, severity,
// title, the desk's link) and what happened (a message's author and whether it is internal, a
// transition's states), never a message's text or the report's details. The payload, sealed
// under the instance key, holds the webhook's key and the body; the sender reads the webhook's
// secret and signs when it delivers, so a removed webhook's queued deliveries are never sent.
// It says nothing of tracking links (the reporter's alone), handlers or invitations (webhooks
// carry the report's events, not who on the team handles it or is invited).
class WebhookAnnouncer final : public store::Announcer {
 public:
  WebhookAnnouncer(store::Store& store, auth::SecretBox key);

  std::vector<store::OutboxItem> report_created(const Report& report, const Policy& policy,
                                                const std::string& tracking_token,
                                                const store::IntakeNotes& notes) override;
  std::vector<store::OutboxItem> message_added(const Report& report, const Policy& policy,
                                               const Message& message) override;
  std::vector<store::OutboxItem> state_changed(const Report& report, const Policy& policy,
                                               const Transition& transition) override;
  // advisory.published: what was published is public, so the body names the advisory (id,
  // revision, summary, its public page) and its reports' ids.
  std::vector<store::OutboxItem> advisory_published(
      const PublishedAdvisory& advisory, const std::vector<std::string>& reports) override;

 private:
  // One item per subscribed webhook; `detail` is added to the body under its name when given.
  std::vector<store::OutboxItem> announce(const Report& report, const std::string& event,
                                          const std::string& detail_name,
                                          boost::json::object detail);
  // One item per webhook of the program subscribed to `event`, its body the event, the
  // delivery id, then `members`.
  std::vector<store::OutboxItem> deliver(const std::string& program, const std::string& event,
                                         const boost::json::object& members);

  store::Store& store_;
  auth::SecretBox key_;
};

// A fresh delivery id: a random UUID (version 4), as receivers key their duplicate checks on.
std::string new_delivery_id();

}  // namespace embargo::jobs
