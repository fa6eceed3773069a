// A submission key (the report form's one-time token, an API client's Idempotency-Key) is a
// secret of whoever sent the report. The store keeps a digest to find it by and the report's
// tracking token sealed under a key derived from it: sending the same key again shows the same
// tracking link, and a copy of the database shows none.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace embargo {

// The shortest and longest Idempotency-Key accepted: a guessable key would let another client
// read the tracking link back.
inline constexpr std::size_t kShortestSubmissionKey = 16;
inline constexpr std::size_t kLongestSubmissionKey = 200;

// Why `key` cannot be a submission key (too short or long, or not printable ASCII), or nullopt.
std::optional<std::string> submission_key_problem(std::string_view key);

// The digest the store finds the key by (hex), apart from the sealing key.
std::string submission_key_digest(std::string_view key);

// A digest of what was sent under a key (hex), to tell a retry from another report.
std::string submission_body_digest(std::string_view body);

// `token` sealed under the key (unpadded base64url of nonce and ciphertext); open_tracking_token
// gives it back only with the same key, else nullopt.
std::string seal_tracking_token(std::string_view key, std::string_view token);
std::optional<std::string> open_tracking_token(std::string_view key, std::string_view sealed);

}  // namespace embargo
