#pragma once

#include "formats/chart_layout.h"
#include "http/templates.h"

namespace embargo::http {

// What a page gives the bar_chart and chart_table partials for one chart: the layout's strings
// as they are, its numbers as SVG numbers (formats::svg_number). Every key of a bar or a tick
// is set, so that none falls back to a value of the page around it.
TemplateData chart_data(const formats::ChartLayout& chart);

}  // namespace embargo::http
