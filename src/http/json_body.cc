#include "http/json_body.h"

#include <string>

#include "core/error.h"
#include "core/text.h"
#include "formats/json_text.h"

namespace embargo::http {

bool is_json(std::string_view content_type) {
  std::string type = ascii_lower(content_type);
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

bool has_json_body(const Request& request) {
  auto content_type = request.find(boost::beast::http::field::content_type);
  return content_type != request.end() && is_json(content_type->value());
}

boost::json::object json_object_body(std::string_view body, std::string_view expected) {
  boost::json::value value = formats::parse_json_text(body);
  auto* object = value.if_object();
  if (object == nullptr) throw invalid("body", "expected " + std::string(expected));
  return std::move(*object);
}

boost::json::object required_json_object(const Request& request, std::string_view expected) {
  if (!has_json_body(request)) {
    throw invalid("body", "send " + std::string(expected) + " with Content-Type: application/json");
  }
  return json_object_body(body_text(request.body(), "JSON"), expected);
}

}  // namespace embargo::http
