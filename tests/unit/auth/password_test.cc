#include "auth/password.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace embargo::auth {
namespace {

TEST(Password, HashVerifiesOnlyTheSamePassword) {
  std::string hash = hash_password("correct horse battery staple");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password("correct horse battery staple", hash));
  EXPECT_FALSE(verify_password("correct horse battery stapl", hash));
  EXPECT_FALSE(verify_password("", hash));
}

TEST(Password, HashesAreSalted) {
  EXPECT_NE(hash_password("same password here"), hash_password("same password here"));
}

TEST(Password, GarbageHashNeverVerifies) {
  EXPECT_FALSE(verify_password("x", ""));
  EXPECT_FALSE(verify_password("x", "$argon2id$garbage"));
}

TEST(Password, GeneratedPasswordsAreLongAndUnambiguous) {
  std::string p = generate_password();
  EXPECT_EQ(p.size(), 20U);
  EXPECT_EQ(p.find_first_of("lIO01"), std::string::npos);
  EXPECT_NE(generate_password(), p);
  EXPECT_NO_THROW(check_password_strength(p));
}

TEST(Password, StrengthRefusesShortAndHugePasswords) {
  EXPECT_THROW(check_password_strength("short"), Refusal);
  EXPECT_THROW(check_password_strength("elevenchars"), Refusal);
  EXPECT_NO_THROW(check_password_strength("twelve chars"));
  EXPECT_THROW(check_password_strength(std::string(1025, 'a')), Refusal);
}

}  // namespace
}  // namespace embargo::auth
