#include "mail/outgoing.h"

#include <gmime/gmime.h>
#include <sodium.h>

#include <array>
#include <memory>
#include <stdexcept>

#include "core/error.h"
#include "core/text.h"
#include "mail/gmime.h"

namespace embargo::mail {
namespace {

constexpr std::size_t kMostLineBytes = 998;  // RFC 5322, 2.1.1, without the CRLF

struct FormatOptionsFree {
  void operator()(GMimeFormatOptions* options) const { g_mime_format_options_free(options); }
};

// A header field's value must stay on its line: a CR or LF from a caller's text would start a
// header of its own (or the body).
void check_single_line(const char* field, std::string_view value) {
  for (char c : value) {
    auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7F) {
      throw invalid(field, std::string("mail ") + field + ": a control character in a header");
    }
  }
}

// A Message-ID as the header carries it between angle brackets: no spaces, brackets or controls.
void check_message_id(const char* field, std::string_view id) {
  check_single_line(field, id);
  if (id.empty() || id.find_first_of(" <>") != std::string_view::npos) {
    throw invalid(field, std::string("mail ") + field + ": not a message id: " + std::string(id));
  }
}

std::string bracketed(std::string_view id) { return "<" + std::string(id) + ">"; }

// Lines ending in LF alone, the last one too: GMime writes every LF as CRLF, so a CR left in
// the text would reach the wire as a bare CR.
std::string unix_lines_ended(std::string_view text) {
  std::string out = unix_lines(text);
  if (out.empty() || out.back() != '\n') out += '\n';
  return out;
}

// 7bit carries only ASCII without control characters (tab aside) in lines of at most 998
// octets; anything else goes quoted-printable, which every mail client decodes.
bool fits_7bit(std::string_view text) {
  std::size_t line = 0;
  for (char c : text) {
    auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      line = 0;
      continue;
    }
    if (byte >= 0x80 || byte == 0x7F || (byte < 0x20 && c != '\t') || ++line > kMostLineBytes) {
      return false;
    }
  }
  return true;
}

// A leaf part holding `content` as is, written in `encoding`. (GMime's own text setter would
// convert UTF-8 to the smallest charset that fits, such as ISO-8859-1.)
GObjectPtr<GMimePart> leaf_part(const char* type, const char* subtype, std::string_view content,
                                GMimeContentEncoding encoding) {
  GObjectPtr<GMimePart> part(g_mime_part_new_with_type(type, subtype));
  std::string text = unix_lines_ended(content);
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(text.data(), text.size()));
  GObjectPtr<GMimeDataWrapper> wrapper(
      g_mime_data_wrapper_new_with_stream(stream.get(), GMIME_CONTENT_ENCODING_DEFAULT));
  g_mime_part_set_content(part.get(), wrapper.get());
  g_mime_part_set_content_encoding(part.get(), encoding);
  return part;
}

GObjectPtr<GMimePart> text_part(std::string_view body) {
  std::string text = unix_lines_ended(body);
  auto part = leaf_part(
      "text", "plain", text,
      fits_7bit(text) ? GMIME_CONTENT_ENCODING_7BIT : GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(part.get()), "charset", "utf-8");
  return part;
}

// RFC 3156, 4: the version part, then the armored ciphertext of the inner MIME part.
GObjectPtr<GMimeObject> encrypted_part(std::string_view armored) {
  GObjectPtr<GMimeMultipart> multipart(g_mime_multipart_new_with_subtype("encrypted"));
  g_mime_object_set_content_type_parameter(GMIME_OBJECT(multipart.get()), "protocol",
                                           "application/pgp-encrypted");
  // Both parts are ASCII: a version line, then the armored ciphertext.
  auto version =
      leaf_part("application", "pgp-encrypted", "Version: 1\n", GMIME_CONTENT_ENCODING_7BIT);
  g_mime_multipart_add(multipart.get(), GMIME_OBJECT(version.get()));
  auto ciphertext = leaf_part("application", "octet-stream", armored, GMIME_CONTENT_ENCODING_7BIT);
  g_mime_object_set_disposition(GMIME_OBJECT(ciphertext.get()), "inline");
  g_mime_part_set_filename(ciphertext.get(), "encrypted.asc");
  g_mime_multipart_add(multipart.get(), GMIME_OBJECT(ciphertext.get()));
  return GObjectPtr<GMimeObject>(GMIME_OBJECT(multipart.release()));
}

// The object's bytes as they go on the wire: CRLF line endings throughout.
std::string wire_bytes(GMimeObject* object) {
  std::unique_ptr<GMimeFormatOptions, FormatOptionsFree> options(g_mime_format_options_new());
  g_mime_format_options_set_newline_format(options.get(), GMIME_NEWLINE_FORMAT_DOS);
  GCharPtr text(g_mime_object_to_string(object, options.get()));
  return text.get();
}

}  // namespace

std::string render_mail(const OutgoingMail& mail,
                        const std::function<std::string(std::string_view)>& encrypt) {
  check_single_line("from_name", mail.from_name);
  check_single_line("from", mail.from);
  check_single_line("to", mail.to);
  check_single_line("reply_to", mail.reply_to);
  check_single_line("subject", mail.subject);
  check_message_id("message_id", mail.message_id);
  if (!mail.in_reply_to.empty()) check_message_id("in_reply_to", mail.in_reply_to);
  for (const auto& reference : mail.references) check_message_id("references", reference);

  init_gmime();
  GObjectPtr<GMimeMessage> message(g_mime_message_new(TRUE));
  auto* object = GMIME_OBJECT(message.get());
  // UTF-8 for the display name too: GMime would otherwise pick the smallest charset that fits.
  GObjectPtr<InternetAddress> from(
      internet_address_mailbox_new(mail.from_name.c_str(), mail.from.c_str()));
  internet_address_set_charset(from.get(), "utf-8");
  internet_address_list_add(g_mime_message_get_from(message.get()), from.get());
  g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_TO, "", mail.to.c_str());
  if (!mail.reply_to.empty()) {
    g_mime_message_add_mailbox(message.get(), GMIME_ADDRESS_TYPE_REPLY_TO, "",
                               mail.reply_to.c_str());
  }
  g_mime_message_set_subject(message.get(), mail.subject.c_str(), "utf-8");
  std::unique_ptr<GDateTime, decltype(&g_date_time_unref)> date(
      g_date_time_new_from_unix_utc(mail.date.time_since_epoch().count()), &g_date_time_unref);
  g_mime_message_set_date(message.get(), date.get());
  g_mime_message_set_message_id(message.get(), mail.message_id.c_str());
  if (!mail.in_reply_to.empty()) {
    g_mime_object_set_header(object, "In-Reply-To", bracketed(mail.in_reply_to).c_str(), nullptr);
  }
  if (!mail.references.empty()) {
    std::string references;
    for (const auto& reference : mail.references) {
      references += (references.empty() ? "" : " ") + bracketed(reference);
    }
    g_mime_object_set_header(object, "References", references.c_str(), nullptr);
  }
  if (mail.automatic) {
    g_mime_object_set_header(object, "Auto-Submitted", "auto-generated", nullptr);
  }

  auto body = text_part(mail.text);
  if (encrypt) {
    std::string armored = encrypt(wire_bytes(GMIME_OBJECT(body.get())));
    g_mime_message_set_mime_part(message.get(), encrypted_part(armored).get());
  } else {
    g_mime_message_set_mime_part(message.get(), GMIME_OBJECT(body.get()));
  }
  return wire_bytes(object);
}

std::string new_message_id(std::string_view domain) {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialise");
  std::array<unsigned char, 16> bytes{};
  randombytes_buf(bytes.data(), bytes.size());
  std::array<char, 2 * 16 + 1> hex{};
  sodium_bin2hex(hex.data(), hex.size(), bytes.data(), bytes.size());
  return std::string(hex.data()) + "@" + std::string(domain);
}

}  // namespace embargo::mail
