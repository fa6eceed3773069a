#pragma once

#include <string>

namespace embargo::store::sqlite {

// The statements of SqliteStore::received_reports: each reads one kind of row for every report
// of a program received in a period, so that a dashboard over thousands of reports costs three
// statements, not three per report. Parameters: ?1 the program's key, ?2 from and ?3 to (epoch
// seconds, from included).

// Columns: key, public_id, state, severity, received_at, updated_at; oldest first.
const std::string& received_reports_sql();

// Columns: the report's key, then transition_columns (report_rows.h); in the order they were
// written.
const std::string& received_transitions_sql();

// The team's replies the reporter could see. Columns: the report's key, at; in the order they
// were written.
const std::string& received_replies_sql();

}  // namespace embargo::store::sqlite
