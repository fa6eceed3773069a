#pragma once

#include <string>
#include <vector>

#include "core/report.h"
#include "core/triage.h"
#include "store/sql/connection.h"
#include "store/sql/program_rows.h"

namespace embargo::store::sql {

// The steps every write to a report is made of, each in the caller's transaction with its
// audit event, so that creating, importing, moving and triaging a report share one rule set.
// None of them touches the due columns: the caller stores the due time once, after its last
// step (store_due).

// Validates the submission against the program's policy, takes the next id of the program and
// the year of `received_at`, and stores the report with its files (uploads were checked against
// submission.attachments by the caller). Audit event "report.created" (`imported` says whether
// the report came from elsewhere).
Report insert_report(Connection& db, const ProgramPolicy& program, const Submission& submission,
                     Time received_at, const std::string& tracking_hash,
                     const std::vector<Upload>& uploads, const std::string& actor, bool imported);

// Refuses a message whose uploads do not match their own descriptions (size or sha256), before
// any of their bytes are kept (Refusal "attachments").
void check_message_uploads(const NewMessage& message);

// Moves the report by the state table (validate_transition; a duplicate names an earlier-stored
// report of the same program), appends the history row and the audit event "report.transition",
// and updates `report` to match. A transition without a time happens at `now`.
void apply_transition(Connection& db, Report& report, Transition transition, Time now);

// The reporter answered while the team waited on them (needs_info): the report goes back to the
// state it was in before the question, by the reporter, so that its clocks run again. Does
// nothing in any other state.
void resume_after_answer(Connection& db, Report& report, Time at);

// Applies a triage update (apply_triage_update, then the scoring and membership checks of
// Store::update_triage), writes it with the audit event "report.triage" and updates `report`.
// An update that changes nothing writes nothing.
void apply_triage(Connection& db, Report& report, const ProgramPolicy& program,
                  const TriageUpdate& update, const std::string& actor, Time at);

}  // namespace embargo::store::sql
