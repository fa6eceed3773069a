#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/severity.h"
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
};

// The header record: id,program,state,severity,title,received.
std::string queue_csv_header();

// One record per row, in the header's order: the state and severity by their names (no severity:
// an empty field), received as RFC 3339 UTC. A long queue is written page by page after one
// header.
std::string queue_csv_records(const std::vector<QueueRow>& rows);

}  // namespace embargo::formats
