#include "formats/thread_json.h"

#include "core/error.h"
#include "core/member_name.h"
#include "core/time.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

Refusal unknown_key(std::string_view key) {
  return invalid(member_name(key), "unknown field '" + std::string(key) + "'");
}

}  // namespace

json::object file_json(const AttachmentInfo& file, std::int64_t number,
                       std::string_view files_url) {
  json::object out{{"id", number},
                   {"file_name", file.file_name},
                   {"media_type", file.media_type},
                   {"size", file.size},
                   {"sha256", file.sha256}};
  out["url"] = number > 0 ? json::value(std::string(files_url) + "/" + std::to_string(number))
                          : json::value();
  return out;
}

json::object message_json(const Message& message, json::array files) {
  return {{"at", format_time(message.at)},
          {"author", to_string(message.author)},
          {"body", message.body},
          {"attachments", std::move(files)}};
}

json::object reporter_message_json(const Message& message, const ReporterFiles& numbers,
                                   std::string_view files_url) {
  json::array files;
  for (const auto& file : message.attachments) {
    files.push_back(file_json(file, numbers.number_of(file.id), files_url));
  }
  return message_json(message, std::move(files));
}

json::array reporter_thread_json(const Report& report, std::string_view files_url) {
  ReporterFiles numbers(report);
  json::array thread;
  for (const auto& message : report.messages) {
    if (reporter_may_see(message)) {
      thread.push_back(reporter_message_json(message, numbers, files_url));
    }
  }
  return thread;
}

json::array reporter_submission_files_json(const Report& report, std::string_view files_url) {
  ReporterFiles numbers(report);
  json::array files;
  for (const auto& file : report.submission.attachments) {
    files.push_back(file_json(file, numbers.number_of(file.id), files_url));
  }
  return files;
}

NewMessage reporter_message_from_json(const json::object& json) {
  NewMessage message;
  message.author = Actor::reporter;
  message.author_name = "reporter";
  for (const auto& [key, value] : json) {
    if (key != "body") throw unknown_key(key);
    const auto* body = value.if_string();
    if (body == nullptr) throw invalid("body", "body: expected a string");
    message.body = std::string(*body);
  }
  return message;
}

CreditChoice credit_choice_from_json(const json::object& json) {
  CreditChoice credit;
  bool has_kind = false;
  for (const auto& [key, value] : json) {
    if (key == "kind") {
      const auto* kind = value.if_string();
      auto parsed = kind != nullptr ? parse_credit_kind(*kind) : std::nullopt;
      if (!parsed) {
        throw invalid("credit", "credit.kind: expected \"name\", \"handle\" or \"anonymous\"");
      }
      credit.kind = *parsed;
      has_kind = true;
    } else if (key == "text") {
      const auto* text = value.if_string();
      if (text == nullptr) throw invalid("credit", "credit.text: expected a string");
      credit.text = std::string(*text);
    } else {
      throw invalid("credit", "credit: unknown field '" + std::string(key) + "'");
    }
  }
  if (!has_kind) {
    throw invalid("credit", "credit.kind: required (\"name\", \"handle\" or \"anonymous\")");
  }
  return credit;
}

std::string withdrawal_reason_from_json(const json::object& json) {
  std::string reason;
  for (const auto& [key, value] : json) {
    if (key != "reason") throw unknown_key(key);
    const auto* text = value.if_string();
    if (text == nullptr) throw invalid("reason", "reason: expected a string");
    reason = std::string(*text);
  }
  return reason;
}

}  // namespace embargo::formats
