// Signing a team member in: the password step (with the lockout back-off) and the second step
// (a TOTP code, each code once, or a one-time recovery code). Both steps count failures the
// same way, so knowing a password does not buy unlimited guesses at a 6-digit code.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "auth/secret_box.h"
#include "core/account_lifetimes.h"
#include "core/time.h"
#include "store/accounts.h"

namespace embargo::auth {

struct SignInOutcome {
  enum class Kind {
    signed_in,    // session_secret opens a full session
    code_needed,  // session_secret opens a session that only reaches the second step
    refused,      // wrong email, password or code: the answer never says which
    locked,       // too many failures: nothing is checked before locked_until
  };
  Kind kind = Kind::refused;
  std::string session_secret;
  std::optional<Time> locked_until;
};

struct PasswordAttempt {
  std::string email;
  std::string password;
  std::string client;      // the address the attempt came from, kept with the session
  std::string user_agent;  // as the browser sent it
  std::chrono::seconds lifetime{kDefaultSessionLifetime};
};

// The password step. The attempt is counted against the email address before the password is
// checked, so parallel guesses cannot outrun the lock-out; only a signed_in outcome clears the
// count (a right password for an account with two-factor sign-in stays counted until its code
// is accepted). An unknown email is counted, locked and answered exactly like a known one, at
// the same argon2id cost, so neither the answers nor their timing tell which accounts exist.
SignInOutcome sign_in_with_password(store::AccountStore& accounts, const PasswordAttempt& attempt);

// The second step for a session waiting for it: `code` is a TOTP code or a recovery code,
// counted against the account's address before it is checked, like a password. On success the
// pending session is replaced by a full one under a new secret.
SignInOutcome sign_in_with_code(store::AccountStore& accounts, const SecretBox& box,
                                const store::Session& pending, std::string_view code, Time now);

}  // namespace embargo::auth
