#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.h"

namespace embargo::mail {

// A mail Embargo sends, before it is made into RFC 5322 bytes.
struct OutgoingMail {
  std::string from_name;                // "PySpector security team"
  std::string from;                     // the instance's sender address
  std::string to;                       // one recipient
  std::string reply_to;                 // where answers go (a per-report address); empty: none
  std::string subject;                  // UTF-8
  std::string text;                     // the plain text body, UTF-8, lines ending in "\n"
  std::string message_id;               // without angle brackets: stable across retries
  std::string in_reply_to;              // without angle brackets; empty: none
  std::vector<std::string> references;  // without angle brackets
  Time date{};
  bool automatic = true;  // Auto-Submitted: auto-generated (a notification, not a person)
};

// The message as sent: headers and a text/plain; charset=utf-8 body (quoted-printable when it
// needs it), built with GMime. When `encrypt` is given, the body part is replaced by an RFC 3156
// multipart/encrypted PGP/MIME structure whose ciphertext is encrypt(inner MIME part); the
// subject then stays in the outer headers (it is what the notification says, never the report's
// title).
std::string render_mail(const OutgoingMail& mail,
                        const std::function<std::string(std::string_view)>& encrypt = {});

// A fresh Message-ID "<random>@<domain>" (no brackets): 128 random bits, so that a reply's
// In-Reply-To proves the sender received the mail.
std::string new_message_id(std::string_view domain);

}  // namespace embargo::mail
