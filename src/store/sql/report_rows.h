#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/report.h"
#include "store/sql/connection.h"

namespace embargo::store::sql {

// A report as stored, with its history and its thread, read in the caller's transaction.
std::optional<Report> load_report(Connection& db, std::int64_t key);

// A state read back from the store; std::runtime_error for a name the store never writes.
State stored_state(const std::string& text);

// The columns of one transition row, from `transitions t` with its original's row
// `LEFT JOIN reports d ON d.key = t.duplicate_of`, in the order transition_row reads them.
const std::string& transition_columns();
// The transition whose transition_columns start at column `first` of the current row.
Transition transition_row(const Query& q, int first);

// The report's labels, sorted.
std::vector<std::string> load_labels(Connection& db, std::int64_t report);

// Stores files of the report in the caller's transaction: of the submission when `message_seq`
// is absent, else of that message. infos[i] describes uploads[i].content (the caller has
// checked). They are numbered after the report's last file; returns the infos with their ids.
std::vector<AttachmentInfo> insert_attachments(Connection& db, std::int64_t report,
                                               std::optional<std::int64_t> message_seq,
                                               std::span<const AttachmentInfo> infos,
                                               std::span<const Upload> uploads);

// The step the report's next transition or message takes (report.h, Transition::step).
std::int64_t next_step(Connection& db, std::int64_t report);

// The states for which `is_final(state)` holds, as an SQL list: ('duplicate', ..., 'disclosed').
const std::string& final_states_sql();

// The internal key of the report with this public id.
std::optional<std::int64_t> report_key(Connection& db, const std::string& public_id);

}  // namespace embargo::store::sql
