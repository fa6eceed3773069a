// The team's accounts in the store: sign-in bookkeeping, two-factor state, sessions, API tokens,
// memberships and invitations; that secrets are kept only as hashes, that what must be used once
// is used once, and that every change is audited without a secret.
#include <algorithm>
#include <atomic>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

#include "core/error.h"
#include "core/secret.h"
#include "core/time_source.h"
#include "refusal.h"
#include "store/migrations.h"
#include "store/sql/migrate.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;
using std::chrono::hours;
using std::chrono::seconds;

class StoreAccountsTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
    store_->apply_program(test_policy("pykour"), test_policy_source("pykour"), "cli");
    alice = accounts().add_user("alice@example.org", "$argon2id$alice", false, "cli");
    bob = accounts().add_user("bob@example.org", "$argon2id$bob", false, "cli");
  }

  AccountStore& accounts() { return store_->accounts(); }

  // Changes a row under the interface, e.g. to move a time into the past.
  void exec(const std::string& sql) { raw()->exec(sql); }

  WithSecret<Session> sign_in(const User& user, bool pending = false) {
    return accounts().create_session({user.key, pending, "192.0.2.1", "Firefox", hours(24)});
  }

  std::vector<AuditEvent> all_events() {
    AuditQuery query;
    query.limit = 1000;
    return store_->audit_log(query);
  }

  // Every audit event's details, in one string to search.
  std::string audit_details() {
    std::string all;
    for (const auto& e : all_events()) all += e.details + "\n";
    return all;
  }

  std::vector<AuditEvent> events_named(const std::string& action) {
    std::vector<AuditEvent> found;
    for (const auto& e : all_events()) {
      if (e.action == action) found.push_back(e);
    }
    return found;
  }

  // A lock rule that never locks.
  static std::optional<Time> no_lock(int) { return std::nullopt; }

  User alice;
  User bob;
};

TEST_F(StoreAccountsTest, FindsAndListsAccounts) {
  EXPECT_EQ(accounts().count_users(), 2);
  auto by_key = accounts().find_user(alice.key);
  ASSERT_TRUE(by_key);
  EXPECT_EQ(by_key->email, "alice@example.org");
  EXPECT_EQ(by_key->password_hash, "$argon2id$alice");
  EXPECT_FALSE(by_key->two_factor);
  EXPECT_EQ(by_key->failed_sign_ins, 0);
  EXPECT_FALSE(by_key->locked_until);
  EXPECT_EQ(accounts().find_user("ALICE@example.org")->key, alice.key);
  EXPECT_FALSE(accounts().find_user(std::int64_t{999}));

  accounts().add_user("aaron@example.org", "$argon2id$a", true, "cli");
  auto users = accounts().list_users();
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].email, "aaron@example.org");
  EXPECT_TRUE(users[0].admin);
  EXPECT_EQ(users[1].email, "alice@example.org");
  EXPECT_EQ(users[2].email, "bob@example.org");
}

TEST_F(StoreAccountsTest, EachAccountChoosesHowItHearsAboutReports) {
  EXPECT_EQ(accounts().notify_mode(alice.key), NotifyMode::immediately);
  accounts().set_member("pyspector", "alice@example.org", Role::handler, "cli");
  accounts().set_member("pyspector", "bob@example.org", Role::owner, "cli");
  accounts().set_notify_mode(alice.key, NotifyMode::digest, "alice@example.org");
  EXPECT_EQ(accounts().notify_mode(alice.key), NotifyMode::digest);
  EXPECT_EQ(accounts().notify_mode(bob.key), NotifyMode::immediately);
  auto members = accounts().list_members("pyspector");
  ASSERT_EQ(members.size(), 2U);
  EXPECT_EQ(members[0].email, "alice@example.org");
  EXPECT_EQ(members[0].notify, NotifyMode::digest);
  EXPECT_EQ(members[1].notify, NotifyMode::immediately);
  accounts().set_notify_mode(alice.key, NotifyMode::off, "alice@example.org");
  EXPECT_EQ(accounts().list_members("pyspector")[0].notify, NotifyMode::off);
  EXPECT_EQ(refusal_of([&] { accounts().set_notify_mode(9999, NotifyMode::off, "cli"); }).kind(),
            Refusal::Kind::not_found);
  auto events = all_events();
  auto changed = std::count_if(events.begin(), events.end(), [](const AuditEvent& e) {
    return e.action == "user.notifications";
  });
  EXPECT_EQ(changed, 2);
}

TEST_F(StoreAccountsTest, ReservedSignInsCountUpAndLockUntilASuccess) {
  auto first = accounts().reserve_sign_in("alice@example.org", no_lock);
  EXPECT_TRUE(first.granted);
  EXPECT_EQ(first.failures, 1);
  EXPECT_FALSE(first.locked_until);
  Time until = system_time().now() + std::chrono::minutes(5);
  auto second = accounts().reserve_sign_in("ALICE@example.org", [&](int failures) {
    EXPECT_EQ(failures, 2) << "the count the write itself made, for the address in any case";
    return std::optional<Time>(until);
  });
  EXPECT_TRUE(second.granted) << "the attempt that reaches the lock is still checked";
  EXPECT_EQ(second.locked_until, until);

  // While locked, nothing is counted and the rule is not asked.
  auto refused = accounts().reserve_sign_in("alice@example.org", [](int) -> std::optional<Time> {
    ADD_FAILURE() << "a locked address counts nothing";
    return std::nullopt;
  });
  EXPECT_FALSE(refused.granted);
  EXPECT_EQ(refused.locked_until, until);
  auto locked = accounts().find_user(alice.key);
  EXPECT_EQ(locked->failed_sign_ins, 2);
  EXPECT_EQ(locked->locked_until, until);
  EXPECT_EQ(accounts().find_user(bob.key)->failed_sign_ins, 0) << "another address";

  accounts().record_sign_in(alice.key);
  auto cleared = accounts().find_user(alice.key);
  EXPECT_EQ(cleared->failed_sign_ins, 0);
  EXPECT_FALSE(cleared->locked_until);
  EXPECT_TRUE(accounts().reserve_sign_in("alice@example.org", no_lock).granted);

  EXPECT_EQ(refusal_of([&] { accounts().record_sign_in(999); }).kind(), Refusal::Kind::not_found);
  auto attempts = events_named("user.sign_in_attempted");
  ASSERT_EQ(attempts.size(), 3u) << "each counted attempt, not the refused one";
  EXPECT_EQ(attempts[1].actor, "anonymous");
  EXPECT_NE(attempts[1].details.find("\"locked_until\""), std::string::npos);
  EXPECT_EQ(events_named("user.signed_in").size(), 1u);
}

// A burst of attempts racing each other: each sees its own count, and once the count reaches
// the lock no further one is granted, so no more than the threshold are ever checked.
TEST_F(StoreAccountsTest, RacingReservationsPastTheThresholdAreRefused) {
  constexpr int threshold = 5;
  std::mutex mutex;
  std::set<int> seen;
  std::atomic<int> granted{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < threshold + 3; ++i) {
    threads.emplace_back([&] {
      auto reservation = accounts().reserve_sign_in("alice@example.org", [&](int failures) {
        std::lock_guard lock(mutex);
        seen.insert(failures);
        return failures >= threshold ? std::optional<Time>(system_time().now() + hours(1))
                                     : std::nullopt;
      });
      ++(reservation.granted ? granted : refused);
      EXPECT_TRUE(reservation.granted || reservation.locked_until);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(seen, (std::set<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(granted, threshold);
  EXPECT_EQ(refused, 3);
  EXPECT_EQ(accounts().find_user(alice.key)->failed_sign_ins, threshold);
}

// An address without an account counts and locks the same way, yet no account is made and no
// audit event kept; counts left alone for a day with no lock running are forgotten.
TEST_F(StoreAccountsTest, UnknownAddressesCountLikeKnownOnesAndAreForgotten) {
  auto lock_at_2 = [](int failures) {
    return failures >= 2 ? std::optional<Time>(system_time().now() + hours(1)) : std::nullopt;
  };
  for (const char* email : {"nobody@example.org", "alice@example.org"}) {
    EXPECT_TRUE(accounts().reserve_sign_in(email, lock_at_2).granted) << email;
    EXPECT_TRUE(accounts().reserve_sign_in(email, lock_at_2).granted) << email;
    EXPECT_FALSE(accounts().reserve_sign_in(email, lock_at_2).granted) << email;
  }
  EXPECT_EQ(accounts().count_users(), 2);
  EXPECT_EQ(audit_details().find("nobody@"), std::string::npos);
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_attempts"), 2);

  // A day later, with the lock over, both counts read as none and a write deletes them.
  exec(
      "UPDATE sign_in_attempts SET last_attempt_at = last_attempt_at - 86400,"
      " locked_until = " +
      now_seconds() + " - 1");
  EXPECT_EQ(accounts().find_user(alice.key)->failed_sign_ins, 0);
  EXPECT_FALSE(accounts().find_user(alice.key)->locked_until);
  EXPECT_EQ(accounts().reserve_sign_in("bob@example.org", no_lock).failures, 1);
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_attempts"), 1) << "only bob's is left";
  EXPECT_EQ(accounts().reserve_sign_in("nobody@example.org", no_lock).failures, 1);

  // An old count whose lock still runs is kept.
  exec(
      "UPDATE sign_in_attempts SET last_attempt_at = last_attempt_at - 86400,"
      " locked_until = " +
      now_seconds() + " + 600 WHERE email = 'nobody@example.org'");
  accounts().reserve_sign_in("bob@example.org", no_lock);
  EXPECT_FALSE(accounts().reserve_sign_in("nobody@example.org", no_lock).granted);
}

// Counts kept on the accounts before sign_in_attempts (0006) carry over to their addresses.
TEST_F(SqliteStoreTest, SignInCountsFromBeforeTheAttemptsTableCarryOver) {
  {
    auto db = sqlite::open_write_connection(db_path());
    sql::migrate(*db, std::span(migrations()).first(4), system_time().now());
    db->exec(
        "INSERT INTO users (email, password_hash, admin, created_at, failed_sign_ins,"
        " locked_until) VALUES ('Locked@example.org', 'h', 0, 0, 6, " +
        now_seconds() +
        " + 600),"
        " ('calm@example.org', 'h', 0, 0, 0, NULL)");
  }
  AccountStore& accounts = open().accounts();
  auto locked = accounts.find_user("locked@example.org");
  EXPECT_EQ(locked->failed_sign_ins, 6);
  EXPECT_TRUE(locked->locked_until);
  EXPECT_FALSE(
      accounts.reserve_sign_in("locked@example.org", [](int) { return std::optional<Time>(); })
          .granted);
  EXPECT_EQ(accounts.find_user("calm@example.org")->failed_sign_ins, 0);
  EXPECT_EQ(count("SELECT count(*) FROM sign_in_attempts"), 1);
}

TEST_F(StoreAccountsTest, SetPasswordRevokesTheOtherSessionsAndClearsTheLock) {
  auto kept = sign_in(alice);
  auto other = sign_in(alice);
  auto bobs = sign_in(bob);
  accounts().reserve_sign_in(
      "alice@example.org", [](int) { return std::optional<Time>(system_time().now() + hours(1)); });

  accounts().set_password(alice.key, "$argon2id$new", kept.record.key, "alice@example.org");
  auto changed = accounts().find_user(alice.key);
  EXPECT_EQ(changed->password_hash, "$argon2id$new");
  EXPECT_EQ(changed->failed_sign_ins, 0);
  EXPECT_FALSE(changed->locked_until);
  EXPECT_TRUE(accounts().find_session(kept.secret, hours(1)));
  EXPECT_FALSE(accounts().find_session(other.secret, hours(1)));
  EXPECT_TRUE(accounts().find_session(bobs.secret, hours(1)));

  // 0 keeps none (a reset by an admin).
  accounts().set_password(alice.key, "$argon2id$newer", 0, "cli");
  EXPECT_FALSE(accounts().find_session(kept.secret, hours(1)));
  EXPECT_TRUE(accounts().find_session(bobs.secret, hours(1)));

  EXPECT_EQ(refusal_of([&] { accounts().set_password(alice.key, "", 0, "cli"); }).field(),
            "password");
  EXPECT_EQ(refusal_of([&] { accounts().set_password(999, "$argon2id$x", 0, "cli"); }).field(),
            "user");
  EXPECT_EQ(events_named("user.password").size(), 2u);
  EXPECT_EQ(audit_details().find("$argon2id$new"), std::string::npos);
}

TEST_F(StoreAccountsTest, EnrolsTwoFactorWithRecoveryCodes) {
  EXPECT_EQ(refusal_of([&] {
              accounts().enable_two_factor(alice.key, 1, {}, "alice@example.org");
            }).kind(),
            Refusal::Kind::conflict);

  accounts().begin_two_factor(alice.key, "sealed-pending");
  TwoFactorState pending = accounts().two_factor(alice.key);
  EXPECT_EQ(pending.sealed_secret, "");
  EXPECT_EQ(pending.pending_sealed_secret, "sealed-pending");
  EXPECT_FALSE(accounts().find_user(alice.key)->two_factor);

  accounts().enable_two_factor(alice.key, 1000, {hash_secret("code-1"), hash_secret("code-2")},
                               "alice@example.org");
  TwoFactorState enrolled = accounts().two_factor(alice.key);
  EXPECT_EQ(enrolled.sealed_secret, "sealed-pending");
  EXPECT_EQ(enrolled.pending_sealed_secret, "");
  EXPECT_EQ(enrolled.last_step, 1000);
  EXPECT_TRUE(accounts().find_user(alice.key)->two_factor);
  EXPECT_EQ(accounts().unused_recovery_codes(alice.key), 2);

  // A second enrolment replaces the codes.
  accounts().begin_two_factor(alice.key, "sealed-second");
  accounts().enable_two_factor(alice.key, 2000, {hash_secret("code-3")}, "alice@example.org");
  EXPECT_EQ(accounts().unused_recovery_codes(alice.key), 1);
  EXPECT_FALSE(accounts().use_recovery_code(alice.key, hash_secret("code-1")));

  EXPECT_EQ(refusal_of([&] {
              accounts().enable_two_factor(alice.key, 1, {"same", "same"}, "alice@example.org");
            }).field(),
            "recovery_codes");
  EXPECT_EQ(refusal_of([&] { accounts().begin_two_factor(alice.key, ""); }).field(), "two_factor");

  accounts().disable_two_factor(alice.key, "admin@example.org");
  TwoFactorState off = accounts().two_factor(alice.key);
  EXPECT_EQ(off.sealed_secret, "");
  EXPECT_FALSE(accounts().find_user(alice.key)->two_factor);
  EXPECT_EQ(accounts().unused_recovery_codes(alice.key), 0);
  std::string details = audit_details();
  EXPECT_EQ(details.find("sealed-"), std::string::npos);
  EXPECT_EQ(details.find(hash_secret("code-1")), std::string::npos);
}

TEST_F(StoreAccountsTest, ATotpStepIsAcceptedOnceAndNeverAnOlderOne) {
  accounts().begin_two_factor(alice.key, "sealed");
  accounts().enable_two_factor(alice.key, 100, {}, "alice@example.org");
  EXPECT_FALSE(accounts().use_totp_step(alice.key, 100));  // the code that confirmed enrolment
  EXPECT_TRUE(accounts().use_totp_step(alice.key, 101));
  EXPECT_FALSE(accounts().use_totp_step(alice.key, 101));  // replayed
  EXPECT_FALSE(accounts().use_totp_step(alice.key, 99));   // older
  EXPECT_EQ(accounts().two_factor(alice.key).last_step, 101);
  EXPECT_FALSE(accounts().use_totp_step(999, 200));
}

TEST_F(StoreAccountsTest, OfConcurrentUsesOfOneTotpStepExactlyOneWins) {
  std::atomic<int> accepted = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      if (accounts().use_totp_step(alice.key, 5000)) ++accepted;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(accepted, 1);
}

TEST_F(StoreAccountsTest, ARecoveryCodeWorksOnce) {
  accounts().begin_two_factor(alice.key, "sealed");
  accounts().enable_two_factor(alice.key, 1, {hash_secret("code-1"), hash_secret("code-2")},
                               "alice@example.org");
  EXPECT_FALSE(accounts().use_recovery_code(bob.key, hash_secret("code-1")));
  EXPECT_TRUE(accounts().use_recovery_code(alice.key, hash_secret("code-1")));
  EXPECT_FALSE(accounts().use_recovery_code(alice.key, hash_secret("code-1")));
  EXPECT_FALSE(accounts().use_recovery_code(alice.key, hash_secret("unknown")));
  EXPECT_EQ(accounts().unused_recovery_codes(alice.key), 1);
  auto used = events_named("user.recovery_code_used");
  ASSERT_EQ(used.size(), 1u);
  EXPECT_NE(used[0].details.find("\"recovery_codes_left\":1"), std::string::npos);
}

TEST_F(StoreAccountsTest, TwoFactorCanBeRequiredOfEveryone) {
  EXPECT_FALSE(accounts().two_factor_required());
  accounts().set_two_factor_required(true, "admin@example.org");
  EXPECT_TRUE(accounts().two_factor_required());
  accounts().set_two_factor_required(false, "admin@example.org");
  EXPECT_FALSE(accounts().two_factor_required());
  EXPECT_EQ(events_named("settings.two_factor_required").size(), 2u);
}

TEST_F(StoreAccountsTest, ASessionIsFoundByItsSecretAndStoredAsItsHash) {
  auto created = accounts().create_session(
      {alice.key, false, "192.0.2.1", std::string(300, 'x') + "\xff", hours(24)});
  EXPECT_EQ(created.secret.size(), 43u);
  EXPECT_EQ(created.record.user_agent, std::string(200, 'x'));
  EXPECT_EQ(created.record.expires_at - created.record.created_at, hours(24));
  auto found = accounts().find_session(created.secret, hours(1));
  ASSERT_TRUE(found);
  EXPECT_EQ(found->key, created.record.key);
  EXPECT_EQ(found->user, alice.key);
  EXPECT_EQ(found->client, "192.0.2.1");
  EXPECT_FALSE(accounts().find_session(created.secret + "x", hours(1)));
  EXPECT_FALSE(accounts().find_session("", hours(1)));
  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE secret_hash = '" +
                  hash_secret(created.secret) + "'"),
            1);
  EXPECT_EQ(count("SELECT count(*) FROM sessions WHERE replace(secret_hash, '" + created.secret +
                  "', '') <> secret_hash"),
            0);
  EXPECT_EQ(refusal_of([&] {
              accounts().create_session({999, false, "192.0.2.1", "", hours(1)});
            }).field(),
            "user");
  EXPECT_EQ(refusal_of([&] {
              accounts().create_session({alice.key, false, "192.0.2.1", "", seconds(0)});
            }).field(),
            "lifetime");
}

TEST_F(StoreAccountsTest, ExpiredIdleAndRevokedSessionsAreNotFound) {
  auto expired = sign_in(alice);
  auto idle = sign_in(alice);
  auto revoked = sign_in(alice);
  auto live = sign_in(alice);
  exec("UPDATE sessions SET expires_at = " + now_seconds() +
       " - 1 WHERE key = " + std::to_string(expired.record.key));
  exec("UPDATE sessions SET last_seen_at = " + now_seconds() +
       " - 3600 WHERE key = " + std::to_string(idle.record.key));
  EXPECT_FALSE(accounts().revoke_session(bob.key, revoked.record.key));  // not bob's
  EXPECT_TRUE(accounts().revoke_session(alice.key, revoked.record.key));
  EXPECT_FALSE(accounts().revoke_session(alice.key, revoked.record.key));  // already

  EXPECT_FALSE(accounts().find_session(expired.secret, hours(1)));
  EXPECT_FALSE(accounts().find_session(idle.secret, seconds(1800)));
  EXPECT_TRUE(accounts().find_session(idle.secret, seconds(7200)));
  EXPECT_FALSE(accounts().find_session(revoked.secret, hours(1)));
  EXPECT_TRUE(accounts().find_session(live.secret, hours(1)));

  auto listed = accounts().list_sessions(alice.key);
  ASSERT_EQ(listed.size(), 2u);  // idle and live: expired and revoked ones are gone
  EXPECT_EQ(listed[0].key, live.record.key);
  EXPECT_EQ(listed[1].key, idle.record.key);
  EXPECT_EQ(events_named("session.revoked").size(), 1u);
}

TEST_F(StoreAccountsTest, LastSeenIsRefreshedOnlyWhenOlderThanAMinute) {
  auto session = sign_in(alice);
  std::string key = std::to_string(session.record.key);
  exec("UPDATE sessions SET last_seen_at = " + now_seconds() + " - 30 WHERE key = " + key);
  auto recent = accounts().find_session(session.secret, hours(1));
  ASSERT_TRUE(recent);
  EXPECT_GE(system_time().now() - recent->last_seen_at, seconds(30));
  EXPECT_GE(count("SELECT " + now_seconds() + " - last_seen_at FROM sessions WHERE key = " + key),
            30);

  exec("UPDATE sessions SET last_seen_at = " + now_seconds() + " - 120 WHERE key = " + key);
  auto refreshed = accounts().find_session(session.secret, hours(1));
  ASSERT_TRUE(refreshed);
  EXPECT_LE(system_time().now() - refreshed->last_seen_at, seconds(5));
  EXPECT_LE(count("SELECT " + now_seconds() + " - last_seen_at FROM sessions WHERE key = " + key),
            5);
}

TEST_F(StoreAccountsTest, TheSecondFactorReplacesTheSessionSecret) {
  auto pending = sign_in(alice, true);
  EXPECT_TRUE(accounts().find_session(pending.secret, hours(1))->second_factor_pending);
  auto full = accounts().complete_second_factor(pending.record.key);
  EXPECT_NE(full.secret, pending.secret);
  EXPECT_EQ(full.record.key, pending.record.key);
  EXPECT_FALSE(full.record.second_factor_pending);
  EXPECT_FALSE(accounts().find_session(pending.secret, hours(1)));
  auto found = accounts().find_session(full.secret, hours(1));
  ASSERT_TRUE(found);
  EXPECT_FALSE(found->second_factor_pending);

  EXPECT_EQ(refusal_of([&] { accounts().complete_second_factor(pending.record.key); }).kind(),
            Refusal::Kind::conflict);
  auto ended = sign_in(alice, true);
  accounts().revoke_session(alice.key, ended.record.key);
  EXPECT_EQ(refusal_of([&] { accounts().complete_second_factor(ended.record.key); }).kind(),
            Refusal::Kind::not_found);
}

TEST_F(StoreAccountsTest, CreatesFindsAndRevokesApiTokens) {
  accounts().set_member("pyspector", "alice@example.org", Role::handler, "cli");
  auto all = accounts().create_token(alice.key, "scanner", TokenScope::read, "", "cli");
  auto bound = accounts().create_token(alice.key, "bot", TokenScope::triage, "pyspector", "cli");
  EXPECT_EQ(all.secret.size(), 43u);
  EXPECT_NE(all.secret, bound.secret);

  auto found = accounts().find_token(bound.secret);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->key, bound.record.key);
  EXPECT_EQ(found->user, alice.key);
  EXPECT_EQ(found->name, "bot");
  EXPECT_EQ(found->scope, TokenScope::triage);
  EXPECT_EQ(found->program, "pyspector");
  EXPECT_TRUE(found->last_used_at);
  EXPECT_EQ(accounts().find_token(all.secret)->program, "");
  EXPECT_FALSE(accounts().find_token(all.secret + "x"));

  EXPECT_FALSE(accounts().revoke_token(bob.key, all.record.key, "cli"));  // not bob's
  EXPECT_TRUE(accounts().revoke_token(alice.key, all.record.key, "cli"));
  EXPECT_FALSE(accounts().revoke_token(alice.key, all.record.key, "cli"));
  EXPECT_FALSE(accounts().find_token(all.secret));
  EXPECT_TRUE(accounts().find_token(bound.secret));

  auto listed = accounts().list_tokens(alice.key);
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].name, "scanner");
  EXPECT_TRUE(listed[0].revoked_at);
  EXPECT_FALSE(listed[1].revoked_at);
  EXPECT_TRUE(accounts().list_tokens(bob.key).empty());
  EXPECT_EQ(count("SELECT count(*) FROM api_tokens WHERE secret_hash = '" +
                  hash_secret(bound.secret) + "'"),
            1);
  auto revoked = events_named("token.revoked");
  ASSERT_EQ(revoked.size(), 1u);
  EXPECT_EQ(revoked[0].program, "");
  EXPECT_EQ(events_named("token.created").size(), 2u);
  EXPECT_EQ(events_named("token.created")[1].program, "pyspector");
}

TEST_F(StoreAccountsTest, ATokenReachesOnlyAProgramItsUserHasARoleIn) {
  auto unknown =
      refusal_of([&] { accounts().create_token(alice.key, "x", TokenScope::read, "nope", "cli"); });
  EXPECT_EQ(unknown.kind(), Refusal::Kind::not_found);
  EXPECT_EQ(unknown.field(), "program");
  auto no_role = refusal_of(
      [&] { accounts().create_token(alice.key, "x", TokenScope::read, "pykour", "cli"); });
  EXPECT_EQ(no_role.kind(), Refusal::Kind::forbidden);
  EXPECT_EQ(no_role.field(), "program");
  auto admin = accounts().add_user("admin@example.org", "$argon2id$a", true, "cli");
  EXPECT_EQ(
      accounts().create_token(admin.key, "", TokenScope::admin, "pykour", "cli").record.program,
      "pykour");
  EXPECT_EQ(refusal_of([&] {
              accounts().create_token(alice.key, "two\nlines", TokenScope::read, "", "cli");
            }).field(),
            "name");
  EXPECT_EQ(
      refusal_of([&] { accounts().create_token(999, "x", TokenScope::read, "", "cli"); }).field(),
      "user");
  EXPECT_EQ(count("SELECT count(*) FROM api_tokens"), 1);
}

TEST_F(StoreAccountsTest, AddsChangesAndRemovesMembers) {
  Member added = accounts().set_member("pyspector", "ALICE@example.org", Role::viewer, "cli");
  EXPECT_EQ(added.program, "pyspector");
  EXPECT_EQ(added.user, alice.key);
  EXPECT_EQ(added.email, "alice@example.org");
  EXPECT_EQ(added.role, Role::viewer);
  Member changed = accounts().set_member("pyspector", "alice@example.org", Role::owner, "cli");
  EXPECT_EQ(changed.role, Role::owner);
  EXPECT_EQ(changed.added_at, added.added_at);
  accounts().set_member("pykour", "alice@example.org", Role::handler, "cli");
  accounts().set_member("pyspector", "bob@example.org", Role::handler, "cli");

  auto roles = accounts().roles_of(alice.key);
  EXPECT_EQ(roles,
            (std::map<std::string, Role>{{"pykour", Role::handler}, {"pyspector", Role::owner}}));
  auto members = accounts().list_members("pyspector");
  ASSERT_EQ(members.size(), 2u);
  EXPECT_EQ(members[0].email, "alice@example.org");
  EXPECT_EQ(members[0].role, Role::owner);
  EXPECT_EQ(members[1].email, "bob@example.org");

  EXPECT_TRUE(accounts().remove_member("pyspector", "bob@example.org", "cli"));
  EXPECT_FALSE(accounts().remove_member("pyspector", "bob@example.org", "cli"));
  EXPECT_FALSE(accounts().remove_member("pyspector", "nobody@example.org", "cli"));
  EXPECT_TRUE(accounts().roles_of(bob.key).empty());

  auto no_program =
      refusal_of([&] { accounts().set_member("nope", "alice@example.org", Role::viewer, "cli"); });
  EXPECT_EQ(no_program.kind(), Refusal::Kind::not_found);
  EXPECT_EQ(no_program.field(), "program");
  auto no_account = refusal_of(
      [&] { accounts().set_member("pyspector", "nobody@example.org", Role::viewer, "cli"); });
  EXPECT_EQ(no_account.kind(), Refusal::Kind::not_found);
  EXPECT_EQ(no_account.field(), "email");
  EXPECT_EQ(refusal_of([&] { accounts().list_members("nope"); }).field(), "program");
  EXPECT_EQ(refusal_of([&] { accounts().remove_member("nope", "bob@example.org", "cli"); }).field(),
            "program");

  EXPECT_EQ(events_named("member.added").size(), 3u);
  auto role_changes = events_named("member.changed");
  ASSERT_EQ(role_changes.size(), 1u);
  EXPECT_EQ(role_changes[0].program, "pyspector");
  EXPECT_NE(role_changes[0].details.find("\"previous_role\":\"viewer\""), std::string::npos);
  EXPECT_EQ(events_named("member.removed").size(), 1u);
}

TEST_F(StoreAccountsTest, AnInvitationIsAcceptedOnceByTheInvitedAccount) {
  accounts().add_user("carol@example.org", "$argon2id$carol", false, "cli");
  accounts().set_member("pyspector", "carol@example.org", Role::owner, "cli");
  auto invitation = accounts().create_invitation("pyspector", "Bob@Example.org", Role::handler,
                                                 hours(72), "carol@example.org");
  EXPECT_EQ(invitation.secret.size(), 43u);
  EXPECT_EQ(invitation.record.invited_by, "carol@example.org");
  auto found = accounts().find_invitation(invitation.secret);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->program, "pyspector");
  EXPECT_EQ(found->email, "Bob@Example.org");
  EXPECT_EQ(found->role, Role::handler);
  EXPECT_EQ(found->expires_at - found->created_at, hours(72));

  auto wrong = refusal_of([&] { accounts().accept_invitation(invitation.secret, alice.key); });
  EXPECT_EQ(wrong.field(), "email");
  EXPECT_TRUE(accounts().roles_of(alice.key).empty());

  Member member = accounts().accept_invitation(invitation.secret, bob.key);
  EXPECT_EQ(member.program, "pyspector");
  EXPECT_EQ(member.role, Role::handler);
  EXPECT_EQ(accounts().roles_of(bob.key).at("pyspector"), Role::handler);
  EXPECT_FALSE(accounts().find_invitation(invitation.secret));

  auto again = refusal_of([&] { accounts().accept_invitation(invitation.secret, bob.key); });
  EXPECT_EQ(again.kind(), Refusal::Kind::conflict);
  EXPECT_NE(std::string(again.what()).find("already been used"), std::string::npos);
  EXPECT_EQ(refusal_of([&] { accounts().accept_invitation("made-up", bob.key); }).kind(),
            Refusal::Kind::not_found);

  auto listed = accounts().list_invitations("pyspector");
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_TRUE(listed[0].accepted_at);
  EXPECT_EQ(events_named("invitation.accepted").size(), 1u);
}

// An invitation speaks for its sender: once they may no longer run the program, it is void.
TEST_F(StoreAccountsTest, AnInvitationFromAnOwnerWhoLostTheRoleIsRefused) {
  accounts().add_user("aaron@example.org", "$argon2id$aaron", false, "cli");
  accounts().set_member("pyspector", "alice@example.org", Role::owner, "cli");
  accounts().set_member("pyspector", "aaron@example.org", Role::owner, "cli");
  auto invitation = accounts().create_invitation("pyspector", "bob@example.org", Role::owner,
                                                 hours(1), "alice@example.org");
  accounts().set_member("pyspector", "alice@example.org", Role::viewer, "aaron@example.org");
  auto refused = refusal_of([&] { accounts().accept_invitation(invitation.secret, bob.key); });
  EXPECT_EQ(refused.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(refused.field(), "invitation");
  EXPECT_TRUE(accounts().roles_of(bob.key).empty());
}

TEST_F(StoreAccountsTest, AnExpiredInvitationIsRefused) {
  auto invitation =
      accounts().create_invitation("pykour", "bob@example.org", Role::viewer, hours(1), "cli");
  exec("UPDATE invitations SET expires_at = " + now_seconds() + " - 1");
  EXPECT_FALSE(accounts().find_invitation(invitation.secret));
  auto expired = refusal_of([&] { accounts().accept_invitation(invitation.secret, bob.key); });
  EXPECT_EQ(expired.kind(), Refusal::Kind::conflict);
  EXPECT_NE(std::string(expired.what()).find("expired"), std::string::npos);
  EXPECT_TRUE(accounts().roles_of(bob.key).empty());

  EXPECT_EQ(refusal_of([&] {
              accounts().create_invitation("nope", "bob@example.org", Role::viewer, hours(1),
                                           "cli");
            }).field(),
            "program");
  EXPECT_EQ(refusal_of([&] {
              accounts().create_invitation("pykour", "not-an-email", Role::viewer, hours(1), "cli");
            }).field(),
            "email");
  EXPECT_EQ(refusal_of([&] {
              accounts().create_invitation("pykour", "bob@example.org", Role::viewer, seconds(0),
                                           "cli");
            }).field(),
            "valid_for");
  EXPECT_EQ(count("SELECT count(*) FROM invitations"), 1);
}

TEST_F(StoreAccountsTest, EveryAccountChangeIsAuditedWithoutItsSecrets) {
  accounts().set_member("pyspector", "alice@example.org", Role::owner, "cli");
  auto session = sign_in(alice, true);
  auto full = accounts().complete_second_factor(session.record.key);
  auto token = accounts().create_token(alice.key, "bot", TokenScope::triage, "pyspector", "cli");
  auto invitation = accounts().create_invitation("pyspector", "bob@example.org", Role::viewer,
                                                 hours(1), "alice@example.org");
  accounts().accept_invitation(invitation.secret, bob.key);
  accounts().set_password(alice.key, "$argon2id$changed", full.record.key, "alice@example.org");

  std::vector<std::string> actions;
  for (const auto& e : all_events()) actions.push_back(e.action);
  for (const char* action :
       {"user.created", "member.added", "session.created", "session.second_factor", "token.created",
        "invitation.created", "invitation.accepted", "user.password"}) {
    EXPECT_NE(std::find(actions.begin(), actions.end(), action), actions.end()) << action;
  }
  std::string details = audit_details();
  for (const std::string& secret : {session.secret, full.secret, token.secret, invitation.secret}) {
    EXPECT_EQ(details.find(secret), std::string::npos);
    EXPECT_EQ(details.find(hash_secret(secret)), std::string::npos);
  }
  EXPECT_EQ(details.find("$argon2id$"), std::string::npos);
}

// Offboarding, in the store --------------------------------------------------------------------

class StoreOffboardingTest : public StoreAccountsTest {};

// Disabling ends every session and token at once, and enabling brings none of them back.
TEST_F(StoreOffboardingTest, DisablingRevokesEverythingAndEnablingRestoresNothing) {
  auto session = sign_in(alice);
  auto token = accounts().create_token(alice.key, "ci", TokenScope::read, "", "cli");
  accounts().disable_user(alice.key, "admin@example.org");
  EXPECT_TRUE(accounts().find_user(alice.key)->disabled_at);
  EXPECT_FALSE(accounts().find_session(session.secret, hours(1)));
  EXPECT_FALSE(accounts().find_token(token.secret));
  accounts().enable_user(alice.key, "admin@example.org");
  EXPECT_FALSE(accounts().find_user(alice.key)->disabled_at);
  EXPECT_FALSE(accounts().find_session(session.secret, hours(1)));
  EXPECT_FALSE(accounts().find_token(token.secret));
  auto disabled = events_named("user.disabled");
  ASSERT_EQ(disabled.size(), 1U);
  EXPECT_EQ(disabled[0].actor, "admin@example.org");
  EXPECT_NE(disabled[0].details.find("\"sessions_and_tokens_revoked\":2"), std::string::npos)
      << disabled[0].details;
  EXPECT_EQ(events_named("user.enabled").size(), 1U);
}

TEST_F(StoreOffboardingTest, SignOutEverywhereCountsWhatWasLive) {
  sign_in(alice);
  sign_in(alice);
  accounts().create_token(alice.key, "ci", TokenScope::read, "", "cli");
  EXPECT_EQ(accounts().sign_out_everywhere(alice.key, "alice@example.org"), 3);
  EXPECT_TRUE(accounts().list_sessions(alice.key).empty());
  EXPECT_EQ(accounts().sign_out_everywhere(alice.key, "alice@example.org"), 0);
  EXPECT_EQ(events_named("user.signed_out_everywhere").size(), 2U);
}

// The instance always keeps an enabled admin: the last one cannot be disabled, demoted or
// deleted; with a second admin, each can.
TEST_F(StoreOffboardingTest, TheLastAdminStays) {
  accounts().set_admin(alice.key, true, "cli");
  for (auto step : {std::function<void()>([&] { accounts().disable_user(alice.key, "cli"); }),
                    std::function<void()>([&] { accounts().set_admin(alice.key, false, "cli"); }),
                    std::function<void()>([&] { accounts().delete_user(alice.key, "cli"); })}) {
    Refusal r = refusal_of(step);
    EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
    EXPECT_NE(std::string(r.what()).find("only admin left"), std::string::npos);
  }
  accounts().set_admin(bob.key, true, "cli");
  accounts().set_admin(alice.key, false, "cli");
  EXPECT_FALSE(accounts().find_user(alice.key)->admin);
  auto admin_events = events_named("user.admin");
  ASSERT_EQ(admin_events.size(), 3U);
  EXPECT_NE(admin_events.back().details.find("\"admin\":false"), std::string::npos);
}

// Deleting keeps the history honest: the reports it handled lose it (audited on each report),
// its roles, sessions and tokens go, and its email stays in the audit log.
TEST_F(StoreOffboardingTest, DeletingUnassignsItsReportsAndKeepsTheAuditLog) {
  accounts().set_member("pyspector", "alice@example.org", Role::handler, "cli");
  accounts().set_member("pyspector", "bob@example.org", Role::handler, "cli");
  auto session = sign_in(alice);
  auto token = accounts().create_token(alice.key, "ci", TokenScope::read, "", "cli");
  std::string id =
      store_->create_report(test_submission("pyspector", "Handled by alice"), "reporter").report.id;
  TriageUpdate u;
  u.handler = "alice@example.org";
  u.backup_handler = "bob@example.org";
  store_->update_triage(id, u, "bob@example.org");

  accounts().delete_user(alice.key, "bob@example.org");
  EXPECT_FALSE(accounts().find_user("alice@example.org"));
  EXPECT_FALSE(accounts().find_session(session.secret, hours(1)));
  EXPECT_FALSE(accounts().find_token(token.secret));
  for (const auto& member : accounts().list_members("pyspector")) {
    EXPECT_NE(member.email, "alice@example.org");
  }
  Report report = *store_->find_report(id);
  EXPECT_EQ(report.triage.handler, "");
  EXPECT_EQ(report.triage.backup_handler, "bob@example.org");
  bool unassigned = false;
  for (const auto& e : events_named("report.triage")) {
    unassigned =
        unassigned || (e.report == id && e.details.find("\"account_deleted\":\"alice@"
                                                        "example.org\"") != std::string::npos);
  }
  EXPECT_TRUE(unassigned);
  auto deleted = events_named("user.deleted");
  ASSERT_EQ(deleted.size(), 1U);
  EXPECT_NE(deleted[0].details.find("alice@example.org"), std::string::npos);
  // The address is free again: the person may come back as a new account.
  EXPECT_NO_THROW(accounts().add_user("alice@example.org", "$argon2id$again", false, "cli"));
}

}  // namespace
}  // namespace embargo::store::testing
