#include <boost/json/serialize.hpp>
#include <tuple>
#include <vector>

#include "core/email.h"
#include "core/error.h"
#include "store/sql/accounts_rows.h"
#include "store/sql/audit_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {
namespace {

// An account with the sign-in count of its address.
constexpr std::string_view kUserColumns =
    "SELECT u.key, u.email, u.password_hash, u.admin, u.created_at, u.totp_secret <> '',"
    " a.failures, a.locked_until, a.last_attempt_at, u.disabled_at"
    " FROM users u LEFT JOIN sign_in_attempts a ON a.email = u.email ";

std::string user_sql(std::string_view where) {
  return std::string(kUserColumns) + std::string(where);
}

User read_user(const Query& row, Time at) {
  User user;
  user.key = row.integer(0);
  user.email = row.text(1);
  user.password_hash = row.text(2);
  user.admin = row.integer(3) != 0;
  user.created_at = from_seconds(row.integer(4));
  user.two_factor = row.integer(5) != 0;
  SignInCount count = read_sign_in_count(row, 6, at);
  user.failed_sign_ins = count.failures;
  user.locked_until = count.locked_until;
  user.disabled_at = optional_time(row, 9);
  return user;
}

// Ends every live session and token of the user; how many there were.
int revoke_all(Connection& db, std::int64_t user, Time at) {
  int revoked = 0;
  for (const char* sql :
       {"UPDATE sessions SET revoked_at = ?2 WHERE account = ?1 AND revoked_at IS NULL"
        " AND expires_at > ?2 RETURNING key",
        "UPDATE api_tokens SET revoked_at = ?2 WHERE account = ?1 AND revoked_at IS NULL"
        " RETURNING key"}) {
    auto q = db.query(sql);
    q.bind(1, user).bind(2, to_seconds(at));
    while (q.step()) ++revoked;
  }
  return revoked;
}

// Refuses a change that would leave no enabled admin to run the instance.
void keep_an_admin(Connection& db, std::int64_t leaving) {
  auto q =
      db.query("SELECT count(*) FROM users WHERE admin = 1 AND disabled_at IS NULL AND key <> ?1");
  q.bind(1, leaving).step();
  auto self = db.query("SELECT admin = 1 AND disabled_at IS NULL FROM users WHERE key = ?1");
  self.bind(1, leaving).step();
  if (self.integer(0) != 0 && q.integer(0) == 0) {
    throw conflict("user", "this is the only admin left: make another account admin first");
  }
}

}  // namespace

std::int64_t insert_user(Connection& db, const User& user, const std::string& actor) {
  auto existing = db.query("SELECT 1 FROM users WHERE email = ?1");
  if (existing.bind(1, user.email).step()) {
    throw conflict("email", "an account for " + user.email + " already exists");
  }
  auto q = db.query(
      "INSERT INTO users (email, password_hash, admin, created_at) VALUES (?1, ?2, ?3, ?4)"
      " RETURNING key");
  q.bind(1, user.email)
      .bind(2, user.password_hash)
      .bind(3, user.admin)
      .bind(4, to_seconds(user.created_at));
  q.step();
  std::int64_t key = q.integer(0);
  q.run();
  audit_account(db, user.created_at, actor, "user.created", "",
                {{"email", user.email}, {"admin", user.admin}});
  return key;
}

User SqlAccounts::add_user(const std::string& email, const std::string& password_hash, bool admin,
                           const std::string& actor) {
  if (!is_valid_email(email)) throw invalid("email", "'" + email + "' is not an email address");
  if (password_hash.empty()) throw invalid("password", "an account needs a password");
  User user;
  user.email = email;
  user.password_hash = password_hash;
  user.admin = admin;
  user.created_at = time_.now();
  writer_.run([&](WriteContext& w) { user.key = insert_user(w.db, user, actor); });
  return user;
}

std::optional<User> SqlAccounts::find_user(const std::string& email) {
  auto db = readers_.borrow();
  auto q = db->query(user_sql("WHERE u.email = ?1"));
  if (!q.bind(1, email).step()) return std::nullopt;
  return read_user(q, time_.now());
}

std::optional<User> SqlAccounts::find_user(std::int64_t key) {
  auto db = readers_.borrow();
  auto q = db->query(user_sql("WHERE u.key = ?1"));
  if (!q.bind(1, key).step()) return std::nullopt;
  return read_user(q, time_.now());
}

std::vector<User> SqlAccounts::list_users() {
  auto db = readers_.borrow();
  auto q = db->query(user_sql("ORDER BY u.email"));
  std::vector<User> users;
  Time at = time_.now();
  while (q.step()) users.push_back(read_user(q, at));
  return users;
}

std::int64_t SqlAccounts::count_users() {
  auto db = readers_.borrow();
  auto q = db->query("SELECT count(*) FROM users");
  q.step();
  return q.integer(0);
}

void SqlAccounts::set_password(std::int64_t user, const std::string& password_hash,
                               std::int64_t keep_session, const std::string& actor) {
  if (password_hash.empty()) throw invalid("password", "an account needs a password");
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    Time at = time_.now();
    w.db.query("UPDATE users SET password_hash = ?2 WHERE key = ?1")
        .bind(1, user)
        .bind(2, password_hash)
        .run();
    clear_sign_in_count(w.db, email);
    auto revoked = w.db.query(
        "UPDATE sessions SET revoked_at = ?3"
        " WHERE account = ?1 AND key <> ?2 AND revoked_at IS NULL AND expires_at > ?3 RETURNING "
        "key");
    revoked.bind(1, user).bind(2, keep_session).bind(3, to_seconds(at));
    std::int64_t signed_out = 0;
    while (revoked.step()) ++signed_out;
    audit_account(w.db, at, actor, "user.password", "",
                  {{"email", email}, {"sessions_revoked", signed_out}});
  });
}

void SqlAccounts::disable_user(std::int64_t user, const std::string& actor) {
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    keep_an_admin(w.db, user);
    Time at = time_.now();
    w.db.query("UPDATE users SET disabled_at = ?2 WHERE key = ?1 AND disabled_at IS NULL")
        .bind(1, user)
        .bind(2, to_seconds(at))
        .run();
    int revoked = revoke_all(w.db, user, at);
    audit_account(w.db, at, actor, "user.disabled", "",
                  {{"email", email}, {"sessions_and_tokens_revoked", revoked}});
  });
}

void SqlAccounts::enable_user(std::int64_t user, const std::string& actor) {
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    w.db.query("UPDATE users SET disabled_at = NULL WHERE key = ?1").bind(1, user).run();
    audit_account(w.db, time_.now(), actor, "user.enabled", "", {{"email", email}});
  });
}

void SqlAccounts::set_admin(std::int64_t user, bool admin, const std::string& actor) {
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    if (!admin) keep_an_admin(w.db, user);
    w.db.query("UPDATE users SET admin = ?2 WHERE key = ?1").bind(1, user).bind(2, admin).run();
    audit_account(w.db, time_.now(), actor, "user.admin", "", {{"email", email}, {"admin", admin}});
  });
}

int SqlAccounts::sign_out_everywhere(std::int64_t user, const std::string& actor) {
  int revoked = 0;
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    Time at = time_.now();
    revoked = revoke_all(w.db, user, at);
    audit_account(w.db, at, actor, "user.signed_out_everywhere", "",
                  {{"email", email}, {"sessions_and_tokens_revoked", revoked}});
  });
  return revoked;
}

void SqlAccounts::delete_user(std::int64_t user, const std::string& actor) {
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    keep_an_admin(w.db, user);
    Time at = time_.now();
    // The reports it handled: each loses it, with the event their history shows.
    auto handled = w.db.query(
        "SELECT r.public_id, p.slug, r.handler = ?1, CASE WHEN r.backup_handler = ?1 THEN 1 ELSE 0 "
        "END"
        " FROM reports r JOIN programs p ON p.key = r.program"
        " WHERE r.handler = ?1 OR r.backup_handler = ?1");
    handled.bind(1, user);
    std::vector<std::tuple<std::string, std::string, bool, bool>> reports;
    while (handled.step()) {
      reports.emplace_back(handled.text(0), handled.text(1), handled.integer(2) != 0,
                           handled.integer(3) != 0);
    }
    for (const auto& [id, program, handler, backup] : reports) {
      boost::json::object changed;
      if (handler) changed["handler"] = nullptr;
      if (backup) changed["backup_handler"] = nullptr;
      boost::json::object details{{"changed", changed}, {"account_deleted", email}};
      append_audit(w.db,
                   {0, at, actor, "report.triage", program, id, boost::json::serialize(details)});
    }
    w.db.query("UPDATE reports SET handler = NULL WHERE handler = ?1").bind(1, user).run();
    w.db.query("UPDATE reports SET backup_handler = NULL WHERE backup_handler = ?1")
        .bind(1, user)
        .run();
    w.db.query("UPDATE invitations SET accepted_by = NULL WHERE accepted_by = ?1")
        .bind(1, user)
        .run();
    for (const char* sql :
         {"DELETE FROM memberships WHERE account = ?1", "DELETE FROM sessions WHERE account = ?1",
          "DELETE FROM api_tokens WHERE account = ?1",
          "DELETE FROM recovery_codes WHERE account = ?1",
          "DELETE FROM notification_modes WHERE account = ?1",
          "DELETE FROM users WHERE key = ?1"}) {
      w.db.query(sql).bind(1, user).run();
    }
    clear_sign_in_count(w.db, email);
    audit_account(w.db, at, actor, "user.deleted", "", {{"email", email}});
  });
}

}  // namespace embargo::store::sql
