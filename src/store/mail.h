#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/advisory.h"
#include "core/policy.h"
#include "core/report.h"
#include "core/sla.h"
#include "core/time.h"
#include "store/accounts.h"

namespace embargo::store {

// One mail or webhook an announcer asks the store to queue with the change it announces.
struct OutboxItem {
  std::string channel = "mail";  // "mail" or "webhook"
  std::string event;             // "report.received", "report.message", "report.state", ...
  std::string recipient;         // an address, or a webhook's URL
  std::string message_id;        // the mail's Message-ID, without brackets: stable across retries
  std::string payload;           // sealed under the instance key by the announcer
  // Set when the item could not be made (the reporter's key does not encrypt, say): it is
  // stored as failed with this reason, so an admin sees it, and nothing is sent in clear.
  std::string failure;
  // A mail to a team member, not to the reporter: its Message-ID is never one a reply joins the
  // report's thread by.
  bool team = false;
  // Held for the recipient's daily digest instead of sent: the payload is the sealed line the
  // digest will show (MailStore::due_digest_entries).
  bool digest = false;
};

// A line waiting for a team member's daily digest.
struct DigestEntry {
  std::int64_t key = 0;
  std::string recipient;
  std::string event;
  std::string report;   // public id, or empty
  std::string payload;  // sealed
  Time created_at{};
};

// A queued, sent or failed item as the outbox keeps it.
struct OutboxEntry {
  std::int64_t key = 0;
  OutboxItem item;     // payload empty once sent
  std::string report;  // public id; empty when the item is not about a report
  std::string state;   // "queued", "sent", "failed"
  int attempts = 0;
  Time created_at{};
  Time next_attempt_at{};
  std::optional<Time> last_attempt_at;
  std::optional<Time> sent_at;
  std::string last_error;
};

// What intake asks of the announcement of a mailed report: no automatic answer to automatic
// mail (RFC 3834), and what the receipt must say was not kept.
struct IntakeNotes {
  bool answer = true;
  std::vector<std::string> not_kept;  // e.g. "exploit.py: this program accepts no files"
};

// A new tracking link of an open report, for "Lost your link?": the token is in clear only in
// the announcer's hands.
struct ReportLink {
  Report report;
  std::string program_name;
  std::string tracking_token;
};

// What the store calls inside the transaction of each write that someone must hear about, so a
// committed change is never left unannounced and a rolled-back one never announced (the
// transactional outbox). It runs on the store's writer thread: it renders and seals, nothing
// slow, and it throws only when the change itself must not happen. An event an announcer does
// not override is one it has nothing to say about: it queues nothing.
class Announcer {
 public:
  virtual ~Announcer() = default;
  // A new report; the tracking token is in clear only here and in the caller's hands.
  virtual std::vector<OutboxItem> report_created(const Report& /*report*/, const Policy& /*policy*/,
                                                 const std::string& /*tracking_token*/,
                                                 const IntakeNotes& /*notes*/) {
    return {};
  }
  // A message added to the report's thread (the report as it now is; the message is its last).
  virtual std::vector<OutboxItem> message_added(const Report& /*report*/, const Policy& /*policy*/,
                                                const Message& /*message*/) {
    return {};
  }
  // A transition applied to the report.
  virtual std::vector<OutboxItem> state_changed(const Report& /*report*/, const Policy& /*policy*/,
                                                const Transition& /*transition*/) {
    return {};
  }
  // New links of the open reports of `address`, asked for by someone who typed it (maybe not
  // its owner: the links go only to the address).
  virtual std::vector<OutboxItem> links_requested(const std::string& /*address*/,
                                                  const std::vector<ReportLink>& /*links*/) {
    return {};
  }
  // The report's primary handler (`backup` false) or backup handler was set to `email` by
  // `actor`.
  virtual std::vector<OutboxItem> handler_assigned(const Report& /*report*/,
                                                   const Policy& /*policy*/,
                                                   const std::string& /*email*/, bool /*backup*/,
                                                   const std::string& /*actor*/) {
    return {};
  }
  // An invitation to a program's team; its secret is in clear only here and in the caller's
  // hands.
  virtual std::vector<OutboxItem> invitation_created(const Invitation& /*invitation*/,
                                                     const std::string& /*secret*/) {
    return {};
  }
  // A revision of an advisory was published (its first, or an update); `reports` are the ids of
  // the reports it is about, whose own transitions are announced one by one.
  virtual std::vector<OutboxItem> advisory_published(const PublishedAdvisory& /*advisory*/,
                                                     const std::vector<std::string>& /*reports*/) {
    return {};
  }
};

// What OpenPGP did to an incoming mail, as the report records it.
struct MailSecurity {
  bool encrypted = false;
  std::string signature = "none";  // "none", "valid", "bad", "unknown_key"
  std::string signer;              // the signing key's fingerprint, when known
};

// An OpenPGP public key: a reporter's (every mail to the reporter is encrypted to it) or a
// program's own (served at /p/{slug}/pgp-key.asc; its secret half is in the instance's keyring).
struct OpenPgpKey {
  std::string fingerprint;
  std::string armored;
};

// A program's key pair as the store keeps it for the servers' keyrings (http/program_key_pairs.h):
// the fingerprint of its key and its armored secret key sealed under the instance key by the
// caller; empty when the key was made before the store kept secret keys.
struct ProgramKeyPair {
  std::string program;  // slug
  std::string fingerprint;
  std::string sealed_secret;
};

// One mail as intake hands it to the store: both what it becomes as a new report and as a reply,
// since only the store can tell, in the same write, which it is.
struct IncomingMail {
  std::string message_id;               // empty: the sender gave none (never a duplicate)
  std::string reply_report;             // the report a verified per-report address names
  std::vector<std::string> thread_ids;  // In-Reply-To, then References newest first
  Submission submission;                // as a new report of submission.program
  std::vector<Upload> uploads;          // submission.attachments[i] describes uploads[i]
  NewMessage reply;                     // as a reply (author: the reporter)
  std::string raw;                      // the message as received
  MailSecurity security;
  std::optional<OpenPgpKey> reporter_key;
  std::string sender;  // the From address: a sender that writes is no longer bounced
  IntakeNotes notes;
};

// An address a mail of ours did not reach for good, as a delivery status notification said.
struct BouncedAddress {
  std::string address;
  std::string reason;      // the status and diagnostic the notification gave
  std::string message_id;  // the returned mail's, without brackets
  Time at{};
};

// What became of an incoming mail.
struct MailReceived {
  enum class Kind { created, replied, duplicate };
  Kind kind = Kind::created;
  std::string report;          // public id
  std::string tracking_token;  // created only
  std::int64_t seq = 0;        // replied: the thread message it became
};

// An incoming mail as the report keeps it: what the team sees and downloads.
struct ReceivedMail {
  std::int64_t seq = 0;  // the thread message it became; 0: the report's submission
  Time at{};
  std::string message_id;
  MailSecurity security;
  std::string raw;
};

// Which outbox items to list, newest first.
struct OutboxQuery {
  std::string state;  // empty: any
  int limit = 100;    // 1..1000
};

// The mail side of the store: intake, the reporter's key and the outbox, in the same database
// and transactions as the reports.
class MailStore {
 public:
  virtual ~MailStore() = default;

  // Who is told about changes; set once, before the first write, and kept for the store's life.
  virtual void set_announcer(std::shared_ptr<Announcer> announcer) = 0;

  // In one write: a mail whose Message-ID the store already received is a duplicate (nothing
  // changes); one naming a report (a verified reply address, or In-Reply-To / References naming
  // a mail the store sent about it) becomes a reporter's message of that report (Refusal as
  // add_message when the report takes no more messages); any other becomes a new report
  // (Refusal as create_report). The raw bytes, the OpenPGP result and the reporter's key are
  // kept with it, and the announcer is called as for any new report or message.
  // A new report by mail gets its receipt only while its sender has had fewer than
  // kReceiptsPerHour receipts in the last hour (IntakeNotes::answer is cleared past that), so
  // that a mail loop or a flood cannot make the desk mail someone without end.
  static constexpr int kReceiptsPerHour = 5;
  virtual MailReceived receive_mail(const IncomingMail& mail) = 0;

  // A delivery status notification saying the mail `returned_message_id` failed for good: in one
  // write, each of `failed` that the outbox did send that mail to is marked bounced (the item
  // becomes failed with the reason; audit event "mail.bounced"). Mail queued for a bounced
  // address is kept as failed instead of sent, until a mail from that address arrives. An
  // address the mail was not sent to is ignored, so that a forged notification (its Message-ID
  // is random and went only to the recipient) cannot silence a reporter. Returns the addresses
  // marked.
  virtual std::vector<std::string> record_bounce(const std::string& returned_message_id,
                                                 const std::vector<BouncedAddress>& failed) = 0;
  // The bounce of `address` (compared ignoring case), while it stands.
  virtual std::optional<BouncedAddress> bounced_address(const std::string& address) = 0;

  // The report's incoming mails, oldest first, with their raw bytes.
  virtual std::vector<ReceivedMail> incoming_mails(const std::string& report_id) = 0;

  // "Lost your link?": in one write, a new tracking link for each open report whose reporter
  // address is `address` (compared ignoring case), announced to that address together
  // (Announcer::links_requested). At most kLinkMailsPerHour such mails go to one address in an
  // hour, so that the page cannot flood someone's mailbox; past that nothing is made. Returns how
  // many links were made; the page's answer must not depend on it.
  static constexpr int kLinkMailsPerHour = 3;
  virtual int send_tracking_links(const std::string& address) = 0;

  // Keeps (or replaces) the reporter's key for the report. Audit event "report.reporter_key".
  virtual void set_reporter_key(const std::string& report_id, const OpenPgpKey& key,
                                const std::string& actor) = 0;
  // A reporter's key the store keeps, by fingerprint: for a server whose keyring never saw it
  // (another server of the instance took it), so that its mail to the reporter is encrypted too.
  virtual std::optional<OpenPgpKey> reporter_public_key(const std::string& fingerprint) = 0;

  // Queued items whose next attempt is due at `at`, oldest first.
  virtual std::vector<OutboxEntry> due_outbox(Time at, int limit) = 0;
  // A delivered item: its payload is emptied, its record kept.
  virtual void outbox_sent(std::int64_t key, Time at) = 0;
  // A failed attempt: retried at `retry_at`, or failed for good when it is unset.
  virtual void outbox_attempt_failed(std::int64_t key, Time at, const std::string& error,
                                     std::optional<Time> retry_at) = 0;
  virtual std::vector<OutboxEntry> list_outbox(const OutboxQuery& query) = 0;

  // The daily digests: a member's held lines (OutboxItem::digest) go out together once the
  // oldest has waited kDigestEvery, so nobody gets more than about one digest a day and no line
  // waits longer than that. Returns the pending entries of each recipient whose digest is due at
  // `at` (every pending entry when `all`), by recipient, oldest first.
  static constexpr std::chrono::hours kDigestEvery{24};
  virtual std::vector<DigestEntry> due_digest_entries(Time at, bool all) = 0;
  // In one write: the digest mail queued, its entries marked digested (payloads emptied).
  virtual void queue_digest(const std::vector<std::int64_t>& entries, const OutboxItem& mail) = 0;

  // The open reports whose next due promise (the report's due time and clock) falls before
  // `horizon` and has no alert yet for that due time at the level it has at `at` (overdue once
  // past due, else due soon), soonest first: what jobs/clock_alerts.h looks at each minute.
  virtual std::vector<std::string> clock_alert_candidates(Time at, Time horizon, int limit) = 0;
  // An SLA clock alert (jobs/clock_alerts.h), in one write: the items queued the first time the
  // report's clock reaches `level` ("due_soon" or "overdue") for this due time, with the audit
  // event "report.clock_alert"; false, and nothing queued, when that alert was made before.
  virtual bool record_clock_alert(const std::string& report_id, ClockKind clock,
                                  const std::string& level, Time due_at,
                                  const std::vector<OutboxItem>& items) = 0;

  // The program's own key; nullopt when it has none. Setting it keeps the public key and the
  // secret key, sealed by the caller, in one write with the audit event "settings.mail" like any
  // mail setting.
  virtual std::optional<OpenPgpKey> program_key(const std::string& slug) = 0;
  virtual void set_program_key(const std::string& slug, const OpenPgpKey& key,
                               const std::string& sealed_secret, const std::string& actor) = 0;
  // Every program's key pair, by program.
  virtual std::vector<ProgramKeyPair> program_key_pairs() = 0;
  // Keeps the sealed secret key of the program's key `fingerprint` (made before the store kept
  // secret keys, by the server that holds it); false, and nothing written, when the program's key
  // is no longer that one or already has its secret key kept.
  virtual bool keep_program_secret_key(const std::string& slug, const std::string& fingerprint,
                                       const std::string& sealed_secret,
                                       const std::string& actor) = 0;

  // Instance-wide mail settings (the SMTP server, the sender address), by name; secrets are
  // sealed by the caller. Audit event "settings.mail" (the name only).
  virtual std::optional<std::string> mail_setting(const std::string& name) = 0;
  // Several settings in one read (every announcement reads the mail configuration, and on
  // PostgreSQL each read is a round trip): name -> value, for those that are set.
  virtual std::map<std::string, std::string> mail_settings(
      const std::vector<std::string>& names) = 0;
  virtual void set_mail_setting(const std::string& name, const std::string& value,
                                const std::string& actor) = 0;
};

}  // namespace embargo::store
