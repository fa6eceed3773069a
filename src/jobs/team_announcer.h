#pragma once

#include <kainjow/mustache.hpp>
#include <string>
#include <vector>

#include "auth/secret_box.h"
#include "jobs/mail_config.h"
#include "mail/outgoing.h"
#include "store/store.h"

namespace embargo::jobs {

// A mail to a team member, rendered and sealed for the outbox: from "Embargo" at the instance's
// sender, never answerable into a report's thread (OutboxItem::team).
// `date` is the mail's Date.
store::OutboxItem team_mail(const auth::SecretBox& key, const MailConfig& config,
                            const std::string& address, const std::string& event,
                            const std::string& subject, const std::string& text, Time date);

// What one event tells the team: its name, the mail template and its data, the subject, and the
// line a digest shows.
struct TeamNotice {
  std::string event;
  std::string template_name;
  kainjow::mustache::data data;
  std::string subject;
  std::string digest_line;
};

// The notice for each of `members` as they chose to hear it (store::Member::notify): a mail, a
// line held for their digest, or nothing.
std::vector<store::OutboxItem> tell_team(const auth::SecretBox& key, const MailConfig& config,
                                         const std::vector<store::Member>& members,
                                         TeamNotice notice, Time date);

// Tells the program's team by mail what needs them (docs/notifications.md): a new report (every
// member), the reporter wrote (the report's handler and backup, or the handlers and owners while
// nobody is assigned), you were made a report's handler (unless you did it yourself), and an
// invitation to the person invited. Each member chose how they hear (store::Member::notify): a
// mail at once, a line in their daily digest (OutboxItem::digest), or nothing. Team mail names
// the report and links to the desk, never its contents: those stay behind the sign-in. Nothing
// is queued while mail is not configured, nor for a change of state (the team made it, or the
// reporter's message that came with it is told), tracking links (the reporter's alone) or a
// publication (the team publishes, and each disclosed report is announced as a transition).
class TeamAnnouncer final : public store::Announcer {
 public:
  TeamAnnouncer(store::Store& store, auth::SecretBox key);

  std::vector<store::OutboxItem> report_created(const Report& report, const Policy& policy,
                                                const std::string& tracking_token,
                                                const store::IntakeNotes& notes) override;
  std::vector<store::OutboxItem> message_added(const Report& report, const Policy& policy,
                                               const Message& message) override;
  std::vector<store::OutboxItem> handler_assigned(const Report& report, const Policy& policy,
                                                  const std::string& email, bool backup,
                                                  const std::string& actor) override;
  std::vector<store::OutboxItem> invitation_created(const store::Invitation& invitation,
                                                    const std::string& secret) override;

 private:
  store::Store& store_;
  auth::SecretBox key_;
};

}  // namespace embargo::jobs
