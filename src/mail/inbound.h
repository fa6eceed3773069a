#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/report.h"
#include "mail/delivery_status.h"

namespace embargo::mail {

// How much of a message intake reads before it refuses it as a mail bomb: every limit is
// checked while parsing, so a hostile message costs bounded time and memory.
struct InboundLimits {
  std::size_t max_bytes = std::size_t{64} * 1024 * 1024;   // the whole raw message
  std::size_t max_header_bytes = std::size_t{256} * 1024;  // all header lines, parts' too
  int max_parts = 256;                                     // MIME parts of every level
  int max_depth = 16;  // multipart and message/rfc822 nesting (a flat multipart is 1)
  std::size_t max_decoded_bytes = std::size_t{64} * 1024 * 1024;  // all decoded parts together
};

// One mailbox of an address header: "Ada Lovelace <ada@example.org>".
struct Mailbox {
  std::string name;     // display name, decoded (RFC 2047) to UTF-8; may be empty
  std::string address;  // addr-spec, as written
};

// Why a message must never get an automatic answer (RFC 3834, bulk and list mail, bounces).
struct AutomaticMarks {
  bool auto_submitted = false;  // Auto-Submitted: anything but "no"
  bool bulk = false;            // Precedence: bulk / junk / list
  bool list = false;            // a List-Id or List-Unsubscribe header
  bool daemon = false;          // from MAILER-DAEMON, postmaster or an empty Return-Path
  bool bounce = false;          // a delivery status notification (multipart/report; DSN)
  std::vector<DeliveryFailure> failed_recipients;  // a DSN's recipients with "Action: failed"
  std::string returned_message_id;  // a DSN's: the Message-ID of the mail that came back

  bool any() const { return auto_submitted || bulk || list || daemon || bounce; }
};

// An OpenPGP payload found in the message, still encrypted: intake decrypts it and parses the
// plaintext again (PGP/MIME) or uses it as the text (inline).
struct EncryptedPayload {
  enum class Kind { pgp_mime, inline_pgp };
  Kind kind = Kind::pgp_mime;
  std::string armored;  // the "-----BEGIN PGP MESSAGE-----" block
};

// A message as intake reads it: everything a report or a reply is made of, decoded to UTF-8.
struct InboundMail {
  std::string message_id;               // without angle brackets; empty when the header is absent
  std::string in_reply_to;              // without angle brackets
  std::vector<std::string> references;  // without angle brackets, oldest first
  Mailbox from;
  std::vector<Mailbox> reply_to;
  std::vector<std::string> recipients;  // Delivered-To, X-Original-To, To, Cc in that order
  std::string subject;                  // decoded, one line, "Re:"/"Fwd:" prefixes kept
  std::string text;  // the text/plain part (format=flowed joined), or the HTML part as text
  std::vector<Upload> attachments;  // every other leaf part with a file name or not text
  // Armored OpenPGP public keys: attached (application/pgp-keys, or a file starting with the
  // armor line) as sent; an Autocrypt header's key (only when its addr= is the From address)
  // armored here, checksum line included.
  std::vector<std::string> public_keys;
  std::vector<EncryptedPayload> encrypted;
  AutomaticMarks automatic;
};

// Parses one RFC 5322 message (GMime); a leading mbox "From " line is skipped. Charsets,
// quoted-printable, base64, RFC 2047 words, RFC 2231 file names, format=flowed,
// multipart/alternative (text/plain preferred, else HTML as text) and mixed (the first text part
// is the text; later inline text parts, as Apple Mail splits them around attachments, are added
// to it), forwarded message/rfc822 parts (kept as attachments "forwarded.eml", "forwarded-2.eml";
// the first gives the text when the message has none) all read right. The signature part of
// multipart/signed is dropped; text parts other than plain and HTML without a file name are
// neither text nor files. Throws Refusal (field "message") naming what is wrong: not a message
// (no header section, a line that is not a header field, no From), over a limit (which one and
// by how much; parts and nesting are counted before any content is decoded).
InboundMail parse_inbound(std::string_view raw, const InboundLimits& limits = {});

// Parses what a PGP/MIME message held encrypted (RFC 3156 section 4): a MIME entity whose
// headers are only its Content-* fields, so no From is required; otherwise as parse_inbound.
InboundMail parse_decrypted(std::string_view plaintext, const InboundLimits& limits = {});

}  // namespace embargo::mail
