// Values many tests give the server, written once.
#pragma once

namespace embargo::testing {

// The password the tests give the accounts they create (long enough for the password rule).
inline constexpr const char* kPassword = "correct horse battery staple";
// The public address the tests give programs and exports.
inline constexpr const char* kPublicUrl = "https://security.example.org";

}  // namespace embargo::testing
