#include "http/handlers/track_api.h"

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <string>
#include <string_view>

#include "core/sla.h"
#include "core/state.h"
#include "formats/report_json.h"

namespace embargo::http {
namespace {

namespace bh = boost::beast::http;

// A tracking token is 256 bits as unpadded base64url (core/secret.h): 43 characters.
constexpr std::size_t kTokenLength = 43;

bool is_token(std::string_view text) {
  return text.size() == kTokenLength && std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '_';
         });
}

// The router's own answer to a path that does not exist, so that a miss tells nothing.
Response nothing_here(const Request& request) {
  return error_response(request, bh::status::not_found, "not_found", "no such page or endpoint");
}

// Reasons the reporter is owed: why the report was closed, and what the team needs from them.
// Other reasons (reopening, stepping back from a fix) are the team's own notes.
bool reason_is_for_reporter(State to) { return is_closed(to) || to == State::needs_info; }

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

Response track(const Request& request, const PathParams& params, store::Store& store) {
  std::string_view token = params.get("token");
  if (!is_token(token)) return nothing_here(request);
  auto report = store.find_report_by_token(std::string(token));
  if (!report) return nothing_here(request);
  auto program = store.find_program(report->program);
  if (!program) return nothing_here(request);
  boost::json::object body{
      {"id", report->id},
      {"program", {{"slug", report->program}, {"name", program->policy.identity.name}}},
      {"title", display_title(report->submission)},
      {"state",
       {{"code", to_string(report->state)}, {"description", describe_for_reporter(report->state)}}},
      {"received_at", format_time(report->received_at)},
      {"clocks", formats::clocks_to_json(evaluate_clocks(*report, program->policy, now()))},
      {"history", reporter_history(*report)},
  };
  return json_response(request, bh::status::ok, boost::json::serialize(body));
}

}  // namespace

void add_track_routes(Router& router, store::Store& store) {
  router.add(bh::verb::get, "/api/v1/track/{token}",
             [&store](const Request& request, const PathParams& params) {
               return track(request, params, store);
             });
}

}  // namespace embargo::http
