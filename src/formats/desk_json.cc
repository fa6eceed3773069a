#include "formats/desk_json.h"

#include "core/advisory_json.h"
#include "core/error.h"
#include "core/member_name.h"
#include "core/time.h"
#include "formats/fix_work_json.h"
#include "formats/report_json.h"
#include "formats/thread_json.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

Refusal unknown_key(std::string_view key) {
  return invalid(member_name(key), "unknown field '" + std::string(key) + "'");
}

std::string string_of(std::string_view key, const json::value& value) {
  const auto* text = value.if_string();
  if (text == nullptr) throw invalid(std::string(key), std::string(key) + ": expected a string");
  return std::string(*text);
}

// A string, or "" for null: how a PATCH clears a text field.
std::string text_or_clear(std::string_view key, const json::value& value) {
  return value.is_null() ? std::string() : string_of(key, value);
}

std::vector<std::string> strings_of(std::string_view key, const json::value& value) {
  if (value.is_null()) return {};
  const auto* array = value.if_array();
  if (array == nullptr) {
    throw invalid(std::string(key), std::string(key) + ": expected an array of strings");
  }
  std::vector<std::string> out;
  for (std::size_t i = 0; i < array->size(); ++i) {
    const auto* text = (*array)[i].if_string();
    if (text == nullptr) {
      throw invalid(std::string(key),
                    std::string(key) + "[" + std::to_string(i) + "]: expected a string");
    }
    out.emplace_back(*text);
  }
  return out;
}

// 79, "79" or "CWE-79"; null clears.
std::optional<int> cwe_of(const json::value& value) {
  if (value.is_null()) return std::nullopt;
  if (auto id = cwe_id_from_json(value)) return id;
  throw invalid("cwe", "cwe: expected a CWE id such as 79 or \"CWE-79\", or null");
}

json::object triage_json(const Report& report) {
  const Triage& t = report.triage;
  auto strings = [](const std::vector<std::string>& values) {
    json::array out;
    for (const auto& v : values) out.push_back(json::value(v));
    return out;
  };
  json::object out{{"cvss_vector", t.cvss_vector},
                   {"affected_versions", strings(t.affected_versions)},
                   {"fixed_versions", strings(t.fixed_versions)},
                   {"labels", strings(t.labels)}};
  out["cwe"] = t.cwe ? json::value("CWE-" + std::to_string(*t.cwe)) : json::value();
  out["handler"] = t.handler.empty() ? json::value() : json::value(t.handler);
  out["backup_handler"] = t.backup_handler.empty() ? json::value() : json::value(t.backup_handler);
  return out;
}

}  // namespace

json::object team_report_json(const Report& report, const std::vector<Clock>& clocks,
                              std::string_view files_url) {
  json::object out = report_to_json(report);
  out["title"] = display_title(report.submission);
  out["triage"] = triage_json(report);
  json::array messages;
  for (const auto& message : report.messages) {
    json::array files;
    for (const auto& file : message.attachments) {
      files.push_back(file_json(file, file.id, files_url));
    }
    json::object entry = message_json(message, std::move(files));
    entry["seq"] = message.seq;
    entry["author_name"] = message.author_name;
    entry["visibility"] = message.internal ? "internal" : "reporter";
    messages.push_back(std::move(entry));
  }
  out["messages"] = std::move(messages);
  out["clocks"] = clocks_to_json(clocks);
  out["fix"] = fix_work_json(report);
  return out;
}

TriageUpdate triage_update_from_json(const json::object& json) {
  TriageUpdate update;
  for (const auto& [key, value] : json) {
    if (key == "severity") {
      if (value.is_null()) {
        update.severity = std::optional<Severity>();
      } else {
        auto severity = parse_severity(string_of(key, value));
        if (!severity) {
          throw invalid("severity", "severity: expected low, medium, high, critical or null");
        }
        update.severity = severity;
      }
    } else if (key == "cvss_vector") {
      update.cvss_vector = text_or_clear(key, value);
    } else if (key == "cwe") {
      update.cwe = cwe_of(value);
    } else if (key == "affected_versions") {
      update.affected_versions = strings_of(key, value);
    } else if (key == "fixed_versions") {
      update.fixed_versions = strings_of(key, value);
    } else if (key == "labels") {
      update.labels = strings_of(key, value);
    } else if (key == "handler") {
      update.handler = text_or_clear(key, value);
    } else if (key == "backup_handler") {
      update.backup_handler = text_or_clear(key, value);
    } else {
      throw unknown_key(key);
    }
  }
  if (update.empty()) throw invalid("body", "nothing to change: name at least one field");
  return update;
}

Transition transition_from_json(const json::object& json) {
  Transition t;
  t.actor = Actor::team;
  bool has_to = false;
  for (const auto& [key, value] : json) {
    if (key == "to") {
      auto state = parse_state(string_of(key, value));
      if (!state) throw invalid("to", "to: not a state (new, acknowledged, needs_info, ...)");
      t.to = *state;
      has_to = true;
    } else if (key == "reason") {
      t.reason = string_of(key, value);
    } else if (key == "duplicate_of") {
      t.duplicate_of = string_of(key, value);
    } else {
      throw unknown_key(key);
    }
  }
  if (!has_to) throw invalid("to", "to: required, the state to move the report to");
  return t;
}

NewMessage team_message_from_json(const json::object& json) {
  NewMessage message;
  message.author = Actor::team;
  bool has_visibility = false;
  for (const auto& [key, value] : json) {
    if (key == "body") {
      message.body = string_of(key, value);
    } else if (key == "visibility") {
      std::string visibility = string_of(key, value);
      if (visibility != "reporter" && visibility != "internal") {
        throw invalid("visibility", "visibility: expected \"reporter\" or \"internal\"");
      }
      message.internal = visibility == "internal";
      has_visibility = true;
    } else {
      throw unknown_key(key);
    }
  }
  if (!has_visibility) {
    throw invalid("visibility",
                  "visibility: required, \"reporter\" (the reporter reads it) or \"internal\"");
  }
  return message;
}

}  // namespace embargo::formats
