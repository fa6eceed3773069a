#include "core/email.h"

#include <gtest/gtest.h>

namespace embargo {
namespace {

TEST(Email, AcceptsOrdinaryAddresses) {
  EXPECT_TRUE(is_valid_email("stas-chubar@yandex.ru"));
  EXPECT_TRUE(is_valid_email("pyspector@protonmail.com"));
  EXPECT_TRUE(is_valid_email("first.last+tag@sub.example.org"));
  EXPECT_TRUE(is_valid_email("admin@embargo.localhost"));
}

TEST(Email, RefusesMistakes) {
  EXPECT_FALSE(is_valid_email(""));
  EXPECT_FALSE(is_valid_email("no-at-sign"));
  EXPECT_FALSE(is_valid_email("@example.org"));
  EXPECT_FALSE(is_valid_email("user@"));
  EXPECT_FALSE(is_valid_email("admin@localhost"));  // a public contact needs a real domain
  EXPECT_FALSE(is_valid_email("a@b@c"));
  EXPECT_FALSE(is_valid_email("pyspector@protonmail. com"));  // the seed's own typo
  EXPECT_FALSE(is_valid_email("user@.example.org"));
  EXPECT_FALSE(is_valid_email("user@example..org"));
  EXPECT_FALSE(is_valid_email("user@example.org."));
  EXPECT_FALSE(is_valid_email("<user@example.org>"));
  EXPECT_FALSE(is_valid_email("user@exa\nmple.org"));
  EXPECT_FALSE(is_valid_email(std::string(250, 'a') + "@b.cd"));
}

}  // namespace
}  // namespace embargo
