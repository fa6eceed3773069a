// libFuzzer target: the JSON bodies of the desk API's writes, read as the API reads them
// (http/json_body.h), then given to each reader of formats/desk_json.h: the triage PATCH, a
// transition and a team message. Bad input is a Refusal, nothing else, naming a key the body has
// (an unknown one too, even "") or the one the reader requires and did not find. A triage
// update that is read passes the core's rules or is refused the same way, and what those rules
// make of labels, versions and a CVSS vector is accepted again unchanged.
#include <boost/json/object.hpp>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "core/triage.h"
#include "formats/desk_json.h"
#include "http/json_body.h"

namespace {

void check_refusal(const embargo::Refusal& r, const boost::json::object& body,
                   std::string_view required) {
  if (std::string_view(r.what()).empty()) __builtin_trap();
  // The field is a member of the body, the empty key named `""` (core/member_name.h).
  std::string_view member = r.field() == "\"\"" ? std::string_view() : std::string_view(r.field());
  if (r.field() != required && !body.contains(member)) __builtin_trap();
}

void check_triage(const boost::json::object& body) {
  try {
    embargo::TriageUpdate update = embargo::formats::triage_update_from_json(body);
    if (update.empty()) __builtin_trap();
    embargo::Triage next = embargo::apply_triage_update(embargo::Triage{}, update);
    embargo::TriageUpdate again;
    again.cvss_vector = next.cvss_vector;
    again.affected_versions = next.affected_versions;
    again.fixed_versions = next.fixed_versions;
    again.labels = next.labels;
    if (embargo::apply_triage_update(next, again) != next) __builtin_trap();
  } catch (const embargo::Refusal& r) {
    check_refusal(r, body, "body");
  }
}

void check_transition(const boost::json::object& body) {
  try {
    embargo::Transition t = embargo::formats::transition_from_json(body);
    if (t.actor != embargo::Actor::team || !body.contains("to")) __builtin_trap();
  } catch (const embargo::Refusal& r) {
    check_refusal(r, body, "to");
  }
}

void check_message(const boost::json::object& body) {
  try {
    embargo::NewMessage message = embargo::formats::team_message_from_json(body);
    if (message.author != embargo::Actor::team || !body.contains("visibility")) __builtin_trap();
  } catch (const embargo::Refusal& r) {
    check_refusal(r, body, "visibility");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  boost::json::object body;
  try {
    body = embargo::http::json_object_body(text, "a JSON object");
  } catch (const embargo::Refusal& r) {
    if (std::string_view(r.what()).empty() || r.field() != "body") __builtin_trap();
    return 0;
  }
  check_triage(body);
  check_transition(body);
  check_message(body);
  return 0;
}
