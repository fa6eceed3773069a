#include "jobs/mail_intake.h"

#include <algorithm>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string_view>

#include "core/email.h"
#include "core/error.h"
#include "core/text.h"
#include "http/program_key_pairs.h"
#include "jobs/reply_address.h"
#include "mail/inbound.h"
#include "mail/pgp.h"

namespace embargo::jobs {
namespace {

// Whether `recipient` is the program's mailbox, with or without a "+tag" in its local part.
bool same_mailbox(std::string_view recipient, std::string_view mailbox) {
  std::string r = ascii_lower(recipient);
  auto at = r.rfind('@');
  if (at == std::string::npos) return false;
  auto plus = r.find('+');
  if (plus != std::string::npos && plus < at) r.erase(plus, at - plus);
  return r == ascii_lower(mailbox);
}

std::vector<std::string> recipients_of(const mail::InboundMail& m, const IntakeTarget& target) {
  std::vector<std::string> all;
  if (!target.recipient.empty()) all.push_back(target.recipient);
  all.insert(all.end(), m.recipients.begin(), m.recipients.end());
  return all;
}

// The program whose mailbox the mail was sent to: the first recipient that is one decides.
std::optional<store::Program> program_for(store::Store& store,
                                          const std::vector<std::string>& recipients) {
  auto programs = store.list_programs();
  for (const auto& recipient : recipients) {
    for (const auto& program : programs) {
      const Policy& p = program.policy;
      if (p.intake.email && !p.contacts.email.empty() &&
          same_mailbox(recipient, p.contacts.email)) {
        return program;
      }
    }
  }
  return std::nullopt;
}

// A reply quotes what it answers under a line like "On Mon, ... wrote:": the thread already
// holds that, so the quoted tail is left out (quotes inside the text are kept).
std::string without_quoted_tail(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::size_t end = lines.size();
  while (end > 0 && (lines[end - 1].starts_with(">") || is_blank(lines[end - 1]))) --end;
  if (end == lines.size()) return text;
  if (end > 0 && lines[end - 1].find("wrote:") != std::string::npos) --end;
  std::string kept;
  for (std::size_t i = 0; i < end; ++i) kept += lines[i] + "\n";
  while (!kept.empty() && is_space(kept.back())) kept.pop_back();
  return kept;
}

// Puts the plaintext where its inline block was. The block as found ends with its END line's
// line end, which the text lacks when the block ends the body (the body's last line end is not
// kept); a block that is not found at all is an error rather than ciphertext stored as the report.
void replace_block(std::string& text, std::string_view armored, const std::string& plaintext) {
  auto at = text.find(armored);
  if (at == std::string::npos && armored.ends_with('\n')) {
    armored.remove_suffix(1);
    at = text.find(armored);
  }
  if (at == std::string::npos) {
    throw std::runtime_error("the decrypted inline PGP block was not found again in the text");
  }
  text.replace(at, armored.size(), plaintext);
}

// Decrypts what the mail carries encrypted, in place: a PGP/MIME body is replaced by what it
// holds, an inline block by its plaintext. Keys the mail carries are imported first, so that a
// signature by the reporter's own key verifies.
store::MailSecurity decrypt(mail::InboundMail& m, mail::Keyring& keyring) {
  store::MailSecurity security;
  if (m.encrypted.empty()) return security;
  for (const auto& key : m.public_keys) {
    try {
      keyring.import(key);
    } catch (const Refusal&) {
      // A key that does not import cannot be used to verify or to answer; the mail still counts.
    }
  }
  security.encrypted = true;
  for (const auto& payload : m.encrypted) {
    mail::Decrypted plain = keyring.decrypt(payload.armored);
    if (payload.kind == mail::EncryptedPayload::Kind::inline_pgp) {
      replace_block(m.text, payload.armored, plain.plaintext);
    } else {
      mail::InboundMail inner = mail::parse_decrypted(plain.plaintext);
      m.text = inner.text;
      m.attachments = std::move(inner.attachments);
      // A reporter's client puts their key inside the encrypted part: once it is imported, the
      // signature is checked again, now against a known key.
      bool imported = false;
      for (const auto& key : inner.public_keys) {
        m.public_keys.push_back(key);
        try {
          keyring.import(key);
          imported = true;
        } catch (const Refusal&) {
          // Not a usable key; the signature stays as first checked.
        }
      }
      if (imported && plain.signature.status == mail::SignatureCheck::Status::unknown_key) {
        plain.signature = keyring.decrypt(payload.armored).signature;
      }
    }
    if (plain.signature.status != mail::SignatureCheck::Status::none) {
      static constexpr std::string_view kStatus[] = {"none", "valid", "bad", "unknown_key"};
      security.signature = kStatus[static_cast<int>(plain.signature.status)];
      security.signer = plain.signature.fingerprint;
    }
  }
  return security;
}

// The reporter's key among those the mail carries: the first that imports and can encrypt.
std::optional<store::OpenPgpKey> reporter_key(const mail::InboundMail& m, mail::Keyring& keyring) {
  for (const auto& key : m.public_keys) {
    try {
      for (const auto& info : keyring.import(key)) {
        if (info.can_encrypt)
          return store::OpenPgpKey{info.fingerprint, keyring.export_public(info.fingerprint)};
      }
    } catch (const Refusal&) {
      // Not a usable key: the reporter gets mail in clear, as without one.
    }
  }
  return std::nullopt;
}

// The files the program accepts, one at a time as the form would check them; the others are
// named with the reason, for the reporter's receipt.
void keep_accepted_files(const mail::InboundMail& m, const Policy& policy, Submission& s,
                         std::vector<Upload>& uploads, std::vector<std::string>& not_kept) {
  for (const auto& file : m.attachments) {
    if (!policy.form.attachments.allowed) {
      not_kept.push_back(file.info.file_name +
                         ": this program accepts no files; put everything in the mail's text");
      continue;
    }
    Submission trial = s;
    trial.attachments.push_back(file.info);
    auto problems = submission_problems(trial, policy);
    auto refused = std::find_if(problems.begin(), problems.end(),
                                [](const Refusal& r) { return r.field() == "attachments"; });
    if (refused != problems.end()) {
      not_kept.push_back(file.info.file_name + ": " + refused->what());
      continue;
    }
    s.attachments.push_back(file.info);
    uploads.push_back(file);
  }
}

// What the mail becomes as a new report of `policy`'s program.
void as_report(const mail::InboundMail& m, const Policy& policy, store::IncomingMail& incoming) {
  Submission& s = incoming.submission;
  s.program = policy.identity.slug;
  s.channel = "email";
  std::string subject(trim_spaces(m.subject));
  if (policy.form.find(ReportField::title) != nullptr && !subject.empty()) {
    s.fields[ReportField::title] = subject;
    s.fields[ReportField::description] = m.text;
  } else {
    s.fields[ReportField::description] = subject.empty() ? m.text : subject + "\n\n" + m.text;
  }
  if (is_blank(m.text)) s.fields.erase(ReportField::description);
  if (is_valid_email(m.from.address)) s.fields[ReportField::reporter_email] = m.from.address;
  if (!is_blank(m.from.name)) s.fields[ReportField::reporter_name] = m.from.name;
  if (!policy.credit.anonymous_allowed) {
    s.credit = {CreditChoice::Kind::name, is_blank(m.from.name) ? m.from.address : m.from.name};
  }
  keep_accepted_files(m, policy, s, incoming.uploads, incoming.notes.not_kept);
}

// What the mail becomes as a reply: its own words, with the files its program accepts.
void as_reply(const mail::InboundMail& m, const Policy* policy, store::IncomingMail& incoming) {
  NewMessage& reply = incoming.reply;
  reply.author = Actor::reporter;
  reply.body = without_quoted_tail(m.text);
  if (policy == nullptr) return;
  Submission files;
  files.program = policy->identity.slug;
  std::vector<std::string> not_kept;
  keep_accepted_files(m, *policy, files, reply.uploads, not_kept);
  for (const auto& line : not_kept) reply.body += "\n\n[Not kept: " + line + "]";
}

IntakeResult refused(IntakeStatus status, const std::string& why) { return {status, why}; }

// A delivery status notification: the addresses a mail of ours did not reach are marked, so that
// nothing more is sent to them until they write; it never becomes a report.
IntakeResult bounce(store::Store& store, const mail::InboundMail& m) {
  std::vector<store::BouncedAddress> failed;
  for (const auto& failure : m.automatic.failed_recipients) {
    std::string reason = failure.status;
    if (!failure.diagnostic.empty()) reason += (reason.empty() ? "" : " ") + failure.diagnostic;
    failed.push_back({failure.address, reason.empty() ? "failed" : reason, {}, {}});
  }
  auto marked = store.mail().record_bounce(m.automatic.returned_message_id, failed);
  std::string said;
  for (const auto& failure : m.automatic.failed_recipients) said += " " + failure.address;
  if (said.empty()) return {IntakeStatus::stored, "delivery status notification with no failure"};
  if (marked.empty()) {
    return {IntakeStatus::stored,
            "delivery failure report for" + said + ": names no mail sent to it from here; ignored"};
  }
  std::string who;
  for (const auto& address : marked) who += " " + address;
  return {IntakeStatus::stored,
          "bounced:" + who + ": no more mail goes to it until it writes to us again"};
}

}  // namespace

IntakeResult receive_mail(store::Store& store, const auth::SecretBox& key,
                          const std::filesystem::path& gnupg_home, std::string_view raw,
                          const IntakeTarget& target) {
  try {
    mail::InboundMail m = mail::parse_inbound(raw);
    if (m.automatic.bounce) return bounce(store, m);
    store::IncomingMail incoming;
    // GnuPG only for mail that is encrypted or carries keys: starting GPGME costs more than the
    // rest of a plain mail's intake.
    if (!m.encrypted.empty() || !m.public_keys.empty()) {
      mail::Keyring keyring(gnupg_home);
      // The program's key pair may have been made on another server of the instance.
      if (!m.encrypted.empty()) http::share_program_keys(store.mail(), keyring, key);
      incoming.security = decrypt(m, keyring);
      incoming.reporter_key = reporter_key(m, keyring);
    }
    incoming.message_id = m.message_id;
    if (is_valid_email(m.from.address)) incoming.sender = m.from.address;
    incoming.raw = std::string(raw);
    incoming.notes.answer = !m.automatic.any();
    if (!m.in_reply_to.empty()) incoming.thread_ids.push_back(m.in_reply_to);
    incoming.thread_ids.insert(incoming.thread_ids.end(), m.references.rbegin(),
                               m.references.rend());

    auto recipients = recipients_of(m, target);
    for (const auto& recipient : recipients) {
      if (auto report = report_of_reply_address(recipient, key)) {
        incoming.reply_report = *report;
        break;
      }
    }
    std::optional<store::Program> program;
    if (!target.program.empty()) {
      program = store.find_program(target.program);
      if (!program) {
        return refused(IntakeStatus::unknown_recipient, "there is no program " + target.program);
      }
    } else {
      program = program_for(store, recipients);
    }
    if (!incoming.reply_report.empty()) {
      if (auto report = store.find_report(incoming.reply_report)) {
        program = store.find_program(report->program);
      }
    }
    if (!program && incoming.reply_report.empty() && incoming.thread_ids.empty()) {
      std::string names;
      for (const auto& r : recipients) names += (names.empty() ? "" : ", ") + r;
      return refused(IntakeStatus::unknown_recipient,
                     "no program takes reports by mail at " + (names.empty() ? "(none)" : names));
    }
    if (program) as_report(m, program->policy, incoming);
    as_reply(m, program ? &program->policy : nullptr, incoming);

    store::MailReceived received = store.mail().receive_mail(incoming);
    switch (received.kind) {
      case store::MailReceived::Kind::created:
        return {IntakeStatus::stored, "new report " + received.report};
      case store::MailReceived::Kind::replied:
        return {IntakeStatus::stored, "reply to " + received.report};
      case store::MailReceived::Kind::duplicate:
        return {IntakeStatus::stored,
                "already received (Message-ID " + m.message_id + ") as " + received.report};
    }
    return {IntakeStatus::stored, received.report};
  } catch (const Refusal& r) {
    if (r.kind() == Refusal::Kind::not_found && r.field() == "program") {
      return refused(IntakeStatus::unknown_recipient,
                     "no program takes reports by mail at this address");
    }
    return refused(IntakeStatus::refused_content, r.what());
  } catch (const std::exception& e) {
    return refused(IntakeStatus::try_again, std::string("cannot store the mail now: ") + e.what());
  }
}

}  // namespace embargo::jobs
