// The policy editor's review step: the line diff an owner reads before saving must show every
// removed and added line with its number on each side, and only a little unchanged context.
#include "formats/line_diff.h"

#include <gtest/gtest.h>

#include <string>

namespace embargo::formats {
namespace {

using Kind = DiffLine::Kind;

std::string numbered(int from, int to) {
  std::string text;
  for (int i = from; i <= to; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

TEST(LineDiff, TheSameLinesHaveNoDiff) {
  EXPECT_TRUE(line_diff("a\nb\n", "a\nb\n").empty());
  EXPECT_TRUE(line_diff("a\nb", "a\nb\n").empty());
  EXPECT_TRUE(line_diff("a\r\nb\r\n", "a\nb\n").empty());
  EXPECT_TRUE(line_diff("", "").empty());
}

TEST(LineDiff, AChangedLineIsRemovedThenAddedWithItsNumbers) {
  auto diff = line_diff("name = \"Old\"\nslug = \"x\"\n", "name = \"New\"\nslug = \"x\"\n");
  ASSERT_EQ(diff.size(), 3u);
  EXPECT_EQ(diff[0].kind, Kind::removed);
  EXPECT_EQ(diff[0].text, "name = \"Old\"");
  EXPECT_EQ(diff[0].old_line, 1);
  EXPECT_EQ(diff[0].new_line, 0);
  EXPECT_EQ(diff[1].kind, Kind::added);
  EXPECT_EQ(diff[1].text, "name = \"New\"");
  EXPECT_EQ(diff[1].old_line, 0);
  EXPECT_EQ(diff[1].new_line, 1);
  EXPECT_EQ(diff[2].kind, Kind::kept);
  EXPECT_EQ(diff[2].old_line, 2);
  EXPECT_EQ(diff[2].new_line, 2);
}

TEST(LineDiff, LinesFarFromAChangeAreSkippedAndCounted) {
  std::string before = numbered(1, 20);
  std::string after = numbered(1, 9) + "inserted\n" + numbered(10, 20);
  auto diff = line_diff(before, after, 2);
  ASSERT_EQ(diff.size(), 7u);
  EXPECT_EQ(diff[0].kind, Kind::skipped);
  EXPECT_EQ(diff[0].skipped_lines, 7);
  EXPECT_EQ(diff[1].text, "line 8");
  EXPECT_EQ(diff[2].text, "line 9");
  EXPECT_EQ(diff[3].kind, Kind::added);
  EXPECT_EQ(diff[3].text, "inserted");
  EXPECT_EQ(diff[3].new_line, 10);
  EXPECT_EQ(diff[4].text, "line 10");
  EXPECT_EQ(diff[4].old_line, 10);
  EXPECT_EQ(diff[4].new_line, 11);
  EXPECT_EQ(diff[5].text, "line 11");
  EXPECT_EQ(diff[6].kind, Kind::skipped);
  EXPECT_EQ(diff[6].skipped_lines, 9);
}

TEST(LineDiff, ChangesCloseTogetherShareTheirContext) {
  std::string before = numbered(1, 6);
  std::string after = "first\n" + numbered(2, 5) + "last\n";
  auto diff = line_diff(before, after, 3);
  for (const auto& row : diff) EXPECT_NE(row.kind, Kind::skipped) << row.text;
  EXPECT_EQ(diff.size(), 8u);
}

TEST(LineDiff, EverythingNewIsAdded) {
  auto diff = line_diff("", "a\nb\n");
  ASSERT_EQ(diff.size(), 2u);
  EXPECT_EQ(diff[0].kind, Kind::added);
  EXPECT_EQ(diff[1].kind, Kind::added);
  EXPECT_EQ(diff[1].new_line, 2);
}

}  // namespace
}  // namespace embargo::formats
