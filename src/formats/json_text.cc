#include "formats/json_text.h"

#include <boost/json/stream_parser.hpp>
#include <string>

#include "core/error.h"

namespace embargo::formats {
namespace {

// Line and column (1-based) of a byte offset.
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

boost::json::value parse_json_text(std::string_view text) {
  boost::json::stream_parser parser;
  boost::json::error_code ec;
  std::size_t used = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    throw invalid("body", "malformed JSON at " + position_of(text, used) + ": " + ec.message());
  }
  return parser.release();
}

}  // namespace embargo::formats
