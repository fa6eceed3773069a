#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/severity.h"
#include "core/sla.h"
#include "core/state.h"
#include "core/time.h"

namespace embargo::formats {

// One report of the queue as its CSV export writes it: the fields of store::ReportSummary, which
// the caller copies in (formats does not depend on the store).
struct QueueRow {
  std::string id;
  std::string program;
  State state = State::new_report;
  std::optional<Severity> severity;
  std::string title;
  Time received_at{};
  std::optional<Time> due_at;  // the next SLA due time; absent when no clock runs
  std::optional<ClockKind> due_clock;
  std::string handler;              // email, or empty
  std::vector<std::string> labels;  // sorted
};

// The header record: id,program,state,severity,title,received,due,due_clock,handler,labels.
std::string queue_csv_header();

// One record per row, in the header's order: the state, severity and due clock by their names
// (none: an empty field), received and due as RFC 3339 UTC (nothing due: empty), the labels
// separated by spaces (a label never holds one). A long queue is written page by page after one
// header.
std::string queue_csv_records(const std::vector<QueueRow>& rows);

}  // namespace embargo::formats
