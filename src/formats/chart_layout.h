#pragma once

#include <string>
#include <vector>

namespace embargo::formats {

// Bar charts drawn by the server: this works out where everything goes, in SVG user units, so
// that a logic-less template (web/templates/bar_chart.mustache) only has to place what it is
// given, and its table twin (chart_table.mustache) lists the same labels and values.

// One bar to draw: what it stands for and its value (a count, a percentage, hours).
struct ChartValue {
  std::string label;
  double value = 0;
};

struct ChartOptions {
  enum class Orientation { horizontal, vertical };

  std::string title;          // the chart's accessible name and its table's caption
  std::string label_heading;  // the table's first column, e.g. "State"
  std::string value_heading;  // the table's second column, e.g. "Reports"
  Orientation orientation = Orientation::horizontal;
  std::string unit;            // written after every number: "" for counts, "%", " h"
  bool whole_numbers = false;  // counts: axis steps of at least 1, labels without decimals
  double width = 640;          // at least 320
  double height = 300;         // of a vertical chart; a horizontal one grows with its bars
};

struct ChartBar {
  std::string label;        // in full, for the table and the bar's tooltip
  std::string short_label;  // under or beside the bar, cut with "…" when long
  std::string value_label;  // the value with its unit, e.g. "12", "87.5%"
  double value = 0;
  double x = 0, y = 0, width = 0, height = 0;
  double label_x = 0, label_y = 0;
  double value_x = 0, value_y = 0;
  bool show_label = true;  // false when bars are too narrow for every label: every n-th is shown
  bool show_value = true;  // false when the value is wider than the bar's slot
};

// One step of the value axis, with a grid line across the plot.
struct ChartTick {
  double value = 0;
  std::string label;
  double x1 = 0, y1 = 0, x2 = 0, y2 = 0;
  double label_x = 0, label_y = 0;
};

struct ChartLayout {
  std::string title;
  std::string label_heading;
  std::string value_heading;
  double width = 0;
  double height = 0;
  double axis_x1 = 0, axis_y1 = 0, axis_x2 = 0, axis_y2 = 0;  // the zero line the bars stand on
  // SVG text-anchor ("start", "middle", "end") of the bar labels, value labels and tick labels.
  std::string label_anchor;
  std::string value_anchor;
  std::string tick_anchor;
  std::vector<ChartBar> bars;
  std::vector<ChartTick> ticks;
};

// A value axis from 0 with a round step (1, 2 or 5 times a power of ten) giving about
// `target_ticks` steps up to the first step at or above `max_value`.
struct AxisScale {
  double step = 1;
  double top = 1;    // the axis' end: a whole number of steps
  int decimals = 0;  // what the step needs to be written exactly (0.05: 2)
};
AxisScale nice_scale(double max_value, bool whole_numbers, int target_ticks = 5);

// Lays the chart out. Throws Refusal (field "values") for a negative or non-finite value, and
// (field "width" or "height") for a chart too small to hold its axis.
ChartLayout layout_bar_chart(const std::vector<ChartValue>& values, const ChartOptions& options);

// A coordinate for an SVG attribute: at most two decimals, no trailing zeros, a '.' whatever the
// locale ("12.5", "0", "3.14").
std::string svg_number(double v);

}  // namespace embargo::formats
