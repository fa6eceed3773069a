// libFuzzer target: one inbound mail message, read with small limits so that the limits are
// reached too. Bad input is a Refusal naming the message, nothing else; what is accepted keeps
// the promises of mail/inbound.h: UTF-8 text and names, described attachments, bounded parts.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/error.h"
#include "core/utf8.h"
#include "mail/inbound.h"

namespace {

// Reads the input as `parse` does and traps on anything mail/inbound.h does not promise.
template <typename Parse>
void check(std::string_view raw, const embargo::mail::InboundLimits& limits, Parse parse) {
  try {
    auto mail = parse(raw, limits);
    if (embargo::invalid_utf8_at(mail.subject) || embargo::invalid_utf8_at(mail.text) ||
        embargo::invalid_utf8_at(mail.from.name) ||
        mail.subject.find_first_of("\r\n") != std::string_view::npos) {
      __builtin_trap();
    }
    for (const auto& upload : mail.attachments) {
      if (upload.info.file_name.empty() || embargo::invalid_utf8_at(upload.info.file_name) ||
          upload.info.file_name.find_first_of("/\\") != std::string_view::npos ||
          upload.info.size != upload.content.size()) {
        __builtin_trap();
      }
    }
    if (mail.attachments.size() + mail.public_keys.size() > 64) __builtin_trap();
  } catch (const embargo::Refusal& r) {
    if (std::string_view(r.what()).empty() || r.field() != "message") __builtin_trap();
  }
}

}  // namespace

// The whole message as intake reads it, and the same bytes as the decrypted content of a
// PGP/MIME message (no From required).
extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view raw(reinterpret_cast<const char*>(data), size);
  embargo::mail::InboundLimits limits;
  limits.max_parts = 64;
  limits.max_depth = 8;
  limits.max_header_bytes = 32 * 1024;
  limits.max_decoded_bytes = 256 * 1024;
  check(raw, limits, embargo::mail::parse_inbound);
  check(raw, limits, embargo::mail::parse_decrypted);
  return 0;
}
