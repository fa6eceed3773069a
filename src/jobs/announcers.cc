#include "jobs/announcers.h"

namespace embargo::jobs {
namespace {

template <typename Call>
std::vector<store::OutboxItem> gather(const std::vector<std::shared_ptr<store::Announcer>>& all,
                                      Call call) {
  std::vector<store::OutboxItem> items;
  for (const auto& announcer : all) {
    auto more = call(*announcer);
    items.insert(items.end(), std::make_move_iterator(more.begin()),
                 std::make_move_iterator(more.end()));
  }
  return items;
}

}  // namespace

CompositeAnnouncer::CompositeAnnouncer(std::vector<std::shared_ptr<store::Announcer>> announcers)
    : announcers_(std::move(announcers)) {}

std::vector<store::OutboxItem> CompositeAnnouncer::report_created(const Report& report,
                                                                  const Policy& policy,
                                                                  const std::string& tracking_token,
                                                                  const store::IntakeNotes& notes) {
  return gather(announcers_, [&](store::Announcer& a) {
    return a.report_created(report, policy, tracking_token, notes);
  });
}

std::vector<store::OutboxItem> CompositeAnnouncer::message_added(const Report& report,
                                                                 const Policy& policy,
                                                                 const Message& message) {
  return gather(announcers_,
                [&](store::Announcer& a) { return a.message_added(report, policy, message); });
}

std::vector<store::OutboxItem> CompositeAnnouncer::state_changed(const Report& report,
                                                                 const Policy& policy,
                                                                 const Transition& transition) {
  return gather(announcers_,
                [&](store::Announcer& a) { return a.state_changed(report, policy, transition); });
}

std::vector<store::OutboxItem> CompositeAnnouncer::links_requested(
    const std::string& address, const std::vector<store::ReportLink>& links) {
  return gather(announcers_,
                [&](store::Announcer& a) { return a.links_requested(address, links); });
}

std::vector<store::OutboxItem> CompositeAnnouncer::handler_assigned(const Report& report,
                                                                    const Policy& policy,
                                                                    const std::string& email,
                                                                    bool backup,
                                                                    const std::string& actor) {
  return gather(announcers_, [&](store::Announcer& a) {
    return a.handler_assigned(report, policy, email, backup, actor);
  });
}

std::vector<store::OutboxItem> CompositeAnnouncer::invitation_created(
    const store::Invitation& invitation, const std::string& secret) {
  return gather(announcers_,
                [&](store::Announcer& a) { return a.invitation_created(invitation, secret); });
}

std::vector<store::OutboxItem> CompositeAnnouncer::advisory_published(
    const PublishedAdvisory& advisory, const std::vector<std::string>& reports) {
  return gather(announcers_,
                [&](store::Announcer& a) { return a.advisory_published(advisory, reports); });
}

}  // namespace embargo::jobs
