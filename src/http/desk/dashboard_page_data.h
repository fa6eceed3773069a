#pragma once

#include "core/metrics.h"
#include "http/templates.h"

namespace embargo::http {

// Sets on `page` what dashboard.mustache shows of a program's figures (docs/dashboard.md):
// the number of reports, compliance per promise and the times to each milestone as tables in
// words, and a chart with its table for compliance, the times, and the reports by state,
// severity and month. Row keys are prefixed by their table so none inherits a page value.
void set_metrics_data(TemplateData& page, const ProgramMetrics& metrics);

}  // namespace embargo::http
