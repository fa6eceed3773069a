#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/access.h"
#include "core/account_lifetimes.h"
#include "core/notification.h"
#include "core/time.h"
#include "core/time_source.h"

namespace embargo::store {

// A team account. Reporters have no account: they hold tracking links.
struct User {
  std::int64_t key = 0;
  std::string email;
  std::string password_hash;  // argon2id, libsodium's string format
  bool admin = false;
  Time created_at{};
  bool two_factor = false;           // TOTP enrolled and required at sign-in
  int failed_sign_ins = 0;           // at its address, since the last successful sign-in
  std::optional<Time> locked_until;  // no password or code is checked before this
  // Set: the account is off (someone left the team); it cannot sign in, and no session or token
  // of it works.
  std::optional<Time> disabled_at;
};

// What reserving a sign-in attempt answered: granted (the attempt is counted, its password or
// code may be checked), or refused because the address is locked until `locked_until`.
struct SignInReservation {
  bool granted = false;
  int failures = 0;                  // when granted: the count, this attempt included
  std::optional<Time> locked_until;  // the lock running now, if any
};

// The TOTP state of an account. The secret is sealed by auth (a secret box under the
// instance's key): the store never holds it in clear.
struct TwoFactorState {
  std::string sealed_secret;          // enrolled secret, or empty
  std::string pending_sealed_secret;  // during enrolment, before the first code confirms it
  std::int64_t last_step = 0;         // the newest TOTP time step accepted: replays are refused
};

// A signed-in browser. `second_factor_pending` sessions only reach the TOTP step of sign-in.
struct Session {
  std::int64_t key = 0;
  std::int64_t user = 0;
  bool second_factor_pending = false;
  Time created_at{};
  Time last_seen_at{};
  Time expires_at{};       // absolute end; the idle limit counts from last_seen_at
  std::string client;      // the address it signed in from
  std::string user_agent;  // as the browser sent it at sign-in, at most 200 characters
};

struct NewSession {
  std::int64_t user = 0;
  bool second_factor_pending = false;
  std::string client;
  std::string user_agent;
  std::chrono::seconds lifetime{kDefaultSessionLifetime};
};

// What creating a secret returns: the record, and the secret itself, shown once and stored
// only as its hash.
template <typename Record>
struct WithSecret {
  Record record;
  std::string secret;
};

struct ApiToken {
  std::int64_t key = 0;
  std::int64_t user = 0;
  std::string name;  // what it is for, e.g. "scanner"
  TokenScope scope = TokenScope::read;
  std::string program;  // the one program it reaches, or empty for all of its user's
  Time created_at{};
  std::optional<Time> last_used_at;
  std::optional<Time> revoked_at;
};

struct Member {
  std::string program;  // slug
  std::int64_t user = 0;
  std::string email;
  Role role = Role::viewer;
  Time added_at{};
  NotifyMode notify = NotifyMode::immediately;  // the account's choice, for every program
};

// A one-time link that makes its holder a member of a program once they sign in (or create
// the account) with the invited email.
struct Invitation {
  std::int64_t key = 0;
  std::string program;
  std::string email;
  Role role = Role::viewer;
  std::string invited_by;
  Time created_at{};
  Time expires_at{};
  std::optional<Time> accepted_at;
};

// Accounts, sign-in state, API tokens and program membership. Every write is atomic with its
// audit event ("user.*", "session.*", "token.*", "member.*", "invitation.*"; never a secret or a
// hash in the details). Secrets are 256-bit random (new_secret) and stored as hash_secret.
class AccountStore {
 public:
  virtual ~AccountStore() = default;

  // The store's clock: sessions, tokens, invitations and sign-in attempts are timed by it.
  virtual const TimeSource& time() const = 0;

  virtual User add_user(const std::string& email, const std::string& password_hash, bool admin,
                        const std::string& actor) = 0;
  virtual std::optional<User> find_user(const std::string& email) = 0;
  virtual std::optional<User> find_user(std::int64_t key) = 0;
  // How the account hears about its programs' reports (immediately until it chooses), and its
  // choice; audit event "user.notifications".
  virtual NotifyMode notify_mode(std::int64_t user) = 0;
  virtual void set_notify_mode(std::int64_t user, NotifyMode mode, const std::string& actor) = 0;
  virtual std::vector<User> list_users() = 0;
  virtual std::int64_t count_users() = 0;
  // Offboarding. Each is one write with its audit event. Refusal not_found for an unknown user;
  // Refusal conflict when it would leave the instance without an enabled admin.
  // disable_user: off at once, every session and token revoked ("user.disabled"); enable_user
  // turns it on again without bringing any session or token back ("user.enabled").
  virtual void disable_user(std::int64_t user, const std::string& actor) = 0;
  virtual void enable_user(std::int64_t user, const std::string& actor) = 0;
  // Gives or takes the instance-admin right ("user.admin").
  virtual void set_admin(std::int64_t user, bool admin, const std::string& actor) = 0;
  // Revokes every session and token of the user at once ("user.signed_out_everywhere"); returns
  // how many were live.
  virtual int sign_out_everywhere(std::int64_t user, const std::string& actor) = 0;
  // Removes the account: its roles, sessions, tokens and codes go, the reports it handled lose it
  // as handler or backup ("report.triage" for each), and the audit keeps its email
  // ("user.deleted"). Its messages and past actions stay, under its email.
  virtual void delete_user(std::int64_t user, const std::string& actor) = 0;

  // Replaces the password; revokes every session of the user except `keep_session` (0: all), and
  // clears failed sign-ins and any lock (they were guesses at the old password).
  virtual void set_password(std::int64_t user, const std::string& password_hash,
                            std::int64_t keep_session, const std::string& actor) = 0;

  // Sign-in bookkeeping, per email address (compared ignoring ASCII case as accounts are) whether
  // or not an account has it, so that failures at an unknown address lock exactly like failures
  // at a known one. reserve_sign_in runs before a password or code is checked, in one write:
  // refused while a lock runs (nothing counted); otherwise the attempt counts as a failure and
  // the address is locked until what `lock_for` answers for the new count (the back-off is
  // auth's rule; nullopt: no lock). So racing attempts each see their own count, and no more are
  // checked than the rule lets through before it locks. A successful sign-in clears the count
  // (record_sign_in); a failed one leaves it. A count untouched for `sign_in_memory` with no lock
  // running is forgotten, for every address alike, so guesses at unknown addresses do not pile up.
  // A counted attempt at an account's address is audited ("user.sign_in_attempted"); one at an
  // unknown address is not.
  using LockRule = std::function<std::optional<Time>(int failures)>;
  static constexpr std::chrono::hours sign_in_memory{24};
  virtual SignInReservation reserve_sign_in(const std::string& email, const LockRule& lock_for) = 0;
  virtual void record_sign_in(std::int64_t user) = 0;

  virtual TwoFactorState two_factor(std::int64_t user) = 0;
  virtual void begin_two_factor(std::int64_t user, const std::string& pending_sealed_secret) = 0;
  // Makes the pending secret the enrolled one (with `step` as its first used step) and replaces
  // the recovery codes by these hashes. Refusal conflict when nothing is pending.
  virtual void enable_two_factor(std::int64_t user, std::int64_t step,
                                 const std::vector<std::string>& recovery_code_hashes,
                                 const std::string& actor) = 0;
  virtual void disable_two_factor(std::int64_t user, const std::string& actor) = 0;
  // Accepts a TOTP time step only if it is newer than the last accepted one (atomically):
  // false for a replayed code.
  virtual bool use_totp_step(std::int64_t user, std::int64_t step) = 0;
  // Marks one unused recovery code (given as its hash) used; false if there is none.
  virtual bool use_recovery_code(std::int64_t user, const std::string& code_hash) = 0;
  virtual int unused_recovery_codes(std::int64_t user) = 0;

  // Whether every account must have two-factor sign-in (an instance setting).
  virtual bool two_factor_required() = 0;
  virtual void set_two_factor_required(bool required, const std::string& actor) = 0;

  virtual WithSecret<Session> create_session(const NewSession& session) = 0;
  // The live session of this secret at `now` (not revoked, not expired, not idle longer than
  // `idle`); refreshes last_seen_at when it is older than a minute.
  virtual std::optional<Session> find_session(const std::string& secret,
                                              std::chrono::seconds idle) = 0;
  // Turns a second-factor-pending session into a full one, under a new secret (the old one
  // stops working), so a secret seen before the second factor is useless after it. Refusal
  // not_found when the session has ended, conflict when it is not pending.
  virtual WithSecret<Session> complete_second_factor(std::int64_t session) = 0;
  // The user's sessions that are neither revoked nor past expires_at, newest first.
  virtual std::vector<Session> list_sessions(std::int64_t user) = 0;
  // Revokes one of the user's sessions; false when the user has no such live session.
  virtual bool revoke_session(std::int64_t user, std::int64_t session) = 0;

  // A token bound to `program` needs that program to exist (Refusal not_found "program") and
  // the user to have a role there or be an admin (Refusal forbidden "program").
  virtual WithSecret<ApiToken> create_token(std::int64_t user, const std::string& name,
                                            TokenScope scope, const std::string& program,
                                            const std::string& actor) = 0;
  // The live (not revoked) token of this secret; records its use (last_used_at, refreshed when
  // older than a minute).
  virtual std::optional<ApiToken> find_token(const std::string& secret) = 0;
  // Every token of the user, revoked ones included, oldest first.
  virtual std::vector<ApiToken> list_tokens(std::int64_t user) = 0;
  virtual bool revoke_token(std::int64_t user, std::int64_t token, const std::string& actor) = 0;

  // Adds the account with this email to the program, or changes its role there. Refusal
  // not_found for an unknown program or email.
  virtual Member set_member(const std::string& program, const std::string& email, Role role,
                            const std::string& actor) = 0;
  // False when the account was not a member; Refusal not_found for an unknown program.
  virtual bool remove_member(const std::string& program, const std::string& email,
                             const std::string& actor) = 0;
  // By email; Refusal not_found for an unknown program.
  virtual std::vector<Member> list_members(const std::string& program) = 0;
  // The user's role in each program.
  virtual std::map<std::string, Role> roles_of(std::int64_t user) = 0;

  // Only an instance admin (or "cli") invites an email that has no account yet: for any other
  // actor that is Refusal forbidden "email" (whoever opens the link chooses the new account's
  // password, and its sender sees the link).
  virtual WithSecret<Invitation> create_invitation(const std::string& program,
                                                   const std::string& email, Role role,
                                                   std::chrono::seconds valid_for,
                                                   const std::string& actor) = 0;
  // The open invitation of this secret (not accepted, not expired).
  virtual std::optional<Invitation> find_invitation(const std::string& secret) = 0;
  // Accepts it once, for the account with the invited email (compared ignoring ASCII case), and
  // gives that account the invited role in the program: Refusal not_found for an unknown secret,
  // conflict when it is used or expired, invalid "email" when the account's email is another.
  virtual Member accept_invitation(const std::string& secret, std::int64_t user) = 0;
  // Every invitation of the program, newest first; Refusal not_found for an unknown program.
  virtual std::vector<Invitation> list_invitations(const std::string& program) = 0;
};

}  // namespace embargo::store
