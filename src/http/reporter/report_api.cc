#include "http/reporter/report_api.h"

#include <boost/json/serialize.hpp>
#include <cctype>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/sla.h"
#include "core/state.h"
#include "core/submission_key.h"
#include "formats/report_json.h"
#include "http/api_body.h"
#include "http/csrf.h"
#include "http/program_lookup.h"
#include "http/refusal_status.h"
#include "http/reporter/submission_scoring.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// A browser sent this for a page on another site: the API is for tools, and the form has its
// own CSRF token.
Response cross_site_refused(const Request& request) {
  return error_response(request, bh::status::forbidden, "cross_site",
                        "a page on another site cannot submit reports through this API");
}

// The client's Idempotency-Key with what it sent under it: the object as parsed (not its bytes,
// which a retry may space differently) and each file's name and SHA-256 (not the multipart
// boundary, which clients draw anew for each sending).
std::optional<store::SubmissionKey> submission_key(const Request& request, const ApiBody& body) {
  auto header = request.find("Idempotency-Key");
  if (header == request.end()) return std::nullopt;
  std::string sent = boost::json::serialize(body.object);
  for (const auto& upload : body.uploads) {
    sent += "\n" + upload.info.file_name + "\n" + upload.info.sha256;
  }
  return store::SubmissionKey{std::string(header->value()), submission_body_digest(sent)};
}

// A refusal of the submission by the core rules or the store, as an API answer.
Response refused(const Request& request, const Refusal& r) {
  if (r.field() == "idempotency_key") {
    return error_response(request, status_of(r), "idempotency_key_reused", r.what());
  }
  if (r.kind() == Refusal::Kind::not_found) {
    return error_response(request, bh::status::not_found, "unknown_program", r.what());
  }
  if (r.field() == "body") {
    return error_response(request, bh::status::bad_request, "invalid_body", r.what());
  }
  if (r.field() == "channel") {
    return error_response(request, status_of(r), "intake_closed",
                          "this program does not take reports through the API; see its policy "
                          "for how to report");
  }
  return field_error(request, status_of(r), "invalid_submission", r.field(), r.what());
}

// The due times of the clocks the program promises, as they stand when the report arrives.
boost::json::object due_times(const Report& report, const Policy& policy) {
  boost::json::object due;
  for (const auto& clock : promised_clocks(report, policy, report.received_at)) {
    if (clock.due_at) due[to_string(clock.kind)] = format_time(*clock.due_at);
  }
  return due;
}

Response submit_by_api(const Request& request, const PathParams& params, store::Store& store,
                       const Site& site) {
  auto program = find_program_by_slug(store, params.get("slug"));
  if (!program) return unknown_program(request, params.get("slug"));
  const Policy& policy = program->policy;
  if (is_cross_site(request)) return cross_site_refused(request);
  if (auto key = request.find("Idempotency-Key"); key != request.end()) {
    if (auto problem = submission_key_problem(key->value())) {
      return error_response(request, bh::status::bad_request, "invalid_idempotency_key",
                            "Idempotency-Key: " + *problem);
    }
  }
  std::optional<ApiBody> body;
  try {
    body = read_api_body(request, "report", "a JSON object with the report's fields");
  } catch (const Refusal& r) {
    if (r.field() == "body") {
      return error_response(request, bh::status::bad_request, "invalid_body", r.what());
    }
    return field_error(request, status_of(r), "invalid_submission", r.field(), r.what());
  }
  try {
    if (!body) {
      return error_response(request, bh::status::unsupported_media_type, "unsupported_media_type",
                            "a report is sent as a JSON object with Content-Type: "
                            "application/json, or with its files as multipart/form-data (the "
                            "object in a part 'report', each file in a part 'attachments')");
    }
    if (body->object.contains("attachments")) {
      std::string message =
          policy.form.attachments.allowed
              ? "attachments: send the files themselves in a multipart/form-data request (each "
                "in a part 'attachments'), not in the JSON object"
              : "attachments: this program does not accept attachments";
      return field_error(request, bh::status::unprocessable_entity, "invalid_submission",
                         "attachments", message);
    }
    Submission submission = formats::submission_from_json(body->object, policy.identity.slug);
    submission.channel = "api";
    for (const auto& upload : body->uploads) submission.attachments.push_back(upload.info);
    rate_from_vector(submission, policy);
    auto problems = scoring_problems(submission);
    if (!problems.empty()) {
      const auto& [field, message] = *problems.begin();
      return field_error(request, bh::status::unprocessable_entity, "invalid_submission", field,
                         message);
    }
    store::CreatedReport created =
        store.create_report(submission, std::string(to_string(Actor::reporter)), body->uploads,
                            submission_key(request, *body));
    const std::string& token = created.tracking_token;
    boost::json::object answer{{"id", created.report.id},
                               {"tracking_url", site.public_url + "/r/" + token},
                               {"tracking_api_url", site.public_url + "/api/v1/track/" + token},
                               {"state", to_string(created.report.state)},
                               {"due", due_times(created.report, policy)}};
    Response response = json_response(request, bh::status::created, boost::json::serialize(answer));
    if (created.replayed) response.set("Idempotent-Replayed", "true");
    return response;
  } catch (const Refusal& r) {
    return refused(request, r);
  }
}

}  // namespace

void add_report_routes(Router& router, store::Store& store, const Site& site) {
  router.add(bh::verb::post, "/api/v1/programs/{slug}/reports",
             [&store, site](const Request& request, const PathParams& params) {
               return submit_by_api(request, params, store, site);
             });
}

}  // namespace embargo::http
