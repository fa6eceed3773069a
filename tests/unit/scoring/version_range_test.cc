#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string_view>
#include <vector>

#include "scoring/range_expression.h"
#include "scoring/range_osv.h"
#include "scoring/range_pep440.h"
#include "scoring/version.h"

namespace embargo::scoring {
namespace {

Version must_parse(VersionScheme scheme, const std::string& text) {
  std::string error;
  auto version = parse_version(scheme, text, &error);
  EXPECT_TRUE(version.has_value()) << text << ": " << error;
  return version.value_or(Version(DottedVersion{}));
}

OsvRange osv(VersionScheme scheme, const std::vector<OsvEventText>& events) {
  std::string error;
  auto range = parse_osv_range(scheme, events, &error);
  EXPECT_TRUE(range.has_value()) << error;
  return range.value_or(OsvRange{});
}

bool osv_affected(VersionScheme scheme, const std::string& version,
                  const std::vector<OsvRange>& ranges) {
  return affected(must_parse(scheme, version), ranges);
}

RangeExpression expression(VersionScheme scheme, const std::string& text) {
  std::string error;
  auto range = parse_range_expression(scheme, text, &error);
  EXPECT_TRUE(range.has_value()) << text << ": " << error;
  return range.value_or(RangeExpression{});
}

bool expression_affected(VersionScheme scheme, const std::string& version,
                         const std::string& range) {
  return affected(must_parse(scheme, version), expression(scheme, range));
}

std::string expression_error(VersionScheme scheme, const std::string& text) {
  std::string error;
  EXPECT_FALSE(parse_range_expression(scheme, text, &error).has_value()) << text;
  return error;
}

constexpr auto kSemVer = VersionScheme::semver;
constexpr auto kPep440 = VersionScheme::pep440;
constexpr auto kDotted = VersionScheme::dotted;
constexpr auto kIntroduced = OsvEventKind::introduced;
constexpr auto kFixed = OsvEventKind::fixed;
constexpr auto kLastAffected = OsvEventKind::last_affected;
constexpr auto kLimit = OsvEventKind::limit;

TEST(DottedVersion, ComparesComponentsNumericallyWithMissingOnesAsZero) {
  EXPECT_GT(compare(must_parse(kDotted, "1.2.10"), must_parse(kDotted, "1.2.9")), 0);
  EXPECT_EQ(compare(must_parse(kDotted, "v1.2"), must_parse(kDotted, "1.2.0")), 0);
  EXPECT_LT(compare(must_parse(kDotted, "2"), must_parse(kDotted, "10")), 0);
  EXPECT_EQ(to_string(must_parse(kDotted, "V01.2")), "1.2");
}

TEST(DottedVersion, RefusesMalformedVersionsNamingWhatAndWhere) {
  std::string error;
  EXPECT_FALSE(parse_dotted_version("1..2", &error));
  EXPECT_EQ(error, "expected a digit at character 3");
  EXPECT_FALSE(parse_dotted_version("1.2-beta", &error));
  EXPECT_EQ(error, "unexpected character '-' at character 4");
  EXPECT_FALSE(parse_dotted_version("v", &error));
  EXPECT_EQ(error, "expected a digit at character 2");
  EXPECT_FALSE(parse_dotted_version("1.99999999999999999999", &error));
  EXPECT_EQ(error, "version component overflows 64 bits at character 3");
  EXPECT_FALSE(parse_dotted_version("", &error));
  EXPECT_EQ(error, "empty version");
}

TEST(VersionScheme, KnowsTheCliAndOsvNames) {
  std::string error;
  EXPECT_EQ(parse_version_scheme("semver", &error), kSemVer);
  EXPECT_EQ(parse_version_scheme("pypi", &error), kPep440);
  EXPECT_EQ(parse_version_scheme("generic", &error), kDotted);
  EXPECT_FALSE(parse_version_scheme("npm", &error));
  EXPECT_EQ(error,
            "unknown version scheme 'npm' (expected semver, pypi, pep440, generic or dotted)");
}

// The examples of the OSV schema's "Examples" section, read by hand.
TEST(OsvRange, IntroducedZeroAloneAffectsEveryVersion) {
  const std::vector ranges = {osv(kSemVer, {{kIntroduced, "0"}})};
  EXPECT_TRUE(osv_affected(kSemVer, "0.0.0-alpha", ranges));
  EXPECT_TRUE(osv_affected(kSemVer, "99.0.0", ranges));
  // PEP 440's "0" is not its least version (0.dev0 < 0), so "0" must mean "before everything".
  const std::vector pypi = {osv(kPep440, {{kIntroduced, "0"}})};
  EXPECT_TRUE(osv_affected(kPep440, "0.dev0", pypi));
}

TEST(OsvRange, FixedEndsTheRangeExclusively) {
  const std::vector ranges = {osv(kSemVer, {{kIntroduced, "0"}, {kFixed, "1.0.2"}})};
  EXPECT_TRUE(osv_affected(kSemVer, "1.0.1", ranges));
  EXPECT_TRUE(osv_affected(kSemVer, "1.0.2-rc.1", ranges));
  EXPECT_FALSE(osv_affected(kSemVer, "1.0.2", ranges));
  EXPECT_FALSE(osv_affected(kSemVer, "2.0.0", ranges));
}

TEST(OsvRange, EvaluatesSeveralIntervalsInOneRangeWhateverTheEventOrder) {
  const std::vector ranges = {
      osv(kSemVer,
          {{kFixed, "3.2.5"}, {kIntroduced, "1.0.0"}, {kIntroduced, "3.0.0"}, {kFixed, "1.0.2"}})};
  EXPECT_FALSE(osv_affected(kSemVer, "0.9.0", ranges));
  EXPECT_TRUE(osv_affected(kSemVer, "1.0.0", ranges));
  EXPECT_TRUE(osv_affected(kSemVer, "1.0.1", ranges));
  EXPECT_FALSE(osv_affected(kSemVer, "1.0.2", ranges));
  EXPECT_FALSE(osv_affected(kSemVer, "2.9.9", ranges));
  EXPECT_TRUE(osv_affected(kSemVer, "3.2.4", ranges));
  EXPECT_FALSE(osv_affected(kSemVer, "3.2.5", ranges));
}

TEST(OsvRange, LastAffectedEndsTheRangeInclusively) {
  const std::vector ranges = {osv(kPep440, {{kIntroduced, "1.0"}, {kLastAffected, "1.4"}})};
  EXPECT_TRUE(osv_affected(kPep440, "1.4", ranges));
  EXPECT_TRUE(osv_affected(kPep440, "1.4.0", ranges));
  EXPECT_FALSE(osv_affected(kPep440, "1.4.post1", ranges));
  EXPECT_FALSE(osv_affected(kPep440, "1.0rc1", ranges));
}

TEST(OsvRange, LimitExcludesVersionsAtOrAfterIt) {
  const std::vector ranges = {osv(kDotted, {{kIntroduced, "0"}, {kLimit, "2.0"}})};
  EXPECT_TRUE(osv_affected(kDotted, "1.9.9", ranges));
  EXPECT_FALSE(osv_affected(kDotted, "2.0", ranges));
  EXPECT_FALSE(osv_affected(kDotted, "3", ranges));
}

TEST(OsvRange, AnyAffectingRangeIsEnough) {
  const std::vector ranges = {osv(kDotted, {{kIntroduced, "1"}, {kFixed, "1.5"}}),
                              osv(kDotted, {{kIntroduced, "2"}, {kFixed, "2.3"}})};
  EXPECT_TRUE(osv_affected(kDotted, "2.1", ranges));
  EXPECT_FALSE(osv_affected(kDotted, "1.6", ranges));
}

TEST(OsvRange, ListsTheAffectedSupportedVersions) {
  const std::vector ranges = {osv(kPep440, {{kIntroduced, "2.0"}, {kFixed, "2.4.1"}})};
  const std::vector supported = {must_parse(kPep440, "1.9"), must_parse(kPep440, "2.0rc1"),
                                 must_parse(kPep440, "2.4"), must_parse(kPep440, "2.4.1")};
  std::vector<std::string> affected;
  for (const Version& v : affected_versions(supported, ranges)) affected.push_back(to_string(v));
  EXPECT_EQ(affected, std::vector<std::string>{"2.4"});
}

TEST(OsvRange, RefusesARangeWithoutIntroducedOrWithABadVersion) {
  std::string error;
  const std::vector<OsvEventText> no_introduced = {{kFixed, "1.0.0"}};
  EXPECT_FALSE(parse_osv_range(kSemVer, no_introduced, &error));
  EXPECT_EQ(error, "an OSV range needs at least one \"introduced\" event");
  const std::vector<OsvEventText> bad = {{kIntroduced, "0"}, {kFixed, "v1.0.0"}};
  EXPECT_FALSE(parse_osv_range(kSemVer, bad, &error));
  EXPECT_EQ(error, "event 2 ('v1.0.0'): expected a digit for the major version at character 1");
  EXPECT_EQ(parse_osv_event_kind("last_affected", &error), kLastAffected);
  EXPECT_FALSE(parse_osv_event_kind("unaffected", &error));
  EXPECT_EQ(error,
            "unknown OSV event 'unaffected' (expected introduced, fixed, last_affected or limit)");
}

TEST(RangeExpression, EvaluatesGithubAdvisoryRanges) {
  EXPECT_TRUE(expression_affected(kDotted, "1.2", ">= 1.2, < 1.4.3"));
  EXPECT_TRUE(expression_affected(kDotted, "1.4.2", ">= 1.2, < 1.4.3"));
  EXPECT_FALSE(expression_affected(kDotted, "1.4.3", ">= 1.2, < 1.4.3"));
  EXPECT_FALSE(expression_affected(kDotted, "1.1.9", ">= 1.2, < 1.4.3"));
  EXPECT_TRUE(expression_affected(kSemVer, "1.0.0", "= 1.0.0"));
  EXPECT_TRUE(expression_affected(kSemVer, "1.0.0+build.7", "=1.0.0"));
  EXPECT_FALSE(expression_affected(kSemVer, "1.0.1", "== 1.0.0"));
  EXPECT_TRUE(expression_affected(kPep440, "2.0rc1", "< 2"));
  EXPECT_FALSE(expression_affected(kPep440, "2.0.0", "< 2"));
  EXPECT_TRUE(expression_affected(kPep440, "1.0.post1", "> 1.0,<=1.1,!= 1.0.post2"));
  EXPECT_FALSE(expression_affected(kPep440, "1.0.post2", "> 1.0,<=1.1,!= 1.0.post2"));
}

TEST(RangeExpression, ListsTheAffectedSupportedVersions) {
  const std::vector ranges = {expression(kDotted, ">= 1.2, < 1.4.3"),
                              expression(kDotted, "= 2.0.1")};
  const std::vector supported = {must_parse(kDotted, "1.1"), must_parse(kDotted, "1.4.2"),
                                 must_parse(kDotted, "1.4.3"), must_parse(kDotted, "2.0.1")};
  std::vector<std::string> affected;
  for (const Version& v : affected_versions(supported, ranges)) affected.push_back(to_string(v));
  EXPECT_EQ(affected, (std::vector<std::string>{"1.4.2", "2.0.1"}));
}

TEST(RangeExpression, RefusesMalformedExpressionsNamingWhatAndWhere) {
  EXPECT_EQ(expression_error(kDotted, ""), "empty range expression");
  EXPECT_EQ(expression_error(kDotted, "1.2"),
            "expected an operator (=, ==, !=, <, <=, >, >=) at character 1");
  EXPECT_EQ(expression_error(kDotted, ">= "), "expected a version at character 4");
  EXPECT_EQ(expression_error(kDotted, ">= 1.2,"),
            "expected an operator (=, ==, !=, <, <=, >, >=) at character 8");
  EXPECT_EQ(expression_error(kDotted, ">= 1.2 < 2"),
            "expected ',' between constraints at character 8");
  EXPECT_EQ(expression_error(kSemVer, ">= 1.2, < 1.4.3"),
            "invalid version (expected '.' and the patch version at character 4) at character 4");
  EXPECT_EQ(expression_error(kDotted, "=> 1"),
            "invalid version (expected a digit at character 1) at character 2");
}

// Valid versions with a few random edits, over the characters versions and ranges are made of:
// every parser must either refuse them with a message or accept them, and an accepted version
// must read back from its own text as an equal version. Crashes and leaks are caught by the
// sanitizers the tests run under.
TEST(VersionParsers, RefuseOrRoundTripArbitraryInput) {
  constexpr std::string_view kAlphabet = "0123456789..--++!vVaAbcrRpostdev_*=<>~, \t\xc2\xa0";
  const std::vector<std::string> seeds = {"1.2.3-alpha.1+build.5", "1!2.0rc1.post2.dev3+local.7",
                                          "v1.2.10", "0.0.0", ">= 1.2, < 1.4.3"};
  std::mt19937 random(20261123);  // Fixed seed: the same inputs on every run.
  auto below = [&random](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(random);
  };
  std::map<VersionScheme, int> accepted;
  for (int i = 0; i < 20000; ++i) {
    std::string text = seeds[below(seeds.size())];
    if (i % 100 == 0) text = text + std::string(below(300), '1');
    for (std::size_t edits = below(4); edits > 0; --edits) {
      const std::size_t at = below(text.size() + 1);
      const char c = kAlphabet[below(kAlphabet.size())];
      switch (below(3)) {
        case 0:
          text.insert(at, 1, c);
          break;
        case 1:
          if (at < text.size()) text[at] = c;
          break;
        default:
          if (at < text.size()) text.erase(at, 1);
      }
    }
    for (VersionScheme scheme : {kSemVer, kPep440, kDotted}) {
      std::string error;
      if (!parse_range_expression(scheme, text, &error)) {
        EXPECT_FALSE(error.empty()) << text;
      }
      error.clear();
      if (scheme == kPep440 && !parse_pep440_specifiers(text, &error)) {
        EXPECT_FALSE(error.empty()) << text;
      }
      error.clear();
      const auto version = parse_version(scheme, text, &error);
      if (!version) {
        EXPECT_FALSE(error.empty()) << text;
        continue;
      }
      ++accepted[scheme];
      const auto again = parse_version(scheme, to_string(*version), &error);
      ASSERT_TRUE(again.has_value()) << text << " -> " << to_string(*version) << ": " << error;
      EXPECT_EQ(compare(*again, *version), 0) << text;
    }
  }
  // Some inputs must be versions, or the round trip above was never exercised.
  EXPECT_GT(accepted[kSemVer], 0);
  EXPECT_GT(accepted[kPep440], 0);
  EXPECT_GT(accepted[kDotted], 0);
}

}  // namespace
}  // namespace embargo::scoring
