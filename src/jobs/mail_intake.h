#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "auth/secret_box.h"
#include "store/store.h"

namespace embargo::jobs {

// Exit statuses as mail transfer agents read them (sysexits.h).
enum class IntakeStatus {
  stored = 0,              // EX_OK
  refused_content = 65,    // EX_DATAERR: bounced to the sender with the message
  unknown_recipient = 67,  // EX_NOUSER
  try_again = 75,          // EX_TEMPFAIL: the MTA keeps the message and retries
};

struct IntakeResult {
  IntakeStatus status = IntakeStatus::stored;
  std::string message;  // "new report PYKOUR-2026-0007", "reply to ...", or why it was refused
};

// Who the mail is for, when the MTA says it: `--recipient` and `--program`.
struct IntakeTarget {
  std::string recipient;  // the envelope recipient; checked before the message's own headers
  std::string program;    // a program's slug: every new report goes to it
};

// One mail from an MTA or a mailbox into the store: parsed (mail/inbound.h), decrypted with the
// instance's keyring when it is OpenPGP, given to its program (the recipient matched against
// each program's address, or a per-report reply address) and stored as a new report or a reply
// (store::MailStore::receive_mail). Files the program does not accept are left out and named in
// the receipt; automatic mail (auto-replies, lists, bounces) gets no automatic answer, and a
// bounce files nothing but marks the addresses it names (store::MailStore::record_bounce). Never
// throws: every outcome is an IntakeResult whose status an MTA understands.
IntakeResult receive_mail(store::Store& store, const auth::SecretBox& key,
                          const std::filesystem::path& gnupg_home, std::string_view raw,
                          const IntakeTarget& target);

}  // namespace embargo::jobs
