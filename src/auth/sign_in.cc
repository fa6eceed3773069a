#include "auth/sign_in.h"

#include <algorithm>

#include "auth/password.h"
#include "auth/recovery_codes.h"
#include "auth/sign_in_backoff.h"
#include "auth/totp.h"
#include "core/secret.h"

namespace embargo::auth {
namespace {

// Checked against when the email names no account, so that both cases cost one argon2id check.
const std::string& unknown_account_hash() {
  static const std::string hash = hash_password(new_secret());
  return hash;
}

// Counts the attempt before anything is checked (see AccountStore::reserve_sign_in), with the
// back-off of sign_in_locked_until from the time it was made.
store::SignInReservation reserve(store::AccountStore& accounts, const std::string& email, Time at) {
  return accounts.reserve_sign_in(
      email, [at](int failures) { return sign_in_locked_until(failures, at); });
}

SignInOutcome locked(const store::SignInReservation& reservation) {
  return {SignInOutcome::Kind::locked, {}, reservation.locked_until};
}

}  // namespace

SignInOutcome sign_in_with_password(store::AccountStore& accounts, const PasswordAttempt& attempt) {
  auto reservation = reserve(accounts, attempt.email, accounts.time().now());
  if (!reservation.granted) return locked(reservation);
  auto user = accounts.find_user(attempt.email);
  bool right =
      verify_password(attempt.password, user ? user->password_hash : unknown_account_hash());
  // A disabled account is answered like a wrong password: it says nothing of the account.
  if (!user || !right || user->disabled_at) return {SignInOutcome::Kind::refused, {}, {}};

  store::NewSession session{user->key, user->two_factor, attempt.client, attempt.user_agent,
                            attempt.lifetime};
  auto created = accounts.create_session(session);
  if (!user->two_factor) accounts.record_sign_in(user->key);
  return {user->two_factor ? SignInOutcome::Kind::code_needed : SignInOutcome::Kind::signed_in,
          std::move(created.secret),
          {}};
}

SignInOutcome sign_in_with_code(store::AccountStore& accounts, const SecretBox& box,
                                const store::Session& pending, std::string_view code, Time now) {
  auto user = accounts.find_user(pending.user);
  if (!user || !user->two_factor) return {SignInOutcome::Kind::refused, {}, {}};
  auto reservation = reserve(accounts, user->email, now);
  if (!reservation.granted) return locked(reservation);

  bool accepted = false;
  std::string digits(code);
  digits.erase(std::remove(digits.begin(), digits.end(), ' '), digits.end());
  if (digits.size() == 6) {
    auto state = accounts.two_factor(user->key);
    auto step = verify_totp(box.open(state.sealed_secret), code, now);
    accepted = step && accounts.use_totp_step(user->key, *step);
  } else if (auto recovery = normalize_recovery_code(code)) {
    accepted = accounts.use_recovery_code(user->key, hash_secret(*recovery));
  }
  if (!accepted) return {SignInOutcome::Kind::refused, {}, {}};

  accounts.record_sign_in(user->key);
  auto full = accounts.complete_second_factor(pending.key);
  return {SignInOutcome::Kind::signed_in, std::move(full.secret), {}};
}

}  // namespace embargo::auth
