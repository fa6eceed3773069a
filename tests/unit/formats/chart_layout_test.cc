// Bar chart geometry. Text is measured at 7 units a character; positions below are worked out
// from the layout's margins: 8 around the plot, 8 between a label and its bar, 28 per bar of a
// horizontal chart (bars 18 thick), 24 under it for the ticks; 20 above and 28 under the plot
// of a vertical chart, whose bars fill 70% of their slot.
#include "formats/chart_layout.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/error.h"
#include "core/utf8.h"

namespace embargo::formats {
namespace {

std::vector<std::string> tick_labels(const ChartLayout& chart) {
  std::vector<std::string> labels;
  for (const auto& t : chart.ticks) labels.push_back(t.label);
  return labels;
}

TEST(NiceScale, StepsAreOneTwoOrFiveTimesAPowerOfTen) {
  AxisScale hundred = nice_scale(87.5, false);  // 17.5 a step for 5 steps: 20
  EXPECT_DOUBLE_EQ(hundred.step, 20);
  EXPECT_DOUBLE_EQ(hundred.top, 100);
  EXPECT_EQ(hundred.decimals, 0);
  AxisScale large = nice_scale(1234, false);  // 246.8: 500
  EXPECT_DOUBLE_EQ(large.step, 500);
  EXPECT_DOUBLE_EQ(large.top, 1500);
  AxisScale small = nice_scale(0.3, false);  // 0.06: 0.1, three steps exactly
  EXPECT_DOUBLE_EQ(small.step, 0.1);
  EXPECT_NEAR(small.top, 0.3, 1e-12);
  EXPECT_EQ(small.decimals, 1);
  AxisScale tiny = nice_scale(0.04, false);  // 0.008: 0.01
  EXPECT_DOUBLE_EQ(tiny.step, 0.01);
  EXPECT_EQ(tiny.decimals, 2);
}

TEST(NiceScale, CountsStepByAtLeastOne) {
  AxisScale one = nice_scale(1, true);  // 0.2 a step would show 0.2 of a report
  EXPECT_DOUBLE_EQ(one.step, 1);
  EXPECT_DOUBLE_EQ(one.top, 1);
  AxisScale seven = nice_scale(7, true);  // 1.4: 2, up to 8
  EXPECT_DOUBLE_EQ(seven.step, 2);
  EXPECT_DOUBLE_EQ(seven.top, 8);
}

TEST(NiceScale, NothingToShowStillHasAnAxis) {
  AxisScale zero = nice_scale(0, true);
  EXPECT_DOUBLE_EQ(zero.step, 1);
  EXPECT_DOUBLE_EQ(zero.top, 1);
}

TEST(HorizontalChart, BarsGrowRightFromAColumnOfLabels) {
  ChartOptions options;
  options.title = "Reports by state";
  options.label_heading = "State";
  options.value_heading = "Reports";
  options.whole_numbers = true;
  ChartLayout chart = layout_bar_chart({{"new", 4}, {"acknowledged", 0}, {"triaged", 2}}, options);
  EXPECT_EQ(chart.title, "Reports by state");
  EXPECT_EQ(chart.label_heading, "State");
  EXPECT_EQ(chart.value_heading, "Reports");
  // Up to 4 by 1. The labels' column is "acknowledged" wide (84) plus 8: the plot starts at
  // 8 + 92 = 100 and ends where the widest value ("4", 7 + 8) still fits: 640 - 15 = 625, so one
  // report is 525 / 4 = 131.25 units.
  EXPECT_EQ(tick_labels(chart), (std::vector<std::string>{"0", "1", "2", "3", "4"}));
  EXPECT_DOUBLE_EQ(chart.width, 640);
  EXPECT_DOUBLE_EQ(chart.height, 8 + 3 * 28 + 24);
  ASSERT_EQ(chart.bars.size(), 3u);
  const ChartBar& first = chart.bars[0];
  EXPECT_EQ(first.label, "new");
  EXPECT_EQ(first.value_label, "4");
  EXPECT_DOUBLE_EQ(first.x, 100);
  EXPECT_DOUBLE_EQ(first.width, 525);
  EXPECT_DOUBLE_EQ(first.y, 8 + 14 - 9);
  EXPECT_DOUBLE_EQ(first.height, 18);
  EXPECT_DOUBLE_EQ(first.label_x, 92);
  EXPECT_DOUBLE_EQ(first.label_y, 8 + 14 + 4);
  EXPECT_DOUBLE_EQ(first.value_x, 629);
  EXPECT_DOUBLE_EQ(chart.bars[1].width, 0);
  EXPECT_DOUBLE_EQ(chart.bars[1].value_x, 104);
  EXPECT_DOUBLE_EQ(chart.bars[2].width, 262.5);
  EXPECT_DOUBLE_EQ(chart.bars[2].y, 8 + 2 * 28 + 14 - 9);
  EXPECT_EQ(chart.label_anchor, "end");
  EXPECT_EQ(chart.value_anchor, "start");
  EXPECT_EQ(chart.tick_anchor, "middle");
  // The zero line, and the ticks' grid lines down the plot with their labels under it.
  EXPECT_DOUBLE_EQ(chart.axis_x1, 100);
  EXPECT_DOUBLE_EQ(chart.axis_x2, 100);
  EXPECT_DOUBLE_EQ(chart.axis_y1, 8);
  EXPECT_DOUBLE_EQ(chart.axis_y2, 92);
  EXPECT_DOUBLE_EQ(chart.ticks[1].x1, 231.25);
  EXPECT_DOUBLE_EQ(chart.ticks[1].x2, 231.25);
  EXPECT_DOUBLE_EQ(chart.ticks[4].x1, 625);
  EXPECT_DOUBLE_EQ(chart.ticks[4].y1, 8);
  EXPECT_DOUBLE_EQ(chart.ticks[4].y2, 92);
  EXPECT_DOUBLE_EQ(chart.ticks[4].label_y, 108);
}

TEST(VerticalChart, BarsRiseFromTheBottomWithTicksOnTheLeft) {
  ChartOptions options;
  options.orientation = ChartOptions::Orientation::vertical;
  options.whole_numbers = true;
  options.width = 400;
  options.height = 300;
  ChartLayout chart = layout_bar_chart({{"2026-01", 3}, {"2026-02", 5}, {"2026-03", 0}}, options);
  // Up to 5 by 1. The plot: from 8 + 7 ("5") + 8 = 23 to 400 - 8 = 392, three slots of 123;
  // from 20 down to 300 - 28 = 272, so one report is 252 / 5 = 50.4 units.
  EXPECT_EQ(tick_labels(chart), (std::vector<std::string>{"0", "1", "2", "3", "4", "5"}));
  EXPECT_DOUBLE_EQ(chart.height, 300);
  const ChartBar& first = chart.bars[0];
  EXPECT_DOUBLE_EQ(first.width, 123 * 0.7);
  EXPECT_DOUBLE_EQ(first.x, 23 + 61.5 - 123 * 0.7 / 2);
  EXPECT_NEAR(first.height, 3 * 50.4, 1e-9);
  EXPECT_NEAR(first.y, 272 - 3 * 50.4, 1e-9);
  EXPECT_DOUBLE_EQ(first.label_x, 84.5);
  EXPECT_DOUBLE_EQ(first.label_y, 288);
  EXPECT_NEAR(first.value_y, 272 - 3 * 50.4 - 4, 1e-9);
  EXPECT_DOUBLE_EQ(chart.bars[1].label_x, 23 + 123 * 1.5);
  EXPECT_NEAR(chart.bars[1].y, 20, 1e-9);  // the highest bar reaches the top tick
  EXPECT_DOUBLE_EQ(chart.bars[2].height, 0);
  for (const auto& bar : chart.bars) {
    EXPECT_TRUE(bar.show_label) << bar.label;
    EXPECT_TRUE(bar.show_value) << bar.label;
  }
  EXPECT_EQ(chart.label_anchor, "middle");
  EXPECT_EQ(chart.value_anchor, "middle");
  EXPECT_EQ(chart.tick_anchor, "end");
  EXPECT_DOUBLE_EQ(chart.axis_y1, 272);
  EXPECT_DOUBLE_EQ(chart.axis_x1, 23);
  EXPECT_DOUBLE_EQ(chart.axis_x2, 392);
  EXPECT_DOUBLE_EQ(chart.ticks[0].y1, 272);
  EXPECT_NEAR(chart.ticks[5].y1, 20, 1e-9);
  EXPECT_DOUBLE_EQ(chart.ticks[5].x1, 23);
  EXPECT_DOUBLE_EQ(chart.ticks[5].x2, 392);
  EXPECT_DOUBLE_EQ(chart.ticks[5].label_x, 15);
}

TEST(VerticalChart, CrowdedBarsLabelEveryNthAndKeepEveryValueInTheTable) {
  ChartOptions options;
  options.orientation = ChartOptions::Orientation::vertical;
  options.whole_numbers = true;
  std::vector<ChartValue> months;
  for (int i = 1; i <= 24; ++i) {
    months.push_back(
        {(i <= 12 ? "2025-" : "2026-") + std::to_string(100 + (i - 1) % 12 + 1).substr(1), 10});
  }
  ChartLayout chart = layout_bar_chart(months, options);
  // Ticks up to "10" (14 wide): the plot runs from 30 to 632, 24 slots of 25.08. A label needs
  // 7 * 7 + 8 = 57, so every third bar is labelled; "10" fits its slot.
  ASSERT_EQ(chart.bars.size(), 24u);
  for (std::size_t i = 0; i < chart.bars.size(); ++i) {
    EXPECT_EQ(chart.bars[i].show_label, i % 3 == 0) << i;
    EXPECT_TRUE(chart.bars[i].show_value) << i;
    EXPECT_EQ(chart.bars[i].value_label, "10");
  }
  EXPECT_EQ(chart.bars[23].label, "2026-12");
}

TEST(ChartLabels, LongLabelsAreCutOnACharacterBoundaryInTheChartOnly) {
  std::string label;
  for (int i = 0; i < 30; ++i) label += "é";
  ChartLayout chart = layout_bar_chart({{label, 1}}, ChartOptions{});
  const ChartBar& bar = chart.bars[0];
  EXPECT_EQ(bar.label, label);
  std::string expected;
  for (int i = 0; i < 23; ++i) expected += "é";
  EXPECT_EQ(bar.short_label, expected + "…");
  EXPECT_EQ(invalid_utf8_at(bar.short_label), std::nullopt);
}

TEST(ChartLabels, ValuesCarryTheUnitWithOneDecimalMore) {
  ChartOptions options;
  options.unit = "%";
  ChartLayout chart = layout_bar_chart({{"acknowledge", 200.0 / 3}, {"triage", 50}}, options);
  // Up to 66.7: steps of 20 to 80, written without decimals; values get one.
  EXPECT_EQ(tick_labels(chart), (std::vector<std::string>{"0%", "20%", "40%", "60%", "80%"}));
  EXPECT_EQ(chart.bars[0].value_label, "66.7%");
  EXPECT_EQ(chart.bars[1].value_label, "50%");
}

TEST(ChartLabels, AllZeroStillDrawsAnAxisToOne) {
  ChartOptions options;
  options.whole_numbers = true;
  ChartLayout chart = layout_bar_chart({{"low", 0}, {"high", 0}}, options);
  EXPECT_EQ(tick_labels(chart), (std::vector<std::string>{"0", "1"}));
  EXPECT_DOUBLE_EQ(chart.bars[0].width, 0);
  EXPECT_DOUBLE_EQ(chart.bars[1].width, 0);
}

TEST(ChartRefusals, NamesTheFieldAtFault) {
  auto field = [](const std::vector<ChartValue>& values, const ChartOptions& options) {
    try {
      layout_bar_chart(values, options);
    } catch (const Refusal& r) {
      return r.field();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(field({{"a", -1}}, {}), "values");
  EXPECT_EQ(field({{"a", std::numeric_limits<double>::quiet_NaN()}}, {}), "values");
  EXPECT_EQ(field({{"a", std::numeric_limits<double>::infinity()}}, {}), "values");
  ChartOptions narrow;
  narrow.width = 100;
  EXPECT_EQ(field({{"a", 1}}, narrow), "width");
  ChartOptions flat;
  flat.orientation = ChartOptions::Orientation::vertical;
  flat.height = 50;
  EXPECT_EQ(field({{"a", 1}}, flat), "height");
}

TEST(SvgNumber, AtMostTwoDecimalsWithoutTrailingZeros) {
  EXPECT_EQ(svg_number(12.5), "12.5");
  EXPECT_EQ(svg_number(3.14159), "3.14");
  EXPECT_EQ(svg_number(100), "100");
  EXPECT_EQ(svg_number(0), "0");
  EXPECT_EQ(svg_number(-0.0), "0");
  EXPECT_EQ(svg_number(231.25), "231.25");
  EXPECT_EQ(svg_number(1e6), "1000000");
}

}  // namespace
}  // namespace embargo::formats
