#include "core/error.h"
#include "core/secret.h"
#include "core/submission_key.h"
#include "store/sql/due_rows.h"
#include "store/sql/outbox_rows.h"
#include "store/sql/program_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/report_steps.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace {

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

constexpr auto kSubmissionKeyLife = std::chrono::hours(24);

// The report an earlier sending under `key` filed for this program, if any (keys older than a
// day are forgotten first); Refusal conflict when the key came with another body.
std::optional<CreatedReport> filed_before(Connection& db, std::int64_t program,
                                          const SubmissionKey& key, Time at) {
  db.query("DELETE FROM submission_keys WHERE at < ?1")
      .bind(1, to_seconds(at - kSubmissionKeyLife))
      .run();
  auto earlier = db.query(
      "SELECT body_digest, report, sealed_token FROM submission_keys"
      " WHERE program = ?1 AND key_digest = ?2");
  earlier.bind(1, program).bind(2, submission_key_digest(key.key));
  if (!earlier.step()) return std::nullopt;
  if (!secrets_equal(earlier.text(0), key.body_digest)) {
    throw conflict("idempotency_key",
                   "this key was sent with another report in the last 24 hours; a new report "
                   "needs a new key");
  }
  auto token = open_tracking_token(key.key, earlier.text(2));
  if (!token) throw std::runtime_error("a stored submission key does not open its tracking token");
  CreatedReport created;
  created.report = *load_report(db, earlier.integer(1));
  created.tracking_token = *token;
  created.replayed = true;
  return created;
}

void remember_submission(Connection& db, std::int64_t program, const CreatedReport& created,
                         const SubmissionKey& key, Time at) {
  db.query(
        "INSERT INTO submission_keys (program, key_digest, body_digest, report, sealed_token, at)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
      .bind(1, program)
      .bind(2, submission_key_digest(key.key))
      .bind(3, key.body_digest)
      .bind(4, created.report.key)
      .bind(5, seal_tracking_token(key.key, created.tracking_token))
      .bind(6, to_seconds(at))
      .run();
}

}  // namespace

CreatedReport SqlStore::create_report(const Submission& submission, const std::string& actor,
                                      const std::vector<Upload>& uploads,
                                      const std::optional<SubmissionKey>& key) {
  check_uploads(submission, uploads);
  CreatedReport created;
  writer_->run([&](WriteContext& w) {
    std::int64_t program = 0;
    if (key) {
      program = program_policy(w.db, policies_, submission.program).key;
      if (auto earlier = filed_before(w.db, program, *key, time_.now())) {
        created = std::move(*earlier);
        return;
      }
    }
    created = create_in(w, submission, uploads, actor);
    if (key) remember_submission(w.db, program, created, *key, created.report.received_at);
    announce_created(w, created, {});
  });
  return created;
}

CreatedReport SqlStore::create_in(WriteContext& w, const Submission& submission,
                                  const std::vector<Upload>& uploads, const std::string& actor) {
  CreatedReport created;
  created.tracking_token = new_secret();
  ProgramPolicy program = program_policy(w.db, policies_, submission.program);
  created.report = insert_report(w.db, program, submission, time_.now(),
                                 hash_secret(created.tracking_token), uploads, actor, false);
  store_due(w.db, created.report, *program.policy, time_.now());
  return created;
}

void SqlStore::announce_created(WriteContext& w, CreatedReport& created, const IntakeNotes& notes) {
  if (!announcer_) return;
  auto policy = program_policy_of_report(w.db, policies_, created.report.key).policy;
  queue_outbox(w.db, created.report.key,
               announcer_->report_created(created.report, *policy, created.tracking_token, notes),
               created.report.received_at);
  created.report = *load_report(w.db, created.report.key);
}

void SqlStore::announce_message(WriteContext& w, Report& report) {
  if (!announcer_) return;
  auto policy = program_policy_of_report(w.db, policies_, report.key).policy;
  queue_outbox(w.db, report.key, announcer_->message_added(report, *policy, report.messages.back()),
               report.messages.back().at);
  report = *load_report(w.db, report.key);
}

void SqlStore::announce_transition(WriteContext& w, const Report& report,
                                   const Transition& transition) {
  if (!announcer_) return;
  auto policy = program_policy_of_report(w.db, policies_, report.key).policy;
  queue_outbox(w.db, report.key, announcer_->state_changed(report, *policy, transition),
               transition.at == Time{} ? time_.now() : transition.at);
}

void SqlStore::announce_assignment(WriteContext& w, const Report& report, const Policy& policy,
                                   const Triage& before, const std::string& actor) {
  if (!announcer_) return;
  const Triage& after = report.triage;
  std::vector<OutboxItem> items;
  if (!after.handler.empty() && after.handler != before.handler) {
    items = announcer_->handler_assigned(report, policy, after.handler, false, actor);
  }
  if (!after.backup_handler.empty() && after.backup_handler != before.backup_handler) {
    auto more = announcer_->handler_assigned(report, policy, after.backup_handler, true, actor);
    items.insert(items.end(), more.begin(), more.end());
  }
  queue_outbox(w.db, report.key, items, time_.now());
}

Report SqlStore::transition_report(const std::string& id, const Transition& transition) {
  Report updated;
  writer_->run([&](WriteContext& w) {
    auto key = report_key(w.db, id);
    if (!key) throw not_found("report", "there is no report " + id);
    updated = *load_report(w.db, *key);
    apply_transition(w.db, updated, transition, time_.now());
    store_due(w.db, updated, *program_policy_of_report(w.db, policies_, *key).policy, time_.now());
    announce_transition(w, updated, updated.history.back());
  });
  return updated;
}

Report SqlStore::update_triage(const std::string& id, const TriageUpdate& update,
                               const std::string& actor) {
  Report updated;
  writer_->run([&](WriteContext& w) {
    auto key = report_key(w.db, id);
    if (!key) throw not_found("report", "there is no report " + id);
    updated = *load_report(w.db, *key);
    Triage before = updated.triage;
    ProgramPolicy program = program_policy_of_report(w.db, policies_, *key);
    apply_triage(w.db, updated, program, update, actor, time_.now());
    store_due(w.db, updated, *program.policy, time_.now());
    announce_assignment(w, updated, *program.policy, before, actor);
  });
  return updated;
}

std::vector<std::string> SqlStore::import_reports(const std::vector<ImportedReport>& reports,
                                                  const std::string& actor) {
  for (const auto& imported : reports) check_uploads(imported.submission, {});
  std::vector<std::string> ids;
  // All or nothing, in a transaction of its own: one savepoint around a whole batch made each
  // report cost more than the one before (Writer::run_alone).
  writer_->run_alone([&](WriteContext& w) {
    ids.clear();
    for (const auto& imported : reports) {
      ProgramPolicy program = program_policy(w.db, policies_, imported.submission.program);
      Report report = insert_report(w.db, program, imported.submission, imported.received_at,
                                    hash_secret(new_secret()), {}, actor, true);
      for (const auto& transition : imported.history)
        apply_transition(w.db, report, transition, time_.now());
      if (!imported.triage.empty()) {
        Time at = report.history.empty() ? report.received_at : report.history.back().at;
        apply_triage(w.db, report, program, imported.triage, actor, at);
      }
      store_due(w.db, report, *program.policy, time_.now());
      ids.push_back(report.id);
    }
  });
  return ids;
}

}  // namespace embargo::store::sql
