#include "http/desk/dashboard_page_data.h"

#include "formats/chart_layout.h"
#include "formats/due_words.h"
#include "formats/metric_words.h"
#include "http/desk/chart_data.h"

namespace embargo::http {
namespace {

using formats::ChartOptions;
using formats::ChartValue;
using kainjow::mustache::list;
using kainjow::mustache::object;

std::string milestone_words(Timing::Milestone m) {
  switch (m) {
    case Timing::Milestone::acknowledged:
      return "Time to acknowledge";
    case Timing::Milestone::triaged:
      return "Time to triage";
    case Timing::Milestone::fixed:
      return "Time to fix";
  }
  return "";
}

// A chart's short label for the milestone, so that "Acknowledge, 90th pct." fits uncut.
std::string milestone_verb(Timing::Milestone m) {
  switch (m) {
    case Timing::Milestone::acknowledged:
      return "Acknowledge";
    case Timing::Milestone::triaged:
      return "Triage";
    case Timing::Milestone::fixed:
      return "Fix";
  }
  return "";
}

std::string optional_elapsed(const std::optional<std::int64_t>& seconds) {
  return seconds ? formats::elapsed_words(*seconds) : "none";
}

double hours(std::int64_t seconds) { return static_cast<double>(seconds) / 3600; }

TemplateData chart(const std::vector<ChartValue>& values, const ChartOptions& options) {
  return chart_data(formats::layout_bar_chart(values, options));
}

ChartOptions counts(const std::string& title, const std::string& label_heading,
                    ChartOptions::Orientation orientation) {
  ChartOptions options;
  options.title = title;
  options.label_heading = label_heading;
  options.value_heading = "Reports";
  options.orientation = orientation;
  options.whole_numbers = true;
  return options;
}

std::vector<ChartValue> tally_values(const std::vector<Tally>& tallies) {
  std::vector<ChartValue> values;
  values.reserve(tallies.size());
  for (const auto& t : tallies) values.push_back({t.label, static_cast<double>(t.count)});
  return values;
}

void set_compliance(TemplateData& page, const std::vector<Compliance>& compliance) {
  list rows;
  std::vector<ChartValue> shares;
  for (const auto& c : compliance) {
    auto share = c.share_met();
    const std::string words =
        std::string(formats::clock_title(c.promise)) + (c.promised ? "" : " (internal target)");
    rows.push_back(object{{"compliance_promise", words},
                          {"compliance_met", std::to_string(c.met)},
                          {"compliance_missed", std::to_string(c.missed)},
                          {"compliance_overdue", std::to_string(c.overdue)},
                          {"compliance_running", std::to_string(c.running)},
                          {"compliance_paused", std::to_string(c.paused)},
                          {"compliance_stopped", std::to_string(c.stopped)},
                          {"compliance_share",
                           share ? formats::percent_words(*share) : std::string("none decided")}});
    if (share) shares.push_back({words, *share * 100});
  }
  page.set("compliance_rows", rows);
  page.set("has_compliance", !compliance.empty());
  if (!shares.empty()) {
    ChartOptions options;
    options.title = "Share of decided reports whose promise was met";
    options.label_heading = "Promise";
    options.value_heading = "Met";
    options.unit = "%";
    page.set("share_chart", chart(shares, options));
  }
}

void set_timings(TemplateData& page, const std::vector<Timing>& timings) {
  list rows;
  std::vector<ChartValue> values;
  for (const auto& t : timings) {
    rows.push_back(object{{"timing_milestone", milestone_words(t.milestone)},
                          {"timing_count", std::to_string(t.count)},
                          {"timing_median", optional_elapsed(t.median)},
                          {"timing_p90", optional_elapsed(t.p90)}});
    if (t.median) values.push_back({milestone_verb(t.milestone) + ", median", hours(*t.median)});
    if (t.p90) values.push_back({milestone_verb(t.milestone) + ", 90th pct.", hours(*t.p90)});
  }
  page.set("timing_rows", rows);
  if (!values.empty()) {
    ChartOptions options;
    options.title = "Time from receipt, in hours";
    options.label_heading = "Milestone";
    options.value_heading = "Hours";
    options.unit = " h";
    page.set("timing_chart", chart(values, options));
  }
}

}  // namespace

void set_metrics_data(TemplateData& page, const ProgramMetrics& metrics) {
  page.set("has_metrics", true);
  page.set("report_count",
           std::to_string(metrics.reports) + (metrics.reports == 1 ? " report" : " reports"));
  set_compliance(page, metrics.compliance);
  set_timings(page, metrics.timings);
  page.set("state_chart",
           chart(tally_values(metrics.by_state),
                 counts("Reports by state now", "State", ChartOptions::Orientation::horizontal)));
  page.set("severity_chart",
           chart(tally_values(metrics.by_severity),
                 counts("Reports by severity", "Severity", ChartOptions::Orientation::horizontal)));
  page.set("month_chart",
           chart(tally_values(metrics.by_month), counts("Reports by month received", "Month",
                                                        ChartOptions::Orientation::vertical)));
}

}  // namespace embargo::http
