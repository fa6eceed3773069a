#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "auth/secret_box.h"
#include "jobs/mail_config.h"
#include "mail/outgoing.h"
#include "mail/pgp.h"
#include "store/mail.h"

namespace embargo::jobs {

// Tells the reporter by mail what the reporter's page shows: the receipt with the tracking link,
// every team message the reporter may see, and each change of state. Each mail is rendered from
// web/templates/mail/, encrypted to the reporter's key when the report has one, sealed under the
// instance key and queued with the change (store::Announcer). Nothing is queued while mail is
// not configured or the report has no valid reporter address; automatic mail gets no receipt.
// What the team hears is TeamAnnouncer's, and each reporter hears of a publication from their
// report's move to disclosed.
class MailAnnouncer final : public store::Announcer {
 public:
  // `clock` dates the mails: the store's.
  MailAnnouncer(store::MailStore& settings, auth::SecretBox key, std::filesystem::path gnupg_home,
                const TimeSource& time);

  std::vector<store::OutboxItem> report_created(const Report& report, const Policy& policy,
                                                const std::string& tracking_token,
                                                const store::IntakeNotes& notes) override;
  std::vector<store::OutboxItem> message_added(const Report& report, const Policy& policy,
                                               const Message& message) override;
  std::vector<store::OutboxItem> state_changed(const Report& report, const Policy& policy,
                                               const Transition& transition) override;
  std::vector<store::OutboxItem> links_requested(
      const std::string& address, const std::vector<store::ReportLink>& links) override;

 private:
  // The mail as queued: rendered, encrypted to `key_fingerprint` unless it is empty, sealed.
  store::OutboxItem queued(const std::string& event, const mail::OutgoingMail& m,
                           const std::string& key_fingerprint);
  // One mail to the reporter, or nothing when there is nobody to tell or mail is off.
  std::vector<store::OutboxItem> to_reporter(const Report& report, const Policy& policy,
                                             const MailConfig& config, const std::string& event,
                                             const std::string& subject, const std::string& text);

  store::MailStore& settings_;
  auth::SecretBox key_;
  std::filesystem::path gnupg_home_;
  const TimeSource& time_;
  std::mutex keyring_mutex_;
  std::unique_ptr<mail::Keyring> keyring_;  // opened at the first encrypted mail
};

}  // namespace embargo::jobs
