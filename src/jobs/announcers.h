#pragma once

#include <memory>
#include <vector>

#include "store/mail.h"

namespace embargo::jobs {

// The store calls one announcer; this one asks each of its announcers in turn (the mail to the
// reporter, the team's, the program's webhooks) and queues everything they return, in the same
// write. One that throws stops the change, as a single announcer's would.
class CompositeAnnouncer final : public store::Announcer {
 public:
  explicit CompositeAnnouncer(std::vector<std::shared_ptr<store::Announcer>> announcers);

  std::vector<store::OutboxItem> report_created(const Report& report, const Policy& policy,
                                                const std::string& tracking_token,
                                                const store::IntakeNotes& notes) override;
  std::vector<store::OutboxItem> message_added(const Report& report, const Policy& policy,
                                               const Message& message) override;
  std::vector<store::OutboxItem> state_changed(const Report& report, const Policy& policy,
                                               const Transition& transition) override;
  std::vector<store::OutboxItem> links_requested(
      const std::string& address, const std::vector<store::ReportLink>& links) override;
  std::vector<store::OutboxItem> handler_assigned(const Report& report, const Policy& policy,
                                                  const std::string& email, bool backup,
                                                  const std::string& actor) override;
  std::vector<store::OutboxItem> invitation_created(const store::Invitation& invitation,
                                                    const std::string& secret) override;
  std::vector<store::OutboxItem> advisory_published(
      const PublishedAdvisory& advisory, const std::vector<std::string>& reports) override;

 private:
  std::vector<std::shared_ptr<store::Announcer>> announcers_;
};

}  // namespace embargo::jobs
