#include "http/handlers/report_api.h"

#include <boost/json/serialize.hpp>
#include <cctype>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/sla.h"
#include "formats/report_json.h"
#include "http/handlers/program_api.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// Who the audit log names for a report that arrived through the API.
constexpr const char* kActor = "reporter";

// The API's error shape with the field at fault beside the message, as a form would show it.
Response field_error(const Request& request, bh::status status, const std::string& code,
                     const std::string& field, const std::string& message) {
  boost::json::object error{{"code", code}, {"message", message}};
  if (!field.empty()) error["fields"] = boost::json::object{{field, message}};
  return json_response(request, status,
                       boost::json::serialize(boost::json::object{{"error", error}}));
}

std::string lower_ascii(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Whether the body is declared as JSON: "application/json", optionally with "charset=utf-8"
// (RFC 8259 JSON is UTF-8; no other charset is read).
bool is_json(std::string_view content_type) {
  std::string type = lower_ascii(content_type);
  std::string_view rest(type);
  auto semicolon = rest.find(';');
  std::string_view media = rest.substr(0, semicolon);
  while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
  if (media != "application/json") return false;
  if (semicolon == std::string_view::npos) return true;
  std::string params;
  for (char c : rest.substr(semicolon + 1)) {
    if (c != ' ' && c != '"') params += c;
  }
  return params.empty() || params == "charset=utf-8";
}

// A refusal of the submission by the core rules or the store, as an API answer.
Response refused(const Request& request, const Refusal& r, const Policy& policy) {
  if (r.kind() == Refusal::Kind::not_found) {
    return error_response(request, bh::status::not_found, "unknown_program", r.what());
  }
  if (r.field() == "body") {
    return error_response(request, bh::status::bad_request, "invalid_body", r.what());
  }
  if (r.field() == "channel") {
    return error_response(request, bh::status::unprocessable_entity, "intake_closed",
                          "this program does not take reports through the API; see its policy "
                          "for how to report");
  }
  if (r.field() == "attachments") {
    std::string message =
        policy.form.attachments.allowed
            ? "attachments: send them in a multipart/form-data request, not in the JSON body"
            : "attachments: this program does not accept attachments";
    return field_error(request, bh::status::unprocessable_entity, "invalid_submission",
                       "attachments", message);
  }
  return field_error(request, bh::status::unprocessable_entity, "invalid_submission", r.field(),
                     r.what());
}

// The due times of the clocks the program promises, as they stand when the report arrives.
boost::json::object due_times(const Report& report, const Policy& policy) {
  boost::json::object due;
  for (const auto& clock : evaluate_clocks(report, policy, report.received_at)) {
    if (clock.due_at) due[to_string(clock.kind)] = format_time(*clock.due_at);
  }
  return due;
}

Response submit(const Request& request, const PathParams& params, store::Store& store,
                const Site& site) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program) return unknown_program(request, params.get("slug"));
  auto content_type = request.find(bh::field::content_type);
  if (content_type == request.end() || !is_json(content_type->value())) {
    return error_response(request, bh::status::unsupported_media_type, "unsupported_media_type",
                          "a report is sent as a JSON object with Content-Type: application/json");
  }
  const Policy& policy = program->policy;
  try {
    Submission submission = formats::submission_from_json(request.body(), policy.identity.slug);
    submission.channel = "api";
    store::CreatedReport created = store.create_report(submission, kActor);
    const std::string& token = created.tracking_token;
    boost::json::object body{{"id", created.report.id},
                             {"tracking_url", site.public_url + "/r/" + token},
                             {"tracking_api_url", site.public_url + "/api/v1/track/" + token},
                             {"state", to_string(created.report.state)},
                             {"due", due_times(created.report, policy)}};
    return json_response(request, bh::status::created, boost::json::serialize(body));
  } catch (const Refusal& r) {
    return refused(request, r, policy);
  }
}

}  // namespace

void add_report_routes(Router& router, store::Store& store, const Site& site) {
  router.add(bh::verb::post, "/api/v1/programs/{slug}/reports",
             [&store, site](const Request& request, const PathParams& params) {
               return submit(request, params, store, site);
             });
}

}  // namespace embargo::http
