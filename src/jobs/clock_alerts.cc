#include "jobs/clock_alerts.h"

#include <algorithm>

#include "core/sla_marks.h"
#include "formats/clock_words.h"
#include "formats/due_words.h"
#include "jobs/mail_config.h"
#include "jobs/team_announcer.h"

namespace embargo::jobs {
namespace {

constexpr int kPage = 200;

// Who hears of one clock: due soon, the primary handler (nobody assigned: the owners); overdue,
// the handler and the owners.
std::vector<store::Member> told_of(const std::vector<store::Member>& members,
                                   const std::string& handler, ClockUrgency urgency) {
  bool assigned = std::any_of(members.begin(), members.end(),
                              [&](const store::Member& m) { return m.email == handler; });
  std::vector<store::Member> told;
  for (const auto& member : members) {
    bool is_handler = member.email == handler;
    bool is_owner = member.role == Role::owner;
    bool escalate = urgency == ClockUrgency::overdue || !assigned;
    if (is_handler || (is_owner && escalate)) told.push_back(member);
  }
  return told;
}

// The alerts of one report's clocks at `at`; how many were made.
int alert_report(store::Store& store, const auth::SecretBox& key, const MailConfig& config,
                 const std::string& id, Time at) {
  auto report = store.find_report(id);
  if (!report) return 0;
  auto program = store.find_program(report->program);
  if (!program) return 0;
  const Policy& policy = program->policy;
  std::vector<store::Member> members;
  int made = 0;
  for (const Clock& clock : evaluate_clocks(*report, policy, at)) {
    ClockUrgency urgency = clock_urgency(clock, at);
    if (urgency == ClockUrgency::calm || !clock.due_at) continue;
    if (urgency == ClockUrgency::due_soon && *clock.due_at > at + kDueSoonHorizon) continue;
    if (members.empty()) members = store.accounts().list_members(report->program);
    bool overdue = urgency == ClockUrgency::overdue;
    std::string title(formats::clock_title(clock.kind));
    std::string standing = formats::due_words(*clock.due_at, at);
    kainjow::mustache::data d;
    d.set("program", policy.identity.name);
    d.set("id", report->id);
    d.set("clock", title);
    d.set("standing", standing);
    d.set("overdue", overdue);
    d.set("due", formats::local_time_words(*clock.due_at, policy.calendar));
    d.set("handler", report->triage.handler.empty() ? "nobody" : report->triage.handler);
    d.set("escalated", overdue || report->triage.handler.empty());
    d.set("desk_link", config.public_url + "/desk/reports/" + report->id);
    d.set("account_link", config.public_url + "/account");
    std::string level = overdue ? "overdue" : "due_soon";
    std::string subject = "[" + report->id + "] ";
    subject += title;
    subject += overdue ? ": overdue" : ": due soon";
    std::string line = report->id + ": ";
    line += title;
    line += " " + standing;
    auto items = tell_team(key, config, told_of(members, report->triage.handler, urgency),
                           {"team.clock_" + level, "team_clock", d, subject, line}, at);
    if (store.mail().record_clock_alert(report->id, clock.kind, level, *clock.due_at, items)) {
      ++made;
    }
  }
  return made;
}

}  // namespace

int alert_due_clocks(store::Store& store, const auth::SecretBox& key, Time at) {
  MailConfig config = load_mail_config(store.mail(), key);
  if (!config.configured()) return 0;
  int made = 0;
  for (const auto& id : store.mail().clock_alert_candidates(at, at + kDueSoonHorizon, kPage)) {
    made += alert_report(store, key, config, id, at);
  }
  return made;
}

}  // namespace embargo::jobs
