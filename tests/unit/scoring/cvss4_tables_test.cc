// The compiled CVSS 4.0 tables equal the reference calculator's JSON tables kept in tests/data,
// so a hand edit of the generated file, or a generator bug, cannot go unnoticed.
#include "scoring/cvss4_tables.inc"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <fstream>
#include <sstream>

namespace embargo::scoring::cvss4_tables {
namespace {

boost::json::value load(const std::string& name) {
  std::ifstream in(std::string(EMBARGO_SOURCE_DIR) + "/tests/data/cvss/cvss4-first-calculator/" +
                   name);
  std::stringstream text;
  text << in.rdbuf();
  return boost::json::parse(text.str());
}

template <std::size_t N>
std::string fragment(const std::array<std::string_view, N>& values,
                     std::initializer_list<const char*> names) {
  std::string out;
  std::size_t i = 0;
  for (const char* name : names) out += std::string(name) + ":" + std::string(values[i++]) + "/";
  return out;
}

TEST(Cvss4Tables, MetricsAndValuesInTheReferenceOrder) {
  const boost::json::value metrics_file = load("metrics.json");
  const auto& metrics = metrics_file.as_object();
  ASSERT_EQ(metrics.size(), kMetrics.size());
  std::size_t m = 0;
  for (const auto& [name, values] : metrics) {
    EXPECT_EQ(kMetrics[m].name, std::string_view(name));
    const auto& list = values.as_array();
    for (std::size_t v = 0; v < kMetrics[m].values.size(); ++v) {
      std::string_view expected = v < list.size() ? std::string_view(list[v].as_string()) : "";
      EXPECT_EQ(kMetrics[m].values[v], expected) << name << " value " << v;
    }
    ++m;
  }
}

TEST(Cvss4Tables, EveryMacroVectorScore) {
  const boost::json::value lookup_file = load("cvss_lookup.json");
  const auto& lookup = lookup_file.as_object();
  int present = 0;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b)
      for (int c = 0; c < 3; ++c)
        for (int d = 0; d < 3; ++d)
          for (int e = 0; e < 3; ++e)
            for (int f = 0; f < 2; ++f) {
              std::string key = std::to_string(a) + std::to_string(b) + std::to_string(c) +
                                std::to_string(d) + std::to_string(e) + std::to_string(f);
              double compiled = kMacroScore[a][b][c][d][e][f];
              if (const auto* score = lookup.if_contains(key)) {
                ++present;
                EXPECT_EQ(compiled, score->to_number<double>()) << key;
              } else {
                EXPECT_EQ(compiled, -1) << key;
              }
            }
  EXPECT_EQ(present, static_cast<int>(lookup.size()));
  EXPECT_EQ(present, 270);
}

TEST(Cvss4Tables, HighestSeverityVectorsOfEachLevel) {
  const boost::json::value composed_file = load("max_composed.json");
  const auto& composed = composed_file.as_object();
  auto expect_level = [&](const char* eq, const auto& table,
                          std::initializer_list<const char*> names) {
    std::size_t row = 0;
    for (const auto& [level, fragments] : composed.at(eq).as_object()) {
      for (const auto& expected : fragments.as_array()) {
        ASSERT_LT(row, std::size(table)) << eq;
        EXPECT_EQ(std::to_string(table[row].level), std::string(level)) << eq;
        EXPECT_EQ(fragment(table[row].values, names), std::string(expected.as_string())) << eq;
        ++row;
      }
    }
    EXPECT_EQ(row, std::size(table)) << eq;
  };
  expect_level("eq1", kEq1Max, {"AV", "PR", "UI"});
  expect_level("eq2", kEq2Max, {"AC", "AT"});
  expect_level("eq4", kEq4Max, {"SC", "SI", "SA"});
  expect_level("eq5", kEq5Max, {"E"});
  std::size_t row = 0;
  for (const auto& [eq3, by_eq6] : composed.at("eq3").as_object()) {
    for (const auto& [eq6, fragments] : by_eq6.as_object()) {
      for (const auto& expected : fragments.as_array()) {
        ASSERT_LT(row, std::size(kEq3Eq6Max));
        EXPECT_EQ(std::to_string(kEq3Eq6Max[row].eq3), std::string(eq3));
        EXPECT_EQ(std::to_string(kEq3Eq6Max[row].eq6), std::string(eq6));
        EXPECT_EQ(fragment(kEq3Eq6Max[row].values, {"VC", "VI", "VA", "CR", "IR", "AR"}),
                  std::string(expected.as_string()));
        ++row;
      }
    }
  }
  EXPECT_EQ(row, std::size(kEq3Eq6Max));
}

TEST(Cvss4Tables, DepthOfEachLevel) {
  const boost::json::value severity_file = load("max_severity.json");
  const auto& severity = severity_file.as_object();
  auto depth = [&](const char* eq, const char* level) {
    return severity.at(eq).at(level).to_number<int>();
  };
  for (int l = 0; l < 3; ++l) {
    std::string level = std::to_string(l);
    EXPECT_EQ(kEq1MaxSeverity[l], depth("eq1", level.c_str()));
    EXPECT_EQ(kEq4MaxSeverity[l], depth("eq4", level.c_str()));
    EXPECT_EQ(kEq5MaxSeverity[l], depth("eq5", level.c_str()));
    if (l < 2) {
      EXPECT_EQ(kEq2MaxSeverity[l], depth("eq2", level.c_str()));
    }
  }
  const auto& eq3eq6 = severity.at("eq3eq6").as_object();
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 2; ++b) {
      const auto* by6 = eq3eq6.at(std::to_string(a)).as_object().if_contains(std::to_string(b));
      EXPECT_EQ(kEq3Eq6MaxSeverity[a][b], by6 ? by6->to_number<int>() : -1) << a << b;
    }
}

}  // namespace
}  // namespace embargo::scoring::cvss4_tables
