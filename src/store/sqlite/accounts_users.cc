#include "core/email.h"
#include "core/error.h"
#include "store/sqlite/accounts_rows.h"
#include "store/sqlite/sqlite_accounts.h"

namespace embargo::store::sqlite {
namespace {

// An account with the sign-in count of its address.
constexpr std::string_view kUserColumns =
    "SELECT u.key, u.email, u.password_hash, u.admin, u.created_at, u.totp_secret <> '',"
    " a.failures, a.locked_until, a.last_attempt_at"
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
  return user;
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

User SqliteAccounts::add_user(const std::string& email, const std::string& password_hash,
                              bool admin, const std::string& actor) {
  if (!is_valid_email(email)) throw invalid("email", "'" + email + "' is not an email address");
  if (password_hash.empty()) throw invalid("password", "an account needs a password");
  User user;
  user.email = email;
  user.password_hash = password_hash;
  user.admin = admin;
  user.created_at = now();
  writer_.run([&](WriteContext& w) { user.key = insert_user(w.db, user, actor); });
  return user;
}

std::optional<User> SqliteAccounts::find_user(const std::string& email) {
  auto db = readers_.borrow();
  auto q = db->query(user_sql("WHERE u.email = ?1"));
  if (!q.bind(1, email).step()) return std::nullopt;
  return read_user(q, now());
}

std::optional<User> SqliteAccounts::find_user(std::int64_t key) {
  auto db = readers_.borrow();
  auto q = db->query(user_sql("WHERE u.key = ?1"));
  if (!q.bind(1, key).step()) return std::nullopt;
  return read_user(q, now());
}

std::vector<User> SqliteAccounts::list_users() {
  auto db = readers_.borrow();
  auto q = db->query(user_sql("ORDER BY u.email"));
  std::vector<User> users;
  Time at = now();
  while (q.step()) users.push_back(read_user(q, at));
  return users;
}

std::int64_t SqliteAccounts::count_users() {
  auto db = readers_.borrow();
  auto q = db->query("SELECT count(*) FROM users");
  q.step();
  return q.integer(0);
}

void SqliteAccounts::set_password(std::int64_t user, const std::string& password_hash,
                                  std::int64_t keep_session, const std::string& actor) {
  if (password_hash.empty()) throw invalid("password", "an account needs a password");
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    Time at = now();
    w.db.query("UPDATE users SET password_hash = ?2 WHERE key = ?1")
        .bind(1, user)
        .bind(2, password_hash)
        .run();
    clear_sign_in_count(w.db, email);
    auto revoked = w.db.query(
        "UPDATE sessions SET revoked_at = ?3"
        " WHERE user = ?1 AND key <> ?2 AND revoked_at IS NULL AND expires_at > ?3 RETURNING key");
    revoked.bind(1, user).bind(2, keep_session).bind(3, to_seconds(at));
    std::int64_t signed_out = 0;
    while (revoked.step()) ++signed_out;
    audit_account(w.db, at, actor, "user.password", "",
                  {{"email", email}, {"sessions_revoked", signed_out}});
  });
}

}  // namespace embargo::store::sqlite
