#pragma once

#include <memory>

#include "store/accounts.h"
#include "store/mail.h"
#include "store/sql/reader_pool.h"
#include "store/sql/writer.h"

namespace embargo::store::sql {

// The AccountStore on the SqlStore's file: it writes through the store's one Writer (so an
// account write is grouped and committed like any other) and reads from its ReaderPool. The
// methods live in one file per topic: accounts_users.cc, accounts_sign_in.cc,
// accounts_two_factor.cc, accounts_sessions.cc, accounts_tokens.cc, accounts_members.cc,
// accounts_invitations.cc, accounts_notifications.cc.
class SqlAccounts final : public AccountStore {
 public:
  // `announcer` is the store's: an invitation is announced with it (Announcer::invitation_created).
  SqlAccounts(Writer& writer, ReaderPool& readers, std::shared_ptr<Announcer>& announcer,
              const TimeSource& time)
      : writer_(writer), readers_(readers), announcer_(announcer), time_(time) {}

  const TimeSource& time() const override { return time_; }

  User add_user(const std::string& email, const std::string& password_hash, bool admin,
                const std::string& actor) override;
  std::optional<User> find_user(const std::string& email) override;
  std::optional<User> find_user(std::int64_t key) override;
  NotifyMode notify_mode(std::int64_t user) override;
  void set_notify_mode(std::int64_t user, NotifyMode mode, const std::string& actor) override;
  std::vector<User> list_users() override;
  std::int64_t count_users() override;
  void set_password(std::int64_t user, const std::string& password_hash, std::int64_t keep_session,
                    const std::string& actor) override;
  void disable_user(std::int64_t user, const std::string& actor) override;
  void enable_user(std::int64_t user, const std::string& actor) override;
  void set_admin(std::int64_t user, bool admin, const std::string& actor) override;
  int sign_out_everywhere(std::int64_t user, const std::string& actor) override;
  void delete_user(std::int64_t user, const std::string& actor) override;
  SignInReservation reserve_sign_in(const std::string& email, const LockRule& lock_for) override;
  void record_sign_in(std::int64_t user) override;

  TwoFactorState two_factor(std::int64_t user) override;
  void begin_two_factor(std::int64_t user, const std::string& pending_sealed_secret) override;
  void enable_two_factor(std::int64_t user, std::int64_t step,
                         const std::vector<std::string>& recovery_code_hashes,
                         const std::string& actor) override;
  void disable_two_factor(std::int64_t user, const std::string& actor) override;
  bool use_totp_step(std::int64_t user, std::int64_t step) override;
  bool use_recovery_code(std::int64_t user, const std::string& code_hash) override;
  int unused_recovery_codes(std::int64_t user) override;
  bool two_factor_required() override;
  void set_two_factor_required(bool required, const std::string& actor) override;

  WithSecret<Session> create_session(const NewSession& session) override;
  std::optional<Session> find_session(const std::string& secret,
                                      std::chrono::seconds idle) override;
  WithSecret<Session> complete_second_factor(std::int64_t session) override;
  std::vector<Session> list_sessions(std::int64_t user) override;
  bool revoke_session(std::int64_t user, std::int64_t session) override;

  WithSecret<ApiToken> create_token(std::int64_t user, const std::string& name, TokenScope scope,
                                    const std::string& program, const std::string& actor) override;
  std::optional<ApiToken> find_token(const std::string& secret) override;
  std::vector<ApiToken> list_tokens(std::int64_t user) override;
  bool revoke_token(std::int64_t user, std::int64_t token, const std::string& actor) override;

  Member set_member(const std::string& program, const std::string& email, Role role,
                    const std::string& actor) override;
  bool remove_member(const std::string& program, const std::string& email,
                     const std::string& actor) override;
  std::vector<Member> list_members(const std::string& program) override;
  std::map<std::string, Role> roles_of(std::int64_t user) override;

  WithSecret<Invitation> create_invitation(const std::string& program, const std::string& email,
                                           Role role, std::chrono::seconds valid_for,
                                           const std::string& actor) override;
  std::optional<Invitation> find_invitation(const std::string& secret) override;
  Member accept_invitation(const std::string& secret, std::int64_t user) override;
  std::vector<Invitation> list_invitations(const std::string& program) override;

  // Store::accept_invitation_with_new_account and Store::revoke_invitation: account writes the
  // SqlStore forwards here, next to the other invitation statements.
  Member accept_invitation_with_new_account(const std::string& secret,
                                            const std::string& password_hash);
  bool revoke_invitation(const std::string& program, std::int64_t key, const std::string& actor);

 private:
  Writer& writer_;
  ReaderPool& readers_;
  std::shared_ptr<Announcer>& announcer_;
  const TimeSource& time_;
};

}  // namespace embargo::store::sql
