#include <boost/json.hpp>

#include "core/error.h"
#include "core/secret.h"
#include "store/public_id.h"
#include "store/report_json.h"
#include "store/sqlite/audit_rows.h"
#include "store/sqlite/report_rows.h"
#include "store/sqlite/sqlite_store.h"

namespace embargo::store::sqlite {
namespace json = boost::json;

namespace {

// Takes the next number of the program's sequence for `year`, starting at 1.
std::int64_t next_sequence(Connection& db, std::int64_t program, int year) {
  auto q = db.query(
      "INSERT INTO report_sequences (program, year, next) VALUES (?1, ?2, 2)"
      " ON CONFLICT (program, year) DO UPDATE SET next = next + 1 RETURNING next - 1");
  q.bind(1, program).bind(2, year);
  q.step();
  std::int64_t sequence = q.integer(0);
  q.run();
  return sequence;
}

// The reporter's rating, as the column stores it (NULL when not given).
std::optional<std::string> severity_column(const std::optional<Severity>& severity) {
  if (!severity) return std::nullopt;
  return std::string(to_string(*severity));
}

// The files a submission describes must be the files received, one for one, before anything
// of them is stored.
void check_uploads(const Submission& submission, const std::vector<Upload>& uploads) {
  if (uploads.size() != submission.attachments.size()) {
    throw invalid("attachments", "attachments: " + std::to_string(submission.attachments.size()) +
                                     " described, " + std::to_string(uploads.size()) + " received");
  }
  for (std::size_t i = 0; i < uploads.size(); ++i) {
    if (!describes(submission.attachments[i], uploads[i].content)) {
      throw invalid("attachments", "attachments: '" + submission.attachments[i].file_name +
                                       "' does not match the bytes received (size or sha256)");
    }
  }
}

}  // namespace

CreatedReport SqliteStore::create_report(const Submission& submission, const std::string& actor,
                                         const std::vector<Upload>& uploads) {
  check_uploads(submission, uploads);
  CreatedReport created;
  created.tracking_token = new_secret();
  std::string token_hash = hash_secret(created.tracking_token);
  Report& report = created.report;
  writer_->run([&](WriteContext& w) {
    auto program = w.db.query("SELECT key, revision, source FROM programs WHERE slug = ?1");
    program.bind(1, submission.program);
    if (!program.step()) {
      throw not_found("program", "there is no program '" + submission.program + "'");
    }
    std::int64_t program_key = program.integer(0);
    auto policy =
        policies_.get(program_key, program.integer(1), program.text(2), submission.program);
    validate_submission(submission, *policy);

    report = Report{};
    report.program = submission.program;
    report.submission = submission;
    report.received_at = report.updated_at = now();
    const std::string* rated = submission.get(ReportField::severity);
    if (rated != nullptr) report.severity = parse_severity(*rated);
    auto severity = severity_column(report.severity);
    int year = utc_year(report.received_at);
    std::int64_t sequence = next_sequence(w.db, program_key, year);
    report.id = format_public_id(id_prefix(*policy), year, sequence);

    auto insert = w.db.query(
        "INSERT INTO reports (public_id, program, year, sequence, state, title, severity, channel,"
        " consented, credit_kind, credit_text, fields, attachments, tracking_hash, received_at,"
        " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
        " ?15) RETURNING key");
    insert.bind(1, report.id)
        .bind(2, program_key)
        .bind(3, year)
        .bind(4, sequence)
        .bind(5, to_string(report.state))
        .bind(6, display_title(submission))
        .bind(7, severity)
        .bind(8, submission.channel)
        .bind(9, submission.consented)
        .bind(10, to_string(submission.credit.kind))
        .bind(11, submission.credit.text)
        .bind(12, fields_to_json(submission.fields))
        .bind(13, "[]")  // the files are rows of `attachments` (0002_thread.sql)
        .bind(14, token_hash)
        .bind(15, to_seconds(report.received_at));
    insert.step();
    report.key = insert.integer(0);
    insert.run();
    report.submission.attachments =
        insert_attachments(w.db, report.key, std::nullopt, submission.attachments, uploads);

    json::object details{{"state", to_string(report.state)},
                         {"channel", submission.channel},
                         {"attachments", submission.attachments.size()}};
    if (severity) details["severity"] = *severity;
    append_audit(w.db, {0, report.received_at, actor, "report.created", report.program, report.id,
                        json::serialize(details)});
  });
  return created;
}

Report SqliteStore::transition_report(const std::string& id, const Transition& transition) {
  Report updated;
  writer_->run([&](WriteContext& w) {
    auto key = report_key(w.db, id);
    if (!key) throw not_found("report", "there is no report " + id);
    Report report = *load_report(w.db, *key);
    Transition t = transition;
    if (t.at == Time{}) t.at = now();
    validate_transition(report.state, t);

    std::optional<std::int64_t> original;
    if (t.to == State::duplicate) {
      original = report_key(w.db, t.duplicate_of);
      if (!original) throw not_found("duplicate_of", "there is no report " + t.duplicate_of);
      if (*original == report.key) {
        throw invalid("duplicate_of", "a report cannot be a duplicate of itself");
      }
      auto other = load_report(w.db, *original);
      if (other->program != report.program) {
        throw invalid("duplicate_of", t.duplicate_of + " belongs to another program than " + id);
      }
    }

    auto insert = w.db.query(
        "INSERT INTO transitions (report, from_state, to_state, at, actor, actor_name, reason,"
        " duplicate_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
    insert.bind(1, report.key)
        .bind(2, to_string(t.from))
        .bind(3, to_string(t.to))
        .bind(4, to_seconds(t.at))
        .bind(5, to_string(t.actor))
        .bind(6, t.actor_name)
        .bind(7, t.reason);
    if (original) insert.bind(8, *original);
    insert.run();
    w.db.query("UPDATE reports SET state = ?1, updated_at = ?2 WHERE key = ?3")
        .bind(1, to_string(t.to))
        .bind(2, to_seconds(t.at))
        .bind(3, report.key)
        .run();

    json::object details{
        {"from", to_string(t.from)}, {"to", to_string(t.to)}, {"by", to_string(t.actor)}};
    if (original) details["duplicate_of"] = t.duplicate_of;
    std::string actor = t.actor_name.empty() ? std::string(to_string(t.actor)) : t.actor_name;
    append_audit(w.db, {0, t.at, actor, "report.transition", report.program, report.id,
                        json::serialize(details)});

    report.state = t.to;
    report.updated_at = t.at;
    report.history.push_back(t);
    updated = std::move(report);
  });
  return updated;
}

}  // namespace embargo::store::sqlite
