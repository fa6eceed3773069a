#include <boost/json.hpp>

#include "store/sql/accounts_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

bool forgotten(Time last_attempt, std::optional<Time> locked_until, Time at) {
  bool lock_running = locked_until && *locked_until > at;
  return !lock_running && last_attempt + AccountStore::sign_in_memory <= at;
}

// Deletes every count forgotten at `at`, for known and unknown addresses alike (by the index on
// last_attempt_at, so a reservation does not scan the table).
void prune_forgotten(Connection& db, Time at) {
  Time cutoff = at - AccountStore::sign_in_memory;
  db.query(
        "DELETE FROM sign_in_attempts WHERE last_attempt_at <= ?1"
        " AND coalesce(locked_until, 0) <= ?2")
      .bind(1, to_seconds(cutoff))
      .bind(2, to_seconds(at))
      .run();
}

SignInCount current_count(Connection& db, const std::string& email, Time at) {
  auto q = db.query(
      "SELECT failures, locked_until, last_attempt_at FROM sign_in_attempts WHERE email = ?1");
  if (!q.bind(1, email).step()) return {};
  return read_sign_in_count(q, 0, at);
}

}  // namespace

SignInCount read_sign_in_count(const Query& row, int first_column, Time at) {
  if (row.is_null(first_column)) return {};
  auto locked_until = optional_time(row, first_column + 1);
  if (forgotten(from_seconds(row.integer(first_column + 2)), locked_until, at)) return {};
  return {static_cast<int>(row.integer(first_column)), locked_until};
}

void clear_sign_in_count(Connection& db, const std::string& email) {
  db.query("DELETE FROM sign_in_attempts WHERE email = ?1").bind(1, email).run();
}

SignInReservation SqlAccounts::reserve_sign_in(const std::string& email, const LockRule& lock_for) {
  SignInReservation reservation;
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    prune_forgotten(w.db, at);
    SignInCount count = current_count(w.db, email, at);
    if (count.locked_until && *count.locked_until > at) {
      reservation = {false, count.failures, count.locked_until};
      return;
    }
    int failures = count.failures + 1;
    std::optional<Time> until = lock_for(failures);
    auto counted = w.db.query(
        "INSERT INTO sign_in_attempts (email, failures, locked_until, last_attempt_at)"
        " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (email) DO UPDATE SET"
        " failures = excluded.failures, locked_until = excluded.locked_until,"
        " last_attempt_at = excluded.last_attempt_at");
    counted.bind(1, email).bind(2, failures).bind(4, to_seconds(at));
    if (until) counted.bind(3, to_seconds(*until));  // left unbound: NULL, no lock
    counted.run();
    reservation = {true, failures, until};
    // Only an account's attempts are audited: unknown addresses leave no lasting trace.
    auto account = w.db.query("SELECT email FROM users WHERE email = ?1");
    if (!account.bind(1, email).step()) return;
    json::object details{{"email", account.text(0)}, {"failed_sign_ins", failures}};
    if (until) details["locked_until"] = format_time(*until);
    audit_account(w.db, at, "anonymous", "user.sign_in_attempted", "", details);
  });
  return reservation;
}

void SqlAccounts::record_sign_in(std::int64_t user) {
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    clear_sign_in_count(w.db, email);
    audit_account(w.db, time_.now(), email, "user.signed_in", "", {{"email", email}});
  });
}

}  // namespace embargo::store::sql
