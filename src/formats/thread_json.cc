#include "formats/thread_json.h"

#include "core/error.h"
#include "core/time.h"

namespace embargo::formats {
namespace json = boost::json;

namespace {

Refusal unknown_key(std::string_view key) {
  return invalid(std::string(key), "unknown field '" + std::string(key) + "'");
}

}  // namespace

json::object reporter_file_json(const AttachmentInfo& file, std::string_view files_url) {
  json::object out{{"id", file.id},
                   {"file_name", file.file_name},
                   {"media_type", file.media_type},
                   {"size", file.size},
                   {"sha256", file.sha256}};
  out["url"] = file.id > 0 ? json::value(std::string(files_url) + "/" + std::to_string(file.id))
                           : json::value();
  return out;
}

json::object reporter_message_json(const Message& message, std::string_view files_url) {
  json::array files;
  for (const auto& file : message.attachments) files.push_back(reporter_file_json(file, files_url));
  return {{"at", format_time(message.at)},
          {"author", to_string(message.author)},
          {"body", message.body},
          {"attachments", std::move(files)}};
}

json::array reporter_thread_json(const Report& report, std::string_view files_url) {
  json::array thread;
  for (const auto& message : report.messages) {
    if (reporter_may_see(message)) thread.push_back(reporter_message_json(message, files_url));
  }
  return thread;
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
