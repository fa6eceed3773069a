#include <boost/json.hpp>

#include "core/error.h"
#include "core/secret.h"
#include "core/utf8.h"
#include "store/sql/accounts_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {

namespace {

constexpr std::size_t kUserAgentCharacters = 200;

constexpr std::string_view kSessionColumns =
    "SELECT key, account, second_factor_pending, created_at, last_seen_at, expires_at, client,"
    " user_agent FROM sessions ";

std::string session_sql(std::string_view where) {
  return std::string(kSessionColumns) + std::string(where);
}

Session read_session(const Query& row) {
  return {row.integer(0),
          row.integer(1),
          row.integer(2) != 0,
          from_seconds(row.integer(3)),
          from_seconds(row.integer(4)),
          from_seconds(row.integer(5)),
          row.text(6),
          row.text(7)};
}

// The first `limit` characters of what a browser sent, ending before any byte that is not UTF-8.
std::string first_characters(std::string_view text, std::size_t limit) {
  std::size_t pos = 0;
  for (std::size_t count = 0; count < limit && pos < text.size(); ++count) {
    if (!decode_utf8(text, pos)) break;
  }
  return std::string(text.substr(0, pos));
}

}  // namespace

WithSecret<Session> SqlAccounts::create_session(const NewSession& fresh) {
  if (fresh.lifetime <= std::chrono::seconds::zero()) {
    throw invalid("lifetime", "a session needs a lifetime longer than zero");
  }
  WithSecret<Session> created;
  created.secret = new_secret();
  Session& session = created.record;
  session.user = fresh.user;
  session.second_factor_pending = fresh.second_factor_pending;
  session.created_at = time_.now();
  session.last_seen_at = session.created_at;
  session.expires_at = session.created_at + fresh.lifetime;
  session.client = fresh.client;
  session.user_agent = first_characters(fresh.user_agent, kUserAgentCharacters);
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, fresh.user);
    auto q = w.db.query(
        "INSERT INTO sessions (secret_hash, account, second_factor_pending, created_at,"
        " last_seen_at, expires_at, client, user_agent) VALUES (?1, ?2, ?3, ?4, ?4, ?5, ?6, ?7)"
        " RETURNING key");
    q.bind(1, hash_secret(created.secret))
        .bind(2, session.user)
        .bind(3, session.second_factor_pending)
        .bind(4, to_seconds(session.created_at))
        .bind(5, to_seconds(session.expires_at))
        .bind(6, session.client)
        .bind(7, session.user_agent);
    q.step();
    session.key = q.integer(0);
    q.run();
    audit_account(w.db, session.created_at, email, "session.created", "",
                  {{"email", email},
                   {"session", session.key},
                   {"second_factor_pending", session.second_factor_pending},
                   {"client", session.client}});
  });
  return created;
}

std::optional<Session> SqlAccounts::find_session(const std::string& secret,
                                                 std::chrono::seconds idle) {
  std::int64_t at = to_seconds(time_.now());
  std::optional<Session> found;
  {
    auto db = readers_.borrow();
    auto q =
        db->query(session_sql("WHERE secret_hash = ?1 AND revoked_at IS NULL AND expires_at > ?2"
                              " AND ?2 - last_seen_at <= ?3"));
    q.bind(1, hash_secret(secret)).bind(2, at).bind(3, static_cast<std::int64_t>(idle.count()));
    if (!q.step()) return std::nullopt;
    found = read_session(q);
  }
  if (at - to_seconds(found->last_seen_at) < kLastUseGranularitySeconds) return found;
  bool live = false;
  writer_.run([&](WriteContext& w) {
    // Revoked or given a new secret since it was read: the refresh finds no row, and the
    // session is not returned.
    auto q = w.db.query(
        "UPDATE sessions SET last_seen_at = CASE WHEN last_seen_at > ?2 THEN last_seen_at ELSE ?2 "
        "END"
        " WHERE key = ?1 AND secret_hash = ?3 AND revoked_at IS NULL RETURNING key");
    live = q.bind(1, found->key).bind(2, at).bind(3, hash_secret(secret)).step();
    q.run();
  });
  if (!live) return std::nullopt;
  found->last_seen_at = from_seconds(at);
  return found;
}

WithSecret<Session> SqlAccounts::complete_second_factor(std::int64_t session) {
  WithSecret<Session> completed;
  completed.secret = new_secret();
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    auto q = w.db.query(session_sql("WHERE key = ?1 AND revoked_at IS NULL AND expires_at > ?2"));
    if (!q.bind(1, session).bind(2, to_seconds(at)).step()) {
      throw not_found("session", "the session has ended: sign in again");
    }
    completed.record = read_session(q);
    if (!completed.record.second_factor_pending) {
      throw conflict("session", "the session has already passed its second factor");
    }
    w.db.query(
            "UPDATE sessions SET secret_hash = ?2, second_factor_pending = 0, last_seen_at = ?3"
            " WHERE key = ?1")
        .bind(1, session)
        .bind(2, hash_secret(completed.secret))
        .bind(3, to_seconds(at))
        .run();
    completed.record.second_factor_pending = false;
    completed.record.last_seen_at = at;
    std::string email = account_email(w.db, completed.record.user);
    audit_account(w.db, at, email, "session.second_factor", "",
                  {{"email", email}, {"session", session}});
  });
  return completed;
}

std::vector<Session> SqlAccounts::list_sessions(std::int64_t user) {
  auto db = readers_.borrow();
  auto q = db->query(session_sql(
      "WHERE account = ?1 AND revoked_at IS NULL AND expires_at > ?2 ORDER BY key DESC"));
  q.bind(1, user).bind(2, to_seconds(time_.now()));
  std::vector<Session> sessions;
  while (q.step()) sessions.push_back(read_session(q));
  return sessions;
}

bool SqlAccounts::revoke_session(std::int64_t user, std::int64_t session) {
  bool revoked = false;
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    auto q = w.db.query(
        "UPDATE sessions SET revoked_at = ?3"
        " WHERE key = ?2 AND account = ?1 AND revoked_at IS NULL AND expires_at > ?3 RETURNING "
        "key");
    revoked = q.bind(1, user).bind(2, session).bind(3, to_seconds(at)).step();
    q.run();
    if (!revoked) return;
    std::string email = account_email(w.db, user);
    audit_account(w.db, at, email, "session.revoked", "", {{"email", email}, {"session", session}});
  });
  return revoked;
}

}  // namespace embargo::store::sql
