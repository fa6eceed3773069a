// libFuzzer target: form bodies. The input's first line is the Content-Type header value, the
// rest the body. Bad input is a Refusal with a message, nothing else; what is accepted keeps the
// promises of http/multipart.h. A body is parsed twice, in memory and from a temporary file as
// a large request's is: the two must give the same parts or the same refusal.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"
#include "http/multipart.h"

namespace {

bool has_control(std::string_view text) {
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) return true;
  }
  return false;
}

// The parts as one string, files' bytes included, or the refusal's field and message.
std::string outcome(std::string_view content_type, const embargo::SpooledBytes& body) {
  try {
    std::string out;
    for (const auto& part : embargo::http::parse_form_body(content_type, body)) {
      out += part.name + "|" + part.file_name + "|" + part.media_type + "|" + part.content + "|" +
             part.file.str() + "\n";
    }
    return out;
  } catch (const embargo::Refusal& r) {
    return "refused " + r.field() + ": " + r.what();
  }
}

// The body in an unnamed temporary file.
embargo::SpooledBytes spooled(std::string_view body) {
  embargo::SpooledBytes bytes;
  bytes.spool_above(0, "/tmp");
  bytes.append(body);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  auto newline = input.find('\n');
  std::string_view content_type = input.substr(0, newline);
  std::string_view body = newline == std::string_view::npos ? "" : input.substr(newline + 1);
  try {
    auto parts = embargo::http::parse_form_body(content_type, body);
    if (parts.size() > embargo::http::kMostFormParts) __builtin_trap();
    for (const auto& part : parts) {
      if (part.name.empty() || embargo::invalid_utf8_at(part.name) || has_control(part.name)) {
        __builtin_trap();
      }
      if (part.is_file) {
        std::string_view name = part.file_name;
        if (name.empty() || name == "." || name == ".." ||
            name.find_first_of("/\\") != std::string_view::npos || embargo::invalid_utf8_at(name) ||
            has_control(name)) {
          __builtin_trap();
        }
      } else if (!part.file_name.empty() || embargo::invalid_utf8_at(part.content)) {
        __builtin_trap();
      }
    }
  } catch (const embargo::Refusal& r) {
    if (std::string_view(r.what()).empty() || r.field().empty()) __builtin_trap();
  }
  // An urlencoded body is text: from a file it is refused for its size (body_text).
  std::string from_file = outcome(content_type, spooled(body));
  bool urlencoded_refused = from_file.starts_with("refused body: a form body is at most");
  if (!body.empty() && !urlencoded_refused && from_file != outcome(content_type, body)) {
    __builtin_trap();
  }
  return 0;
}
