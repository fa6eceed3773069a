#include "scoring/semver.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "version_test_data.h"

namespace embargo::scoring {
namespace {

using testing::version_data_lines;
using testing::version_data_rows;

SemVer must_parse_semver(const std::string& text) {
  std::string error;
  auto version = parse_semver(text, &error);
  EXPECT_TRUE(version.has_value()) << text << ": " << error;
  return version.value_or(SemVer{});
}

std::string semver_error(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_semver(text, &error).has_value()) << text;
  return error;
}

TEST(SemVer, ParsesEveryValidVersionOfNodeSemverIntoItsParts) {
  const auto data =
      boost::json::parse(testing::read_version_data("semver/node-semver-valid-versions.json"))
          .as_array();
  ASSERT_EQ(data.size(), 21u);
  for (const auto& entry : data) {
    const auto& object = entry.as_object();
    const std::string text(object.at("version").as_string());
    const SemVer version = must_parse_semver(text);
    EXPECT_EQ(version.major, object.at("major").to_number<std::uint64_t>()) << text;
    EXPECT_EQ(version.minor, object.at("minor").to_number<std::uint64_t>()) << text;
    EXPECT_EQ(version.patch, object.at("patch").to_number<std::uint64_t>()) << text;
    std::vector<std::string> prerelease;
    for (const auto& id : object.at("prerelease").as_array()) {
      prerelease.push_back(id.is_string() ? std::string(id.as_string())
                                          : std::to_string(id.to_number<std::uint64_t>()));
    }
    EXPECT_EQ(version.prerelease, prerelease) << text;
    std::vector<std::string> build;
    for (const auto& id : object.at("build").as_array()) build.emplace_back(id.as_string());
    EXPECT_EQ(version.build, build) << text;
    EXPECT_EQ(to_string(version), text);
  }
}

TEST(SemVer, OrdersTheSpecPrecedenceExampleStrictly) {
  const auto chain = version_data_lines("semver/semver-spec-precedence-example.txt");
  ASSERT_EQ(chain.size(), 8u);
  for (std::size_t i = 0; i < chain.size(); ++i) {
    for (std::size_t j = 0; j < chain.size(); ++j) {
      const int expected = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(compare(must_parse_semver(chain[i]), must_parse_semver(chain[j])), expected)
          << chain[i] << " vs " << chain[j];
    }
  }
}

TEST(SemVer, AgreesWithNodeSemverComparisons) {
  const auto rows = version_data_rows("semver/node-semver-comparisons.tsv");
  ASSERT_EQ(rows.size(), 19u);
  for (const auto& row : rows) {
    EXPECT_GT(compare(must_parse_semver(row[0]), must_parse_semver(row[1])), 0)
        << row[0] << " > " << row[1];
    EXPECT_LT(compare(must_parse_semver(row[1]), must_parse_semver(row[0])), 0)
        << row[1] << " < " << row[0];
  }
}

TEST(SemVer, IgnoresBuildMetadataInPrecedence) {
  const auto rows = version_data_rows("semver/node-semver-equal.tsv");
  ASSERT_EQ(rows.size(), 2u);
  for (const auto& row : rows) {
    EXPECT_EQ(compare(must_parse_semver(row[0]), must_parse_semver(row[1])), 0)
        << row[0] << " = " << row[1];
  }
}

TEST(SemVer, ComparesNumericIdentifiersBeyondSixtyFourBitsNumerically) {
  EXPECT_LT(compare(must_parse_semver("1.0.0-99999999999999999999"),
                    must_parse_semver("1.0.0-100000000000000000000")),
            0);
}

TEST(SemVer, RefusesMalformedVersionsNamingWhatAndWhere) {
  EXPECT_EQ(semver_error(""), "empty SemVer version");
  EXPECT_EQ(semver_error("v1.2.3"), "expected a digit for the major version at character 1");
  EXPECT_EQ(semver_error("01.2.3"), "leading zero in the major version at character 1");
  EXPECT_EQ(semver_error("1.02.3"), "leading zero in the minor version at character 3");
  EXPECT_EQ(semver_error("1.2"), "expected '.' and the patch version at character 4");
  EXPECT_EQ(semver_error("1.2.3.4"), "unexpected character '.' at character 6");
  EXPECT_EQ(semver_error("1.2.3-01"),
            "leading zero in numeric pre-release identifier at character 7");
  EXPECT_EQ(semver_error("1.2.3-"), "empty pre-release identifier at character 7");
  EXPECT_EQ(semver_error("1.2.3-a..b"), "empty pre-release identifier at character 9");
  EXPECT_EQ(semver_error("1.2.3+"), "empty build metadata identifier at character 7");
  EXPECT_EQ(semver_error("1.2.3-a_b"), "invalid character '_' in pre-release at character 8");
  EXPECT_EQ(semver_error("1.2.3+b+c"), "invalid character '+' in build metadata at character 8");
  EXPECT_EQ(semver_error("18446744073709551616.0.0"),
            "the major version overflows 64 bits at character 1");
  EXPECT_EQ(semver_error(std::string(257, '1')),
            "SemVer version is 257 characters long; the limit is 256");
}

TEST(SemVer, AcceptsTheLargestUint64AndLeadingZerosInBuildMetadata) {
  EXPECT_EQ(must_parse_semver("18446744073709551615.0.0").major, 18446744073709551615ull);
  EXPECT_EQ(must_parse_semver("1.0.0+001").build, std::vector<std::string>{"001"});
}

}  // namespace
}  // namespace embargo::scoring
