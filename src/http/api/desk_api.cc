#include "http/api/desk_api.h"

#include <boost/json/serialize.hpp>
#include <boost/url/parse.hpp>
#include <charconv>

#include "core/error.h"
#include "core/sla.h"
#include "formats/desk_json.h"
#include "formats/fix_work_json.h"
#include "formats/report_json.h"
#include "http/api_body.h"
#include "http/authorize.h"
#include "http/desk_routes.h"
#include "http/json_body.h"
#include "http/queue_query.h"
#include "http/reporter_access.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;
namespace json = boost::json;

std::string files_url(const std::string& id) { return "/api/v1/reports/" + id + "/attachments"; }

// The report the path names, if the caller may do `permission` to it: a report the caller may
// not read answers exactly like one that does not exist.
Report report_for(store::Store& store, const Caller& caller, const PathParams& params,
                  Permission permission) {
  auto report = store.find_report(std::string(params.get("id")));
  if (!report) throw Denied(Verdict::hidden);
  require(caller, permission, report->program);
  return std::move(*report);
}

// The body of a team write that may carry files (read_api_body); a request that is neither JSON
// nor multipart is refused, naming both ways to send it.
ApiBody body_with_files(const Request& request, std::string_view object_part,
                        std::string_view expected, std::string_view files) {
  auto body = read_api_body(request, object_part, expected);
  if (!body) {
    throw invalid("body", "send a JSON object with Content-Type: application/json, or with " +
                              std::string(files) + " as multipart/form-data");
  }
  return std::move(*body);
}

Response report_answer(const Request& request, store::Store& store, const Report& report,
                       bh::status status) {
  auto program = store.find_program(report.program);
  std::vector<Clock> clocks;
  if (program) clocks = evaluate_clocks(report, program->policy, store.time().now());
  return json_response(
      request, status,
      json::serialize(formats::team_report_json(report, clocks, files_url(report.id))));
}

json::object summary_json(const store::ReportSummary& r, Time at) {
  json::array labels;
  for (const auto& label : r.labels) labels.push_back(json::value(label));
  json::object out{{"id", r.id},
                   {"program", r.program},
                   {"state", to_string(r.state)},
                   {"title", r.title},
                   {"received_at", format_time(r.received_at)},
                   {"labels", std::move(labels)}};
  out["severity"] = r.severity ? json::value(to_string(*r.severity)) : json::value();
  out["handler"] = r.handler.empty() ? json::value() : json::value(r.handler);
  out["due_at"] = r.due_at ? json::value(format_time(*r.due_at)) : json::value();
  out["due_clock"] = r.due_clock ? json::value(to_string(*r.due_clock)) : json::value();
  out["overdue"] = r.due_at && *r.due_at < at;
  out["updated_at"] = format_time(r.updated_at);
  out["reporter_replied"] = r.reporter_replied;
  if (!r.snippet.empty()) out["snippet"] = r.snippet;
  return out;
}

Response queue(const Request& request, store::Store& store, const Caller& caller) {
  store::ReportQuery query = queue_query(request.target(), caller);
  store::ReportPage page = store.list_reports(query);
  Time at = store.time().now();
  json::array reports;
  for (const auto& r : page.reports) reports.push_back(summary_json(r, at));
  json::object counts;
  for (const auto& c : store.counts_by_state(query)) counts[to_string(c.state)] = c.count;
  json::object answer{{"reports", std::move(reports)}, {"counts", std::move(counts)}};
  answer["next"] = page.next.empty() ? json::value() : json::value(page.next);
  return json_response(request, bh::status::ok, json::serialize(answer));
}

// One page of a report's audit log, oldest first: ?after=SEQ continues after that event.
Response audit_page(const Request& request, store::Store& store, const std::string& report) {
  store::AuditQuery query;
  query.report = report;
  query.limit = 500;
  auto url = boost::urls::parse_origin_form(request.target());
  if (url) {
    auto after = url->params().find("after");
    if (after != url->params().end()) {
      std::string_view text = (*after).value;
      auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), query.after_seq);
      if (error != std::errc() || end != text.data() + text.size() || query.after_seq < 0) {
        throw invalid("after", "after: expected the seq of an audit event");
      }
    }
  }
  json::array events;
  std::int64_t last = 0;
  auto page = store.audit_log(query);
  for (const auto& e : page) {
    events.push_back(formats::audit_event_to_json(e));
    last = e.seq;
  }
  json::object answer{{"events", std::move(events)}};
  answer["next"] = static_cast<int>(page.size()) == query.limit ? json::value(std::to_string(last))
                                                                : json::value();
  return json_response(request, bh::status::ok, json::serialize(answer));
}

}  // namespace

void add_desk_api(Router& router, store::Store& store) {
  auto& accounts = store.accounts();

  router.add(
      bh::verb::get, "/api/v1/reports",
      desk_api(accounts, [&store](const Request& request, const PathParams&, const Caller& caller) {
        return queue(request, store, caller);
      }));

  router.add(bh::verb::get, "/api/v1/reports/{id}/similar",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Report report = report_for(store, caller, params, Permission::read);
               json::array similar;
               for (const auto& s : store.similar_reports(report.id, 5)) {
                 similar.push_back({{"id", s.id},
                                    {"title", s.title},
                                    {"state", to_string(s.state)},
                                    {"received_at", format_time(s.received_at)},
                                    {"score", s.score}});
               }
               return json_response(request, bh::status::ok,
                                    json::serialize(json::object{{"similar", std::move(similar)}}));
             }));

  router.add(bh::verb::get, "/api/v1/reports/{id}",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Report report = report_for(store, caller, params, Permission::read);
               return report_answer(request, store, report, bh::status::ok);
             }));

  router.add(bh::verb::patch, "/api/v1/reports/{id}",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Report report = report_for(store, caller, params, Permission::triage);
               TriageUpdate update = formats::triage_update_from_json(
                   required_json_object(request, "a JSON object of the fields to change"));
               Report updated = store.update_triage(report.id, update, caller.email);
               return report_answer(request, store, updated, bh::status::ok);
             }));

  router.add(bh::verb::post, "/api/v1/reports/{id}/transitions",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Report report = report_for(store, caller, params, Permission::triage);
               Transition t = formats::transition_from_json(
                   required_json_object(request, "a JSON object {\"to\": ..., \"reason\": ...}"));
               t.from = report.state;
               t.actor = Actor::team;
               t.actor_name = caller.email;
               Report updated = store.transition_report(report.id, t);
               return report_answer(request, store, updated, bh::status::ok);
             }));

  router.add(bh::verb::post, "/api/v1/reports/{id}/messages",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Report report = report_for(store, caller, params, Permission::triage);
               ApiBody body =
                   body_with_files(request, "message",
                                   "a JSON object {\"body\": ..., \"visibility\": ...}", "files");
               NewMessage message = formats::team_message_from_json(body.object);
               message.author_name = caller.email;
               message.uploads = std::move(body.uploads);
               Report updated = store.add_message(report.id, message);
               return report_answer(request, store, updated, bh::status::created);
             }));

  router.add(
      bh::verb::put, "/api/v1/reports/{id}/expected-fix",
      desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                  const Caller& caller) {
        Report report = report_for(store, caller, params, Permission::triage);
        ExpectedFix fix = formats::expected_fix_from_json(required_json_object(
            request, "a JSON object {\"fix_on\": ..., \"evaluation\": ..., \"reason\": ...}"));
        Report updated = store.set_expected_fix(report.id, fix, caller.email);
        return report_answer(request, store, updated, bh::status::ok);
      }));

  // {"fixed_in": ..., "body": ...}, with patches as multipart/form-data (the object in a part
  // "verification", each file in a part "attachments").
  router.add(
      bh::verb::post, "/api/v1/reports/{id}/verification",
      desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                  const Caller& caller) {
        Report report = report_for(store, caller, params, Permission::triage);
        ApiBody body = body_with_files(
            request, "verification", "a JSON object {\"fixed_in\": ..., \"body\": ...}", "patches");
        auto asked = formats::verification_request_from_json(body.object);
        NewMessage message{Actor::team, caller.email, false, asked.body, std::move(body.uploads)};
        Report updated = store.request_verification(report.id, asked.fixed_in, message);
        return report_answer(request, store, updated, bh::status::ok);
      }));

  router.add(bh::verb::get, "/api/v1/reports/{id}/attachments/{file}",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Report report = report_for(store, caller, params, Permission::read);
               auto id = file_id(params.get("file"));
               auto file = id ? store.find_attachment(report.id, *id) : std::nullopt;
               if (!file)
                 throw not_found("file",
                                 "the report has no file " + std::string(params.get("file")));
               return file_download(request, std::move(*file));
             }));

  router.add(bh::verb::get, "/api/v1/reports/{id}/audit",
             desk_api(accounts, [&store](const Request& request, const PathParams& params,
                                         const Caller& caller) {
               Report report = report_for(store, caller, params, Permission::read);
               return audit_page(request, store, report.id);
             }));
}

}  // namespace embargo::http
