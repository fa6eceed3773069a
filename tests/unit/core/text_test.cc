#include "core/text.h"

#include <gtest/gtest.h>

namespace embargo {
namespace {

TEST(Text, TrimsOnlySpacesAndTabs) {
  EXPECT_EQ(trim_spaces(" \t48h \t"), "48h");
  EXPECT_EQ(trim_spaces("\n48h\n"), "\n48h\n");  // line breaks are not a value's padding
  EXPECT_EQ(trim_spaces("   "), "");
  EXPECT_EQ(trim_spaces(""), "");
}

TEST(Text, BlankMeansNothingButWhitespace) {
  EXPECT_TRUE(is_blank(""));
  EXPECT_TRUE(is_blank(" \t\r\n"));
  EXPECT_FALSE(is_blank(" x "));
  EXPECT_FALSE(is_blank("\v"));  // not a character a form or a policy pads with
}

TEST(Text, QuotesForMessages) {
  EXPECT_EQ(quoted("48 hrs"), "\"48 hrs\"");
  EXPECT_EQ(quoted(""), "\"\"");
}

}  // namespace
}  // namespace embargo
