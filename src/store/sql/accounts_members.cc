#include <boost/json.hpp>

#include "core/error.h"
#include "core/ownership.h"
#include "store/sql/accounts_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {
namespace json = boost::json;

namespace {

// How many owners the program has besides `user`.
std::int64_t other_owners(Connection& db, std::int64_t program, std::int64_t user) {
  auto q = db.query(
      "SELECT count(*) FROM memberships WHERE program = ?1 AND account <> ?2 AND role = 'owner'");
  q.bind(1, program).bind(2, user).step();
  return q.integer(0);
}

}  // namespace

Membership put_member(Connection& db, std::int64_t program, const std::string& slug,
                      std::int64_t user, Role role, Time at) {
  Membership result;
  {
    auto current = db.query("SELECT role FROM memberships WHERE program = ?1 AND account = ?2");
    if (current.bind(1, program).bind(2, user).step()) {
      result.previous_role = stored_role(current.text(0));
    }
  }
  if (result.previous_role) {
    check_owner_kept(account_email(db, user), *result.previous_role, role,
                     other_owners(db, program, user));
  }
  auto q = db.query(
      "INSERT INTO memberships (program, account, role, added_at) VALUES (?1, ?2, ?3, ?4)"
      " ON CONFLICT (program, account) DO UPDATE SET role = excluded.role"
      " RETURNING added_at, (SELECT email FROM users WHERE users.key = memberships.account)");
  q.bind(1, program).bind(2, user).bind(3, to_string(role)).bind(4, to_seconds(at));
  q.step();
  result.member = {slug, user, q.text(1), role, from_seconds(q.integer(0))};
  q.run();
  return result;
}

Member SqlAccounts::set_member(const std::string& program, const std::string& email, Role role,
                               const std::string& actor) {
  Member member;
  writer_.run([&](WriteContext& w) {
    std::int64_t program_row = program_key(w.db, program);
    auto user = w.db.query("SELECT key FROM users WHERE email = ?1");
    if (!user.bind(1, email).step()) {
      throw not_found("email", "there is no account for " + email);
    }
    Time at = time_.now();
    Membership put = put_member(w.db, program_row, program, user.integer(0), role, at);
    json::object details{{"email", put.member.email}, {"role", to_string(role)}};
    if (put.previous_role) details["previous_role"] = to_string(*put.previous_role);
    audit_account(w.db, at, actor, put.previous_role ? "member.changed" : "member.added", program,
                  details);
    member = put.member;
  });
  return member;
}

bool SqlAccounts::remove_member(const std::string& program, const std::string& email,
                                const std::string& actor) {
  bool removed = false;
  writer_.run([&](WriteContext& w) {
    std::int64_t program_row = program_key(w.db, program);
    auto member = w.db.query(
        "SELECT m.account, m.role FROM memberships m JOIN users u ON u.key = m.account"
        " WHERE m.program = ?1 AND u.email = ?2");
    if (!member.bind(1, program_row).bind(2, email).step()) return;
    std::int64_t user = member.integer(0);
    std::string role = member.text(1);
    member.run();
    check_owner_kept(email, stored_role(role), std::nullopt, other_owners(w.db, program_row, user));
    w.db.query("DELETE FROM memberships WHERE program = ?1 AND account = ?2")
        .bind(1, program_row)
        .bind(2, user)
        .run();
    removed = true;
    audit_account(w.db, time_.now(), actor, "member.removed", program,
                  {{"email", email}, {"role", role}});
  });
  return removed;
}

std::vector<Member> SqlAccounts::list_members(const std::string& program) {
  auto db = readers_.borrow();
  ReadTransaction snapshot(*db);
  std::int64_t program_row = program_key(*db, program);
  auto q = db->query(
      "SELECT m.account, u.email, m.role, m.added_at, coalesce(n.mode, 'immediately')"
      " FROM memberships m JOIN users u ON u.key = m.account"
      " LEFT JOIN notification_modes n ON n.account = m.account WHERE m.program = ?1 ORDER BY "
      "u.email");
  q.bind(1, program_row);
  std::vector<Member> members;
  while (q.step()) {
    members.push_back({program, q.integer(0), q.text(1), stored_role(q.text(2)),
                       from_seconds(q.integer(3)),
                       parse_notify_mode(q.text(4)).value_or(NotifyMode::immediately)});
  }
  return members;
}

std::map<std::string, Role> SqlAccounts::roles_of(std::int64_t user) {
  auto db = readers_.borrow();
  auto q = db->query(
      "SELECT p.slug, m.role FROM memberships m JOIN programs p ON p.key = m.program"
      " WHERE m.account = ?1");
  q.bind(1, user);
  std::map<std::string, Role> roles;
  while (q.step()) roles.emplace(q.text(0), stored_role(q.text(1)));
  return roles;
}

}  // namespace embargo::store::sql
