#pragma once

#include <string>

namespace embargo::store::sql {

// The statements of SqlStore::each_received_report: each reads one kind of row for every
// report of a program received in a period, all three in the reports' order (received_at, key)
// so that they are walked side by side, a report at a time, and a dashboard over thousands of
// reports costs three statements, not three per report, and no sort. Parameters: ?1 the
// program's key, ?2 from and ?3 to (epoch seconds, from included).

// Columns: key, public_id, state, severity, received_at, updated_at; oldest first.
const std::string& received_reports_sql();

// Columns: the report's key, then transition_columns (report_rows.h); a report's in the order
// they were written.
const std::string& received_transitions_sql();

// The team's replies the reporter could see. Columns: the report's key, at; a report's in the
// order they were written.
const std::string& received_replies_sql();

}  // namespace embargo::store::sql
