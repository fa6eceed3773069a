#include "http/reporter/thread_page_data.h"

#include <algorithm>
#include <tuple>
#include <vector>

#include "core/sla.h"
#include "core/state.h"
#include "formats/clock_words.h"
#include "formats/policy_words.h"
#include "http/fix_work_page_data.h"
#include "http/page_data.h"
#include "http/reporter/thread_advisory_data.h"
#include "http/reporter_access.h"
#include "http/timeline_rows.h"

namespace embargo::http {
namespace {

using kainjow::mustache::list;
using kainjow::mustache::object;

// The program's promises only; their times in the program's time zone when a promise counts
// days in it, else in UTC (a zone the program never named is not published).
list clock_sentences(const Report& report, const Policy& policy, Time at) {
  list sentences;
  const Calendar shown = published_calendar(policy);
  for (const auto& clock : promised_clocks(report, policy, at)) {
    sentences.emplace_back(formats::clock_sentence(clock, shown));
  }
  return sentences;
}

std::string thread_path(const Site& site, const std::string& token) {
  return site.path + "/r/" + token;
}

// The files as the reporter downloads them, by the reporter's numbers (ReporterFiles); a file
// whose bytes were never stored is named without a link.
list attachment_rows(const std::vector<AttachmentInfo>& files, const ReporterFiles& numbers,
                     const Site& site, const std::string& token) {
  list rows;
  for (const auto& file : files) {
    TemplateData row = object{};
    row.set("file_name", file.file_name);
    row.set("size", formats::size_words(file.size));
    if (std::int64_t number = numbers.number_of(file.id); number > 0) {
      row.set("file_url", thread_path(site, token) + "/attachments/" + std::to_string(number));
    }
    rows.push_back(row);
  }
  return rows;
}

// The report as sent, field by field, in the form's order and words.
list submitted_fields(const Report& report, const Policy& policy) {
  list rows;
  for (const auto& field : policy.form.shown_fields()) {
    const std::string* value = report.submission.get(field.field);
    if (value == nullptr) continue;
    TemplateData row = object{};
    row.set("label", field.label.empty() ? std::string(info(field.field).label) : field.label);
    row.set("value", *value);
    rows.push_back(row);
  }
  return rows;
}

// Messages and state changes in one timeline, oldest first. A row's keys are none of the page's
// ("change", "files"): Mustache looks a key a row lacks up in the page, so a message row asking
// for "state" or "attachments" would show the report's.
list timeline(const Report& report, const Policy& policy, const Site& site,
              const std::string& token) {
  std::vector<TimelineEntry> entries;
  ReporterFiles numbers(report);
  TemplateData sent = object{};
  sent.set("at", formats::local_time_words(report.received_at, published_calendar(policy)));
  sent.set("who", std::string("You"));
  sent.set("event", "Sent the report as " + report.id + ".");
  entries.emplace_back(report.received_at, 0, sent);
  for (const auto& t : report.history) {
    TemplateData row = object{};
    row.set("at", formats::local_time_words(t.at, published_calendar(policy)));
    row.set("who", std::string(t.actor == Actor::reporter ? "You" : "The security team"));
    row.set("change", std::string(describe_for_reporter(t.to)));
    if (reason_is_for_reporter(t.to) && !t.reason.empty()) row.set("reason", t.reason);
    if (!t.duplicate_of.empty()) row.set("duplicate_of", t.duplicate_of);
    entries.emplace_back(t.at, t.step, row);
  }
  for (const auto& m : report.messages) {
    if (!reporter_may_see(m)) continue;
    TemplateData row = object{};
    row.set("at", formats::local_time_words(m.at, published_calendar(policy)));
    row.set("who", std::string(m.author == Actor::reporter ? "You" : "The security team"));
    row.set("message", m.body);
    if (m.author == Actor::team) row.set("from_team", true);
    if (!m.attachments.empty()) {
      row.set("files", attachment_rows(m.attachments, numbers, site, token));
    }
    entries.emplace_back(m.at, m.step, row);
  }
  return timeline_rows(std::move(entries));
}

void add_credit_form(TemplateData& page, const Report& report, const Policy& policy,
                     const FormInput& input) {
  std::string chosen =
      value_or(input, "credit", std::string(to_string(report.submission.credit.kind)));
  list choices;
  auto add = [&](std::string_view value, std::string_view words) {
    TemplateData c = object{};
    c.set("value", std::string(value));
    c.set("words", std::string(words));
    c.set("id", "f-credit-" + std::string(value));
    if (chosen == value) c.set("selected", true);
    choices.push_back(c);
  };
  add("name", "By my name");
  add("handle", "By a handle or nickname");
  if (policy.credit.anonymous_allowed) add("anonymous", "Not at all: keep me anonymous");
  page.set("credit_choices", choices);
  page.set("credit_text", value_or(input, "credit_text", report.submission.credit.text));
  auto error = input.errors.find("credit");
  if (error != input.errors.end()) page.set("credit_error", error->second);
}

void add_reply_form(TemplateData& page, const Policy& policy, const FormInput& input) {
  page.set("reply", value_or(input, "body", ""));
  auto error = input.errors.find("body");
  if (error != input.errors.end()) page.set("reply_error", error->second);
  auto files_error = input.errors.find("attachments");
  if (files_error != input.errors.end()) page.set("attachments_error", files_error->second);
  const Attachments& files = policy.form.attachments;
  if (files.allowed) {
    page.set("attachments_allowed", true);
    page.set("attachments_sentence", formats::attachments_sentence(files));
    if (files.max_files != 1) page.set("attachments_multiple", true);
    std::string accept;
    for (const auto& ext : files.extensions) accept += (accept.empty() ? "" : ",") + ext;
    if (!accept.empty()) page.set("accept", accept);
  }
  if (!policy.intake.links_allowed) page.set("no_links", true);
}

// Why the thread takes no more of the reporter's messages, where the reply form would be: the
// store refuses them once the report is final (reporter_may_write).
std::string replies_closed_sentence(const Report& report) {
  const std::string reopen = " If the team reopens it, you can write here again.";
  switch (report.state) {
    case State::withdrawn:
      return "You withdrew this report; replies are closed. The team can reopen it.";
    case State::disclosed:
      return "This report is fixed and publicly disclosed; replies are closed.";
    case State::duplicate: {
      auto closing = std::find_if(report.history.rbegin(), report.history.rend(),
                                  [](const Transition& t) { return t.to == State::duplicate; });
      std::string original = closing != report.history.rend() && !closing->duplicate_of.empty()
                                 ? " of " + closing->duplicate_of
                                 : std::string();
      return "This report was closed as a duplicate" + original + "; replies are closed." + reopen;
    }
    case State::informative:
      return "This report was closed as informative (useful, but no fix is needed); replies are "
             "closed." +
             reopen;
    case State::not_applicable:
      return "This report was closed as not a vulnerability in this project; replies are closed." +
             reopen;
    case State::out_of_scope:
      return "This report was closed as outside the scope of this program; replies are closed." +
             reopen;
    case State::spam:
      return "This report was closed as spam; replies are closed." + reopen;
    default:
      return "Replies are closed.";
  }
}

// Where the reporter gives the OpenPGP key the team's mail is encrypted to: only for a report
// with an address to mail.
void add_key_form(TemplateData& page, const Report& report, const FormInput& input) {
  const std::string* address = report.submission.get(ReportField::reporter_email);
  if (address == nullptr) return;
  page.set("mail_to", *address);
  if (!report.mail.reporter_key.empty()) page.set("reporter_key", report.mail.reporter_key);
  auto error = input.errors.find("key");
  if (error != input.errors.end()) page.set("key_error", error->second);
  page.set("key_text", value_or(input, "key", ""));
}

}  // namespace

TemplateData receipt_page_data(const store::CreatedReport& created, const Policy& policy,
                               const Site& site) {
  const Report& report = created.report;
  TemplateData page =
      frame_data(site, "Report " + report.id + " received", policy.identity.languages.front());
  page.set("id", report.id);
  page.set("name", policy.identity.name);
  page.set("program_url", site.path + "/p/" + policy.identity.slug);
  page.set("received_at",
           formats::local_time_words(report.received_at, published_calendar(policy)));
  page.set("tracking_url", site.public_url + "/r/" + created.tracking_token);
  // The store recorded a receipt mail to the reporter's address when mail is configured.
  const std::string* address = report.submission.get(ReportField::reporter_email);
  if (address != nullptr && !report.mail.message_ids.empty()) {
    page.set("mailed_to", *address);
    page.set("lost_link_url", site.path + "/lost-link");
  }
  page.set("clocks", clock_sentences(report, policy, report.received_at));
  list steps;
  for (const auto& step : policy.disclosure.steps) steps.emplace_back(step);
  if (!policy.disclosure.steps.empty()) {
    page.set("steps", steps);
    page.set("has_steps", true);
  }
  if (!report.submission.attachments.empty()) {
    page.set("attachments", attachment_rows(report.submission.attachments, ReporterFiles(report),
                                            site, created.tracking_token));
  }
  return page;
}

TemplateData thread_page_data(const Report& report, const Policy& policy,
                              const std::vector<Advisory>& advisories, const Site& site,
                              const std::string& token, const std::string& csrf,
                              const FormInput& input, Time now) {
  TemplateData page = frame_data(site, "Report " + report.id, policy.identity.languages.front());
  page.set("id", report.id);
  page.set("name", policy.identity.name);
  page.set("program_url", site.path + "/p/" + policy.identity.slug);
  // Not the page's <title> ("title"): that lands in browser history and synced tabs.
  page.set("report_title", display_title(report.submission));
  page.set("state", std::string(describe_for_reporter(report.state)));
  page.set("received_at",
           formats::local_time_words(report.received_at, published_calendar(policy)));
  page.set("clocks", clock_sentences(report, policy, now));
  page.set("timeline", timeline(report, policy, site, token));
  add_fix_work(page, report, published_calendar(policy));
  if (!report.verifications.empty() && !report.verifications.back().answered_at &&
      reporter_may_write(report.state)) {
    page.set("may_answer_verification", true);
    page.set("because_value", value_or(input, "because", ""));
    auto error = input.errors.find("because");
    if (error != input.errors.end()) page.set("because_error", error->second);
  }
  if (!advisories.empty()) {
    page.set("script", static_file_url(site, "local_time.js"));
    page.set("advisories", reporter_advisories(report.id, advisories, policy, site));
    page.set("has_advisories", true);
  }
  page.set("fields", submitted_fields(report, policy));
  if (!report.submission.attachments.empty()) {
    page.set("attachments",
             attachment_rows(report.submission.attachments, ReporterFiles(report), site, token));
  }
  page.set("csrf", csrf);
  page.set("base", thread_path(site, token));
  auto form_error = input.errors.find("form");
  if (form_error != input.errors.end()) page.set("form_error", form_error->second);
  auto credit_error = input.errors.find("advisory_credit");
  if (credit_error != input.errors.end()) page.set("advisory_credit_error", credit_error->second);
  if (reporter_may_write(report.state)) {
    page.set("open", true);
    add_reply_form(page, policy, input);
  } else {
    page.set("replies_closed", replies_closed_sentence(report));
    // A reply that arrived after the report closed is not lost from the reporter's screen.
    auto unsent = input.values.find("body");
    if (unsent != input.values.end() && !unsent->second.empty()) {
      page.set("unsent_reply", unsent->second);
    }
  }
  add_credit_form(page, report, policy, input);
  add_key_form(page, report, input);
  if (find_transition(report.state, State::withdrawn) != nullptr) page.set("may_withdraw", true);
  return page;
}

}  // namespace embargo::http
