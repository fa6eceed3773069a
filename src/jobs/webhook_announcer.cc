#include "jobs/webhook_announcer.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <cstdio>

namespace embargo::jobs {
namespace json = boost::json;

namespace {

json::value severity_value(const std::optional<Severity>& severity) {
  if (!severity) return nullptr;
  return json::string(to_string(*severity));
}

}  // namespace

std::string new_delivery_id() {
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);
  bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);
  std::string id;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    std::array<char, 3> hex{};
    std::snprintf(hex.data(), hex.size(), "%02x", bytes[i]);
    id += hex.data();
  }
  return id;
}

WebhookAnnouncer::WebhookAnnouncer(store::Store& store, auth::SecretBox key)
    : store_(store), key_(std::move(key)) {}

std::vector<store::OutboxItem> WebhookAnnouncer::deliver(const std::string& program,
                                                         const std::string& event,
                                                         const json::object& members) {
  std::vector<store::OutboxItem> items;
  for (const auto& webhook : store_.webhooks().list_webhooks(program)) {
    if (std::find(webhook.events.begin(), webhook.events.end(), event) == webhook.events.end()) {
      continue;
    }
    store::OutboxItem item;
    item.channel = "webhook";
    item.event = event;
    item.recipient = webhook.url;
    item.message_id = new_delivery_id();
    // sent_at is set by the sender at each attempt, just before it signs.
    json::object body{{"event", event}, {"delivery", item.message_id}};
    for (const auto& [name, value] : members) body[name] = value;
    item.payload =
        key_.seal(json::serialize(json::object{{"webhook", webhook.key}, {"body", body}}));
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<store::OutboxItem> WebhookAnnouncer::announce(const Report& report,
                                                          const std::string& event,
                                                          const std::string& detail_name,
                                                          json::object detail) {
  json::object summary{{"id", report.id},
                       {"program", report.program},
                       {"state", to_string(report.state)},
                       {"severity", severity_value(report.severity)},
                       {"title", display_title(report.submission)},
                       {"received_at", format_time(report.received_at)}};
  std::string public_url = store_.mail().mail_setting("public_url").value_or("");
  if (!public_url.empty()) summary["url"] = public_url + "/desk/reports/" + report.id;
  json::object members{{"report", std::move(summary)}};
  if (!detail_name.empty()) members[detail_name] = std::move(detail);
  return deliver(report.program, event, members);
}

std::vector<store::OutboxItem> WebhookAnnouncer::report_created(const Report& report, const Policy&,
                                                                const std::string&,
                                                                const store::IntakeNotes&) {
  return announce(report, "report.created", "", {});
}

std::vector<store::OutboxItem> WebhookAnnouncer::message_added(const Report& report, const Policy&,
                                                               const Message& message) {
  return announce(report, "report.message", "message",
                  {{"seq", message.seq},
                   {"author", to_string(message.author)},
                   {"internal", message.internal},
                   {"attachments", message.attachments.size()},
                   {"at", format_time(message.at)}});
}

std::vector<store::OutboxItem> WebhookAnnouncer::state_changed(const Report& report, const Policy&,
                                                               const Transition& transition) {
  return announce(
      report, "report.state", "transition",
      {{"from", to_string(transition.from)},
       {"to", to_string(transition.to)},
       {"by", to_string(transition.actor)},
       {"at", format_time(transition.at == Time{} ? store_.time().now() : transition.at)}});
}

std::vector<store::OutboxItem> WebhookAnnouncer::advisory_published(
    const PublishedAdvisory& advisory, const std::vector<std::string>& reports) {
  json::object summary{{"id", advisory.id},
                       {"program", advisory.program},
                       {"revision", advisory.revision},
                       {"summary", advisory.draft.summary},
                       {"published_at", format_time(advisory.published_at)},
                       {"modified_at", format_time(advisory.modified_at)},
                       {"reports", json::array(reports.begin(), reports.end())}};
  std::string public_url = store_.mail().mail_setting("public_url").value_or("");
  if (!public_url.empty()) {
    summary["url"] = public_url + "/p/" + advisory.program + "/advisories/" + advisory.id;
  }
  return deliver(advisory.program, "advisory.published", {{"advisory", std::move(summary)}});
}

}  // namespace embargo::jobs
