#include "http/reporter/track_api.h"

#include <boost/json/serialize.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include "core/error.h"
#include "core/secret.h"
#include "core/sla.h"
#include "core/state.h"
#include "formats/fix_work_json.h"
#include "formats/report_json.h"
#include "formats/thread_json.h"
#include "http/api_body.h"
#include "http/csrf.h"
#include "http/json_body.h"
#include "http/refusal_status.h"
#include "http/reporter_access.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// The router's own answer to a path that does not exist, so that a miss tells nothing.
Response nothing_here(const Request& request) {
  return error_response(request, bh::status::not_found, "not_found", "no such page or endpoint");
}

// The report a tracking link opens; nullopt for every kind of miss alike, and a malformed token
// is not looked up at all.
std::optional<Report> tracked_report(const PathParams& params, store::Store& store) {
  std::string_view token = params.get("token");
  if (!is_secret(token)) return std::nullopt;
  return store.find_report_by_token(std::string(token));
}

// Where the files of a tracked report are downloaded: under the same secret link.
std::string files_url(const PathParams& params) {
  return "/api/v1/track/" + std::string(params.get("token")) + "/attachments";
}

Response not_json(const Request& request, const std::string& shape) {
  return error_response(request, bh::status::unsupported_media_type, "unsupported_media_type",
                        "send " + shape + " with Content-Type: application/json");
}

boost::json::array reporter_history(const Report& report) {
  boost::json::array history;
  for (const auto& t : report.history) {
    boost::json::object entry{{"from", to_string(t.from)},
                              {"to", to_string(t.to)},
                              {"to_description", describe_for_reporter(t.to)},
                              {"at", format_time(t.at)},
                              {"by", to_string(t.actor)}};
    if (reason_is_for_reporter(t.to) && !t.reason.empty()) entry["reason"] = t.reason;
    if (!t.duplicate_of.empty()) entry["duplicate_of"] = t.duplicate_of;
    history.push_back(std::move(entry));
  }
  return history;
}

boost::json::object state_json(State state) {
  return {{"code", to_string(state)}, {"description", describe_for_reporter(state)}};
}

Response track(const Request& request, const PathParams& params, store::Store& store) {
  auto report = tracked_report(params, store);
  if (!report) return nothing_here(request);
  auto program = store.find_program(report->program);
  if (!program) return nothing_here(request);
  std::string files = files_url(params);
  const CreditChoice& credit = report->submission.credit;
  boost::json::object body{
      {"id", report->id},
      {"program", {{"slug", report->program}, {"name", program->policy.identity.name}}},
      {"title", display_title(report->submission)},
      {"state", state_json(report->state)},
      {"received_at", format_time(report->received_at)},
      {"clocks",
       formats::clocks_to_json(promised_clocks(*report, program->policy, store.time().now()))},
      {"history", reporter_history(*report)},
      {"credit", {{"kind", to_string(credit.kind)}, {"text", credit.text}}},
      {"attachments", formats::reporter_submission_files_json(*report, files)},
      {"messages", formats::reporter_thread_json(*report, files)},
      {"fix", formats::fix_work_json(*report)},
  };
  return json_response(request, bh::status::ok, boost::json::serialize(body));
}

// The request body as a JSON object, or the answer refusing it: 415 when it is not declared as
// JSON, 400 when it is not one JSON object.
std::variant<boost::json::object, Response> json_body(const Request& request,
                                                      const std::string& shape) {
  if (!has_json_body(request)) return not_json(request, shape);
  try {
    return json_object_body(body_text(request.body(), "JSON"), shape);
  } catch (const Refusal& r) {
    return error_response(request, bh::status::bad_request, "invalid_body", r.what());
  }
}

// POST .../messages: the reporter's reply, as JSON, or with files as multipart/form-data (the
// object in a part "message", each file in a part "attachments").
Response post_message(const Request& request, const PathParams& params, store::Store& store) {
  auto report = tracked_report(params, store);
  if (!report) return nothing_here(request);
  if (is_cross_site(request)) {
    return error_response(request, bh::status::forbidden, "cross_site",
                          "a page on another site cannot write to this thread");
  }
  const std::string shape = "a JSON object {\"body\": \"...\"}";
  std::optional<ApiBody> body;
  try {
    body = read_api_body(request, "message", shape);
  } catch (const Refusal& r) {
    if (r.field() == "attachments") {
      return field_error(request, status_of(r), "invalid_message", "attachments", r.what());
    }
    return error_response(request, bh::status::bad_request, "invalid_body", r.what());
  }
  if (!body) return not_json(request, shape + " (with files: multipart/form-data)");
  try {
    NewMessage message = formats::reporter_message_from_json(body->object);
    message.uploads = std::move(body->uploads);
    Report updated = store.add_message(report->id, message);
    return json_response(request, bh::status::created,
                         boost::json::serialize(formats::reporter_message_json(
                             updated.messages.back(), ReporterFiles(updated), files_url(params))));
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) return nothing_here(request);
    if (r.field() == "state") {
      bool withdrawn = report->state == State::withdrawn;
      return error_response(request, status_of(r), withdrawn ? "report_withdrawn" : "report_closed",
                            r.what());
    }
    return field_error(request, status_of(r), "invalid_message", r.field(), r.what());
  }
}

// PUT .../credit: how the reporter wants to be credited from now on.
Response put_credit(const Request& request, const PathParams& params, store::Store& store) {
  auto report = tracked_report(params, store);
  if (!report) return nothing_here(request);
  auto body = json_body(request, "a JSON object {\"kind\": ..., \"text\": ...}");
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  try {
    CreditChoice credit = formats::credit_choice_from_json(std::get<boost::json::object>(body));
    Report updated = store.change_credit(report->id, credit, "reporter");
    const CreditChoice& now_credited = updated.submission.credit;
    boost::json::object answer{
        {"credit", {{"kind", to_string(now_credited.kind)}, {"text", now_credited.text}}}};
    return json_response(request, bh::status::ok, boost::json::serialize(answer));
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) return nothing_here(request);
    return field_error(request, status_of(r), "invalid_credit", r.field(), r.what());
  }
}

// POST .../withdraw: the reporter takes the report back, through the state table like any move.
Response post_withdraw(const Request& request, const PathParams& params, store::Store& store) {
  auto report = tracked_report(params, store);
  if (!report) return nothing_here(request);
  auto body =
      json_body(request, "a JSON object {\"reason\": \"...\"} (the reason may be left out)");
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  try {
    Transition t;
    t.from = report->state;
    t.to = State::withdrawn;
    t.actor = Actor::reporter;
    t.actor_name = "reporter";
    t.reason = formats::withdrawal_reason_from_json(std::get<boost::json::object>(body));
    Report updated = store.transition_report(report->id, t);
    boost::json::object answer{{"state", state_json(updated.state)}};
    return json_response(request, bh::status::ok, boost::json::serialize(answer));
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found) return nothing_here(request);
    if (r.kind() == Refusal::Kind::conflict) {
      return error_response(request, status_of(r), "invalid_transition", r.what());
    }
    return field_error(request, status_of(r), "invalid_withdrawal", r.field(), r.what());
  }
}

// GET .../attachments/{number}: the stored bytes of the reporter's file `number`
// (ReporterFiles), as a download that is never shown inline.
Response get_file(const Request& request, const PathParams& params, store::Store& store) {
  auto report = tracked_report(params, store);
  if (!report) return nothing_here(request);
  auto number = file_id(params.get("id"));
  auto id = number ? ReporterFiles(*report).id_of(*number) : std::nullopt;
  if (!id) return nothing_here(request);
  auto file = store.find_attachment(report->id, *id);
  if (!file) return nothing_here(request);
  return file_download(request, std::move(*file));
}

// POST .../verification: the reporter's answer to the request to verify the fix.
Response post_verification(const Request& request, const PathParams& params, store::Store& store) {
  auto report = tracked_report(params, store);
  if (!report) return nothing_here(request);
  if (is_cross_site(request)) {
    return error_response(request, bh::status::forbidden, "cross_site",
                          "a page on another site cannot write to this thread");
  }
  auto body = json_body(request,
                        "a JSON object {\"fixed\": true} or {\"fixed\": false, "
                        "\"because\": \"...\"}");
  if (auto* refused = std::get_if<Response>(&body)) return std::move(*refused);
  try {
    auto answer = formats::verification_answer_from_json(std::get<boost::json::object>(body));
    Report updated = store.answer_verification(report->id, answer.fixed, answer.because);
    return json_response(request, bh::status::ok,
                         boost::json::serialize(formats::fix_work_json(updated)));
  } catch (const Refusal& r) {
    if (r.field() == "verification") {
      return error_response(request, status_of(r), "no_verification_request", r.what());
    }
    if (r.kind() == Refusal::Kind::not_found) return nothing_here(request);
    if (r.field() == "state") {
      return error_response(request, status_of(r), "report_closed", r.what());
    }
    return field_error(request, status_of(r), "invalid_answer", r.field(), r.what());
  }
}

// Registers a tracking route whose handler reads the store.
void add(Router& router, bh::verb method, std::string_view pattern, store::Store& store,
         Response (*handler)(const Request&, const PathParams&, store::Store&)) {
  router.add(method, pattern, [&store, handler](const Request& request, const PathParams& params) {
    return handler(request, params, store);
  });
}

}  // namespace

void add_track_routes(Router& router, store::Store& store) {
  add(router, bh::verb::get, "/api/v1/track/{token}", store, track);
  add(router, bh::verb::post, "/api/v1/track/{token}/messages", store, post_message);
  add(router, bh::verb::put, "/api/v1/track/{token}/credit", store, put_credit);
  add(router, bh::verb::post, "/api/v1/track/{token}/withdraw", store, post_withdraw);
  add(router, bh::verb::post, "/api/v1/track/{token}/verification", store, post_verification);
  add(router, bh::verb::get, "/api/v1/track/{token}/attachments/{id}", store, get_file);
}

}  // namespace embargo::http
