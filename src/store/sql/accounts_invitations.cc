#include <boost/json.hpp>

#include "core/email.h"
#include "core/error.h"
#include "core/secret.h"
#include "store/sql/accounts_rows.h"
#include "store/sql/outbox_rows.h"
#include "store/sql/sql_accounts.h"

namespace embargo::store::sql {

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

// An invitation that may still be accepted, with its program's row key.
struct OpenInvitation {
  Invitation invitation;
  std::int64_t program_row = 0;
};

// The invitation of this secret if it is open at `at`: Refusal not_found for an unknown secret,
// conflict when it is used or expired.
OpenInvitation open_invitation(Connection& db, const std::string& secret, Time at) {
  auto q = db.query(invitation_sql("WHERE i.secret_hash = ?1"));
  if (!q.bind(1, hash_secret(secret)).step()) {
    throw not_found("invitation", "there is no such invitation: check the link");
  }
  OpenInvitation open{read_invitation(q), q.integer(8)};
  q.run();
  if (open.invitation.accepted_at) {
    throw conflict("invitation", "this invitation has already been used");
  }
  if (open.invitation.expires_at <= at) {
    throw conflict("invitation", "this invitation expired at " +
                                     format_time(open.invitation.expires_at) +
                                     ": ask for a new one");
  }
  return open;
}

// Whether who sent an invitation may still run its program: an instance admin, an owner of the
// program, or the operator at the command line ("cli"). An invitation speaks for its sender, so
// one from an owner who has since been removed or demoted is void.
bool sender_may_invite(Connection& db, std::int64_t program_row, const std::string& sender) {
  if (sender == "cli") return true;
  auto q = db.query(
      "SELECT 1 FROM users u WHERE u.email = ?1 AND (u.admin = 1 OR EXISTS (SELECT 1 FROM"
      " memberships m WHERE m.account = u.key AND m.program = ?2 AND m.role = 'owner'))");
  q.bind(1, sender).bind(2, program_row);
  return q.step();
}

// Whether `sender` may bring a new person into the instance: an instance admin, or the operator
// at the command line ("cli"). Whoever holds an invitation for an address without an account
// chooses that account's password, and the invitation's sender sees the link: were an owner
// allowed this, they could claim any address for themselves, and with it whatever an admin
// later gives that address.
bool sender_may_invite_new_people(Connection& db, const std::string& sender) {
  if (sender == "cli") return true;
  auto q = db.query("SELECT 1 FROM users WHERE email = ?1 AND admin = 1");
  q.bind(1, sender);
  return q.step();
}

bool has_account(Connection& db, const std::string& email) {
  auto q = db.query("SELECT 1 FROM users WHERE email = ?1");
  q.bind(1, email);
  return q.step();
}

// Marks the invitation used by `user` (whose email must be the invited one) and gives the
// account the invited role, with the audit event "invitation.accepted".
Member accept_open(Connection& db, const OpenInvitation& open, std::int64_t user, Time at) {
  const Invitation& invitation = open.invitation;
  if (!sender_may_invite(db, open.program_row, invitation.invited_by)) {
    throw conflict("invitation", "this invitation is no longer valid: " + invitation.invited_by +
                                     " may no longer manage the program");
  }
  std::string email = account_email(db, user);
  if (!same_email(email, invitation.email)) {
    throw invalid("email",
                  "this invitation is for " + invitation.email + ", not for the account " + email);
  }
  db.query("UPDATE invitations SET accepted_at = ?2, accepted_by = ?3 WHERE key = ?1")
      .bind(1, invitation.key)
      .bind(2, to_seconds(at))
      .bind(3, user)
      .run();
  Membership put = put_member(db, open.program_row, invitation.program, user, invitation.role, at);
  boost::json::object details{
      {"invitation", invitation.key}, {"email", email}, {"role", to_string(invitation.role)}};
  if (put.previous_role) details["previous_role"] = to_string(*put.previous_role);
  audit_account(db, at, email, "invitation.accepted", invitation.program, details);
  return put.member;
}

}  // namespace

WithSecret<Invitation> SqlAccounts::create_invitation(const std::string& program,
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
  invitation.created_at = time_.now();
  invitation.expires_at = invitation.created_at + valid_for;
  writer_.run([&](WriteContext& w) {
    std::int64_t program_row = program_key(w.db, program);
    if (!has_account(w.db, email) && !sender_may_invite_new_people(w.db, actor)) {
      throw Refusal(Refusal::Kind::forbidden, "email",
                    "no account for " + email +
                        ": an instance admin invites new people, or runs embargo user add");
    }
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
    if (announcer_) {
      queue_outbox(w.db, 0, announcer_->invitation_created(invitation, created.secret),
                   invitation.created_at);
    }
  });
  return created;
}

std::optional<Invitation> SqlAccounts::find_invitation(const std::string& secret) {
  auto db = readers_.borrow();
  auto q = db->query(
      invitation_sql("WHERE i.secret_hash = ?1 AND i.accepted_at IS NULL AND i.expires_at > ?2"));
  if (!q.bind(1, hash_secret(secret)).bind(2, to_seconds(time_.now())).step()) return std::nullopt;
  return read_invitation(q);
}

Member SqlAccounts::accept_invitation(const std::string& secret, std::int64_t user) {
  Member member;
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    OpenInvitation open = open_invitation(w.db, secret, at);
    member = accept_open(w.db, open, user, at);
  });
  return member;
}

Member SqlAccounts::accept_invitation_with_new_account(const std::string& secret,
                                                       const std::string& password_hash) {
  if (password_hash.empty()) throw invalid("password", "an account needs a password");
  Member member;
  writer_.run([&](WriteContext& w) {
    Time at = time_.now();
    OpenInvitation open = open_invitation(w.db, secret, at);
    if (!has_account(w.db, open.invitation.email) &&
        !sender_may_invite_new_people(w.db, open.invitation.invited_by)) {
      throw conflict("invitation",
                     "this invitation cannot create an account: " + open.invitation.invited_by +
                         " is not an instance admin, and only an admin invites "
                         "new people; ask an admin to add you");
    }
    User user;
    user.email = open.invitation.email;
    user.password_hash = password_hash;
    user.created_at = at;
    std::int64_t key = insert_user(w.db, user, open.invitation.email);
    member = accept_open(w.db, open, key, at);
  });
  return member;
}

bool SqlAccounts::revoke_invitation(const std::string& program, std::int64_t key,
                                    const std::string& actor) {
  bool revoked = false;
  writer_.run([&](WriteContext& w) {
    std::int64_t program_row = program_key(w.db, program);
    Time at = time_.now();
    auto q = w.db.query(
        "DELETE FROM invitations WHERE key = ?1 AND program = ?2 AND accepted_at IS NULL"
        " AND expires_at > ?3 RETURNING email, role");
    if (!q.bind(1, key).bind(2, program_row).bind(3, to_seconds(at)).step()) return;
    boost::json::object details{{"invitation", key}, {"email", q.text(0)}, {"role", q.text(1)}};
    q.run();
    audit_account(w.db, at, actor, "invitation.revoked", program, details);
    revoked = true;
  });
  return revoked;
}

std::vector<Invitation> SqlAccounts::list_invitations(const std::string& program) {
  auto db = readers_.borrow();
  ReadTransaction snapshot(*db);
  std::int64_t program_row = program_key(*db, program);
  auto q = db->query(invitation_sql("WHERE i.program = ?1 ORDER BY i.key DESC"));
  q.bind(1, program_row);
  std::vector<Invitation> invitations;
  while (q.step()) invitations.push_back(read_invitation(q));
  return invitations;
}

}  // namespace embargo::store::sql
