// A report's timeline as the desk's report page and the reporter's thread both show it: messages
// and state changes in one list.
#pragma once

#include <cstdint>
#include <tuple>
#include <vector>

#include "core/time.h"
#include "http/templates.h"

namespace embargo::http {

// One message or state change: when, its step within that second, and its row for the template.
using TimelineEntry = std::tuple<Time, std::int64_t, TemplateData>;

// The rows by time, then by step within a second (a message and the state change sent with it
// share a second; the step keeps them in the order they happened).
kainjow::mustache::list timeline_rows(std::vector<TimelineEntry> entries);

}  // namespace embargo::http
