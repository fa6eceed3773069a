#include "scoring/pep440.h"

#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "scoring/range_pep440.h"
#include "version_test_data.h"

namespace embargo::scoring {
namespace {

using testing::version_data_lines;
using testing::version_data_rows;

Pep440Version must_parse_pep440(const std::string& text) {
  std::string error;
  auto version = parse_pep440(text, &error);
  EXPECT_TRUE(version.has_value()) << text << ": " << error;
  return version.value_or(Pep440Version{});
}

std::string pep440_error(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_pep440(text, &error).has_value()) << text;
  return error;
}

TEST(Pep440, OrdersThePackagingSortedListStrictly) {
  const auto sorted = version_data_lines("pep440/versions_sorted.txt");
  ASSERT_EQ(sorted.size(), 92u);
  std::vector<Pep440Version> versions;
  for (const auto& text : sorted) versions.push_back(must_parse_pep440(text));
  for (std::size_t i = 0; i < versions.size(); ++i) {
    for (std::size_t j = 0; j < versions.size(); ++j) {
      const int expected = i < j ? -1 : (i > j ? 1 : 0);
      EXPECT_EQ(compare(versions[i], versions[j]), expected) << sorted[i] << " vs " << sorted[j];
    }
  }
}

// The pairs of versions_normalized.tsv. Two upstream inputs contain a tab and a newline
// ("   v1.0\t\n" and "\u202f1.0\t\u2029\n "), so a record ends at the first tab followed by a
// printable ASCII canonical form and a newline, not at every line break.
std::vector<std::pair<std::string, std::string>> normalized_pairs() {
  const std::string text = testing::read_version_data("pep440/versions_normalized.tsv");
  std::vector<std::pair<std::string, std::string>> pairs;
  std::size_t record = text.find('\n') + 1;  // After the header line.
  for (std::size_t tab = text.find('\t', record); tab != std::string::npos;
       tab = text.find('\t', tab + 1)) {
    std::size_t end = tab + 1;
    while (end < text.size() && text[end] > ' ' && text[end] <= '~') ++end;
    if (end == tab + 1 || end == text.size() || text[end] != '\n') continue;
    pairs.emplace_back(text.substr(record, tab - record), text.substr(tab + 1, end - tab - 1));
    record = end + 1;
    tab = end;
  }
  return pairs;
}

TEST(Pep440, NormalisesEveryPackagingExampleToItsCanonicalForm) {
  const auto pairs = normalized_pairs();
  ASSERT_EQ(pairs.size(), 102u);
  EXPECT_EQ(pairs[100].first, "   v1.0\t\n");
  EXPECT_EQ(pairs[101].first, "\u202f1.0\t\u2029\n ");
  for (const auto& [input, canonical] : pairs) {
    EXPECT_EQ(to_string(must_parse_pep440(input)), canonical) << "input '" << input << "'";
  }
}

TEST(Pep440, RefusesEveryPackagingInvalidVersion) {
  const auto invalid =
      boost::json::parse(testing::read_version_data("pep440/versions_invalid.json")).as_array();
  ASSERT_EQ(invalid.size(), 20u);
  for (const auto& entry : invalid) {
    const std::string text(entry.as_string());
    EXPECT_FALSE(pep440_error(text).empty()) << text;
  }
}

TEST(Pep440, CanonicalFormIsStableAndEqualInOrder) {
  for (const auto& text : version_data_lines("pep440/versions_sorted.txt")) {
    const Pep440Version version = must_parse_pep440(text);
    const Pep440Version again = must_parse_pep440(to_string(version));
    EXPECT_EQ(to_string(again), to_string(version));
    EXPECT_EQ(compare(again, version), 0) << text;
  }
}

// PEP 440 "Release segment": trailing zeros are not significant when comparing.
TEST(Pep440, IgnoresTrailingZerosOfTheReleaseInOrderButKeepsThemInText) {
  EXPECT_EQ(compare(must_parse_pep440("1.0"), must_parse_pep440("1.0.0")), 0);
  EXPECT_EQ(to_string(must_parse_pep440("1.0.0")), "1.0.0");
  EXPECT_EQ(to_string(must_parse_pep440("1.0+01.Ab-c_d")), "1.0+1.ab.c.d");
}

TEST(Pep440, RefusesMalformedVersionsNamingWhatAndWhere) {
  EXPECT_EQ(pep440_error(""), "empty PEP 440 version");
  EXPECT_EQ(pep440_error("   "), "expected a version number at character 1");
  EXPECT_EQ(pep440_error("french toast"), "expected a digit at character 1");
  EXPECT_EQ(pep440_error("1.0."), "unexpected character '.' at character 4");
  EXPECT_EQ(pep440_error("1!"), "expected a release number after the epoch at character 3");
  EXPECT_EQ(pep440_error("1.0+"), "expected a letter or digit in the local version at character 5");
  EXPECT_EQ(pep440_error("1.0+a+"), "unexpected character '+' at character 6");
  EXPECT_EQ(pep440_error("1.0a 1"), "unexpected character ' ' at character 5");
  EXPECT_EQ(pep440_error("1.0+\xC4\xB0"), "non-ASCII character in PEP 440 version at character 5");
  EXPECT_EQ(pep440_error("1.18446744073709551616"),
            "the release number overflows 64 bits at character 3");
  EXPECT_EQ(pep440_error("1.0.post18446744073709551616"),
            "the post-release number overflows 64 bits at character 9");
  EXPECT_EQ(pep440_error(std::string(257, '1')),
            "PEP 440 version is 257 characters long; the limit is 256");
}

Pep440SpecifierSet must_parse_specifiers(const std::string& text) {
  std::string error;
  auto specifiers = parse_pep440_specifiers(text, &error);
  EXPECT_TRUE(specifiers.has_value()) << text << ": " << error;
  return specifiers.value_or(Pep440SpecifierSet{});
}

std::string specifier_error(const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_pep440_specifiers(text, &error).has_value()) << text;
  return error;
}

TEST(Pep440Specifier, AgreesWithEveryPackagingMembershipCase) {
  const auto rows = version_data_rows("pep440/specifier_contains.tsv");
  ASSERT_EQ(rows.size(), 188u);
  int expected_true = 0;
  for (const auto& row : rows) {
    ASSERT_EQ(row.size(), 3u);
    ASSERT_TRUE(row[2] == "true" || row[2] == "false") << row[2];
    const bool expected = row[2] == "true";
    expected_true += expected ? 1 : 0;
    EXPECT_EQ(contains(must_parse_specifiers(row[1]), must_parse_pep440(row[0])), expected)
        << row[0] << " in " << row[1];
  }
  EXPECT_EQ(expected_true, 97);  // The count the data's README gives.
}

TEST(Pep440Specifier, RefusesEveryPackagingInvalidSpecifier) {
  const auto invalid =
      boost::json::parse(testing::read_version_data("pep440/specifiers_invalid.json")).as_array();
  ASSERT_EQ(invalid.size(), 31u);
  for (const auto& entry : invalid) {
    const std::string text(entry.as_string());
    EXPECT_FALSE(specifier_error(text).empty()) << text;
  }
}

TEST(Pep440Specifier, RequiresEveryClauseOfASet) {
  const Pep440SpecifierSet set = must_parse_specifiers(">= 1.2, < 1.4.3, != 1.3.*");
  EXPECT_TRUE(contains(set, must_parse_pep440("1.2")));
  EXPECT_FALSE(contains(set, must_parse_pep440("1.3.5")));
  EXPECT_TRUE(contains(set, must_parse_pep440("1.4.2")));
  EXPECT_FALSE(contains(set, must_parse_pep440("1.4.3")));
}

TEST(Pep440Specifier, RefusesMalformedSpecifiersNamingWhatAndWhere) {
  EXPECT_EQ(specifier_error(""), "empty PEP 440 specifier");
  EXPECT_EQ(specifier_error("1.0"),
            "expected an operator (~=, ==, !=, <=, >=, <, >) at character 1");
  EXPECT_EQ(specifier_error(">=1.0,"),
            "expected an operator (~=, ==, !=, <=, >=, <, >) at character 7");
  EXPECT_EQ(specifier_error("=="), "expected a version at character 3");
  EXPECT_EQ(specifier_error(">=1.0.*"), "'.*' is only allowed with == and != at character 3");
  EXPECT_EQ(specifier_error("==1.0a1.*"), "'.*' must follow a release number at character 3");
  EXPECT_EQ(specifier_error("<1.0+local"),
            "a local version is only allowed with == and != at character 2");
  EXPECT_EQ(specifier_error("~=1"), "~= needs at least two release numbers at character 3");
  EXPECT_EQ(specifier_error("== 1.0, >= x"),
            "invalid version (expected a digit at character 1) at character 12");
}

// Found by the versions fuzz target: "1r" normalises to "1.post0", so a 253-byte input can have a
// 258-byte canonical form ("1.post0+" is 8 bytes, then 250 letters), which would not read back.
TEST(Pep440, RefusesAVersionWhoseNormalisedFormIsTooLong) {
  std::string error;
  std::string input = "1r+" + std::string(250, 'a');
  ASSERT_EQ(input.size(), 253u);
  EXPECT_FALSE(parse_pep440(input, &error));
  EXPECT_EQ(error, "PEP 440 version is longer than 256 characters once normalised");
  EXPECT_TRUE(parse_pep440("1r+" + std::string(248, 'a'), &error));   // 256 once normalised
  EXPECT_FALSE(parse_pep440("1r+" + std::string(249, 'a'), &error));  // 257 once normalised
}

}  // namespace
}  // namespace embargo::scoring
