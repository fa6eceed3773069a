#include "store/sql/report_rows.h"

#include <map>
#include <stdexcept>

#include "store/report_json.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

Actor stored_actor(std::string_view text) {
  if (auto actor = parse_actor(text)) return *actor;
  throw std::runtime_error("stored report data is damaged: actor " + std::string(text));
}

void load_history(Connection& db, Report& report) {
  auto q = db.query("SELECT " + transition_columns() +
                    " FROM transitions t LEFT JOIN reports d ON d.key = t.duplicate_of"
                    " WHERE t.report = ?1 ORDER BY t.key");
  q.bind(1, report.key);
  while (q.step()) report.history.push_back(transition_row(q, 0));
}

// The thread: messages oldest first, each with its files, the submission's files after those
// the report kept as metadata only before the thread existed (id 0: no bytes), and the times
// of the team's words the reporter can see.
void load_thread(Connection& db, Report& report) {
  auto messages = db.query(
      "SELECT seq, at, author, author_name, internal, body, coalesce(step, 0) FROM messages"
      " WHERE report = ?1 ORDER BY seq");
  messages.bind(1, report.key);
  std::map<std::int64_t, std::size_t> by_seq;
  while (messages.step()) {
    Message m;
    m.seq = messages.integer(0);
    m.at = from_seconds(messages.integer(1));
    m.author = stored_actor(messages.text(2));
    m.author_name = messages.text(3);
    m.internal = messages.integer(4) != 0;
    m.body = messages.text(5);
    m.step = messages.integer(6);
    if (m.author == Actor::team && !m.internal) report.reporter_updates.push_back(m.at);
    by_seq[m.seq] = report.messages.size();
    report.messages.push_back(std::move(m));
  }
  auto files = db.query(
      "SELECT id, message_seq, file_name, media_type, size, sha256 FROM attachments"
      " WHERE report = ?1 ORDER BY id");
  files.bind(1, report.key);
  while (files.step()) {
    AttachmentInfo a{files.text(2), files.text(3), static_cast<std::uint64_t>(files.integer(4)),
                     files.text(5), files.integer(0)};
    if (files.is_null(1)) {
      report.submission.attachments.push_back(std::move(a));
      continue;
    }
    auto message = by_seq.find(files.integer(1));
    if (message == by_seq.end()) {
      throw std::runtime_error("stored report data is damaged: file " + std::to_string(a.id) +
                               " of a message that does not exist");
    }
    report.messages[message->second].attachments.push_back(std::move(a));
  }
}

// The work on the fix: every expected fix date and every verification request, oldest first.
void load_fix_work(Connection& db, Report& report) {
  auto fixes = db.query(
      "SELECT at, actor, fix_on, evaluation, reason FROM expected_fixes WHERE report = ?1"
      " ORDER BY key");
  fixes.bind(1, report.key);
  while (fixes.step()) {
    report.expected_fixes.push_back({fixes.text(2), fixes.text(3), fixes.text(4),
                                     from_seconds(fixes.integer(0)), fixes.text(1)});
  }
  auto checks = db.query(
      "SELECT key, asked_at, asked_by, fixed_in, answered_at, fixed, because"
      " FROM fix_verifications WHERE report = ?1 ORDER BY key");
  checks.bind(1, report.key);
  while (checks.step()) {
    FixVerification v;
    v.key = checks.integer(0);
    v.asked_at = from_seconds(checks.integer(1));
    v.asked_by = checks.text(2);
    v.fixed_in = checks.text(3);
    if (!checks.is_null(4)) v.answered_at = from_seconds(checks.integer(4));
    if (!checks.is_null(5)) v.fixed = checks.integer(5) != 0;
    v.because = checks.text(6);
    report.verifications.push_back(std::move(v));
  }
}

// The mail side of the thread: the reporter's key and the Message-IDs of its mails.
void load_mail(Connection& db, Report& report) {
  auto key = db.query("SELECT fingerprint FROM reporter_keys WHERE report = ?1");
  key.bind(1, report.key);
  if (key.step()) report.mail.reporter_key = key.text(0);
  auto ids = db.query(
      "SELECT message_id FROM mail_messages WHERE report = ?1 AND message_id != '' ORDER BY key");
  ids.bind(1, report.key);
  while (ids.step()) report.mail.message_ids.push_back(ids.text(0));
}

}  // namespace

State stored_state(const std::string& text) {
  auto state = parse_state(text);
  if (!state) throw std::runtime_error("stored report data is damaged: state " + text);
  return *state;
}

const std::string& transition_columns() {
  static const std::string columns =
      "t.from_state, t.to_state, t.at, t.actor, t.actor_name, t.reason, d.public_id,"
      " coalesce(t.step, 0)";
  return columns;
}

Transition transition_row(const Query& q, int first) {
  return {stored_state(q.text(first)),
          stored_state(q.text(first + 1)),
          from_seconds(q.integer(first + 2)),
          stored_actor(q.text(first + 3)),
          q.text(first + 4),
          q.text(first + 5),
          q.text(first + 6),
          q.integer(first + 7)};
}

std::vector<std::string> load_labels(Connection& db, std::int64_t report) {
  auto q = db.query("SELECT label FROM report_labels WHERE report = ?1 ORDER BY label");
  q.bind(1, report);
  std::vector<std::string> labels;
  while (q.step()) labels.push_back(q.text(0));
  return labels;
}

std::int64_t next_step(Connection& db, std::int64_t report) {
  auto q = db.query(
      "SELECT coalesce(max(step), 0) + 1 FROM (SELECT step FROM transitions WHERE report = ?1"
      " UNION ALL SELECT step FROM messages WHERE report = ?1) AS steps");
  q.bind(1, report);
  q.step();
  return q.integer(0);
}

const std::string& final_states_sql() {
  static const std::string sql = [] {
    std::string list;
    for (State s : all_states()) {
      if (!is_final(s)) continue;
      list += list.empty() ? "('" : ", '";
      list += to_string(s);
      list += "'";
    }
    return list + ")";
  }();
  return sql;
}

std::optional<Report> load_report(Connection& db, std::int64_t key) {
  auto q = db.query(
      "SELECT r.public_id, p.slug, r.state, r.severity, r.channel, r.consented, r.credit_kind,"
      " r.credit_text, r.fields, r.attachments, r.received_at, r.updated_at, r.cvss_vector,"
      " r.cwe, r.affected_versions, r.fixed_versions, h.email, b.email,"
      " r.reporter_replied_at IS NOT NULL"
      " FROM reports r JOIN programs p ON p.key = r.program"
      " LEFT JOIN users h ON h.key = r.handler LEFT JOIN users b ON b.key = r.backup_handler"
      " WHERE r.key = ?1");
  q.bind(1, key);
  if (!q.step()) return std::nullopt;
  Report report;
  report.key = key;
  report.id = q.text(0);
  report.program = q.text(1);
  report.state = stored_state(q.text(2));
  if (!q.is_null(3)) report.severity = parse_severity(q.text(3));
  Submission& s = report.submission;
  s.program = report.program;
  s.channel = q.text(4);
  s.consented = q.integer(5) != 0;
  auto credit_kind = parse_credit_kind(q.text(6));
  if (!credit_kind)
    throw std::runtime_error("stored report data is damaged: credit kind " + q.text(6));
  s.credit = {*credit_kind, q.text(7)};
  s.fields = fields_from_json(q.text(8));
  s.attachments = attachments_from_json(q.text(9));
  report.received_at = from_seconds(q.integer(10));
  report.updated_at = from_seconds(q.integer(11));
  Triage& triage = report.triage;
  triage.cvss_vector = q.text(12);
  if (!q.is_null(13)) triage.cwe = static_cast<int>(q.integer(13));
  triage.affected_versions = strings_from_json(q.text(14));
  triage.fixed_versions = strings_from_json(q.text(15));
  triage.handler = q.text(16);
  triage.backup_handler = q.text(17);
  report.reporter_replied = q.integer(18) != 0;
  triage.labels = load_labels(db, key);
  load_history(db, report);
  load_thread(db, report);
  load_mail(db, report);
  load_fix_work(db, report);
  return report;
}

std::vector<AttachmentInfo> insert_attachments(Connection& db, std::int64_t report,
                                               std::optional<std::int64_t> message_seq,
                                               std::span<const AttachmentInfo> infos,
                                               std::span<const Upload> uploads) {
  std::int64_t id = 0;
  {
    auto last = db.query("SELECT coalesce(max(id), 0) FROM attachments WHERE report = ?1");
    last.bind(1, report);
    last.step();
    id = last.integer(0);
  }
  std::vector<AttachmentInfo> stored;
  for (std::size_t i = 0; i < infos.size(); ++i) {
    AttachmentInfo a = infos[i];
    a.id = ++id;
    std::int64_t rowid = 0;
    {
      // The row with room for the file, then the file into it: binding the bytes would make
      // SQLite build the whole row, file included, in memory.
      auto insert = db.query(
          "INSERT INTO attachments (report, id, message_seq, file_name, media_type, size, sha256,"
          " content) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING rowid");
      insert.bind(1, report)
          .bind(2, a.id)
          .bind(4, a.file_name)
          .bind(5, a.media_type)
          .bind(6, static_cast<std::int64_t>(a.size))
          .bind(7, a.sha256)
          .bind_zeroblob(8, uploads[i].content.size());
      if (message_seq) insert.bind(3, *message_seq);
      insert.step();
      rowid = insert.integer(0);
    }
    db.write_blob("attachments", "content", rowid, uploads[i].content);
    stored.push_back(std::move(a));
  }
  return stored;
}

std::optional<std::int64_t> report_key(Connection& db, const std::string& public_id) {
  auto q = db.query("SELECT key FROM reports WHERE public_id = ?1");
  q.bind(1, public_id);
  if (!q.step()) return std::nullopt;
  return q.integer(0);
}

}  // namespace embargo::store::sql
