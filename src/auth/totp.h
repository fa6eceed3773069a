#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/time.h"

namespace embargo::auth {

// Two-factor codes as authenticator apps make them: TOTP (RFC 6238) with HMAC-SHA-1, 6 digits,
// 30-second steps from the Unix epoch, through liboath. A secret is raw bytes; the store only
// ever holds it sealed (auth/secret_box.h).

// A new shared secret: 20 random bytes (160 bits, the length RFC 4226 recommends for SHA-1).
std::string new_totp_secret();

// The secret as unpadded base32, for typing into an app that cannot scan the QR code.
std::string totp_secret_base32(std::string_view secret);

// The otpauth:// URI of the enrolment QR code: label "issuer:account", issuer, base32 secret
// and the parameters above. An empty issuer means "Embargo". Both parts are percent-encoded
// (UTF-8 included); a colon in them becomes a space, because apps split the label at its colon.
std::string totp_uri(std::string_view secret, std::string_view account, std::string_view issuer);

// The code an app shows at `at`, e.g. "287082".
std::string totp_code(std::string_view secret, Time at);

// Checks a code typed at `now` against the steps from `window` before to `window` after now's
// (clock drift between phone and server). Spaces in the code are ignored ("123 456"); anything
// other than 6 digits is refused. Returns the matched time step, which the caller records so
// that the same code is never accepted twice (AccountStore::use_totp_step), or nullopt.
std::optional<std::int64_t> verify_totp(std::string_view secret, std::string_view code, Time now,
                                        int window = 1);

}  // namespace embargo::auth
