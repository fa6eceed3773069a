#include <boost/json.hpp>

#include "core/error.h"
#include "core/text.h"
#include "store/sql/audit_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

void check_described(const std::vector<Upload>& uploads) {
  for (const auto& upload : uploads) {
    if (!describes(upload.info, upload.content)) {
      throw invalid("attachments", "attachments: '" + upload.info.file_name +
                                       "' does not match the bytes received (size or sha256)");
    }
  }
}

// The report an earlier delivery of this Message-ID became, if any.
std::optional<std::int64_t> received_before(Connection& db, const std::string& message_id) {
  if (message_id.empty()) return std::nullopt;
  auto q = db.query("SELECT report FROM mail_messages WHERE direction = 'in' AND message_id = ?1");
  q.bind(1, message_id);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

// The report a reply belongs to: the one its verified address names, else the one that sent a
// mail it answers or refers to.
std::optional<std::int64_t> thread_of(Connection& db, const IncomingMail& mail) {
  if (!mail.reply_report.empty()) {
    auto key = report_key(db, mail.reply_report);
    if (!key) throw not_found("report", "there is no report " + mail.reply_report);
    return key;
  }
  for (const auto& id : mail.thread_ids) {
    auto q =
        db.query("SELECT report FROM mail_messages WHERE direction = 'out' AND message_id = ?1");
    q.bind(1, id);
    if (q.step()) return q.integer(0);
  }
  return std::nullopt;
}

std::string public_id_of(Connection& db, std::int64_t report) {
  auto q = db.query("SELECT public_id FROM reports WHERE key = ?1");
  q.bind(1, report);
  if (!q.step())
    throw std::runtime_error("stored mail data is damaged: no report " + std::to_string(report));
  return q.text(0);
}

void record_incoming(Connection& db, std::int64_t report, std::int64_t seq,
                     const IncomingMail& mail, Time at) {
  db.query(
        "INSERT INTO mail_messages (report, seq, direction, message_id, at, encrypted,"
        " signature, signer, raw) VALUES (?1, ?2, 'in', ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind(1, report)
      .bind(2, seq)
      .bind(3, mail.message_id)
      .bind(4, to_seconds(at))
      .bind(5, mail.security.encrypted)
      .bind(6, mail.security.signature)
      .bind(7, mail.security.signer)
      .bind_blob(8, mail.raw)
      .run();
}

void store_key(Connection& db, std::int64_t report, const OpenPgpKey& key, Time at) {
  db.query(
        "INSERT INTO reporter_keys (report, fingerprint, armored, added_at)"
        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (report) DO UPDATE SET"
        " fingerprint = excluded.fingerprint, armored = excluded.armored,"
        " added_at = excluded.added_at")
      .bind(1, report)
      .bind(2, key.fingerprint)
      .bind(3, key.armored)
      .bind(4, to_seconds(at))
      .run();
}

// A sender that writes to us receives mail again.
void forget_bounce(Connection& db, const std::string& sender) {
  if (sender.empty()) return;
  db.query("DELETE FROM bounced_addresses WHERE address = ?1").bind(1, ascii_lower(sender)).run();
}

// Whether `sender` has had kReceiptsPerHour receipts within the hour before `at`.
bool receipts_exhausted(Connection& db, const std::string& sender, Time at) {
  if (sender.empty()) return false;
  auto q = db.query(
      "SELECT count(*) FROM outbox WHERE event = 'report.received' AND recipient = ?1"
      " COLLATE NOCASE AND created_at > ?2");
  q.bind(1, sender).bind(2, to_seconds(at - std::chrono::hours(1)));
  q.step();
  return q.integer(0) >= MailStore::kReceiptsPerHour;
}

}  // namespace

void SqlStore::set_announcer(std::shared_ptr<Announcer> announcer) {
  announcer_ = std::move(announcer);
}

MailReceived SqlStore::receive_mail(const IncomingMail& mail) {
  check_described(mail.uploads);
  check_described(mail.reply.uploads);
  MailReceived received;
  writer_->run([&](WriteContext& w) {
    received = {};
    Time at = time_.now();
    if (auto before = received_before(w.db, mail.message_id)) {
      received.kind = MailReceived::Kind::duplicate;
      received.report = public_id_of(w.db, *before);
      return;
    }
    forget_bounce(w.db, mail.sender);
    if (auto thread = thread_of(w.db, mail)) {
      NewMessage reply = mail.reply;
      reply.author = Actor::reporter;
      Report report = append_message(w, public_id_of(w.db, *thread), reply);
      record_incoming(w.db, report.key, report.messages.back().seq, mail, at);
      if (mail.reporter_key) store_key(w.db, report.key, *mail.reporter_key, at);
      report = *load_report(w.db, report.key);
      announce_message(w, report);
      received.kind = MailReceived::Kind::replied;
      received.report = report.id;
      received.seq = report.messages.back().seq;
      return;
    }
    CreatedReport created = create_in(w, mail.submission, mail.uploads, "reporter");
    record_incoming(w.db, created.report.key, 0, mail, at);
    if (mail.reporter_key) store_key(w.db, created.report.key, *mail.reporter_key, at);
    created.report = *load_report(w.db, created.report.key);
    IntakeNotes notes = mail.notes;
    if (notes.answer && receipts_exhausted(w.db, mail.sender, at)) notes.answer = false;
    announce_created(w, created, notes);
    received.kind = MailReceived::Kind::created;
    received.report = created.report.id;
    received.tracking_token = created.tracking_token;
  });
  return received;
}

std::vector<ReceivedMail> SqlStore::incoming_mails(const std::string& report_id) {
  std::vector<ReceivedMail> mails;
  auto db = readers_->borrow();
  auto q = db->query(
      "SELECT m.seq, m.at, m.message_id, m.encrypted, m.signature, m.signer, m.raw"
      " FROM mail_messages m JOIN reports r ON r.key = m.report"
      " WHERE r.public_id = ?1 AND m.direction = 'in' ORDER BY m.key");
  q.bind(1, report_id);
  while (q.step()) {
    ReceivedMail mail;
    mail.seq = q.integer(0);
    mail.at = from_seconds(q.integer(1));
    mail.message_id = q.text(2);
    mail.security = {q.integer(3) != 0, q.text(4), q.text(5)};
    mail.raw = q.blob(6);
    mails.push_back(std::move(mail));
  }
  return mails;
}

void SqlStore::set_reporter_key(const std::string& report_id, const OpenPgpKey& key,
                                const std::string& actor) {
  writer_->run([&](WriteContext& w) {
    auto report = report_key(w.db, report_id);
    if (!report) throw not_found("report", "there is no report " + report_id);
    Time at = time_.now();
    store_key(w.db, *report, key, at);
    auto q = w.db.query(
        "SELECT p.slug FROM reports r JOIN programs p ON p.key = r.program WHERE r.key = ?1");
    q.bind(1, *report);
    q.step();
    json::object details{{"fingerprint", key.fingerprint}};
    append_audit(w.db, {0, at, actor, "report.reporter_key", q.text(0), report_id,
                        json::serialize(details)});
  });
}

std::optional<OpenPgpKey> SqlStore::reporter_public_key(const std::string& fingerprint) {
  auto db = readers_->borrow();
  auto q = db->query("SELECT armored FROM reporter_keys WHERE fingerprint = ?1 LIMIT 1");
  q.bind(1, fingerprint);
  if (!q.step()) return std::nullopt;
  return OpenPgpKey{fingerprint, q.text(0)};
}

}  // namespace embargo::store::sql
