#include <glib.h>
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "data_file.h"
#include "mail/inbound.h"
#include "refusal.h"

namespace embargo::mail {
namespace {

namespace json = boost::json;
using embargo::testing::refusal_of;

const std::filesystem::path kCorpus = std::filesystem::path(EMBARGO_SOURCE_DIR) / "tests/data/mail";

using embargo::testing::read_text;

std::string text_at(const json::object& object, const char* key) {
  return std::string(object.at(key).as_string());
}

std::vector<std::string> strings_at(const json::object& object, const char* key) {
  std::vector<std::string> out;
  if (const auto* list = object.if_contains(key)) {
    for (const auto& item : list->as_array()) out.emplace_back(item.as_string());
  }
  return out;
}

std::string binary_of(const std::string& base64) {
  gsize size = 0;
  guchar* bytes = g_base64_decode(base64.c_str(), &size);
  std::string out(reinterpret_cast<const char*>(bytes), size);
  g_free(bytes);
  return out;
}

// The bytes an ASCII-armored key block holds (its checksum line checked against RFC 4880's
// CRC-24), so that a test compares the key itself rather than one way of writing it.
std::string dearmor(const std::string& armored) {
  std::istringstream in(armored);
  std::string line;
  std::string body;
  std::string checksum;
  bool in_body = false;
  while (std::getline(in, line)) {
    if (line.starts_with("-----BEGIN")) continue;
    if (line.starts_with("-----END")) break;
    if (!in_body) {
      in_body = line.empty();
      continue;
    }
    if (line.starts_with("=")) {
      checksum = line.substr(1);
    } else {
      body += line;
    }
  }
  std::string key = binary_of(body);
  std::uint32_t crc = 0xB704CE;
  for (unsigned char c : key) {
    crc ^= static_cast<std::uint32_t>(c) << 16;
    for (int bit = 0; bit < 8; ++bit) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864CFB;
    }
  }
  std::string crc_bytes = binary_of(checksum);
  EXPECT_EQ(crc_bytes.size(), 3u);
  if (crc_bytes.size() == 3) {
    std::uint32_t written = (static_cast<unsigned char>(crc_bytes[0]) << 16) |
                            (static_cast<unsigned char>(crc_bytes[1]) << 8) |
                            static_cast<unsigned char>(crc_bytes[2]);
    EXPECT_EQ(written, crc & 0xFFFFFF) << "armor checksum";
  }
  return key;
}

// Checks `mail` against NAME.expected.json: every field the file names, and for attachments,
// keys, encrypted payloads and automatic marks also that nothing else was found.
void check(const std::string& name, const InboundMail& mail, const json::object& expected) {
  SCOPED_TRACE(name);
  if (expected.contains("subject")) {
    EXPECT_EQ(mail.subject, text_at(expected, "subject"));
  }
  if (const auto* from = expected.if_contains("from")) {
    EXPECT_EQ(mail.from.name, text_at(from->as_object(), "name"));
    EXPECT_EQ(mail.from.address, text_at(from->as_object(), "address"));
  }
  if (const auto* reply_to = expected.if_contains("reply_to")) {
    const auto& list = reply_to->as_array();
    ASSERT_EQ(mail.reply_to.size(), list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      EXPECT_EQ(mail.reply_to[i].name, text_at(list[i].as_object(), "name"));
      EXPECT_EQ(mail.reply_to[i].address, text_at(list[i].as_object(), "address"));
    }
  }
  if (expected.contains("message_id")) {
    EXPECT_EQ(mail.message_id, text_at(expected, "message_id"));
  }
  if (expected.contains("in_reply_to")) {
    EXPECT_EQ(mail.in_reply_to, text_at(expected, "in_reply_to"));
  }
  if (expected.contains("references")) {
    EXPECT_EQ(mail.references, strings_at(expected, "references"));
  }
  if (expected.contains("recipients")) {
    EXPECT_EQ(mail.recipients, strings_at(expected, "recipients"));
  }
  if (expected.contains("text")) {
    EXPECT_EQ(mail.text, text_at(expected, "text"));
  }
  if (expected.contains("text_prefix")) {
    EXPECT_TRUE(mail.text.starts_with(text_at(expected, "text_prefix"))) << mail.text;
  }
  for (const auto& part : strings_at(expected, "text_contains")) {
    EXPECT_NE(mail.text.find(part), std::string::npos) << "missing '" << part << "' in\n"
                                                       << mail.text;
  }
  for (const auto& part : strings_at(expected, "text_excludes")) {
    EXPECT_EQ(mail.text.find(part), std::string::npos) << "unwanted '" << part << "' in\n"
                                                       << mail.text;
  }

  json::array no_attachments;
  const auto* attachments = expected.if_contains("attachments");
  const auto& files = attachments != nullptr ? attachments->as_array() : no_attachments;
  ASSERT_EQ(mail.attachments.size(), files.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    const auto& file = files[i].as_object();
    const Upload& upload = mail.attachments[i];
    EXPECT_EQ(upload.info.file_name, text_at(file, "name"));
    EXPECT_EQ(upload.info.media_type, text_at(file, "type"));
    EXPECT_EQ(upload.info.size, upload.content.size());
    EXPECT_EQ(upload.info.sha256.size(), 64u);
    if (file.contains("size")) {
      EXPECT_EQ(upload.content.size(), file.at("size").to_number<std::size_t>());
    }
    for (const auto& part : strings_at(file, "contains")) {
      EXPECT_NE(upload.content.str().find(part), std::string::npos) << part;
    }
  }

  std::vector<std::string> keys = strings_at(expected, "public_keys");
  std::vector<std::string> binary_keys = strings_at(expected, "public_keys_binary");
  ASSERT_EQ(mail.public_keys.size(), keys.size() + binary_keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(mail.public_keys[i], keys[i]);
  for (std::size_t i = 0; i < binary_keys.size(); ++i) {
    const std::string& armored = mail.public_keys[keys.size() + i];
    EXPECT_TRUE(armored.starts_with("-----BEGIN PGP PUBLIC KEY BLOCK-----\n")) << armored;
    EXPECT_TRUE(armored.ends_with("-----END PGP PUBLIC KEY BLOCK-----\n")) << armored;
    EXPECT_EQ(dearmor(armored), binary_of(binary_keys[i]));
  }

  json::array no_payloads;
  const auto* encrypted = expected.if_contains("encrypted");
  const auto& payloads = encrypted != nullptr ? encrypted->as_array() : no_payloads;
  ASSERT_EQ(mail.encrypted.size(), payloads.size());
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const auto& payload = payloads[i].as_object();
    auto kind = text_at(payload, "kind") == "pgp_mime" ? EncryptedPayload::Kind::pgp_mime
                                                       : EncryptedPayload::Kind::inline_pgp;
    EXPECT_EQ(mail.encrypted[i].kind, kind);
    EXPECT_EQ(mail.encrypted[i].armored, text_at(payload, "armored"));
  }

  json::object no_marks;
  const auto* automatic = expected.if_contains("automatic");
  const auto& marks = automatic != nullptr ? automatic->as_object() : no_marks;
  auto flag = [&](const char* key) { return marks.contains(key) && marks.at(key).as_bool(); };
  EXPECT_EQ(mail.automatic.auto_submitted, flag("auto_submitted"));
  EXPECT_EQ(mail.automatic.bulk, flag("bulk"));
  EXPECT_EQ(mail.automatic.list, flag("list"));
  EXPECT_EQ(mail.automatic.daemon, flag("daemon"));
  EXPECT_EQ(mail.automatic.bounce, flag("bounce"));
  json::array no_failures;
  const auto* failed = marks.if_contains("failed_recipients");
  const auto& failures = failed != nullptr ? failed->as_array() : no_failures;
  ASSERT_EQ(mail.automatic.failed_recipients.size(), failures.size());
  for (std::size_t i = 0; i < failures.size(); ++i) {
    const auto& failure = failures[i].as_object();
    EXPECT_EQ(mail.automatic.failed_recipients[i].address, text_at(failure, "address"));
    EXPECT_EQ(mail.automatic.failed_recipients[i].status, text_at(failure, "status"));
    EXPECT_EQ(mail.automatic.failed_recipients[i].diagnostic, text_at(failure, "diagnostic"));
  }
  EXPECT_EQ(mail.automatic.returned_message_id,
            marks.contains("returned_message_id") ? text_at(marks, "returned_message_id") : "");
}

TEST(MailInbound, CorpusReadsAsExpected) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(kCorpus)) {
    if (entry.path().extension() != ".eml") continue;
    std::string name = entry.path().stem().string();
    auto expected_path = kCorpus / (name + ".expected.json");
    ASSERT_TRUE(std::filesystem::exists(expected_path)) << expected_path;
    json::object expected = json::parse(read_text(expected_path)).as_object();
    try {
      check(name, parse_inbound(read_text(entry.path())), expected);
    } catch (const Refusal& refusal) {
      ADD_FAILURE() << name << ": refused: " << refusal.what();
    }
    ++checked;
  }
  EXPECT_GE(checked, 23);
}

TEST(MailInbound, CrlfAndMboxFromLineReadLikeLf) {
  std::string lf = read_text(kCorpus / "plain-ascii.eml");
  std::string crlf;
  for (char c : lf) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  InboundMail a = parse_inbound(lf);
  InboundMail b = parse_inbound("From ann@example.net Tue Mar  5 10:12:44 2024\r\n" + crlf);
  EXPECT_EQ(a.subject, b.subject);
  EXPECT_EQ(a.text, b.text);
  EXPECT_EQ(b.from.address, "ann@example.net");
}

TEST(MailInbound, ForwardedBodyIsOnlyUsedWhenTheMessageHasNoText) {
  std::string raw = read_text(kCorpus / "forwarded-attachment.eml");
  std::string marker = "Content-Transfer-Encoding: 7bit\n\n\n";
  auto at = raw.find(marker);
  ASSERT_NE(at, std::string::npos);
  raw.insert(at + marker.size() - 1, "Please look at this one.\n");
  InboundMail mail = parse_inbound(raw);
  EXPECT_EQ(mail.text, "Please look at this one.");
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].info.file_name, "forwarded.eml");
}

TEST(MailInbound, AlternativeWithoutPlainTextTakesTheHtml) {
  InboundMail mail = parse_inbound(
      "From: a@example.com\nSubject: s\nContent-Type: multipart/alternative; boundary=b\n\n"
      "--b\nContent-Type: text/html\n\n<p>One&nbsp;&amp;&#x20AC;&#8212;<br>two</p><li>three\n"
      "--b\nContent-Type: application/rtf\n\n{\\rtf1}\n--b--\n");
  EXPECT_EQ(mail.text, "One \u0026\u20ac\u2014\ntwo\n- three");
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].info.file_name, "attachment-1");
  EXPECT_EQ(mail.attachments[0].info.media_type, "application/rtf");
}

TEST(MailInbound, UndeclaredEightBitTextBecomesValidUtf8) {
  InboundMail mail = parse_inbound("From: a@example.com\nSubject: s\n\ncaf\xE9 \xFF\n");
  EXPECT_EQ(mail.text, "caf\xEF\xBF\xBD \xEF\xBF\xBD");
}

// --- refusals --------------------------------------------------------------------------------

std::string refused(const std::string& raw, const InboundLimits& limits = {}) {
  Refusal refusal = refusal_of([&] { parse_inbound(raw, limits); });
  EXPECT_EQ(refusal.field(), "message");
  EXPECT_EQ(refusal.kind(), Refusal::Kind::invalid);
  return refusal.what();
}

::testing::AssertionResult says(const std::string& message, const std::string& part) {
  if (message.find(part) != std::string::npos) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << "'" << message << "' does not say '" << part << "'";
}

TEST(MailInbound, RefusesWhatIsNotAMessage) {
  EXPECT_TRUE(says(refused(""), "the message is empty"));
  EXPECT_TRUE(says(refused("\nbody only\n"), "no header section"));
  EXPECT_TRUE(says(refused(" folded: x\n\nbody\n"), "starts with a folded line"));
  EXPECT_TRUE(says(refused("Hello there, this is not a message\n"),
                   "line 1 of the header section is not a header field"));
  EXPECT_TRUE(says(refused("Subject: x\n\nbody\n"), "no From header field"));
  EXPECT_TRUE(says(refused(std::string("From: a@b\nX-\0: y\n\n", 19)), "holds a NUL byte"));
  std::string garbage;
  for (int i = 0; i < 4096; ++i) garbage += static_cast<char>((i * 7919 + 13) % 256);
  EXPECT_TRUE(says(refused(garbage), "line 1 of the header section"));
  EXPECT_TRUE(says(refused("From: a@example.com\nSubject: x\n\x01\x02\x03\n\nbody\n"),
                   "line 3 of the header section"));
}

TEST(MailInbound, RefusesAMessageOverMaxBytes) {
  InboundLimits limits;
  limits.max_bytes = 1000;
  std::string raw = "From: a@example.com\nSubject: big\n\n" + std::string(2000, 'x') + "\n";
  EXPECT_TRUE(says(refused(raw, limits),
                   "the message is " + std::to_string(raw.size()) + " bytes, more than 1000"));
}

TEST(MailInbound, RefusesAHugeHeaderSection) {
  std::string raw = "From: a@example.com\n";
  for (int i = 0; i < 20000; ++i) raw += "X-Filler-" + std::to_string(i) + ": padding padding\n";
  raw += "\nbody\n";
  EXPECT_TRUE(says(refused(raw), "the header section is larger than 262144 bytes"));
}

TEST(MailInbound, RefusesHugePartHeaders) {
  InboundLimits limits;
  limits.max_header_bytes = 4096;
  std::string raw = "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\n";
  for (int i = 0; i < 200; ++i) raw += "X-Part-Filler: padding padding\n";
  raw += "\nbody\n--b--\n";
  EXPECT_TRUE(says(refused(raw, limits), "header lines of the message and its parts are"));
}

std::string many_parts(int count) {
  std::string raw =
      "From: a@example.com\nSubject: bomb\nContent-Type: multipart/mixed; boundary=b\n\n";
  for (int i = 0; i < count; ++i) raw += "--b\nContent-Type: text/plain\n\nx\n";
  return raw + "--b--\n";
}

TEST(MailInbound, RefusesThousandsOfPartsBeforeBuildingThem) {
  EXPECT_TRUE(says(refused(many_parts(5000)), "far more than 256 MIME parts"));
  // Boundary lines without Content-Type headers are counted too.
  std::string raw = "From: a@example.com\nContent-Type: multipart/mixed; boundary=\"b\"\n\n";
  for (int i = 0; i < 5000; ++i) raw += "--b\n\n";
  EXPECT_TRUE(says(refused(raw), "far more than 256 MIME parts"));
}

TEST(MailInbound, RefusesMorePartsThanTheLimit) {
  EXPECT_TRUE(says(refused(many_parts(300)), "the message has 301 MIME parts, more than 256"));
  EXPECT_NO_THROW(parse_inbound(many_parts(200)));
}

TEST(MailInbound, RefusesDeepNesting) {
  auto nested = [](int depth) {
    std::string raw = "From: a@example.com\nSubject: deep\n";
    for (int i = 0; i < depth; ++i) {
      raw += "Content-Type: multipart/mixed; boundary=\"level" + std::to_string(i) +
             "\"\n\n--level" + std::to_string(i) + "\n";
    }
    raw += "Content-Type: text/plain\n\ninnermost\n";
    for (int i = depth - 1; i >= 0; --i) raw += "--level" + std::to_string(i) + "--\n";
    return raw;
  };
  EXPECT_TRUE(says(refused(nested(40)), "nested 40 levels deep, more than 16"));
  EXPECT_EQ(parse_inbound(nested(16)).text, "innermost");
  // Deeper than GMime follows is refused as a bomb of parts first.
  EXPECT_TRUE(says(refused(nested(3000)), "MIME parts"));
}

TEST(MailInbound, RefusesNestedForwardedMessages) {
  std::string raw = "From: a@example.com\nSubject: chain\n";
  for (int i = 0; i < 30; ++i) raw += "Content-Type: message/rfc822\n\nFrom: b@example.com\n";
  raw += "\nend\n";
  EXPECT_TRUE(says(refused(raw), "levels deep, more than 16"));
}

TEST(MailInbound, RefusesDecodedSizesOverTheLimit) {
  InboundLimits limits;
  limits.max_decoded_bytes = 1000;
  std::string raw =
      "From: a@example.com\nContent-Type: multipart/mixed; boundary=b\n\n--b\n"
      "Content-Type: text/plain\n\nhello\n--b\nContent-Type: application/octet-stream\n"
      "Content-Transfer-Encoding: base64\n\n";
  for (int i = 0; i < 40; ++i) raw += std::string(76, 'A') + "\n";
  raw += "--b--\n";
  EXPECT_TRUE(says(refused(raw, limits), "decode to more than 1000 bytes"));
  limits.max_decoded_bytes = 4000;
  InboundMail mail = parse_inbound(raw, limits);
  ASSERT_EQ(mail.attachments.size(), 1u);
  EXPECT_EQ(mail.attachments[0].content.size(), 40u * 57u);
}

}  // namespace
}  // namespace embargo::mail
