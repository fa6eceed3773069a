#include <boost/json.hpp>

#include "core/email.h"
#include "core/error.h"
#include "core/secret.h"
#include "store/sqlite/accounts_rows.h"
#include "store/sqlite/sqlite_accounts.h"

namespace embargo::store::sqlite {

namespace {

constexpr std::string_view kInvitationColumns =
    "SELECT i.key, p.slug, i.email, i.role, i.invited_by, i.created_at, i.expires_at,"
    " i.accepted_at, i.program FROM invitations i JOIN programs p ON p.key = i.program ";

std::string invitation_sql(std::string_view where) {
  return std::string(kInvitationColumns) + std::string(where);
}

Invitation read_invitation(const Query& row) {
  return {row.integer(0),
          row.text(1),
          row.text(2),
          stored_role(row.text(3)),
          row.text(4),
          from_seconds(row.integer(5)),
          from_seconds(row.integer(6)),
          optional_time(row, 7)};
}

// The same mailbox, compared as the users and invitations tables do (NOCASE: ASCII letters).
bool same_email(std::string_view a, std::string_view b) {
  auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

}  // namespace

WithSecret<Invitation> SqliteAccounts::create_invitation(const std::string& program,
                                                         const std::string& email, Role role,
                                                         std::chrono::seconds valid_for,
                                                         const std::string& actor) {
  if (!is_valid_email(email)) throw invalid("email", "'" + email + "' is not an email address");
  if (valid_for <= std::chrono::seconds::zero()) {
    throw invalid("valid_for", "an invitation must be valid for longer than zero");
  }
  WithSecret<Invitation> created;
  created.secret = new_secret();
  Invitation& invitation = created.record;
  invitation.program = program;
  invitation.email = email;
  invitation.role = role;
  invitation.invited_by = actor;
  invitation.created_at = now();
  invitation.expires_at = invitation.created_at + valid_for;
  writer_.run([&](WriteContext& w) {
    std::int64_t program_row = program_key(w.db, program);
    auto q = w.db.query(
        "INSERT INTO invitations (secret_hash, program, email, role, invited_by, created_at,"
        " expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING key");
    q.bind(1, hash_secret(created.secret))
        .bind(2, program_row)
        .bind(3, email)
        .bind(4, to_string(role))
        .bind(5, actor)
        .bind(6, to_seconds(invitation.created_at))
        .bind(7, to_seconds(invitation.expires_at));
    q.step();
    invitation.key = q.integer(0);
    q.run();
    audit_account(w.db, invitation.created_at, actor, "invitation.created", program,
                  {{"invitation", invitation.key},
                   {"email", email},
                   {"role", to_string(role)},
                   {"expires_at", format_time(invitation.expires_at)}});
  });
  return created;
}

std::optional<Invitation> SqliteAccounts::find_invitation(const std::string& secret) {
  auto db = readers_.borrow();
  auto q = db->query(
      invitation_sql("WHERE i.secret_hash = ?1 AND i.accepted_at IS NULL AND i.expires_at > ?2"));
  if (!q.bind(1, hash_secret(secret)).bind(2, to_seconds(now())).step()) return std::nullopt;
  return read_invitation(q);
}

Member SqliteAccounts::accept_invitation(const std::string& secret, std::int64_t user) {
  Member member;
  writer_.run([&](WriteContext& w) {
    Time at = now();
    auto q = w.db.query(invitation_sql("WHERE i.secret_hash = ?1"));
    if (!q.bind(1, hash_secret(secret)).step()) {
      throw not_found("invitation", "there is no such invitation: check the link");
    }
    Invitation invitation = read_invitation(q);
    std::int64_t program_row = q.integer(8);
    q.run();
    if (invitation.accepted_at) {
      throw conflict("invitation", "this invitation has already been used");
    }
    if (invitation.expires_at <= at) {
      throw conflict("invitation", "this invitation expired at " +
                                       format_time(invitation.expires_at) + ": ask for a new one");
    }
    std::string email = account_email(w.db, user);
    if (!same_email(email, invitation.email)) {
      throw invalid(
          "email", "this invitation is for " + invitation.email + ", not for the account " + email);
    }
    w.db.query("UPDATE invitations SET accepted_at = ?2, accepted_by = ?3 WHERE key = ?1")
        .bind(1, invitation.key)
        .bind(2, to_seconds(at))
        .bind(3, user)
        .run();
    Membership put = put_member(w.db, program_row, invitation.program, user, invitation.role, at);
    boost::json::object details{
        {"invitation", invitation.key}, {"email", email}, {"role", to_string(invitation.role)}};
    if (put.previous_role) details["previous_role"] = to_string(*put.previous_role);
    audit_account(w.db, at, email, "invitation.accepted", invitation.program, details);
    member = put.member;
  });
  return member;
}

std::vector<Invitation> SqliteAccounts::list_invitations(const std::string& program) {
  auto db = readers_.borrow();
  ReadTransaction snapshot(*db);
  std::int64_t program_row = program_key(*db, program);
  auto q = db->query(invitation_sql("WHERE i.program = ?1 ORDER BY i.key DESC"));
  q.bind(1, program_row);
  std::vector<Invitation> invitations;
  while (q.step()) invitations.push_back(read_invitation(q));
  return invitations;
}

}  // namespace embargo::store::sqlite
