#include <gtest/gtest.h>

#include <vector>

#include "scoring/range_expression.h"
#include "scoring/range_osv.h"
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

}  // namespace
}  // namespace embargo::scoring
