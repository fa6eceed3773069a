#include "auth/password.h"

#include <gtest/gtest.h>

#include <cstdlib>

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

// Accounts get argon2id at libsodium's interactive cost (64 MiB, 2 passes); the test suite's
// switch to the minimum cost changes only what new hashes cost, and both kinds verify.
TEST(Password, NewHashesCostWhatTheInteractiveLimitsSayUnlessTheTestSwitchIsOn) {
  const char* before = std::getenv("EMBARGO_TEST_WEAK_PASSWORD_HASHES");
  const std::string saved = before != nullptr ? before : "";
  ::unsetenv("EMBARGO_TEST_WEAK_PASSWORD_HASHES");
  std::string interactive = hash_password("correct horse battery staple");
  EXPECT_TRUE(interactive.starts_with("$argon2id$v=19$m=65536,t=2,p=1$")) << interactive;
  ::setenv("EMBARGO_TEST_WEAK_PASSWORD_HASHES", "1", 1);
  std::string weak = hash_password("correct horse battery staple");
  EXPECT_TRUE(weak.starts_with("$argon2id$v=19$m=8,t=1,p=1$")) << weak;
  EXPECT_TRUE(verify_password("correct horse battery staple", interactive));
  EXPECT_TRUE(verify_password("correct horse battery staple", weak));
  if (before != nullptr) {
    ::setenv("EMBARGO_TEST_WEAK_PASSWORD_HASHES", saved.c_str(), 1);
  } else {
    ::unsetenv("EMBARGO_TEST_WEAK_PASSWORD_HASHES");
  }
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
