#include "http/desk/chart_data.h"

namespace embargo::http {

using formats::svg_number;
using kainjow::mustache::list;
using kainjow::mustache::object;

TemplateData chart_data(const formats::ChartLayout& chart) {
  list bars;
  for (const auto& b : chart.bars) {
    bars.push_back(object{{"label", b.label},
                          {"short_label", b.short_label},
                          {"value_label", b.value_label},
                          {"x", svg_number(b.x)},
                          {"y", svg_number(b.y)},
                          {"width", svg_number(b.width)},
                          {"height", svg_number(b.height)},
                          {"label_x", svg_number(b.label_x)},
                          {"label_y", svg_number(b.label_y)},
                          {"value_x", svg_number(b.value_x)},
                          {"value_y", svg_number(b.value_y)},
                          {"show_label", TemplateData(b.show_label)},
                          {"show_value", TemplateData(b.show_value)}});
  }
  list ticks;
  for (const auto& t : chart.ticks) {
    ticks.push_back(object{{"label", t.label},
                           {"x1", svg_number(t.x1)},
                           {"y1", svg_number(t.y1)},
                           {"x2", svg_number(t.x2)},
                           {"y2", svg_number(t.y2)},
                           {"label_x", svg_number(t.label_x)},
                           {"label_y", svg_number(t.label_y)}});
  }
  return object{{"title", chart.title},
                {"label_heading", chart.label_heading},
                {"value_heading", chart.value_heading},
                {"width", svg_number(chart.width)},
                {"height", svg_number(chart.height)},
                {"axis_x1", svg_number(chart.axis_x1)},
                {"axis_y1", svg_number(chart.axis_y1)},
                {"axis_x2", svg_number(chart.axis_x2)},
                {"axis_y2", svg_number(chart.axis_y2)},
                {"label_anchor", chart.label_anchor},
                {"value_anchor", chart.value_anchor},
                {"tick_anchor", chart.tick_anchor},
                {"bars", bars},
                {"ticks", ticks}};
}

}  // namespace embargo::http
