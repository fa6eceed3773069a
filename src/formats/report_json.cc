#include "formats/report_json.h"

#include <boost/json/parse.hpp>

#include "core/error.h"
#include "core/member_name.h"
#include "formats/json_text.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

CreditChoice credit_from_json(const json::value& v) {
  const auto* object = v.if_object();
  if (!object) throw invalid("credit", "credit: expected an object {\"kind\": ..., \"text\": ...}");
  CreditChoice credit;
  for (const auto& [key, value] : *object) {
    if (key == "kind") {
      const auto* kind = value.if_string();
      if (!kind) throw invalid("credit", "credit.kind: expected a string");
      auto parsed = parse_credit_kind(*kind);
      if (!parsed) {
        throw invalid("credit", "credit.kind: expected \"name\", \"handle\" or \"anonymous\"");
      }
      credit.kind = *parsed;
    } else if (key == "text") {
      const auto* text = value.if_string();
      if (!text) throw invalid("credit", "credit.text: expected a string");
      credit.text = std::string(*text);
    } else {
      throw invalid("credit", "credit: unknown key '" + std::string(key) + "'");
    }
  }
  return credit;
}

}  // namespace

json::object report_to_json(const Report& report) {
  json::object fields;
  for (const auto& [field, value] : report.submission.fields) fields[info(field).name] = value;
  json::array attachments;
  for (const auto& a : report.submission.attachments) {
    attachments.push_back({{"file_name", a.file_name},
                           {"media_type", a.media_type},
                           {"size", a.size},
                           {"sha256", a.sha256}});
  }
  json::array history;
  for (const auto& t : report.history) {
    json::object entry{{"from", to_string(t.from)},
                       {"to", to_string(t.to)},
                       {"at", format_time(t.at)},
                       {"actor", to_string(t.actor)},
                       {"actor_name", t.actor_name}};
    if (!t.reason.empty()) entry["reason"] = t.reason;
    if (!t.duplicate_of.empty()) entry["duplicate_of"] = t.duplicate_of;
    history.push_back(std::move(entry));
  }
  json::object out{
      {"id", report.id},
      {"program", report.program},
      {"state", to_string(report.state)},
      {"received_at", format_time(report.received_at)},
      {"updated_at", format_time(report.updated_at)},
      {"channel", report.submission.channel},
      {"fields", std::move(fields)},
      {"credit",
       {{"kind", to_string(report.submission.credit.kind)},
        {"text", report.submission.credit.text}}},
      {"attachments", std::move(attachments)},
      {"history", std::move(history)},
  };
  out["severity"] = report.severity ? json::value(to_string(*report.severity)) : json::value();
  return out;
}

json::object clock_to_json(const Clock& clock) {
  json::object out{{"kind", to_string(clock.kind)},
                   {"target", format_duration(clock.target)},
                   {"promised", clock.promised},
                   {"status", to_string(clock.status)},
                   {"started_at", format_time(clock.started_at)},
                   {"paused_seconds", clock.paused_seconds}};
  out["due_at"] = clock.due_at ? json::value(format_time(*clock.due_at)) : json::value();
  out["done_at"] = clock.done_at ? json::value(format_time(*clock.done_at)) : json::value();
  return out;
}

json::array clocks_to_json(const std::vector<Clock>& clocks) {
  json::array out;
  for (const auto& c : clocks) out.push_back(clock_to_json(c));
  return out;
}

json::object audit_event_to_json(const AuditEvent& event) {
  json::object out{{"seq", event.seq},         {"at", format_time(event.at)},
                   {"actor", event.actor},     {"action", event.action},
                   {"program", event.program}, {"report", event.report}};
  json::error_code ec;
  json::value details = json::parse(event.details, ec);
  out["details"] = ec ? json::value(event.details) : details;
  return out;
}

Submission submission_from_json(std::string_view text, const std::string& program) {
  json::value root = parse_json_text(text);
  const auto* object = root.if_object();
  if (!object) throw invalid("body", "expected a JSON object with the report's fields");
  return submission_from_json(*object, program);
}

Submission submission_from_json(const json::object& object, const std::string& program) {
  Submission s;
  s.program = program;
  for (const auto& [key, value] : object) {
    if (key == "credit") {
      s.credit = credit_from_json(value);
    } else if (key == "consent") {
      if (!value.is_bool()) throw invalid("consent", "consent: expected true or false");
      s.consented = value.get_bool();
    } else if (auto field = parse_report_field(key)) {
      const auto* string = value.if_string();
      if (!string) throw invalid(std::string(key), std::string(key) + ": expected a string");
      if (!string->empty()) s.fields[*field] = std::string(*string);
    } else {
      throw invalid(member_name(key), "unknown field '" + std::string(key) + "'");
    }
  }
  return s;
}

}  // namespace embargo::formats
