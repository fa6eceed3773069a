#include <boost/json.hpp>
#include <set>

#include "core/error.h"
#include "store/sql/accounts_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {

namespace {

// Each recovery code is a distinct secret; an empty or repeated hash is a caller's mistake.
void check_recovery_codes(const std::vector<std::string>& hashes) {
  std::set<std::string> seen;
  for (const auto& hash : hashes) {
    if (hash.empty() || !seen.insert(hash).second) {
      throw invalid("recovery_codes", "recovery codes must be distinct and not empty");
    }
  }
}

}  // namespace

TwoFactorState SqlAccounts::two_factor(std::int64_t user) {
  auto db = readers_.borrow();
  auto q = db->query("SELECT totp_secret, totp_pending, totp_last_step FROM users WHERE key = ?1");
  if (!q.bind(1, user).step()) {
    throw not_found("user", "there is no account " + std::to_string(user));
  }
  return {q.text(0), q.text(1), q.integer(2)};
}

void SqlAccounts::begin_two_factor(std::int64_t user, const std::string& pending_sealed_secret) {
  if (pending_sealed_secret.empty()) {
    throw invalid("two_factor", "a two-factor enrolment needs a secret");
  }
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    w.db.query("UPDATE users SET totp_pending = ?2 WHERE key = ?1")
        .bind(1, user)
        .bind(2, pending_sealed_secret)
        .run();
    audit_account(w.db, time_.now(), email, "user.two_factor_started", "", {{"email", email}});
  });
}

void SqlAccounts::enable_two_factor(std::int64_t user, std::int64_t step,
                                    const std::vector<std::string>& recovery_code_hashes,
                                    const std::string& actor) {
  check_recovery_codes(recovery_code_hashes);
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    auto q = w.db.query(
        "UPDATE users SET totp_secret = totp_pending, totp_pending = '', totp_last_step = ?2"
        " WHERE key = ?1 AND totp_pending <> '' RETURNING key");
    if (!q.bind(1, user).bind(2, step).step()) {
      throw conflict("two_factor", "no two-factor enrolment of " + email + " is waiting");
    }
    q.run();
    w.db.query("DELETE FROM recovery_codes WHERE account = ?1").bind(1, user).run();
    for (const auto& hash : recovery_code_hashes) {
      w.db.query("INSERT INTO recovery_codes (account, code_hash) VALUES (?1, ?2)")
          .bind(1, user)
          .bind(2, hash)
          .run();
    }
    audit_account(w.db, time_.now(), actor, "user.two_factor_enabled", "",
                  {{"email", email},
                   {"recovery_codes", static_cast<std::int64_t>(recovery_code_hashes.size())}});
  });
}

void SqlAccounts::disable_two_factor(std::int64_t user, const std::string& actor) {
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    w.db.query(
            "UPDATE users SET totp_secret = '', totp_pending = '', totp_last_step = 0"
            " WHERE key = ?1")
        .bind(1, user)
        .run();
    w.db.query("DELETE FROM recovery_codes WHERE account = ?1").bind(1, user).run();
    audit_account(w.db, time_.now(), actor, "user.two_factor_disabled", "", {{"email", email}});
  });
}

bool SqlAccounts::use_totp_step(std::int64_t user, std::int64_t step) {
  bool accepted = false;
  writer_.run([&](WriteContext& w) {
    // One statement compares and moves the step, so two requests with the same code cannot
    // both see it as new.
    auto q = w.db.query(
        "UPDATE users SET totp_last_step = ?2 WHERE key = ?1 AND totp_last_step < ?2"
        " RETURNING key");
    accepted = q.bind(1, user).bind(2, step).step();
    q.run();
  });
  return accepted;
}

bool SqlAccounts::use_recovery_code(std::int64_t user, const std::string& code_hash) {
  bool used = false;
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    auto q = w.db.query(
        "UPDATE recovery_codes SET used_at = ?3"
        " WHERE account = ?1 AND code_hash = ?2 AND used_at IS NULL RETURNING account");
    used = q.bind(1, user).bind(2, code_hash).bind(3, to_seconds(at)).step();
    q.run();
    if (!used) return;
    std::string email = account_email(w.db, user);
    auto left =
        w.db.query("SELECT count(*) FROM recovery_codes WHERE account = ?1 AND used_at IS NULL");
    left.bind(1, user).step();
    audit_account(w.db, at, email, "user.recovery_code_used", "",
                  {{"email", email}, {"recovery_codes_left", left.integer(0)}});
  });
  return used;
}

int SqlAccounts::unused_recovery_codes(std::int64_t user) {
  auto db = readers_.borrow();
  auto q = db->query("SELECT count(*) FROM recovery_codes WHERE account = ?1 AND used_at IS NULL");
  q.bind(1, user).step();
  return static_cast<int>(q.integer(0));
}

bool SqlAccounts::two_factor_required() {
  auto db = readers_.borrow();
  auto q = db->query("SELECT value FROM settings WHERE name = 'two_factor_required'");
  return q.step() && q.text(0) == "true";
}

void SqlAccounts::set_two_factor_required(bool required, const std::string& actor) {
  writer_.run([&](WriteContext& w) {
    w.db.query(
            "INSERT INTO settings (name, value) VALUES ('two_factor_required', ?1)"
            " ON CONFLICT (name) DO UPDATE SET value = excluded.value")
        .bind(1, required ? "true" : "false")
        .run();
    audit_account(w.db, time_.now(), actor, "settings.two_factor_required", "",
                  {{"required", required}});
  });
}

}  // namespace embargo::store::sql
