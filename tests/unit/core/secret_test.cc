#include "core/secret.h"

#include <gtest/gtest.h>

#include <set>

namespace embargo {
namespace {

TEST(Secret, Is256BitsOfBase64Url) {
  std::string s = new_secret();
  // 32 bytes in unpadded base64 take ceil(32 * 8 / 6) = 43 characters.
  ASSERT_EQ(s.size(), 43U);
  for (char c : s) {
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << c;
  }
}

TEST(Secret, NeverRepeats) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(new_secret()).second);
}

TEST(Secret, HashIsBlake2b256Hex) {
  // BLAKE2b-256 of the empty string, from RFC 7693's reference implementation.
  EXPECT_EQ(hash_secret(""), "0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8");
  EXPECT_EQ(hash_secret("abc").size(), 64U);
  EXPECT_NE(hash_secret("abc"), hash_secret("abd"));
  EXPECT_EQ(hash_secret("abc"), hash_secret("abc"));
}

TEST(Secret, EqualityComparesWholeValues) {
  EXPECT_TRUE(secrets_equal("abc", "abc"));
  EXPECT_FALSE(secrets_equal("abc", "abd"));
  EXPECT_FALSE(secrets_equal("abc", "abcd"));
  EXPECT_FALSE(secrets_equal("", "a"));
  EXPECT_TRUE(secrets_equal("", ""));
}

}  // namespace
}  // namespace embargo
