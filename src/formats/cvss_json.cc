#include "formats/cvss_json.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "scoring/cvss_version.h"

namespace embargo::formats {
namespace {

// Boost.JSON 1.81 prints a double in the shortest scientific form ("8.7E0"), and a score is
// exact tenths anyway: so the object is written here, keys and scores as fixed text and every
// string through Boost.JSON's serialiser, which does the escaping.
void add_key(std::string& out, std::string_view key) {
  out += out.size() == 1 ? "\"" : ",\"";
  out += key;
  out += "\":";
}

void add_text(std::string& out, std::string_view text) {
  out += boost::json::serialize(boost::json::string_view(utf8_or_escaped(text)));
}

void add_string(std::string& out, std::string_view key, std::string_view text) {
  add_key(out, key);
  add_text(out, text);
}

void add_score(std::string& out, std::string_view key, int tenths) {
  add_key(out, key);
  out += scoring::format_tenths(tenths);
}

}  // namespace

std::string utf8_or_escaped(std::string_view text) {
  bool ascii = true;
  for (char c : text) ascii = ascii && static_cast<unsigned char>(c) < 0x80;
  if (ascii) return std::string(text);
  // Boost.JSON's parser refuses a string that is not valid UTF-8.
  boost::system::error_code ec;
  boost::json::parse(boost::json::serialize(boost::json::string_view(text)), ec);
  if (!ec) return std::string(text);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80) {
      out += c;
    } else {
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

std::string cvss_to_json(std::string_view input, const scoring::CvssAssessment& a) {
  std::string out = "{";
  add_string(out, "vector", input);
  add_string(out, "version", scoring::to_string(a.version));
  add_score(out, "score", a.score_tenths);
  add_string(out, "rating", scoring::to_string(a.rating));
  add_string(out, "nomenclature", a.nomenclature);
  add_string(out, "normalized", a.normalized);
  add_score(out, "base_score", a.base_tenths);
  if (a.temporal_tenths) add_score(out, "temporal_score", *a.temporal_tenths);
  if (a.environmental_tenths) add_score(out, "environmental_score", *a.environmental_tenths);
  add_key(out, "warnings");
  out += '[';
  for (std::size_t i = 0; i < a.warnings.size(); ++i) {
    if (i > 0) out += ',';
    add_text(out, a.warnings[i]);
  }
  out += "]}";
  return out;
}

std::string cvss_to_json(std::string_view input, const scoring::CvssError& error) {
  std::string out = "{";
  add_string(out, "vector", input);
  add_key(out, "error");
  out += "{\"code\":\"invalid_vector\",\"position\":" + std::to_string(error.position + 1) +
         ",\"message\":";
  add_text(out, scoring::describe(error));
  out += "}}";
  return out;
}

std::string cvss_to_json(std::string_view input,
                         const std::variant<scoring::CvssAssessment, scoring::CvssError>& result) {
  return std::visit([input](const auto& r) { return cvss_to_json(input, r); }, result);
}

}  // namespace embargo::formats
