#include <boost/json.hpp>

#include "core/error.h"
#include "core/fix_work.h"
#include "store/sql/audit_rows.h"
#include "store/sql/due_rows.h"
#include "store/sql/program_rows.h"
#include "store/sql/report_rows.h"
#include "store/sql/report_steps.h"
#include "store/sql/sql_store.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

Report existing_report(Connection& db, const std::string& id) {
  auto key = report_key(db, id);
  if (!key) throw not_found("report", "there is no report " + id);
  return *load_report(db, *key);
}

// The team's message that tells the reporter the expected date: the date, the evaluation, and
// for a change the date it replaces and why.
std::string expected_fix_message(const ExpectedFix& fix, const ExpectedFix* previous) {
  std::string text =
      "Expected fix date: " + fix.fix_on + ".\n\nOur evaluation:\n\n" + fix.evaluation;
  if (previous != nullptr) {
    text += "\n\nThe expected date moved from " + previous->fix_on + ": " + fix.reason;
  }
  return text;
}

}  // namespace

Report SqlStore::set_expected_fix(const std::string& report_id, const ExpectedFix& fix,
                                  const std::string& actor) {
  Report updated;
  writer_->run([&](WriteContext& w) {
    Report report = existing_report(w.db, report_id);
    if (is_final(report.state)) {
      throw conflict_at("state", report.id + " is " + std::string(to_string(report.state)) +
                                     ": no fix is expected any more");
    }
    const ExpectedFix* previous =
        report.expected_fixes.empty() ? nullptr : &report.expected_fixes.back();
    ExpectedFix checked = checked_expected_fix(fix, previous != nullptr);
    Time at = time_.now();
    w.db.query(
            "INSERT INTO expected_fixes (report, at, actor, fix_on, evaluation, reason)"
            " VALUES (?1, ?2, ?3, ?4, ?5, ?6)")
        .bind(1, report.key)
        .bind(2, to_seconds(at))
        .bind(3, actor)
        .bind(4, checked.fix_on)
        .bind(5, checked.evaluation)
        .bind(6, checked.reason)
        .run();
    json::object details{{"fix_on", checked.fix_on}};
    if (previous != nullptr) details["previous"] = previous->fix_on;
    append_audit(w.db, {0, at, actor, "report.expected_fix", report.program, report.id,
                        json::serialize(details)});
    NewMessage message{Actor::team, actor, false, expected_fix_message(checked, previous), {}};
    updated = append_message(w, report.id, message);
    announce_message(w, updated);
  });
  return updated;
}

Report SqlStore::request_verification(const std::string& report_id, const std::string& fixed_in,
                                      const NewMessage& message) {
  check_message_uploads(message);
  std::string release = checked_fixed_in(fixed_in);
  Report updated;
  writer_->run([&](WriteContext& w) {
    Report report = existing_report(w.db, report_id);
    ProgramPolicy program = program_policy_of_report(w.db, policies_, report.key);
    if (!program.policy->disclosure.reporter_may_verify) {
      throw conflict_at("verification",
                        "this program's policy does not invite reporters to verify fixes");
    }
    if (report.state != State::fixing && report.state != State::fixed) {
      throw conflict_at("state", report.id + " is " + std::string(to_string(report.state)) +
                                     ": a fix is verified once it is being made or made");
    }
    if (!report.verifications.empty() && !report.verifications.back().answered_at) {
      throw conflict_at("verification", "the reporter has not answered the request to verify " +
                                            report.verifications.back().fixed_in + " yet");
    }
    Time at = time_.now();
    w.db.query(
            "INSERT INTO fix_verifications (report, asked_at, asked_by, fixed_in)"
            " VALUES (?1, ?2, ?3, ?4)")
        .bind(1, report.key)
        .bind(2, to_seconds(at))
        .bind(3, message.author_name)
        .bind(4, release)
        .run();
    append_audit(w.db, {0, at, message.author_name, "report.verification_requested", report.program,
                        report.id, json::serialize(json::object{{"fixed_in", release}})});
    NewMessage request = message;
    request.author = Actor::team;
    request.internal = false;
    request.body = "Please verify the fix in " + release + ".\n\n" + message.body;
    Attachments patches = patch_file_rules();
    updated = append_message(w, report.id, request, &patches);
    announce_message(w, updated);
  });
  return updated;
}

Report SqlStore::answer_verification(const std::string& report_id, bool fixed,
                                     const std::string& because) {
  std::string words = checked_verification_answer(fixed, because);
  Report updated;
  writer_->run([&](WriteContext& w) {
    Report report = existing_report(w.db, report_id);
    if (report.verifications.empty() || report.verifications.back().answered_at) {
      throw conflict("verification", "no request to verify a fix waits for an answer");
    }
    const FixVerification& open = report.verifications.back();
    Time at = time_.now();
    w.db.query(
            "UPDATE fix_verifications SET answered_at = ?2, fixed = ?3, because = ?4"
            " WHERE key = ?1")
        .bind(1, open.key)
        .bind(2, to_seconds(at))
        .bind(3, fixed)
        .bind(4, words)
        .run();
    append_audit(w.db,
                 {0, at, "reporter", "report.verification_answered", report.program, report.id,
                  json::serialize(json::object{{"fixed_in", open.fixed_in}, {"fixed", fixed}})});
    std::string body = fixed
                           ? "I verified the fix in " + open.fixed_in + ": it is fixed."
                           : "I verified the fix in " + open.fixed_in + ": it is still vulnerable.";
    if (!words.empty()) body += "\n\n" + words;
    updated = append_message(w, report.id, {Actor::reporter, "reporter", false, body, {}});
    if (!fixed && updated.state == State::fixed) {
      apply_transition(
          w.db, updated,
          {State::fixed, State::fixing, at, Actor::team, "verification",
           "The reporter found the fix in " + open.fixed_in + " incomplete: " + words, ""},
          time_.now());
      ProgramPolicy program = program_policy_of_report(w.db, policies_, updated.key);
      store_due(w.db, updated, *program.policy, time_.now());
    }
    announce_message(w, updated);
  });
  return updated;
}

}  // namespace embargo::store::sql
