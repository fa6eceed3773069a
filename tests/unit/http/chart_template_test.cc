// The bar chart and table partials rendered by the real template engine from a real layout:
// the SVG and the table must be well-formed XML, carry every label escaped, and say what a
// screen reader needs (role, title, caption, header scopes).
#include <gtest/gtest.h>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include "formats/chart_layout.h"
#include "http/desk/chart_data.h"
#include "http/templates.h"

namespace embargo::http {
namespace {

using boost::property_tree::ptree;
using formats::svg_number;

const std::string kHostileTitle = "Reports <script>alert(\"t\")</script> & 'co'";
const std::string kHostileLabel = "</text><script>alert(1)";  // short enough not to be cut

formats::ChartLayout hostile_chart(formats::ChartOptions::Orientation orientation) {
  formats::ChartOptions options;
  options.title = kHostileTitle;
  options.label_heading = "State & <b>";
  options.value_heading = "Reports";
  options.orientation = orientation;
  options.whole_numbers = true;
  return formats::layout_bar_chart({{kHostileLabel, 3}, {"new", 1}, {"a\"b'c", 0}}, options);
}

// Parses as XML (entities decoded); throws when the markup is not well formed.
ptree parse(const std::string& xml) {
  std::istringstream in(xml);
  ptree tree;
  boost::property_tree::read_xml(in, tree);
  return tree;
}

std::vector<const ptree*> children(const ptree& node, const std::string& name) {
  std::vector<const ptree*> out;
  for (const auto& [key, child] : node) {
    if (key == name) out.push_back(&child);
  }
  return out;
}

TEST(BarChartPartial, IsWellFormedSvgNamedByItsTitle) {
  for (auto orientation : {formats::ChartOptions::Orientation::horizontal,
                           formats::ChartOptions::Orientation::vertical}) {
    auto chart = hostile_chart(orientation);
    std::string svg = Templates::embedded().render("bar_chart", chart_data(chart));
    ptree doc;
    ASSERT_NO_THROW(doc = parse(svg)) << svg;
    const ptree& root = doc.get_child("svg");
    EXPECT_EQ(root.get<std::string>("<xmlattr>.role"), "img");
    EXPECT_EQ(root.get<std::string>("<xmlattr>.xmlns"), "http://www.w3.org/2000/svg");
    EXPECT_EQ(root.get<std::string>("<xmlattr>.viewBox"),
              "0 0 " + svg_number(chart.width) + " " + svg_number(chart.height));
    // The accessible name is the first child, decoded back to exactly the text it was given.
    ASSERT_GE(root.size(), 2u);
    EXPECT_EQ(std::next(root.begin())->first, "title");  // after the attributes
    EXPECT_EQ(root.get<std::string>("title"), kHostileTitle);

    auto groups = children(root, "g");
    ASSERT_EQ(groups.size(), 2u);
    EXPECT_EQ(children(*groups[0], "line").size(), chart.ticks.size());
    EXPECT_EQ(children(*groups[0], "text").size(), chart.ticks.size());
    auto rects = children(*groups[1], "rect");
    ASSERT_EQ(rects.size(), 3u);
    EXPECT_EQ(rects[0]->get<std::string>("title"), kHostileLabel + ": 3");
    EXPECT_EQ(rects[0]->get<std::string>("<xmlattr>.width"), svg_number(chart.bars[0].width));
    EXPECT_EQ(rects[2]->get<std::string>("title"), "a\"b'c: 0");
    // A label and a value per bar, all shown at this size.
    auto texts = children(*groups[1], "text");
    ASSERT_EQ(texts.size(), 6u);
    EXPECT_EQ(texts[0]->data(), kHostileLabel);
    EXPECT_EQ(texts[0]->get<std::string>("<xmlattr>.text-anchor"), chart.label_anchor);
    EXPECT_EQ(texts[1]->data(), "3");
  }
}

TEST(BarChartPartial, EscapesEveryLabelInTheMarkup) {
  std::string svg = Templates::embedded().render(
      "bar_chart", chart_data(hostile_chart(formats::ChartOptions::Orientation::horizontal)));
  EXPECT_EQ(svg.find("<script>"), std::string::npos);
  EXPECT_EQ(svg.find("</text><script>"), std::string::npos);
  EXPECT_NE(
      svg.find("Reports &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt; &amp; &apos;co&apos;"),
      std::string::npos);
  EXPECT_NE(svg.find("&lt;/text&gt;&lt;script&gt;alert(1)"), std::string::npos);
  EXPECT_NE(svg.find("a&quot;b&apos;c"), std::string::npos);
}

TEST(BarChartPartial, HidesLabelsTheLayoutLeavesOut) {
  auto chart = hostile_chart(formats::ChartOptions::Orientation::vertical);
  chart.bars[1].show_label = false;
  chart.bars[2].show_value = false;
  std::string svg = Templates::embedded().render("bar_chart", chart_data(chart));
  ptree doc = parse(svg);
  auto texts = children(*children(doc.get_child("svg"), "g").at(1), "text");
  // Three bars, two labels each, less the two hidden ones.
  ASSERT_EQ(texts.size(), 4u);
  EXPECT_EQ(texts[2]->data(), "1");  // the second bar's value; its label is hidden
  EXPECT_EQ(texts[3]->data(), "a\"b'c");
}

TEST(ChartTablePartial, IsATableWithCaptionAndHeaderScopes) {
  auto chart = hostile_chart(formats::ChartOptions::Orientation::horizontal);
  std::string html = Templates::embedded().render("chart_table", chart_data(chart));
  ptree doc;
  ASSERT_NO_THROW(doc = parse(html)) << html;
  const ptree& table = doc.get_child("table");
  EXPECT_EQ(table.get<std::string>("caption"), kHostileTitle);
  auto heads = children(table.get_child("thead.tr"), "th");
  ASSERT_EQ(heads.size(), 2u);
  EXPECT_EQ(heads[0]->data(), "State & <b>");
  EXPECT_EQ(heads[0]->get<std::string>("<xmlattr>.scope"), "col");
  EXPECT_EQ(heads[1]->data(), "Reports");
  auto rows = children(table.get_child("tbody"), "tr");
  ASSERT_EQ(rows.size(), 3u);
  // Every row names its bar in a row header, with the full label even where the chart cuts it.
  EXPECT_EQ(rows[0]->get<std::string>("th"), kHostileLabel);
  EXPECT_EQ(rows[0]->get<std::string>("th.<xmlattr>.scope"), "row");
  EXPECT_EQ(rows[0]->get<std::string>("td"), "3");
  EXPECT_EQ(rows[2]->get<std::string>("th"), "a\"b'c");
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  EXPECT_EQ(html.find("<b>"), std::string::npos);
}

}  // namespace
}  // namespace embargo::http
