#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "core/access.h"
#include "core/time.h"
#include "store/accounts.h"
#include "store/sql/connection.h"

namespace embargo::store::sql {

// What the account files share: lookups that turn an unknown key or slug into a Refusal, the
// parsing of stored columns, and the audit event every account write appends.

// The email of the account `user`; Refusal not_found "user" when there is no such account.
std::string account_email(Connection& db, std::int64_t user);

// Creates the account (email, password hash, admin flag and creation time taken from `user`)
// with its audit event; Refusal conflict "email" when an account has that email.
std::int64_t insert_user(Connection& db, const User& user, const std::string& actor);

// The key of the program with this slug; Refusal not_found "program" when there is none.
std::int64_t program_key(Connection& db, const std::string& slug);

// Adds `user` to the program with `role`, or changes its role there: what set_member and
// accept_invitation both do, before each writes its own audit event.
struct Membership {
  Member member;
  std::optional<Role> previous_role;  // nullopt when the user was not a member
};
Membership put_member(Connection& db, std::int64_t program, const std::string& slug,
                      std::int64_t user, Role role, Time at);

// A session's last_seen_at and a token's last_used_at are refreshed at most this often, so that
// a browser's or a script's requests do not each cost a write.
constexpr std::int64_t kLastUseGranularitySeconds = 60;

// A role or token scope as the schema's CHECK constraints store them.
Role stored_role(const std::string& text);
TokenScope stored_scope(const std::string& text);

// The failed sign-ins counted at an address and the lock they set (sign_in_attempts).
struct SignInCount {
  int failures = 0;
  std::optional<Time> locked_until;
};
// Reads the columns failures, locked_until, last_attempt_at from `first_column` on (NULLs for an
// address with no row). A count forgotten at `at` (see AccountStore::sign_in_memory) reads as
// none, whether or not a later write has deleted its row yet.
SignInCount read_sign_in_count(const Query& row, int first_column, Time at);

// Deletes the count of this address: after a successful sign-in or a new password.
void clear_sign_in_count(Connection& db, const std::string& email);

// Appends an account event in the caller's transaction. `details` must never hold a secret or a
// hash of one: only keys, emails, names, roles and times.
void audit_account(Connection& db, Time at, const std::string& actor, const std::string& action,
                   const std::string& program, const boost::json::object& details);

}  // namespace embargo::store::sql
