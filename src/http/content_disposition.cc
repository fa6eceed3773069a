#include "http/content_disposition.h"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/alnum_chars.hpp>
#include <boost/url/grammar/lut_chars.hpp>

namespace embargo::http {
namespace {

namespace grammar = boost::urls::grammar;

// RFC 8187's attr-char: what an ext-value keeps as it is; everything else is percent-encoded.
constexpr grammar::lut_chars kAttrChars =
    grammar::lut_chars(grammar::alnum_chars) + grammar::lut_chars("!#$&+-.^_`|~");

// The name as a quoted-string may hold it without any receiver misreading it.
std::string ascii_fallback(std::string_view file_name) {
  std::string out;
  for (char c : file_name) {
    auto byte = static_cast<unsigned char>(c);
    if ((byte & 0xC0) == 0x80) continue;  // the rest of a UTF-8 sequence already replaced
    bool plain = byte >= 0x20 && byte < 0x7F && c != '"' && c != '\\' && c != '%';
    out += plain ? c : '_';
  }
  return out.empty() ? "download" : out;
}

}  // namespace

std::string attachment_disposition(std::string_view file_name) {
  std::string fallback = ascii_fallback(file_name);
  std::string value = "attachment; filename=\"" + fallback + "\"";
  if (fallback != file_name) {
    value += "; filename*=UTF-8''" + boost::urls::encode(file_name, kAttrChars);
  }
  return value;
}

}  // namespace embargo::http
