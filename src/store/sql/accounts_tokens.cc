#include <boost/json.hpp>

#include "core/error.h"
#include "core/secret.h"
#include "core/utf8.h"
#include "store/sql/accounts_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {

namespace {

constexpr std::size_t kNameBytes = 100;

constexpr std::string_view kTokenColumns =
    "SELECT t.key, t.account, t.name, t.scope, coalesce(p.slug, ''), t.created_at, t.last_used_at,"
    " t.revoked_at FROM api_tokens t LEFT JOIN programs p ON p.key = t.program ";

std::string token_sql(std::string_view where) {
  return std::string(kTokenColumns) + std::string(where);
}

ApiToken read_token(const Query& row) {
  return {row.integer(0),        row.integer(1),
          row.text(2),           stored_scope(row.text(3)),
          row.text(4),           from_seconds(row.integer(5)),
          optional_time(row, 6), optional_time(row, 7)};
}

// A token's name is shown in lists: one line of readable text.
void check_name(const std::string& name) {
  bool readable = name.size() <= kNameBytes && !invalid_utf8_at(name);
  for (unsigned char c : name) readable = readable && c >= 0x20 && c != 0x7f;
  if (!readable) {
    throw invalid("name", "a token's name is one line of at most 100 bytes of UTF-8 text");
  }
}

}  // namespace

WithSecret<ApiToken> SqlAccounts::create_token(std::int64_t user, const std::string& name,
                                               TokenScope scope, const std::string& program,
                                               const std::string& actor) {
  check_name(name);
  WithSecret<ApiToken> created;
  created.secret = new_secret();
  ApiToken& token = created.record;
  token.user = user;
  token.name = name;
  token.scope = scope;
  token.program = program;
  token.created_at = time_.now();
  writer_.run([&](WriteContext& w) {
    std::string email = account_email(w.db, user);
    std::int64_t program_row = 0;
    if (!program.empty()) {
      program_row = program_key(w.db, program);
      auto access = w.db.query(
          "SELECT u.admin = 1 OR EXISTS (SELECT 1 FROM memberships m"
          " WHERE m.account = u.key AND m.program = ?2) FROM users u WHERE u.key = ?1");
      access.bind(1, user).bind(2, program_row).step();
      if (access.integer(0) == 0) {
        throw Refusal(Refusal::Kind::forbidden, "program",
                      email + " has no role in program " + program +
                          ": a token bound to it could do nothing");
      }
    }
    auto q = w.db.query(
        "INSERT INTO api_tokens (secret_hash, account, name, scope, program, created_at)"
        " VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6) RETURNING key");
    q.bind(1, hash_secret(created.secret))
        .bind(2, user)
        .bind(3, name)
        .bind(4, to_string(scope))
        .bind(5, program_row)
        .bind(6, to_seconds(token.created_at));
    q.step();
    token.key = q.integer(0);
    q.run();
    audit_account(
        w.db, token.created_at, actor, "token.created", program,
        {{"email", email}, {"token", token.key}, {"name", name}, {"scope", to_string(scope)}});
  });
  return created;
}

std::optional<ApiToken> SqlAccounts::find_token(const std::string& secret) {
  std::int64_t at = to_seconds(time_.now());
  std::optional<ApiToken> found;
  {
    auto db = readers_.borrow();
    auto q = db->query(token_sql("WHERE t.secret_hash = ?1 AND t.revoked_at IS NULL"));
    if (!q.bind(1, hash_secret(secret)).step()) return std::nullopt;
    found = read_token(q);
  }
  if (found->last_used_at && at - to_seconds(*found->last_used_at) < kLastUseGranularitySeconds) {
    return found;
  }
  bool live = false;
  writer_.run([&](WriteContext& w) {
    // Revoked since it was read: no row is updated, and the token is not returned.
    auto q = w.db.query(
        "UPDATE api_tokens SET last_used_at = ?2 WHERE key = ?1 AND revoked_at IS NULL"
        " RETURNING key");
    live = q.bind(1, found->key).bind(2, at).step();
    q.run();
  });
  if (!live) return std::nullopt;
  found->last_used_at = from_seconds(at);
  return found;
}

std::vector<ApiToken> SqlAccounts::list_tokens(std::int64_t user) {
  auto db = readers_.borrow();
  auto q = db->query(token_sql("WHERE t.account = ?1 ORDER BY t.key"));
  q.bind(1, user);
  std::vector<ApiToken> tokens;
  while (q.step()) tokens.push_back(read_token(q));
  return tokens;
}

bool SqlAccounts::revoke_token(std::int64_t user, std::int64_t token, const std::string& actor) {
  bool revoked = false;
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    auto q = w.db.query(
        "UPDATE api_tokens SET revoked_at = ?3 WHERE key = ?2 AND account = ?1 AND revoked_at IS "
        "NULL"
        " RETURNING (SELECT slug FROM programs WHERE programs.key = api_tokens.program)");
    revoked = q.bind(1, user).bind(2, token).bind(3, to_seconds(at)).step();
    std::string program = revoked ? q.text(0) : std::string();
    q.run();
    if (!revoked) return;
    std::string email = account_email(w.db, user);
    audit_account(w.db, at, actor, "token.revoked", program, {{"email", email}, {"token", token}});
  });
  return revoked;
}

}  // namespace embargo::store::sql
