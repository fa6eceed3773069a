#include "core/triage.h"

#include <gtest/gtest.h>

#include "refusal.h"
#include "scoring/version_support.h"

namespace embargo {
namespace {

using testing::refusal_of;

TEST(Triage, LabelsComeBackSortedWithoutRepeats) {
  EXPECT_EQ(normalize_labels({"web", "area:cli", "web", "v1.2_x-y"}),
            (std::vector<std::string>{"area:cli", "v1.2_x-y", "web"}));
  // 25 names, 20 distinct: the limit counts labels, not how often they were given.
  std::vector<std::string> many;
  for (int i = 0; i < 25; ++i) many.push_back("l" + std::to_string(i % 20));
  EXPECT_EQ(normalize_labels(many).size(), 20u);
  for (const char* bad : {"", "Upper", "with space", "é", "a/b"}) {
    EXPECT_EQ(refusal_of([&] { normalize_labels({bad}); }).field(), "labels") << bad;
  }
}

TEST(Triage, AnUpdateChangesOnlyWhatItNames) {
  Triage current;
  current.labels = {"a"};
  current.handler = "h@example.org";
  TriageUpdate update;
  update.cwe = std::optional<int>(79);
  Triage next = apply_triage_update(current, update);
  EXPECT_EQ(next.labels, current.labels);
  EXPECT_EQ(next.handler, current.handler);
  EXPECT_EQ(next.cwe, 79);
  EXPECT_FALSE(update.empty());
  EXPECT_TRUE(TriageUpdate{}.empty());
  update.cwe = std::optional<int>(0);
  EXPECT_EQ(refusal_of([&] { apply_triage_update(current, update); }).field(), "cwe");
}

TEST(VersionSupport, TheFirstRowThatContainsTheVersionDecides) {
  using scoring::VersionSupport;
  std::vector<scoring::SupportRow> table = {
      {">= 3.0.0", true}, {"2.5.1", true}, {"< 3.0.0", false}};
  auto support = [&](std::string_view entry,
                     scoring::PrereleaseSupport pre = scoring::PrereleaseSupport::unsupported) {
    return scoring::version_support(scoring::VersionScheme::semver, entry, table, pre);
  };
  EXPECT_EQ(support("3.1.0"), VersionSupport::supported);
  EXPECT_EQ(support("2.5.1"), VersionSupport::supported);
  EXPECT_EQ(support("2.5.0"), VersionSupport::unsupported);
  EXPECT_EQ(support(">= 3.0.0"), VersionSupport::unknown);  // a range: a person judges
  EXPECT_EQ(support("banana"), VersionSupport::unknown);
  EXPECT_EQ(support("3.1.0-rc.1"), VersionSupport::unsupported);
  EXPECT_EQ(support("3.1.0-rc.1", scoring::PrereleaseSupport::best_effort),
            VersionSupport::best_effort);
  EXPECT_EQ(support("3.1.0-rc.1", scoring::PrereleaseSupport::supported),
            VersionSupport::supported);

  std::vector<scoring::SupportRow> words = {{"latest", true}};
  EXPECT_EQ(scoring::version_support(scoring::VersionScheme::pep440, "1.0", words,
                                     scoring::PrereleaseSupport::supported),
            VersionSupport::unknown);
  std::vector<scoring::SupportRow> listed = {{"2.0", true}};
  EXPECT_EQ(scoring::version_support(scoring::VersionScheme::pep440, "1.0", listed,
                                     scoring::PrereleaseSupport::supported),
            VersionSupport::unsupported);  // every row read, none contains it
}

}  // namespace
}  // namespace embargo
