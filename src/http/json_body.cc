#include "http/json_body.h"

#include <boost/json/stream_parser.hpp>
#include <cctype>
#include <string>

#include "core/error.h"

namespace embargo::http {
namespace {

std::string lower_ascii(std::string_view text) {
  std::string out;
  for (char c : text) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Line and column (1-based) of a byte offset, for JSON syntax errors.
std::string position_of(std::string_view text, std::size_t offset) {
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

}  // namespace

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

bool has_json_body(const Request& request) {
  auto content_type = request.find(boost::beast::http::field::content_type);
  return content_type != request.end() && is_json(content_type->value());
}

boost::json::object json_object_body(std::string_view body, std::string_view expected) {
  boost::json::stream_parser parser;
  boost::json::error_code ec;
  std::size_t used = parser.write_some(body.data(), body.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    throw invalid("body", "malformed JSON at " + position_of(body, used) + ": " + ec.message());
  }
  boost::json::value value = parser.release();
  auto* object = value.if_object();
  if (object == nullptr) throw invalid("body", "expected " + std::string(expected));
  return std::move(*object);
}

}  // namespace embargo::http
