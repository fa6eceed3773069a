#include "formats/json_text.h"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/value_stack.hpp>
#include <optional>
#include <string>
#include <system_error>
#include <unordered_set>
#include <vector>

#include "core/error.h"

namespace embargo::formats {
namespace {

namespace json = boost::json;

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

// Builds the value as Boost.JSON's own parser does (a value_stack fed by the SAX events of its
// basic_parser) and also remembers each object's keys: Boost.JSON keeps the last of two equal
// keys, and a body saying "severity" twice would mean one thing to its author and another here.
class StrictHandler {
 public:
  static constexpr std::size_t max_object_size = json::object::max_size();
  static constexpr std::size_t max_array_size = json::array::max_size();
  static constexpr std::size_t max_key_size = json::string::max_size();
  static constexpr std::size_t max_string_size = json::string::max_size();

  json::value_stack values;
  std::optional<std::string> duplicate_key;

  bool on_document_begin(json::error_code& /*ec*/) { return true; }
  bool on_document_end(json::error_code& /*ec*/) { return true; }
  bool on_object_begin(json::error_code& /*ec*/) {
    keys_.emplace_back();
    return true;
  }
  bool on_object_end(std::size_t n, json::error_code& /*ec*/) {
    keys_.pop_back();
    values.push_object(n);
    return true;
  }
  bool on_array_begin(json::error_code& /*ec*/) { return true; }
  bool on_array_end(std::size_t n, json::error_code& /*ec*/) {
    values.push_array(n);
    return true;
  }
  bool on_key_part(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    key_.append(s.data(), s.size());
    values.push_chars(s);
    return true;
  }
  bool on_key(json::string_view s, std::size_t /*n*/, json::error_code& ec) {
    key_.append(s.data(), s.size());
    if (!keys_.back().insert(key_).second) {
      duplicate_key = std::move(key_);
      ec = std::make_error_code(std::errc::invalid_argument);
      return false;
    }
    key_.clear();
    values.push_key(s);
    return true;
  }
  bool on_string_part(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    values.push_chars(s);
    return true;
  }
  bool on_string(json::string_view s, std::size_t /*n*/, json::error_code& /*ec*/) {
    values.push_string(s);
    return true;
  }
  bool on_number_part(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }
  bool on_int64(std::int64_t i, json::string_view /*s*/, json::error_code& /*ec*/) {
    values.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, json::string_view /*s*/, json::error_code& /*ec*/) {
    values.push_uint64(u);
    return true;
  }
  bool on_double(double d, json::string_view /*s*/, json::error_code& /*ec*/) {
    values.push_double(d);
    return true;
  }
  bool on_bool(bool b, json::error_code& /*ec*/) {
    values.push_bool(b);
    return true;
  }
  bool on_null(json::error_code& /*ec*/) {
    values.push_null();
    return true;
  }
  bool on_comment_part(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }
  bool on_comment(json::string_view /*s*/, json::error_code& /*ec*/) { return true; }

 private:
  std::vector<std::unordered_set<std::string>> keys_;  // of each object open, innermost last
  std::string key_;                                    // the key being read, in parts
};

}  // namespace

json::value parse_json_text(std::string_view text) {
  json::basic_parser<StrictHandler> parser{json::parse_options{}};
  parser.handler().values.reset();
  json::error_code ec;
  std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
  if (auto& duplicate = parser.handler().duplicate_key) {
    throw invalid("body", "malformed JSON at " + position_of(text, used) + ": the key \"" +
                              *duplicate + "\" appears twice in one object");
  }
  if (ec) {
    throw invalid("body", "malformed JSON at " + position_of(text, used) + ": " + ec.message());
  }
  if (used < text.size()) {
    throw invalid("body", "malformed JSON at " + position_of(text, used) +
                              ": text after the end of the JSON value");
  }
  return parser.handler().values.release();
}

}  // namespace embargo::formats
