#include "formats/queue_csv.h"

#include "formats/csv.h"

namespace embargo::formats {

std::string queue_csv_header() {
  return csv_record({"id", "program", "state", "severity", "title", "received", "due", "due_clock",
                     "handler", "labels"});
}

std::string queue_csv_records(const std::vector<QueueRow>& rows) {
  std::string out;
  for (const auto& row : rows) {
    std::string labels;
    for (const auto& label : row.labels) labels += (labels.empty() ? "" : " ") + label;
    out += csv_record({row.id, row.program, std::string(to_string(row.state)),
                       row.severity ? std::string(to_string(*row.severity)) : std::string(),
                       row.title, format_time(row.received_at),
                       row.due_at ? format_time(*row.due_at) : std::string(),
                       row.due_clock ? std::string(to_string(*row.due_clock)) : std::string(),
                       row.handler, labels});
  }
  return out;
}

}  // namespace embargo::formats
