#include "store/sql/report_steps.h"

#include <boost/json.hpp>

#include "core/error.h"
#include "store/public_id.h"
#include "store/report_json.h"
#include "store/sql/audit_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/triage_rows.h"
#include "store/triage_checks.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

// A rating as the severity column stores it (NULL when there is none).
std::optional<std::string> severity_column(const std::optional<Severity>& severity) {
  if (!severity) return std::nullopt;
  return std::string(to_string(*severity));
}

json::value text_or_null(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

json::array json_strings(const std::vector<std::string>& values) {
  return json::array(values.begin(), values.end());
}

// The audit event's "changed": each field whose value changed, with its new value.
json::object changed_fields(const Report& before, const Triage& after,
                            const std::optional<Severity>& severity) {
  const Triage& old = before.triage;
  json::object changed;
  if (after.cvss_vector != old.cvss_vector)
    changed["cvss_vector"] = text_or_null(after.cvss_vector);
  if (after.cwe != old.cwe) changed["cwe"] = after.cwe ? json::value(*after.cwe) : nullptr;
  if (after.affected_versions != old.affected_versions) {
    changed["affected_versions"] = json_strings(after.affected_versions);
  }
  if (after.fixed_versions != old.fixed_versions) {
    changed["fixed_versions"] = json_strings(after.fixed_versions);
  }
  if (after.handler != old.handler) changed["handler"] = text_or_null(after.handler);
  if (after.backup_handler != old.backup_handler) {
    changed["backup_handler"] = text_or_null(after.backup_handler);
  }
  if (after.labels != old.labels) changed["labels"] = json_strings(after.labels);
  if (severity != before.severity) {
    changed["severity"] = severity ? json::value(to_string(*severity)) : nullptr;
  }
  return changed;
}

// Appends the history row and the audit event "report.transition" of a move already judged
// allowed, and updates `report` to match.
void record_transition(Connection& db, Report& report, Transition t,
                       std::optional<std::int64_t> original) {
  t.step = next_step(db, report.key);
  auto insert = db.query(
      "INSERT INTO transitions (report, from_state, to_state, at, actor, actor_name, reason,"
      " duplicate_of, step) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)");
  insert.bind(1, report.key)
      .bind(2, to_string(t.from))
      .bind(3, to_string(t.to))
      .bind(4, to_seconds(t.at))
      .bind(5, to_string(t.actor))
      .bind(6, t.actor_name)
      .bind(7, t.reason)
      .bind(9, t.step);
  if (original) insert.bind(8, *original);
  insert.run();
  db.query("UPDATE reports SET state = ?1, updated_at = ?2 WHERE key = ?3")
      .bind(1, to_string(t.to))
      .bind(2, to_seconds(t.at))
      .bind(3, report.key)
      .run();

  json::object details{
      {"from", to_string(t.from)}, {"to", to_string(t.to)}, {"by", to_string(t.actor)}};
  if (original) details["duplicate_of"] = t.duplicate_of;
  std::string actor = t.actor_name.empty() ? std::string(to_string(t.actor)) : t.actor_name;
  append_audit(db, {0, t.at, actor, "report.transition", report.program, report.id,
                    json::serialize(details)});

  report.state = t.to;
  report.updated_at = t.at;
  report.history.push_back(std::move(t));
}

}  // namespace

Report insert_report(Connection& db, const ProgramPolicy& program, const Submission& submission,
                     Time received_at, const std::string& tracking_hash,
                     const std::vector<Upload>& uploads, const std::string& actor, bool imported) {
  validate_submission(submission, *program.policy);
  Report report;
  report.program = program.slug;
  report.submission = submission;
  report.received_at = report.updated_at = received_at;
  const std::string* rated = submission.get(ReportField::severity);
  if (rated != nullptr) report.severity = parse_severity(*rated);
  auto severity = severity_column(report.severity);
  int year = utc_year(received_at);
  std::int64_t sequence = next_number(db, YearlyNumbering::reports, program.key, year);
  report.id = format_public_id(id_prefix(*program.policy), year, sequence);

  auto insert = db.query(
      "INSERT INTO reports (public_id, program, year, sequence, state, title, severity, channel,"
      " consented, credit_kind, credit_text, fields, attachments, tracking_hash, received_at,"
      " updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
      " ?15) RETURNING key");
  insert.bind(1, report.id)
      .bind(2, program.key)
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
      .bind(14, tracking_hash)
      .bind(15, to_seconds(received_at));
  insert.step();
  report.key = insert.integer(0);
  insert.run();
  report.submission.attachments =
      insert_attachments(db, report.key, std::nullopt, submission.attachments, uploads);

  json::object details{{"state", to_string(report.state)},
                       {"channel", submission.channel},
                       {"attachments", submission.attachments.size()}};
  if (severity) details["severity"] = *severity;
  if (imported) details["imported"] = true;
  append_audit(db, {0, received_at, actor, "report.created", report.program, report.id,
                    json::serialize(details)});
  return report;
}

void apply_transition(Connection& db, Report& report, Transition t, Time now) {
  if (t.at == Time{}) t.at = now;
  validate_transition(report.state, t);

  std::optional<std::int64_t> original;
  if (t.to == State::duplicate) {
    // A report of another program is answered like one that does not exist: a handler of
    // this program must not learn which ids another program has.
    original = report_key(db, t.duplicate_of);
    if (original && *original == report.key) {
      throw invalid("duplicate_of", "a report cannot be a duplicate of itself");
    }
    if (!original || load_report(db, *original)->program != report.program) {
      throw invalid("duplicate_of", "there is no report " + t.duplicate_of + " in this program");
    }
  }

  record_transition(db, report, std::move(t), original);
}

void resume_after_answer(Connection& db, Report& report, Time at) {
  if (report.state != State::needs_info) return;
  State before = State::acknowledged;
  for (const auto& t : report.history) {
    if (t.to == State::needs_info) before = t.from;
  }
  // A report asked about while still new was seen by the team: it comes back acknowledged.
  if (before == State::new_report) before = State::acknowledged;
  Transition back;
  back.from = State::needs_info;
  back.to = before;
  back.at = at;
  back.actor = Actor::reporter;
  back.actor_name = "reporter";
  back.reason = "The reporter answered.";
  record_transition(db, report, std::move(back), std::nullopt);
}

void apply_triage(Connection& db, Report& report, const ProgramPolicy& program,
                  const TriageUpdate& update, const std::string& actor, Time at) {
  Triage next = apply_triage_update(report.triage, update);
  auto rated = check_triage(report.triage, next, *program.policy);
  HandlerKeys handlers = resolve_handlers(db, program.key, report.triage, next);
  std::optional<Severity> severity = severity_after(report.severity, update, rated);
  json::object changed = changed_fields(report, next, severity);
  if (changed.empty()) return;

  store_triage(db, report.key, next, handlers);
  db.query("UPDATE reports SET severity = ?1, updated_at = ?2 WHERE key = ?3")
      .bind(1, severity_column(severity))
      .bind(2, to_seconds(at))
      .bind(3, report.key)
      .run();
  json::object details{{"changed", std::move(changed)}};
  append_audit(
      db, {0, at, actor, "report.triage", report.program, report.id, json::serialize(details)});
  report.triage = std::move(next);
  report.severity = severity;
  report.updated_at = at;
}

void check_message_uploads(const NewMessage& message) {
  for (const auto& upload : message.uploads) {
    if (!describes(upload.info, upload.content)) {
      throw invalid("attachments", "attachments: '" + upload.info.file_name +
                                       "' does not match the bytes received (size or sha256)");
    }
  }
}

}  // namespace embargo::store::sql
