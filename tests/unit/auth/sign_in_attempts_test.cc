// The password step of sign-in against a real store: every attempt is counted before its
// password is checked, so a burst of parallel guesses gets no more checks than the lock-out
// allows, and an address without an account is counted, locked and answered like one with.
#include <atomic>
#include <thread>

#include "auth/password.h"
#include "auth/sign_in.h"
#include "core/time_source.h"
#include "store_fixture.h"

namespace embargo::auth {
namespace {

using Kind = SignInOutcome::Kind;

constexpr const char* kPassword = "correct horse battery staple";
constexpr int kThreshold = 5;  // the failure that first locks (sign_in_backoff.h)

class SignInAttemptsTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    accounts().add_user("alice@example.org", hash_password(kPassword), false, "cli");
  }

  store::AccountStore& accounts() { return store_->accounts(); }

  SignInOutcome attempt(const std::string& email, const std::string& password) {
    return sign_in_with_password(accounts(), {email, password, "192.0.2.1", "Firefox"});
  }
};

TEST_F(SignInAttemptsTest, AnUnknownEmailLocksOnTheSameFailureAsAKnownOne) {
  for (int failure = 1; failure <= kThreshold; ++failure) {
    auto known = attempt("alice@example.org", "wrong password!");
    auto unknown = attempt("nobody@example.org", "wrong password!");
    EXPECT_EQ(known.kind, Kind::refused) << failure;
    EXPECT_EQ(unknown.kind, Kind::refused) << failure;
  }
  auto known = attempt("alice@example.org", kPassword);
  auto unknown = attempt("nobody@example.org", kPassword);
  ASSERT_EQ(known.kind, Kind::locked);
  ASSERT_EQ(unknown.kind, Kind::locked);
  ASSERT_TRUE(known.locked_until && unknown.locked_until);
  EXPECT_LE(*known.locked_until - system_time().now(), std::chrono::minutes(1));
  EXPECT_LE(*unknown.locked_until - system_time().now(), std::chrono::minutes(1));
  EXPECT_GT(*unknown.locked_until, system_time().now());
  EXPECT_FALSE(accounts().find_user("nobody@example.org")) << "no account is ever made";
}

TEST_F(SignInAttemptsTest, ParallelGuessesGetNoMoreChecksThanTheLockAllows) {
  std::atomic<int> refused{0};
  std::atomic<int> locked{0};
  std::vector<std::thread> guesses;
  for (int i = 0; i < kThreshold + 3; ++i) {
    guesses.emplace_back([&] {
      auto outcome = attempt("alice@example.org", "wrong password!");
      ++(outcome.kind == Kind::locked ? locked : refused);
    });
  }
  for (auto& g : guesses) g.join();
  EXPECT_EQ(refused, kThreshold) << "checked and found wrong";
  EXPECT_EQ(locked, 3) << "refused before any check";
  EXPECT_EQ(attempt("alice@example.org", kPassword).kind, Kind::locked);
}

TEST_F(SignInAttemptsTest, ASuccessClearsTheCountButARightPasswordAwaitingItsCodeDoesNot) {
  for (int i = 0; i < kThreshold - 1; ++i) attempt("alice@example.org", "wrong password!");
  auto signed_in = attempt("ALICE@example.org", kPassword);
  EXPECT_EQ(signed_in.kind, Kind::signed_in);
  EXPECT_EQ(accounts().find_user("alice@example.org")->failed_sign_ins, 0);

  auto bob = accounts().add_user("bob@example.org", hash_password(kPassword), false, "cli");
  accounts().begin_two_factor(bob.key, "sealed");
  accounts().enable_two_factor(bob.key, 1, {}, "cli");
  EXPECT_EQ(attempt("bob@example.org", kPassword).kind, Kind::code_needed);
  EXPECT_EQ(accounts().find_user(bob.key)->failed_sign_ins, 1)
      << "knowing the password buys no extra guesses at the code";
}

}  // namespace
}  // namespace embargo::auth
