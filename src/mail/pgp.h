#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::mail {

// What verifying a signature found.
struct SignatureCheck {
  enum class Status { none, valid, bad, unknown_key };
  Status status = Status::none;
  std::string fingerprint;  // the signing key's, when known
};

struct Decrypted {
  std::string plaintext;
  SignatureCheck signature;
};

// A public key as imported: what the desk shows of it.
struct KeyInfo {
  std::string fingerprint;  // 40 hex digits, upper case
  std::string user_id;      // the first user id: "Name <address>"
  bool can_encrypt = false;
};

// OpenPGP through GPGME on a GnuPG home directory of Embargo's own (inside the data directory).
// The constructor creates the home when absent and sets it to mode 0700 when it exists with
// group or other permissions (it fixes them rather than refusing; it throws std::runtime_error
// when it cannot). gpg starts its own gpg-agent for the home and it keeps running after the
// Keyring is gone (`gpgconf --homedir HOME --kill all` ends it). A unix socket path holds at most
// 107 bytes: for a home too deep for "HOME/S.gpg-agent.browser", and without a /run/user/UID that
// GnuPG would use instead, the agent's sockets go to /tmp/embargo-gnupg-UID/<hash of HOME>/
// through redirect files in HOME (libassuan's "%Assuan%" files).
// One Keyring per thread: a GPGME context must not be used by two threads at once; several
// Keyrings (of several threads or processes) may share a home. Nothing ever prompts: keys have no
// passphrase and the pinentry mode is loopback, and gpg runs offline (no key server lookups).
// Input it cannot use is a Refusal naming the field ("user_id", "key", "message") with GPGME's
// reason; a key that is absent is a not_found Refusal (field "key"); a GnuPG that does not work
// (no gpg, no agent) is std::runtime_error.
class Keyring {
 public:
  explicit Keyring(const std::filesystem::path& home);
  ~Keyring();
  Keyring(const Keyring&) = delete;
  Keyring& operator=(const Keyring&) = delete;

  // A new key pair for a program (ed25519 signing with a cv25519 encryption subkey, no
  // passphrase, no expiry): its fingerprint.
  std::string generate(const std::string& user_id);
  // What an import may bring in: a program's key pair, or only public keys (anything a reporter
  // sends, so that nobody can plant a secret key the instance would then decrypt or sign with).
  enum class Material { public_only, public_and_secret };
  // Imports armored keys; the keys it holds, first the primary one. With Material::public_only,
  // text that holds any secret key is refused before anything is imported.
  std::vector<KeyInfo> import(std::string_view armored, Material allowed = Material::public_only);
  std::optional<KeyInfo> find(const std::string& fingerprint);
  // The armored public key.
  std::string export_public(const std::string& fingerprint);
  // The armored secret key with its public key (no passphrase protects it): what the store keeps
  // sealed so that every server of an instance can take the program's key pair
  // (http/program_key_pairs.h). A not_found Refusal when the keyring lacks the secret key.
  std::string export_secret(const std::string& fingerprint);
  // The fingerprints of the primary keys whose secret keys the keyring holds, upper case: one
  // listing for all of them, since each GnuPG operation starts a process.
  std::vector<std::string> secret_fingerprints();

  // Decrypts an armored or binary OpenPGP message with whatever secret key the keyring holds,
  // verifying a signature when there is one.
  Decrypted decrypt(std::string_view ciphertext);
  // Encrypts to the key with this fingerprint (trusted as given: the reporter gave us the key),
  // armored.
  std::string encrypt(std::string_view plaintext, const std::string& fingerprint);
  // A cleartext signature (RFC 4880 section 7) of `text` by the key with this fingerprint.
  std::string clearsign(std::string_view text, const std::string& fingerprint);

 private:
  struct Context;
  Context* context_;
};

}  // namespace embargo::mail
