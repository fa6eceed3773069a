#include "formats/chart_layout.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

#include "core/error.h"
#include "core/utf8.h"

namespace embargo::formats {
namespace {

// Text is measured by an estimate, since the server has no fonts: at the charts' 12-unit font
// size an average character of a sans-serif face is about 7 units wide.
constexpr double kCharWidth = 7;
constexpr double kGap = 8;            // between a label and what it labels
constexpr double kBaselineShift = 4;  // from a text's middle to its baseline
constexpr std::size_t kMaxLabelChars = 24;
// Horizontal charts: one band per bar.
constexpr double kBand = 28;
constexpr double kBarThickness = 18;
constexpr double kTop = 8;
constexpr double kTickRow = 24;  // under the plot, for the tick labels
// Vertical charts.
constexpr double kValueRow = 20;   // above the highest bar, for its value
constexpr double kLabelRow = 28;   // under the plot, for the bar labels
constexpr double kBarShare = 0.7;  // of its slot a bar fills
constexpr double kMinWidth = 320;
constexpr double kMinHeight = 120;

// Code points, counting a byte that begins no valid sequence as one.
std::size_t length(std::string_view text) {
  std::size_t count = 0;
  for (std::size_t pos = 0; pos < text.size(); ++count) {
    if (!decode_utf8(text, pos)) ++pos;
  }
  return count;
}

// At most kMaxLabelChars code points: a longer label keeps its start and ends in "…".
std::string shorten(const std::string& label) {
  if (length(label) <= kMaxLabelChars) return label;
  std::size_t pos = 0;
  for (std::size_t kept = 0; kept + 1 < kMaxLabelChars && pos < label.size(); ++kept) {
    if (!decode_utf8(label, pos)) ++pos;
  }
  return label.substr(0, pos) + "…";
}

double text_width(std::string_view text) { return static_cast<double>(length(text)) * kCharWidth; }

// `v` with `decimals` decimals, trailing zeros and a bare '.' removed.
std::string fixed(double v, int decimals) {
  char text[64];
  auto [end, error] =
      std::to_chars(text, text + sizeof text, v + 0.0, std::chars_format::fixed, decimals);
  if (error != std::errc()) return "0";
  std::string out(text, end);
  if (out.find('.') != std::string::npos) {
    out.erase(out.find_last_not_of('0') + 1);
    if (out.back() == '.') out.pop_back();
  }
  return out == "-0" ? "0" : out;
}

void check(const std::vector<ChartValue>& values, const ChartOptions& options) {
  for (const auto& v : values) {
    if (!std::isfinite(v.value) || v.value < 0) {
      throw invalid("values", "values: '" + v.label + "' has " + fixed(v.value, 2) +
                                  ", but a bar chart takes only finite values of 0 or more");
    }
  }
  if (!(options.width >= kMinWidth)) {
    throw invalid("width", "width: a chart must be at least " + fixed(kMinWidth, 0) + " wide");
  }
  if (options.orientation == ChartOptions::Orientation::vertical &&
      !(options.height >= kMinHeight)) {
    throw invalid("height",
                  "height: a vertical chart must be at least " + fixed(kMinHeight, 0) + " high");
  }
}

ChartLayout frame(const std::vector<ChartValue>& values, const ChartOptions& options,
                  const AxisScale& scale) {
  ChartLayout chart;
  chart.title = options.title;
  chart.label_heading = options.label_heading;
  chart.value_heading = options.value_heading;
  chart.width = options.width;
  int value_decimals = options.whole_numbers ? 0 : std::max(1, scale.decimals);
  for (const auto& v : values) {
    ChartBar bar;
    bar.label = v.label;
    bar.short_label = shorten(v.label);
    bar.value_label = fixed(v.value, value_decimals) + options.unit;
    bar.value = v.value;
    chart.bars.push_back(std::move(bar));
  }
  int steps = static_cast<int>(std::lround(scale.top / scale.step));
  for (int i = 0; i <= steps; ++i) {
    ChartTick tick;
    tick.value = i * scale.step;
    tick.label = fixed(tick.value, scale.decimals) + options.unit;
    chart.ticks.push_back(std::move(tick));
  }
  return chart;
}

double widest(const std::vector<ChartBar>& bars, std::string ChartBar::*text) {
  double w = 0;
  for (const auto& bar : bars) w = std::max(w, text_width(bar.*text));
  return w;
}

// Bars grow rightwards from a column of labels; ticks run along the bottom.
void lay_out_horizontal(ChartLayout& chart, const AxisScale& scale) {
  double left = widest(chart.bars, &ChartBar::short_label) + kGap;
  double right = std::max(widest(chart.bars, &ChartBar::value_label) + kGap,
                          text_width(chart.ticks.back().label) / 2);
  double plot_left = kGap + left;
  double plot_right = std::max(plot_left + 1, chart.width - right);
  double plot_bottom = kTop + kBand * static_cast<double>(chart.bars.size());
  double per_unit = (plot_right - plot_left) / scale.top;
  chart.height = plot_bottom + kTickRow;
  chart.label_anchor = "end";
  chart.value_anchor = "start";
  chart.tick_anchor = "middle";
  chart.axis_x1 = chart.axis_x2 = plot_left;
  chart.axis_y1 = kTop;
  chart.axis_y2 = plot_bottom;
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    ChartBar& bar = chart.bars[i];
    double middle = kTop + kBand * (static_cast<double>(i) + 0.5);
    bar.x = plot_left;
    bar.y = middle - kBarThickness / 2;
    bar.width = bar.value * per_unit;
    bar.height = kBarThickness;
    bar.label_x = plot_left - kGap;
    bar.label_y = bar.value_y = middle + kBaselineShift;
    bar.value_x = plot_left + bar.width + kGap / 2;
  }
  for (auto& tick : chart.ticks) {
    tick.x1 = tick.x2 = tick.label_x = plot_left + tick.value * per_unit;
    tick.y1 = kTop;
    tick.y2 = plot_bottom;
    tick.label_y = plot_bottom + 16;
  }
}

// Bars rise from the bottom, their labels under them; ticks run up the left side. When the bars
// are narrower than their labels, only every n-th label is shown (the table has them all).
void lay_out_vertical(ChartLayout& chart, const AxisScale& scale, double height) {
  double plot_left = kGap + text_width(chart.ticks.back().label) + kGap;
  double plot_right = chart.width - kGap;
  double plot_top = kValueRow;
  double plot_bottom = height - kLabelRow;
  double per_unit = (plot_bottom - plot_top) / scale.top;
  double slot = chart.bars.empty() ? 0 : (plot_right - plot_left) / chart.bars.size();
  chart.height = height;
  chart.label_anchor = chart.value_anchor = "middle";
  chart.tick_anchor = "end";
  chart.axis_x1 = plot_left;
  chart.axis_x2 = plot_right;
  chart.axis_y1 = chart.axis_y2 = plot_bottom;
  double label_room = widest(chart.bars, &ChartBar::short_label) + kGap;
  std::size_t every =
      slot > 0 ? std::max<std::size_t>(1, static_cast<std::size_t>(std::ceil(label_room / slot)))
               : 1;
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    ChartBar& bar = chart.bars[i];
    double middle = plot_left + slot * (static_cast<double>(i) + 0.5);
    bar.width = slot * kBarShare;
    bar.height = bar.value * per_unit;
    bar.x = middle - bar.width / 2;
    bar.y = plot_bottom - bar.height;
    bar.label_x = bar.value_x = middle;
    bar.label_y = plot_bottom + 16;
    bar.value_y = bar.y - kBaselineShift;
    bar.show_label = i % every == 0;
    bar.show_value = text_width(bar.value_label) <= slot;
  }
  for (auto& tick : chart.ticks) {
    tick.y1 = tick.y2 = plot_bottom - tick.value * per_unit;
    tick.x1 = plot_left;
    tick.x2 = plot_right;
    tick.label_x = plot_left - kGap;
    tick.label_y = tick.y1 + kBaselineShift;
  }
}

}  // namespace

AxisScale nice_scale(double max_value, bool whole_numbers, int target_ticks) {
  AxisScale scale;
  if (!(max_value > 0) || !std::isfinite(max_value) || target_ticks < 1) return scale;
  double raw = max_value / target_ticks;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double normal = raw / magnitude;
  double nice = normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 5 ? 5 : 10;
  scale.step = nice * magnitude;
  if (whole_numbers) scale.step = std::max(1.0, std::round(scale.step));
  // The small tolerance keeps 0.3 / 0.1 = 2.9999999999999996 from becoming 3 steps too many.
  scale.top = std::ceil(max_value / scale.step - 1e-9) * scale.step;
  scale.decimals =
      scale.step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(scale.step) - 1e-9));
  return scale;
}

ChartLayout layout_bar_chart(const std::vector<ChartValue>& values, const ChartOptions& options) {
  check(values, options);
  double max_value = 0;
  for (const auto& v : values) max_value = std::max(max_value, v.value);
  AxisScale scale = nice_scale(max_value, options.whole_numbers);
  ChartLayout chart = frame(values, options, scale);
  if (options.orientation == ChartOptions::Orientation::horizontal) {
    lay_out_horizontal(chart, scale);
  } else {
    lay_out_vertical(chart, scale, options.height);
  }
  return chart;
}

std::string svg_number(double v) { return fixed(v, 2); }

}  // namespace embargo::formats
