#include "auth/recovery_codes.h"

#include <gtest/gtest.h>

#include <cmath>
#include <regex>
#include <set>

#include "core/secret.h"

namespace embargo::auth {
namespace {

TEST(RecoveryCodes, TenGroupedCodesWithoutLookAlikes) {
  RecoveryCodes set = new_recovery_codes();
  ASSERT_EQ(set.codes.size(), 10U);
  ASSERT_EQ(set.hashes.size(), 10U);
  std::regex shape("[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}");
  for (const std::string& code : set.codes) {
    EXPECT_TRUE(std::regex_match(code, shape)) << code;
    EXPECT_EQ(code.find_first_of("01ilo"), std::string::npos) << code;
  }
  EXPECT_EQ(std::set<std::string>(set.codes.begin(), set.codes.end()).size(), 10U);
}

TEST(RecoveryCodes, EachCodeHasAtLeastFiftyBits) {
  // 2,400 random characters use every letter of the alphabet (the odds of one missing are about
  // 2e-33).
  std::set<char> alphabet;
  std::size_t length = 0;
  for (int i = 0; i < 20; ++i) {
    for (const std::string& code : new_recovery_codes().codes) {
      std::string normalized = *normalize_recovery_code(code);
      length = normalized.size();
      alphabet.insert(normalized.begin(), normalized.end());
    }
  }
  EXPECT_EQ(alphabet.size(), 31U);
  EXPECT_EQ(length, 12U);
  EXPECT_GE(static_cast<double>(length) * std::log2(static_cast<double>(alphabet.size())), 50.0);
}

TEST(RecoveryCodes, TheStoreKeepsTheHashOfTheNormalizedCode) {
  RecoveryCodes set = new_recovery_codes(3);
  ASSERT_EQ(set.codes.size(), 3U);
  for (std::size_t i = 0; i < set.codes.size(); ++i) {
    EXPECT_EQ(set.hashes[i], hash_secret(*normalize_recovery_code(set.codes[i])));
    EXPECT_EQ(set.hashes[i].find(set.codes[i]), std::string::npos);
  }
  EXPECT_NE(new_recovery_codes(1).codes, new_recovery_codes(1).codes);
}

TEST(RecoveryCodes, NormalizeForgivesCaseSpacesAndHyphens) {
  EXPECT_EQ(normalize_recovery_code("abcd-efgh-jkmn"), "abcdefghjkmn");
  EXPECT_EQ(normalize_recovery_code("ABCD EFGH JKMN"), "abcdefghjkmn");
  EXPECT_EQ(normalize_recovery_code(" abcdefgh-jk mn "), "abcdefghjkmn");
  EXPECT_EQ(normalize_recovery_code("aB-cD--eF gH  jK-mN"), "abcdefghjkmn");
}

TEST(RecoveryCodes, NormalizeRefusesWhatCannotBeACode) {
  for (const char* typed :
       {"", "----", "abcd-efgh-jkm", "abcd-efgh-jkmnp", "abcd-efgh-jkm0", "abcd-efgh-jkml",
        "abcd-efgh-jkm_", "abcd\tefgh-jkmn", "abcd-efgh-jkm\xc3\xa9"}) {
    EXPECT_EQ(normalize_recovery_code(typed), std::nullopt) << typed;
  }
  EXPECT_EQ(normalize_recovery_code(std::string_view("abcd-efgh-jkm\0", 14)), std::nullopt);
}

}  // namespace
}  // namespace embargo::auth
