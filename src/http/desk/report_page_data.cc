#include "http/desk/report_page_data.h"

#include <algorithm>
#include <tuple>

#include "core/sla.h"
#include "core/sla_marks.h"
#include "core/state.h"
#include "formats/clock_words.h"
#include "formats/due_words.h"
#include "formats/policy_words.h"
#include "formats/state_words.h"
#include "http/desk/desk_page_data.h"
#include "http/desk/report_page_forms.h"
#include "http/fix_work_page_data.h"
#include "http/page_data.h"
#include "http/timeline_rows.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

std::string or_nobody(const std::string& email) { return email.empty() ? "nobody" : email; }

std::string file_url(const Site& site, const Report& report, std::int64_t file) {
  return report_page_path(site, report.id) + "/files/" + std::to_string(file);
}

list file_rows(const std::vector<AttachmentInfo>& files, const Site& site, const Report& report) {
  list rows;
  for (const auto& file : files) {
    TemplateData row = object{};
    row.set("file_name", file.file_name);
    row.set("file_size", formats::size_words(file.size));
    row.set("file_url", file_url(site, report, file.id));
    rows.push_back(row);
  }
  return rows;
}

// Each clock with where it stands and, for one about to be or already broken, a mark in words.
list clock_rows(const std::vector<Clock>& clocks, const Policy& policy, Time now) {
  list rows;
  for (const auto& clock : clocks) {
    TemplateData row = object{};
    row.set("clock_name", std::string(formats::clock_title(clock.kind)));
    row.set("clock_target", describe_duration(clock.target) +
                                (clock.promised ? "" : " (internal target, not a promise)"));
    row.set("clock_due", clock.due_at ? formats::local_time_words(*clock.due_at, policy.calendar)
                                      : std::string("not while paused"));
    row.set("clock_standing", formats::clock_standing(clock, now));
    switch (clock_urgency(clock, now)) {
      case ClockUrgency::overdue:
        row.set("clock_mark", std::string("Overdue"));
        row.set("clock_class", std::string("overdue"));
        break;
      case ClockUrgency::due_soon:
        row.set("clock_mark", std::string("Due soon"));
        row.set("clock_class", std::string("due-soon"));
        break;
      case ClockUrgency::calm:
        row.set("clock_class", std::string("calm"));
        break;
    }
    rows.push_back(row);
  }
  return rows;
}

void add_escalation(TemplateData& page, const ReportView& view, const std::vector<Clock>& clocks,
                    Time now) {
  if (!escalated_to_owners(view.report, clocks, now)) return;
  list owners;
  for (const auto& member : view.members) {
    if (member.role == Role::owner) owners.push_back(member.email);
  }
  page.set("escalated", true);
  if (owners.empty()) {
    page.set("no_owners", true);
  } else {
    page.set("has_owners", true);
    page.set("owners", owners);
  }
}

// Messages and state changes in one timeline, oldest first. Row keys are none of the page's:
// Mustache looks a key a row lacks up in the page.
list timeline(const ReportView& view, const Site& site) {
  const Report& report = view.report;
  const Calendar& calendar = view.policy.calendar;
  std::vector<TimelineEntry> entries;
  for (const auto& t : report.history) {
    TemplateData row = object{};
    row.set("entry_at", formats::local_time_words(t.at, calendar));
    row.set("entry_who", t.actor == Actor::reporter ? std::string("The reporter") : t.actor_name);
    row.set("is_transition", true);
    row.set("transition_from", std::string(formats::state_title(t.from)));
    row.set("transition_to", std::string(formats::state_title(t.to)));
    if (!t.reason.empty()) {
      row.set("transition_reason", t.reason);
      if (reason_is_for_reporter(t.to)) row.set("reason_shown", true);
    }
    if (!t.duplicate_of.empty()) {
      row.set("original_id", t.duplicate_of);
      row.set("original_url", report_page_path(site, t.duplicate_of));
    }
    entries.emplace_back(t.at, t.step, row);
  }
  for (const auto& m : report.messages) {
    TemplateData row = object{};
    row.set("entry_at", formats::local_time_words(m.at, calendar));
    if (m.author == Actor::reporter) {
      row.set("entry_who", std::string("The reporter"));
      row.set("is_reporter", true);
      bool by_mail =
          std::any_of(view.mails.begin(), view.mails.end(),
                      [&m](const store::ReceivedMail& mail) { return mail.seq == m.seq; });
      if (by_mail) row.set("by_mail", true);
    } else {
      row.set("entry_who", m.author_name);
      row.set(m.internal ? "is_internal" : "is_reply", true);
    }
    row.set("entry_body", m.body);
    if (!m.attachments.empty()) row.set("entry_files", file_rows(m.attachments, site, report));
    entries.emplace_back(m.at, m.step, row);
  }
  return timeline_rows(std::move(entries));
}

// The report as submitted: every field it has, in the form's order and words, then any field
// the form no longer asks for, then how the reporter wants to be credited.
list submitted_fields(const Report& report, const Policy& policy) {
  list rows;
  auto add = [&rows](const std::string& label, const std::string& value) {
    TemplateData row = object{};
    row.set("field_label", label);
    row.set("field_value", value);
    rows.push_back(row);
  };
  std::vector<FormField> shown = policy.form.shown_fields();
  for (const auto& field : shown) {
    const std::string* value = report.submission.get(field.field);
    if (value == nullptr) continue;
    add(field.label.empty() ? std::string(info(field.field).label) : field.label, *value);
  }
  for (const auto& about : report_fields()) {
    const std::string* value = report.submission.get(about.field);
    bool in_form = std::any_of(shown.begin(), shown.end(),
                               [&](const FormField& f) { return f.field == about.field; });
    if (value != nullptr && !in_form) add(std::string(about.label), *value);
  }
  const CreditChoice& credit = report.submission.credit;
  add("Credit", credit.text.empty() ? std::string(to_string(credit.kind))
                                    : std::string(to_string(credit.kind)) + ": " + credit.text);
  add("Sent through", report.submission.channel);
  add("Agreed to the program's rules", report.submission.consented ? "yes" : "no");
  return rows;
}

// BM25 scores are negative (lower is closer) and mean nothing on their own: each report is put
// in words against the closest one, which the list shows first.
std::string closeness_words(double score, double closest) {
  if (score == closest) return "Closest";
  double share = closest < 0 ? score / closest : 0;
  if (share >= 0.75) return "Nearly as close";
  if (share >= 0.4) return "Somewhat alike";
  return "Shares a few words";
}

list similar_rows(const ReportView& view, const Site& site) {
  list rows;
  double closest = view.similar.empty() ? 0 : view.similar.front().score;
  for (const auto& s : view.similar) {
    TemplateData row = object{};
    row.set("similar_id", s.id);
    row.set("similar_url", report_page_path(site, s.id));
    row.set("similar_title", s.title);
    row.set("similar_state", std::string(formats::state_title(s.state)));
    row.set("similar_received", formats::local_time_words(s.received_at, view.policy.calendar));
    row.set("similar_score", closeness_words(s.score, closest));
    rows.push_back(row);
  }
  return rows;
}

list audit_rows(const ReportView& view) {
  list rows;
  for (const auto& event : view.audit) {
    TemplateData row = object{};
    row.set("audit_at", formats::local_time_words(event.at, view.policy.calendar));
    row.set("audit_actor", event.actor);
    row.set("audit_action", event.action);
    row.set("audit_details", event.details);
    rows.push_back(row);
  }
  return rows;
}

// What OpenPGP did to a mail, in the team's words.
std::string signature_words(const store::MailSecurity& security) {
  if (security.signature == "valid") return "signature valid (key " + security.signer + ")";
  if (security.signature == "bad") return "signature BAD: the mail was altered or forged";
  if (security.signature == "unknown_key") {
    return "signed with a key not known here (" + security.signer + ")";
  }
  return "not signed";
}

// The report's incoming mails with their OpenPGP state, and the reporter's key.
void add_mail(TemplateData& page, const ReportView& view, const Site& site) {
  if (view.mails.empty() && view.report.mail.reporter_key.empty() && !view.bounce) return;
  page.set("has_mail", true);
  if (view.bounce) {
    page.set("bounced_address", view.bounce->address);
    page.set("bounced_at", formats::local_time_words(view.bounce->at, view.policy.calendar));
    page.set("bounce_reason", view.bounce->reason);
  }
  if (!view.report.mail.reporter_key.empty())
    page.set("reporter_key", view.report.mail.reporter_key);
  list rows;
  for (std::size_t i = 0; i < view.mails.size(); ++i) {
    const auto& mail = view.mails[i];
    TemplateData row = object{};
    row.set("mail_what", std::string(mail.seq == 0 ? "The report by mail" : "A reply by mail"));
    row.set("mail_at", formats::local_time_words(mail.at, view.policy.calendar));
    row.set("mail_encryption",
            std::string(mail.security.encrypted ? "arrived encrypted" : "arrived unencrypted"));
    row.set("mail_signature", signature_words(mail.security));
    row.set("mail_url", report_mail_path(site, view.report.id, i + 1));
    rows.push_back(row);
  }
  page.set("mail_rows", rows);
}

void add_header(TemplateData& page, const ReportView& view) {
  const Report& report = view.report;
  page.set("report_id", report.id);
  page.set("report_title", display_title(report.submission));
  page.set("program_name", view.policy.identity.name);
  page.set("program_slug", report.program);
  page.set("state_code", std::string(to_string(report.state)));
  page.set("state_title", std::string(formats::state_title(report.state)));
  page.set("state_for_reporter", std::string(describe_for_reporter(report.state)));
  page.set("received_at", formats::local_time_words(report.received_at, view.policy.calendar));
  page.set("severity_words",
           report.severity ? std::string(to_string(*report.severity)) : std::string("not rated"));
  page.set("handler_words", or_nobody(report.triage.handler));
  page.set("backup_words", or_nobody(report.triage.backup_handler));
  list labels;
  for (const auto& label : report.triage.labels) labels.push_back(label);
  page.set("label_list", labels);
  if (!report.triage.cvss_vector.empty()) page.set("cvss_words", report.triage.cvss_vector);
  if (report.triage.cwe) page.set("cwe_words", "CWE-" + std::to_string(*report.triage.cwe));
}

}  // namespace

std::string report_page_path(const Site& site, const std::string& id) {
  return site.path + "/desk/reports/" + id;
}

std::string report_mail_path(const Site& site, const std::string& id, std::size_t number) {
  return report_page_path(site, id) + "/mails/" + std::to_string(number);
}

TemplateData report_page_data(const DeskContext& context, const ReportView& view,
                              const FormInput& input, Time now) {
  const Report& report = view.report;
  TemplateData page = desk_frame_data(context, "Report " + report.id);
  add_header(page, view);
  std::vector<Clock> clocks = evaluate_clocks(report, view.policy, now);
  page.set("clock_rows", clock_rows(clocks, view.policy, now));
  page.set("has_clocks", !clocks.empty());
  add_escalation(page, view, clocks, now);

  page.set("timeline", timeline(view, context.site));
  page.set("submitted", submitted_fields(report, view.policy));
  if (!report.submission.attachments.empty()) {
    page.set("submitted_files", file_rows(report.submission.attachments, context.site, report));
  }
  add_mail(page, view, context.site);
  page.set("similar_rows", similar_rows(view, context.site));
  page.set("has_similar", !view.similar.empty());
  page.set("audit_rows", audit_rows(view));

  page.set("report_url", report_page_path(context.site, report.id));
  kainjow::mustache::list advisories;
  for (const auto& advisory : view.advisories) {
    TemplateData row = kainjow::mustache::object{};
    row.set("id", advisory.id);
    row.set("url", context.site.path + "/desk/advisories/" + advisory.id);
    row.set("state", std::string(to_string(advisory.state)));
    row.set("summary", advisory.draft.summary);
    advisories.emplace_back(row);
  }
  if (!view.advisories.empty()) page.set("advisories", advisories);
  add_fix_work(page, report, view.policy.calendar);
  if (view.may_triage) {
    page.set("draft_advisory_url", report_page_path(context.site, report.id) + "/advisories");
    page.set("may_triage", true);
    page.set("script", static_file_url(context.site, "cvss_score.js"));
    page.set("cvss_api", context.site.path + "/api/v1/cvss");
    add_message_form(page, view, input);
    add_transition_form(page, view, input);
    add_triage_form(page, view, input);
    add_fix_work_forms(page, report, view.policy, input);
  }
  return page;
}

}  // namespace embargo::http
