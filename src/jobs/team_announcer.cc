#include "jobs/team_announcer.h"

#include <algorithm>

#include "core/email.h"
#include "formats/clock_words.h"
#include "jobs/mail_templates.h"

namespace embargo::jobs {
namespace {

using kainjow::mustache::data;

data team_mail_data(const Report& report, const Policy& policy, const MailConfig& config) {
  data d;
  d.set("program", policy.identity.name);
  d.set("id", report.id);
  d.set("desk_link", config.public_url + "/desk/reports/" + report.id);
  d.set("account_link", config.public_url + "/account");
  return d;
}

bool is_member(const std::vector<store::Member>& members, const std::string& email) {
  return std::any_of(members.begin(), members.end(),
                     [&](const store::Member& m) { return m.email == email; });
}

}  // namespace

store::OutboxItem team_mail(const auth::SecretBox& key, const MailConfig& config,
                            const std::string& address, const std::string& event,
                            const std::string& subject, const std::string& text, Time date) {
  mail::OutgoingMail m;
  m.from_name = "Embargo";
  m.from = config.smtp.from;
  m.to = address;
  m.subject = subject;
  m.text = text;
  m.message_id = mail::new_message_id(config.sender_domain());
  m.date = date;
  store::OutboxItem item;
  item.event = event;
  item.recipient = address;
  item.message_id = m.message_id;
  item.payload = key.seal(mail::render_mail(m));
  item.team = true;
  return item;
}

std::vector<store::OutboxItem> tell_team(const auth::SecretBox& key, const MailConfig& config,
                                         const std::vector<store::Member>& members,
                                         TeamNotice notice, Time date) {
  std::vector<store::OutboxItem> items;
  bool rendered = false;
  std::string text;
  for (const auto& member : members) {
    if (member.notify == NotifyMode::off || !is_valid_email(member.email)) continue;
    if (member.notify == NotifyMode::digest) {
      store::OutboxItem line;
      line.event = notice.event;
      line.recipient = member.email;
      line.payload = key.seal(notice.digest_line);
      line.team = true;
      line.digest = true;
      items.push_back(std::move(line));
      continue;
    }
    if (!rendered) {
      notice.data.set("footer", render_mail_text("team_footer", notice.data));
      text = render_mail_text(notice.template_name, notice.data);
      rendered = true;
    }
    items.push_back(team_mail(key, config, member.email, notice.event, notice.subject, text, date));
  }
  return items;
}

TeamAnnouncer::TeamAnnouncer(store::Store& store, auth::SecretBox key)
    : store_(store), key_(std::move(key)) {}

std::vector<store::OutboxItem> TeamAnnouncer::report_created(const Report& report,
                                                             const Policy& policy,
                                                             const std::string& /*tracking_token*/,
                                                             const store::IntakeNotes& /*notes*/) {
  MailConfig config = load_mail_config(store_.mail(), key_);
  if (!config.configured()) return {};
  std::string received = formats::local_time_words(report.received_at, policy.calendar);
  data d = team_mail_data(report, policy, config);
  d.set("received", received);
  return tell_team(key_, config, store_.accounts().list_members(report.program),
                   {"team.report_created", "team_new_report", d,
                    "[" + report.id + "] New report to " + policy.identity.name,
                    report.id + ": new report to " + policy.identity.name + ", " + received},
                   store_.time().now());
}

std::vector<store::OutboxItem> TeamAnnouncer::message_added(const Report& report,
                                                            const Policy& policy,
                                                            const Message& message) {
  if (message.author != Actor::reporter) return {};
  MailConfig config = load_mail_config(store_.mail(), key_);
  if (!config.configured()) return {};
  auto members = store_.accounts().list_members(report.program);
  const Triage& triage = report.triage;
  bool anyone_assigned =
      is_member(members, triage.handler) || is_member(members, triage.backup_handler);
  std::vector<store::Member> told;
  for (const auto& member : members) {
    bool assigned = member.email == triage.handler || member.email == triage.backup_handler;
    if (anyone_assigned ? assigned : member.role != Role::viewer) told.push_back(member);
  }
  std::string at = formats::local_time_words(message.at, policy.calendar);
  data d = team_mail_data(report, policy, config);
  d.set("at", at);
  return tell_team(
      key_, config, told,
      {"team.reporter_replied", "team_reporter_replied", d,
       "[" + report.id + "] The reporter wrote", report.id + ": the reporter wrote, " + at},
      store_.time().now());
}

std::vector<store::OutboxItem> TeamAnnouncer::handler_assigned(const Report& report,
                                                               const Policy& policy,
                                                               const std::string& email,
                                                               bool backup,
                                                               const std::string& actor) {
  if (email == actor) return {};
  MailConfig config = load_mail_config(store_.mail(), key_);
  if (!config.configured()) return {};
  std::vector<store::Member> told;
  for (const auto& member : store_.accounts().list_members(report.program)) {
    if (member.email == email) told.push_back(member);
  }
  std::string as = backup ? "backup handler" : "handler";
  data d = team_mail_data(report, policy, config);
  d.set("actor", actor);
  d.set("as", as);
  return tell_team(key_, config, told,
                   {"team.assigned", "team_assigned", d,
                    "[" + report.id + "] You are the " + as + " of " + report.id,
                    report.id + ": " + actor + " made you its " + as},
                   store_.time().now());
}

std::vector<store::OutboxItem> TeamAnnouncer::invitation_created(
    const store::Invitation& invitation, const std::string& secret) {
  MailConfig config = load_mail_config(store_.mail(), key_);
  if (!config.configured() || !is_valid_email(invitation.email)) return {};
  auto program = store_.find_program(invitation.program);
  std::string name = program ? program->policy.identity.name : invitation.program;
  data d;
  d.set("invited_by", invitation.invited_by == "cli" ? "An administrator" : invitation.invited_by);
  d.set("program", name);
  d.set("role", std::string(to_string(invitation.role)));
  d.set("link", config.public_url + "/invite/" + secret);
  d.set("expires", format_time(invitation.expires_at));
  d.set("site", config.public_url);
  return {team_mail(key_, config, invitation.email, "team.invitation",
                    "You are invited to the " + name + " security team",
                    render_mail_text("team_invitation", d), store_.time().now())};
}

}  // namespace embargo::jobs
