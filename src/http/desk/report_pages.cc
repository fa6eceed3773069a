#include "http/desk/report_pages.h"

#include <algorithm>
#include <charconv>
#include <memory>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/state.h"
#include "http/authorize.h"
#include "http/desk/report_page_data.h"
#include "http/desk/settings_page_data.h"
#include "http/desk_routes.h"
#include "http/form_text.h"
#include "http/form_upload.h"
#include "http/html_response.h"
#include "http/query_parameter.h"
#include "http/refusal_status.h"
#include "http/reporter_access.h"
#include "scoring/cwe.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// How many events of its audit log the page shows, newest first.
constexpr int kAuditShown = 100;
constexpr int kSimilarShown = 5;

// The canned response a GET ?canned=KEY asks to insert; nullopt for none or a malformed key.
std::optional<std::int64_t> canned_param(const Request& request) {
  auto param = query_parameter(request.target(), "canned");
  if (!param) return std::nullopt;
  const std::string& text = *param;
  std::int64_t key = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), key);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return key;
}

// A refusal shown beside its field when the form has that field, else at the top of `form`.
void place(FormInput& input, const Refusal& r, std::initializer_list<std::string_view> fields,
           const std::string& form) {
  for (auto field : fields) {
    if (r.field() == field) {
      input.errors[std::string(field)] = r.what();
      return;
    }
  }
  input.errors[form] = r.what();
}

bool has_files(const DeskContext& c) {
  return std::any_of(c.parts.begin(), c.parts.end(), [](const FormPart& p) { return p.is_file; });
}

class ReportPages {
 public:
  explicit ReportPages(store::Store& store) : store_(store) {}

  Response show(DeskContext& c) {
    Report report = open(c, Permission::read);
    // Opened by a member: the reporter's answer is read, and the queue stops marking it.
    if (report.reporter_replied) store_.mark_read_by_team(report.id);
    ReportView view = view_of(c, std::move(report));
    view.canned_key = canned_param(c.request);
    return page(c, view, bh::status::ok, {});
  }

  Response download(DeskContext& c) {
    Report report = open(c, Permission::read);
    auto id = file_id(c.params.get("file"));
    auto file = id ? store_.find_attachment(report.id, *id) : std::nullopt;
    if (!file) return not_found_page(c.request, c.site);
    return file_download(c.request, std::move(*file));
  }

  // An incoming mail as it was received, for the team's own tools (a mail client, gpg).
  Response mail(DeskContext& c) {
    Report report = open(c, Permission::read);
    auto number = file_id(c.params.get("number"));
    auto mails = store_.mail().incoming_mails(report.id);
    if (!number || *number > static_cast<std::int64_t>(mails.size())) {
      return not_found_page(c.request, c.site);
    }
    std::string name = report.id + "-mail-" + std::to_string(*number) + ".eml";
    return file_download(
        c.request, describe_upload(name, "message/rfc822",
                                   std::move(mails[static_cast<std::size_t>(*number) - 1].raw)));
  }

  Response write(DeskContext& c) {
    Report report = open(c, Permission::triage);
    FormInput input = input_of(c);
    std::string visibility = c.field("visibility");
    NewMessage message;
    message.author = Actor::team;
    message.author_name = c.caller().email;
    message.internal = visibility != "reporter";
    message.body = unix_lines(c.field("body"));
    if (visibility != "reporter" && visibility != "internal") {
      input.errors["message"] = "Choose whether this is an internal note or a reply.";
    } else if (!message.internal && c.field("confirm_reporter") != "yes") {
      input.errors["confirm_reporter"] =
          "Tick \"I understand the reporter will see this\" to send a reply to the reporter; "
          "nothing was sent." +
          std::string(has_files(c) ? " Choose the files again." : "");
    }
    if (!input.errors.empty()) {
      return refused(c, std::move(report), input, bh::status::unprocessable_entity);
    }
    try {
      for (const auto& part : c.parts) {
        if (part.is_file) message.uploads.push_back(form_upload(part));
      }
      store_.add_message(report.id, message);
    } catch (const Refusal& r) {
      place(input, r, {"body", "attachments"}, "message");
      return refused(c, std::move(report), input, status_of(r));
    }
    return see_other(c.request, report_page_path(c.site, report.id));
  }

  Response move(DeskContext& c) {
    Report report = open(c, Permission::triage);
    FormInput input = input_of(c);
    auto from = parse_state(c.field("from"));
    auto to = parse_state(c.field("to"));
    if (!to) {
      input.errors["to"] = "Choose the state to move the report to.";
      return refused(c, std::move(report), input, bh::status::unprocessable_entity);
    }
    Transition t;
    t.from = from.value_or(report.state);
    t.to = *to;
    t.at = store_.time().now();
    t.actor = Actor::team;
    t.actor_name = c.caller().email;
    t.reason = trimmed(unix_lines(c.field("reason")));
    t.duplicate_of = trimmed(c.field("duplicate_of"));
    try {
      store_.transition_report(report.id, t);
    } catch (const Refusal& r) {
      place(input, r, {"to", "reason", "duplicate_of"}, "transition");
      if (r.field() == "from") input.errors["to"] = r.what();
      return refused(c, std::move(report), input, status_of(r));
    }
    return see_other(c.request, report_page_path(c.site, report.id));
  }

  Response expected_fix(DeskContext& c) {
    Report report = open(c, Permission::triage);
    FormInput input = input_of(c);
    try {
      store_.set_expected_fix(report.id,
                              {c.field("fix_on"),
                               unix_lines(c.field("evaluation")),
                               unix_lines(c.field("reason")),
                               {},
                               {}},
                              c.caller().email);
    } catch (const Refusal& r) {
      input.errors["expected_fix"] = r.what();
      return refused(c, std::move(report), input, status_of(r));
    }
    return see_other(c.request, report_page_path(c.site, report.id));
  }

  // The request to verify a fix, with the team's patches (.patch, .diff).
  Response verification(DeskContext& c) {
    Report report = open(c, Permission::triage);
    FormInput input = input_of(c);
    try {
      NewMessage message{
          Actor::team, c.caller().email, false, unix_lines(c.field("verification_body")), {}};
      for (const auto& part : c.parts) {
        if (part.is_file) message.uploads.push_back(form_upload(part));
      }
      store_.request_verification(report.id, c.field("fixed_in"), message);
    } catch (const Refusal& r) {
      input.errors["verification"] =
          r.what() + std::string(has_files(c) ? " Choose the files again." : "");
      return refused(c, std::move(report), input, status_of(r));
    }
    return see_other(c.request, report_page_path(c.site, report.id));
  }

  Response triage(DeskContext& c) {
    Report report = open(c, Permission::triage);
    FormInput input = input_of(c);
    if (c.field("action") == "score") return refused(c, std::move(report), input, bh::status::ok);
    TriageUpdate update;
    try {
      update = update_of(c);
      store_.update_triage(report.id, update, c.caller().email);
    } catch (const Refusal& r) {
      place(input, r,
            {"cvss_vector", "severity", "cwe", "affected_versions", "fixed_versions", "handler",
             "backup_handler", "labels"},
            "triage");
      return refused(c, std::move(report), input, status_of(r));
    }
    return see_other(c.request, report_page_path(c.site, report.id));
  }

 private:
  // The report of the path, once the caller may do `permission` to its program; an unknown id
  // is refused as a program the caller may not read is, so neither tells the other apart.
  Report open(const DeskContext& c, Permission permission) {
    auto report = store_.find_report(std::string(c.params.get("id")));
    if (!report) throw Denied(Verdict::hidden);
    require(c.caller(), permission, report->program);
    return std::move(*report);
  }

  ReportView view_of(const DeskContext& c, Report report) {
    ReportView view;
    auto program = store_.find_program(report.program);
    if (program) view.policy = std::move(program->policy);
    view.members = store_.accounts().list_members(report.program);
    view.canned = store_.list_canned_responses(report.program);
    view.similar = store_.similar_reports(report.id, kSimilarShown);
    store::AuditQuery audit;
    audit.report = report.id;
    audit.limit = kAuditShown;
    audit.newest_first = true;
    view.audit = store_.audit_log(audit);
    view.may_triage = c.caller().may(Permission::triage, report.program);
    view.advisories = store_.advisories().advisories_of_report(report.id);
    view.mails = store_.mail().incoming_mails(report.id);
    if (const auto* address = report.submission.get(ReportField::reporter_email)) {
      view.bounce = store_.mail().bounced_address(*address);
    }
    view.report = std::move(report);
    return view;
  }

  Response page(const DeskContext& c, const ReportView& view, bh::status status,
                const FormInput& input) {
    return private_page(c.request, status, "desk_report",
                        report_page_data(c, view, input, store_.time().now()));
  }

  Response refused(const DeskContext& c, Report report, const FormInput& input, bh::status status) {
    return page(c, view_of(c, std::move(report)), status, input);
  }

  // The triage form as a whole update: every field it shows replaces the stored value.
  static TriageUpdate update_of(const DeskContext& c) {
    TriageUpdate update;
    update.cvss_vector = trimmed(c.field("cvss_vector"));
    std::string severity = c.field("severity");
    if (severity == "none") {
      update.severity = std::optional<Severity>();
    } else if (!severity.empty()) {
      auto parsed = parse_severity(severity);
      if (!parsed) throw invalid("severity", "Choose one of the severities offered.");
      update.severity = parsed;
    }
    std::string cwe = trimmed(c.field("cwe"));
    if (cwe.empty()) {
      update.cwe = std::optional<int>();
    } else {
      std::string problem;
      auto id = scoring::parse_cwe_id(cwe, &problem);
      if (!id) throw invalid("cwe", "CWE: " + problem);
      update.cwe = id;
    }
    update.affected_versions = pieces(c.field("affected_versions"), "\n");
    update.fixed_versions = pieces(c.field("fixed_versions"), "\n");
    update.handler = c.field("handler");
    update.backup_handler = c.field("backup_handler");
    update.labels = pieces(c.field("labels"), ",");
    return update;
  }

  store::Store& store_;
};

}  // namespace

void add_report_pages(Router& router, store::Store& store, const Site& site,
                      const SessionRules& rules) {
  auto pages = std::make_shared<ReportPages>(store);
  auto page = [&](auto member) {
    return desk_page(store.accounts(), site, rules,
                     [pages, member](DeskContext& c) { return ((*pages).*member)(c); });
  };
  router.add(bh::verb::get, "/desk/reports/{id}", page(&ReportPages::show));
  router.add(bh::verb::get, "/desk/reports/{id}/files/{file}", page(&ReportPages::download));
  router.add(bh::verb::get, "/desk/reports/{id}/mails/{number}", page(&ReportPages::mail));
  router.add(bh::verb::post, "/desk/reports/{id}/messages", page(&ReportPages::write));
  router.add(bh::verb::post, "/desk/reports/{id}/transitions", page(&ReportPages::move));
  router.add(bh::verb::post, "/desk/reports/{id}/triage", page(&ReportPages::triage));
  router.add(bh::verb::post, "/desk/reports/{id}/expected-fix", page(&ReportPages::expected_fix));
  router.add(bh::verb::post, "/desk/reports/{id}/verification", page(&ReportPages::verification));
}

}  // namespace embargo::http
