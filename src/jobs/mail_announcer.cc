#include "jobs/mail_announcer.h"

#include "core/advisory.h"
#include "core/email.h"
#include "formats/security_txt.h"
#include "jobs/mail_config.h"
#include "jobs/mail_templates.h"
#include "jobs/reply_address.h"
#include "mail/outgoing.h"

namespace embargo::jobs {
namespace {

using kainjow::mustache::data;
using kainjow::mustache::list;

// The mailbox answers are sent to: the program's own address when it takes reports by mail,
// else the instance's sender (whose mail must reach `embargo mail receive` too).
std::string answer_mailbox(const Policy& policy, const MailConfig& config) {
  if (policy.intake.email && is_valid_email(policy.contacts.email)) return policy.contacts.email;
  return config.smtp.from;
}

data reporter_mail_data(const Report& report, const Policy& policy, const MailConfig& config) {
  data d;
  d.set("program", policy.identity.name);
  d.set("id", report.id);
  d.set("policy_url", formats::program_page_url(config.public_url, policy.identity.slug));
  return d;
}

}  // namespace

MailAnnouncer::MailAnnouncer(store::MailStore& settings, auth::SecretBox key,
                             std::filesystem::path gnupg_home, const TimeSource& time)
    : settings_(settings), key_(std::move(key)), gnupg_home_(std::move(gnupg_home)), time_(time) {}

std::vector<store::OutboxItem> MailAnnouncer::to_reporter(
    const Report& report, const Policy& policy, const MailConfig& config, const std::string& event,
    const std::string& subject, const std::string& text) {
  const std::string* address = report.submission.get(ReportField::reporter_email);
  if (address == nullptr || !is_valid_email(*address)) return {};

  mail::OutgoingMail m;
  m.from_name = policy.identity.name + " security team";
  m.from = config.smtp.from;
  m.to = *address;
  m.reply_to = reply_address(answer_mailbox(policy, config), report.id, key_);
  m.subject = subject;
  m.text = text;
  m.message_id = mail::new_message_id(config.sender_domain());
  if (!report.mail.message_ids.empty()) {
    m.in_reply_to = report.mail.message_ids.back();
    m.references = report.mail.message_ids;
  }
  m.date = time_.now();

  return {queued(event, m, report.mail.reporter_key)};
}

store::OutboxItem MailAnnouncer::queued(const std::string& event, const mail::OutgoingMail& m,
                                        const std::string& key_fingerprint) {
  store::OutboxItem item;
  item.event = event;
  item.recipient = m.to;
  item.message_id = m.message_id;
  try {
    std::string raw;
    if (key_fingerprint.empty()) {
      raw = mail::render_mail(m);
    } else {
      std::lock_guard lock(keyring_mutex_);
      if (!keyring_) keyring_ = std::make_unique<mail::Keyring>(gnupg_home_);
      // The key came to another server of the instance (a reporter's page or mail it answered):
      // this server's keyring takes it from the store.
      if (!keyring_->find(key_fingerprint)) {
        if (auto stored = settings_.reporter_public_key(key_fingerprint)) {
          keyring_->import(stored->armored);
        }
      }
      raw = mail::render_mail(
          m, [&](std::string_view inner) { return keyring_->encrypt(inner, key_fingerprint); });
    }
    item.payload = key_.seal(raw);
  } catch (const std::exception& e) {
    item.failure = "not sent: could not encrypt to the key " + key_fingerprint + ": " + e.what();
  }
  return item;
}

std::vector<store::OutboxItem> MailAnnouncer::report_created(const Report& report,
                                                             const Policy& policy,
                                                             const std::string& tracking_token,
                                                             const store::IntakeNotes& notes) {
  if (!notes.answer) return {};
  MailConfig config = load_mail_config(settings_, key_);
  if (!config.configured()) return {};
  data d = reporter_mail_data(report, policy, config);
  if (const auto* name = report.submission.get(ReportField::reporter_name)) d.set("name", *name);
  if (const auto* title = report.submission.get(ReportField::title)) d.set("title", *title);
  d.set("link", config.public_url + "/r/" + tracking_token);
  list not_kept;
  for (const auto& line : notes.not_kept) not_kept.emplace_back(line);
  d.set("has_not_kept", !notes.not_kept.empty());
  d.set("not_kept", not_kept);
  list promises;
  for (const auto& promise : policy.texts.promises) promises.emplace_back(promise);
  d.set("has_promises", !policy.texts.promises.empty());
  d.set("promises", promises);
  return to_reporter(report, policy, config, "report.received",
                     "[" + report.id + "] Your report to " + policy.identity.name,
                     render_mail_text("receipt", d));
}

std::vector<store::OutboxItem> MailAnnouncer::message_added(const Report& report,
                                                            const Policy& policy,
                                                            const Message& message) {
  if (message.author != Actor::team || !reporter_may_see(message)) return {};
  MailConfig config = load_mail_config(settings_, key_);
  if (!config.configured()) return {};
  data d = reporter_mail_data(report, policy, config);
  d.set("body", message.body);
  list files;
  for (const auto& file : message.attachments) files.emplace_back(file.file_name);
  d.set("has_files", !message.attachments.empty());
  d.set("files", files);
  return to_reporter(report, policy, config, "report.message",
                     "Re: [" + report.id + "] Your report to " + policy.identity.name,
                     render_mail_text("team_message", d));
}

std::vector<store::OutboxItem> MailAnnouncer::links_requested(
    const std::string& address, const std::vector<store::ReportLink>& links) {
  MailConfig config = load_mail_config(settings_, key_);
  if (!config.configured() || !is_valid_email(address) || links.empty()) return {};
  data d;
  d.set("site", config.public_url);
  list rows;
  for (const auto& link : links) {
    data row;
    row.set("id", link.report.id);
    row.set("program", link.program_name);
    row.set("title", display_title(link.report.submission));
    row.set("link", config.public_url + "/r/" + link.tracking_token);
    rows.push_back(row);
  }
  d.set("links", rows);
  // To the address as the reporter gave it, not as it was typed on the page.
  const std::string* given = links.front().report.submission.get(ReportField::reporter_email);
  mail::OutgoingMail m;
  m.from_name = "Embargo";
  m.from = config.smtp.from;
  m.to = given != nullptr ? *given : address;
  m.subject = "The links to your reports";
  m.text = render_mail_text("lost_links", d);
  m.message_id = mail::new_message_id(config.sender_domain());
  m.date = time_.now();
  // Sent in clear only when no report of the address has the reporter's key: a link is as
  // secret as the thread it opens.
  std::string fingerprint;
  for (const auto& link : links) {
    if (!link.report.mail.reporter_key.empty()) fingerprint = link.report.mail.reporter_key;
  }
  return {queued("report.links", m, fingerprint)};
}

std::vector<store::OutboxItem> MailAnnouncer::state_changed(const Report& report,
                                                            const Policy& policy,
                                                            const Transition& transition) {
  if (transition.actor == Actor::reporter) return {};
  MailConfig config = load_mail_config(settings_, key_);
  if (!config.configured()) return {};
  data d = reporter_mail_data(report, policy, config);
  std::string change(describe_for_reporter(transition.to));
  d.set("change", change);
  if (!transition.duplicate_of.empty()) d.set("duplicate_of", transition.duplicate_of);
  if (reason_is_for_reporter(transition.to) && !transition.reason.empty()) {
    d.set("reason", transition.reason);
  }
  d.set("may_answer", reporter_may_write(transition.to));
  if (auto advisory = published_advisory_of(transition.reason);
      advisory && transition.to == State::disclosed) {
    d.set("advisory_url",
          config.public_url + "/p/" + policy.identity.slug + "/advisories/" + *advisory);
  }
  return to_reporter(report, policy, config, "report.state",
                     "[" + report.id + "] Your report to " + policy.identity.name + ": " + change,
                     render_mail_text("state_changed", d));
}

}  // namespace embargo::jobs
