#include "mail/delivery_status.h"

#include <gmime/gmime.h>

#include "core/text.h"
#include "mail/gmime.h"

namespace embargo::mail {
namespace {

// Status fields are ASCII (RFC 3464); anything else is shown as '?', on one line.
std::string ascii_line(const char* value) {
  std::string out;
  if (value == nullptr) return out;
  for (const char* c = value; *c != '\0'; ++c) {
    auto byte = static_cast<unsigned char>(*c);
    if (is_space(*c)) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += byte < 0x20 || byte >= 0x7F ? '?' : *c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

// "rfc822; addr" as the value after its type, the address without angle brackets.
std::string after_type(const std::string& value) {
  std::string_view rest = value;
  if (auto semicolon = rest.find(';'); semicolon != std::string_view::npos) {
    rest.remove_prefix(semicolon + 1);
  }
  rest = trim_spaces(rest);
  if (rest.starts_with('<') && rest.ends_with('>')) {
    rest = trim_spaces(rest.substr(1, rest.size() - 2));
  }
  return std::string(rest);
}

// A header section (with an empty body) read by GMime's parser as one MIME part's headers.
GObjectPtr<GMimeObject> header_fields(std::string_view block) {
  std::string text(block);
  text += "\n\n";
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return GObjectPtr<GMimeObject>(g_mime_parser_construct_part(parser.get(), nullptr));
}

// The blocks of fields a delivery-status body is made of, split at empty lines.
std::vector<std::string> field_blocks(std::string_view body) {
  std::vector<std::string> blocks(1);
  while (!body.empty()) {
    std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (is_blank(line)) {
      if (!blocks.back().empty()) blocks.emplace_back();
      continue;
    }
    if (line.ends_with('\r')) line.remove_suffix(1);
    blocks.back().append(line).append("\n");
  }
  if (blocks.back().empty()) blocks.pop_back();
  return blocks;
}

}  // namespace

std::vector<DeliveryFailure> delivery_failures(std::string_view status_body, std::size_t most) {
  init_gmime();
  std::vector<DeliveryFailure> failures;
  for (const auto& block : field_blocks(status_body)) {
    if (failures.size() >= most) break;
    auto fields = header_fields(block);
    if (fields == nullptr) continue;
    std::string recipient = ascii_line(g_mime_object_get_header(fields.get(), "Final-Recipient"));
    std::string action = ascii_lower(ascii_line(g_mime_object_get_header(fields.get(), "Action")));
    if (recipient.empty() || action != "failed") continue;
    DeliveryFailure failure;
    failure.address = after_type(recipient);
    failure.status = ascii_line(g_mime_object_get_header(fields.get(), "Status"));
    failure.diagnostic =
        after_type(ascii_line(g_mime_object_get_header(fields.get(), "Diagnostic-Code")));
    if (!failure.address.empty()) failures.push_back(std::move(failure));
  }
  return failures;
}

std::string message_id_of_headers(std::string_view headers) {
  init_gmime();
  std::string text(headers);
  text += "\n\n";
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  GObjectPtr<GMimeMessage> message(g_mime_parser_construct_message(parser.get(), nullptr));
  if (message == nullptr) return "";
  return ascii_line(g_mime_message_get_message_id(message.get()));
}

}  // namespace embargo::mail
