#include <boost/json.hpp>

#include "core/error.h"
#include "store/sql/audit_rows.h"
#include "store/sql/due_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/report_steps.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

// What a write to a report's thread needs to know about the report before it writes.
struct Target {
  std::int64_t key = 0;
  State state = State::new_report;
  std::string program;
  std::shared_ptr<const Policy> policy;
};

Target find_target(Connection& db, PolicyCache& policies, const std::string& report_id) {
  auto q = db.query(
      "SELECT r.key, r.state, p.key, p.revision, p.source, p.slug"
      " FROM reports r JOIN programs p ON p.key = r.program WHERE r.public_id = ?1");
  q.bind(1, report_id);
  if (!q.step()) throw not_found("report", "there is no report " + report_id);
  auto state = parse_state(q.text(1));
  if (!state) throw std::runtime_error("stored report data is damaged: state " + q.text(1));
  return {q.integer(0), *state, q.text(5),
          policies.get(q.integer(2), q.integer(3), q.text(4), q.text(5))};
}

}  // namespace

Report SqlStore::add_message(const std::string& report_id, const NewMessage& message) {
  check_message_uploads(message);
  Report updated;
  writer_->run([&](WriteContext& w) {
    updated = append_message(w, report_id, message);
    announce_message(w, updated);
  });
  return updated;
}

Report SqlStore::append_message(WriteContext& w, const std::string& report_id,
                                const NewMessage& message, const Attachments* file_rules) {
  // Whatever name the caller gives, a reporter's message is signed as the reporter.
  std::string author_name =
      message.author == Actor::reporter ? std::string("reporter") : message.author_name;
  Target target = find_target(w.db, policies_, report_id);
  if (message.author == Actor::reporter && !reporter_may_write(target.state)) {
    throw conflict("state", target.state == State::withdrawn
                                ? "the report was withdrawn; it takes no more messages from you"
                                : "the report's state is " + std::string(to_string(target.state)) +
                                      ", in which replies are closed: it takes no more "
                                      "messages from you");
  }
  if (file_rules == nullptr) {
    validate_message(message, *target.policy);
  } else {
    Policy with_rules = *target.policy;
    with_rules.form.attachments = *file_rules;
    validate_message(message, with_rules);
  }

  Time at = time_.now();
  std::int64_t seq = 0;
  {
    auto last = w.db.query("SELECT coalesce(max(seq), 0) FROM messages WHERE report = ?1");
    last.bind(1, target.key);
    last.step();
    seq = last.integer(0) + 1;
  }
  w.db.query(
          "INSERT INTO messages (report, seq, at, author, author_name, internal, body, step)"
          " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)")
      .bind(8, next_step(w.db, target.key))
      .bind(1, target.key)
      .bind(2, seq)
      .bind(3, to_seconds(at))
      .bind(4, to_string(message.author))
      .bind(5, author_name)
      .bind(6, message.internal)
      .bind(7, message.body)
      .run();
  std::vector<AttachmentInfo> infos;
  for (const auto& upload : message.uploads) infos.push_back(upload.info);
  insert_attachments(w.db, target.key, seq, infos, message.uploads);
  // A reporter's word is unread by the team until a member opens the report or answers.
  w.db.query(
          "UPDATE reports SET updated_at = ?1,"
          " reporter_replied_at = CASE WHEN ?3 = 1 THEN ?1 ELSE NULL END WHERE key = ?2")
      .bind(1, to_seconds(at))
      .bind(2, target.key)
      .bind(3, message.author == Actor::reporter)
      .run();
  if (message.author == Actor::reporter && target.state == State::needs_info) {
    Report current = *load_report(w.db, target.key);
    resume_after_answer(w.db, current, at);
  }

  json::object details{{"seq", seq},
                       {"author", to_string(message.author)},
                       {"internal", message.internal},
                       {"attachments", message.uploads.size()}};
  append_audit(w.db, {0, at, author_name, "report.message", target.program, report_id,
                      json::serialize(details)});
  Report updated = *load_report(w.db, target.key);
  store_due(w.db, updated, *target.policy, time_.now());
  return updated;
}

void SqlStore::mark_read_by_team(const std::string& id) {
  writer_->run([&](WriteContext& w) {
    w.db.query(
            "UPDATE reports SET reporter_replied_at = NULL"
            " WHERE public_id = ?1 AND reporter_replied_at IS NOT NULL")
        .bind(1, id)
        .run();
  });
}

Report SqlStore::change_credit(const std::string& report_id, const CreditChoice& credit,
                               const std::string& actor) {
  Report updated;
  writer_->run([&](WriteContext& w) {
    Target target = find_target(w.db, policies_, report_id);
    validate_credit(credit, target.policy->credit);
    Time at = time_.now();
    w.db.query(
            "UPDATE reports SET credit_kind = ?1, credit_text = ?2, updated_at = ?3"
            " WHERE key = ?4")
        .bind(1, to_string(credit.kind))
        .bind(2, credit.text)
        .bind(3, to_seconds(at))
        .bind(4, target.key)
        .run();
    json::object details{{"kind", to_string(credit.kind)}};
    append_audit(
        w.db, {0, at, actor, "report.credit", target.program, report_id, json::serialize(details)});
    updated = *load_report(w.db, target.key);
  });
  return updated;
}

}  // namespace embargo::store::sql
