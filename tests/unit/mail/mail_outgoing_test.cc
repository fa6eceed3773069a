#include <gmime/gmime.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <regex>
#include <string>
#include <vector>

#include "mail/outgoing.h"
#include "refusal.h"

namespace embargo::mail {
namespace {

struct GObjectUnref {
  void operator()(void* object) const { g_object_unref(object); }
};
template <typename T>
using GObjectPtr = std::unique_ptr<T, GObjectUnref>;

// The rendered bytes read back the way a mail client reads them.
GObjectPtr<GMimeMessage> parse(const std::string& raw) {
  static std::once_flag once;
  std::call_once(once, [] { g_mime_init(); });
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
  GObjectPtr<GMimeParser> parser(g_mime_parser_new_with_stream(stream.get()));
  return GObjectPtr<GMimeMessage>(g_mime_parser_construct_message(parser.get(), nullptr));
}

std::string header(GMimeMessage* message, const char* name) {
  const char* value = g_mime_object_get_header(GMIME_OBJECT(message), name);
  return value == nullptr ? "" : value;
}

std::string decoded_text(GMimeObject* part) {
  std::unique_ptr<char, decltype(&g_free)> text(g_mime_text_part_get_text(GMIME_TEXT_PART(part)),
                                                &g_free);
  std::string out(text.get());
  out.erase(std::remove(out.begin(), out.end(), '\r'), out.end());
  return out;
}

std::string part_content(GMimeObject* part) {
  GObjectPtr<GMimeStream> stream(g_mime_stream_mem_new());
  g_mime_data_wrapper_write_to_stream(g_mime_part_get_content(GMIME_PART(part)), stream.get());
  GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(stream.get()));
  return std::string(reinterpret_cast<const char*>(bytes->data), bytes->len);
}

std::string parameter(GMimeObject* object, const char* name) {
  const char* value = g_mime_object_get_content_type_parameter(object, name);
  return value == nullptr ? "" : value;
}

// The wire format RFC 5322 demands: CRLF only, no line over 998 octets, a final CRLF.
void expect_wire_format(const std::string& raw) {
  ASSERT_GE(raw.size(), 2u);
  EXPECT_EQ(raw.substr(raw.size() - 2), "\r\n");
  std::size_t line = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r') {
      ASSERT_TRUE(i + 1 < raw.size() && raw[i + 1] == '\n') << "bare CR at " << i;
      EXPECT_LE(line, 998u) << "line ending at " << i;
      line = 0;
      ++i;
    } else {
      ASSERT_NE(raw[i], '\n') << "bare LF at " << i;
      ++line;
    }
  }
}

OutgoingMail sample() {
  OutgoingMail mail;
  mail.from_name = "PySpector security team";
  mail.from = "security@pyspector.example";
  mail.to = "reporter@example.net";
  mail.reply_to = "report+k3j5@pyspector.example";
  mail.subject = "[PYS-2026-0042] Your report was received";
  mail.text = "Hello,\n\nthank you for your report.\n\n-- \nPySpector security team\n";
  mail.message_id = "0123456789abcdef0123456789abcdef@pyspector.example";
  mail.in_reply_to = "parent@example.net";
  mail.references = {"root@example.net", "parent@example.net"};
  mail.date = Time(std::chrono::seconds(1795000000));  // 2026-11-18T11:06:40Z
  return mail;
}

TEST(MailOutgoing, HeadersReadBackAsGiven) {
  std::string raw = render_mail(sample());
  expect_wire_format(raw);
  auto message = parse(raw);
  ASSERT_TRUE(message);

  InternetAddress* from =
      internet_address_list_get_address(g_mime_message_get_from(message.get()), 0);
  EXPECT_STREQ(internet_address_get_name(from), "PySpector security team");
  EXPECT_STREQ(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(from)),
               "security@pyspector.example");
  InternetAddressList* to = g_mime_message_get_to(message.get());
  ASSERT_EQ(internet_address_list_length(to), 1);
  EXPECT_STREQ(internet_address_mailbox_get_addr(
                   INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(to, 0))),
               "reporter@example.net");
  InternetAddressList* reply_to = g_mime_message_get_reply_to(message.get());
  ASSERT_EQ(internet_address_list_length(reply_to), 1);
  EXPECT_STREQ(internet_address_mailbox_get_addr(
                   INTERNET_ADDRESS_MAILBOX(internet_address_list_get_address(reply_to, 0))),
               "report+k3j5@pyspector.example");
  EXPECT_STREQ(g_mime_message_get_subject(message.get()),
               "[PYS-2026-0042] Your report was received");
  EXPECT_STREQ(g_mime_message_get_message_id(message.get()),
               "0123456789abcdef0123456789abcdef@pyspector.example");
  EXPECT_NE(raw.find("\r\nMessage-Id: <0123456789abcdef0123456789abcdef@pyspector.example>\r\n"),
            std::string::npos);
  EXPECT_EQ(header(message.get(), "In-Reply-To"), "<parent@example.net>");
  EXPECT_EQ(header(message.get(), "References"), "<root@example.net> <parent@example.net>");
  EXPECT_EQ(header(message.get(), "Date"), "Wed, 18 Nov 2026 11:06:40 +0000");
  EXPECT_EQ(g_date_time_to_unix(g_mime_message_get_date(message.get())), 1795000000);
  EXPECT_EQ(header(message.get(), "MIME-Version"), "1.0");
  EXPECT_EQ(header(message.get(), "Auto-Submitted"), "auto-generated");
}

TEST(MailOutgoing, LeavesOutWhatIsNotGiven) {
  OutgoingMail mail = sample();
  mail.reply_to.clear();
  mail.in_reply_to.clear();
  mail.references.clear();
  mail.automatic = false;
  std::string raw = render_mail(mail);
  for (const char* name : {"Reply-To:", "In-Reply-To:", "References:", "Auto-Submitted:"}) {
    EXPECT_EQ(raw.find(name), std::string::npos) << name;
  }
}

TEST(MailOutgoing, Utf8NameAndSubjectAreEncodedAndRoundTrip) {
  OutgoingMail mail = sample();
  mail.from_name = "Équipe sécurité, Ünïcode";
  mail.subject = "Votre rapport a été reçu — merci ✓ " + std::string(80, 'x');
  std::string raw = render_mail(mail);
  expect_wire_format(raw);
  std::string headers = raw.substr(0, raw.find("\r\n\r\n"));
  EXPECT_TRUE(std::all_of(headers.begin(), headers.end(),
                          [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  EXPECT_NE(headers.find("=?UTF-8?"), std::string::npos);
  auto message = parse(raw);
  InternetAddress* from =
      internet_address_list_get_address(g_mime_message_get_from(message.get()), 0);
  EXPECT_EQ(std::string(internet_address_get_name(from)), mail.from_name);
  EXPECT_EQ(std::string(g_mime_message_get_subject(message.get())), mail.subject);
}

TEST(MailOutgoing, AsciiBodyGoesAs7bit) {
  std::string raw = render_mail(sample());
  auto message = parse(raw);
  GMimeObject* body = g_mime_message_get_mime_part(message.get());
  ASSERT_TRUE(GMIME_IS_TEXT_PART(body));
  EXPECT_TRUE(g_mime_content_type_is_type(g_mime_object_get_content_type(body), "text", "plain"));
  EXPECT_EQ(parameter(body, "charset"), "utf-8");
  EXPECT_EQ(g_mime_part_get_content_encoding(GMIME_PART(body)), GMIME_CONTENT_ENCODING_7BIT);
  EXPECT_EQ(decoded_text(body), sample().text);
  EXPECT_NE(raw.find("\r\n\r\nHello,\r\n\r\nthank you for your report.\r\n"), std::string::npos);
}

TEST(MailOutgoing, Utf8AndLongLinesGoQuotedPrintable) {
  for (const std::string& text : {std::string("Ça a été corrigé dans 2.4.1.\n"),
                                  "A long line: " + std::string(1500, 'y') + "\nshort\n"}) {
    OutgoingMail mail = sample();
    mail.text = text;
    std::string raw = render_mail(mail);
    expect_wire_format(raw);
    auto message = parse(raw);
    GMimeObject* body = g_mime_message_get_mime_part(message.get());
    EXPECT_EQ(g_mime_part_get_content_encoding(GMIME_PART(body)),
              GMIME_CONTENT_ENCODING_QUOTEDPRINTABLE);
    EXPECT_EQ(decoded_text(body), text);
  }
}

TEST(MailOutgoing, BodyEndsWithALineBreakAndCarriesNoBareCr) {
  OutgoingMail mail = sample();
  mail.text = "one\r\ntwo\rthree";
  std::string raw = render_mail(mail);
  expect_wire_format(raw);
  EXPECT_EQ(decoded_text(g_mime_message_get_mime_part(parse(raw).get())), "one\ntwo\nthree\n");
}

TEST(MailOutgoing, ManyReferencesAreFolded) {
  OutgoingMail mail = sample();
  mail.references.clear();
  for (int i = 0; i < 60; ++i) {
    mail.references.push_back("reference-" + std::to_string(i) + "-0123456789abcdef@example.net");
  }
  std::string raw = render_mail(mail);
  expect_wire_format(raw);
  auto message = parse(raw);
  GMimeReferences* references =
      g_mime_references_parse(nullptr, header(message.get(), "References").c_str());
  ASSERT_EQ(g_mime_references_length(references), 60);
  EXPECT_STREQ(g_mime_references_get_message_id(references, 59),
               "reference-59-0123456789abcdef@example.net");
  g_mime_references_free(references);
}

TEST(MailOutgoing, RefusesHeaderValuesThatWouldAddAHeader) {
  OutgoingMail mail = sample();
  mail.subject = "Hello\r\nBcc: everyone@example.net";
  EXPECT_EQ(testing::refusal_of([&] { render_mail(mail); }).field(), "subject");
  mail = sample();
  mail.to = "reporter@example.net\nBcc: everyone@example.net";
  EXPECT_EQ(testing::refusal_of([&] { render_mail(mail); }).field(), "to");
  mail = sample();
  mail.references.push_back("two> <ids@example.net");
  EXPECT_EQ(testing::refusal_of([&] { render_mail(mail); }).field(), "references");
  mail = sample();
  mail.message_id.clear();
  EXPECT_EQ(testing::refusal_of([&] { render_mail(mail); }).field(), "message_id");
}

// A stand-in for OpenPGP: "armor" around the base64 of the inner part, so that the plaintext
// cannot show in the outer message and the test can read the inner part back.
std::string fake_armor(std::string_view inner) {
  std::unique_ptr<char, decltype(&g_free)> base64(
      g_base64_encode(reinterpret_cast<const guchar*>(inner.data()), inner.size()), &g_free);
  return "-----BEGIN PGP MESSAGE-----\n\n" + std::string(base64.get()) +
         "\n-----END PGP MESSAGE-----\n";
}

TEST(MailOutgoing, EncryptedMailIsPgpMimeAroundTheInnerPart) {
  OutgoingMail mail = sample();
  mail.text = "The fix for the path traversal is in 2.4.1; déjà vu.\n";
  std::vector<std::string> inner;
  std::string raw = render_mail(mail, [&](std::string_view part) {
    inner.emplace_back(part);
    return fake_armor(part);
  });
  expect_wire_format(raw);
  EXPECT_EQ(raw.find("path traversal"), std::string::npos);

  // The inner part: the text/plain part with its own headers, in CRLF form.
  ASSERT_EQ(inner.size(), 1u);
  expect_wire_format(inner[0]);
  EXPECT_EQ(inner[0].rfind("Content-Type: text/plain; charset=utf-8\r\n", 0), 0u) << inner[0];
  auto inner_message = parse("Subject: inner\r\n" + inner[0]);
  EXPECT_EQ(decoded_text(g_mime_message_get_mime_part(inner_message.get())), mail.text);

  // The outer message keeps its headers and the RFC 3156 structure.
  auto message = parse(raw);
  EXPECT_STREQ(g_mime_message_get_subject(message.get()), mail.subject.c_str());
  EXPECT_EQ(header(message.get(), "Auto-Submitted"), "auto-generated");
  GMimeObject* top = g_mime_message_get_mime_part(message.get());
  ASSERT_TRUE(GMIME_IS_MULTIPART(top));
  EXPECT_TRUE(
      g_mime_content_type_is_type(g_mime_object_get_content_type(top), "multipart", "encrypted"));
  EXPECT_EQ(parameter(top, "protocol"), "application/pgp-encrypted");
  ASSERT_EQ(g_mime_multipart_get_count(GMIME_MULTIPART(top)), 2);
  GMimeObject* version = g_mime_multipart_get_part(GMIME_MULTIPART(top), 0);
  EXPECT_TRUE(g_mime_content_type_is_type(g_mime_object_get_content_type(version), "application",
                                          "pgp-encrypted"));
  EXPECT_EQ(part_content(version), "Version: 1\r\n");
  GMimeObject* ciphertext = g_mime_multipart_get_part(GMIME_MULTIPART(top), 1);
  EXPECT_TRUE(g_mime_content_type_is_type(g_mime_object_get_content_type(ciphertext), "application",
                                          "octet-stream"));
  EXPECT_EQ(parameter(ciphertext, "name"), "encrypted.asc");
  std::string armored = part_content(ciphertext);
  armored.erase(std::remove(armored.begin(), armored.end(), '\r'), armored.end());
  EXPECT_EQ(armored, fake_armor(inner[0]));
}

TEST(MailOutgoing, MessageIdsAre128RandomBits) {
  std::string a = new_message_id("pyspector.example");
  std::string b = new_message_id("pyspector.example");
  EXPECT_TRUE(std::regex_match(a, std::regex("[0-9a-f]{32}@pyspector\\.example"))) << a;
  EXPECT_NE(a, b);
}

}  // namespace
}  // namespace embargo::mail
