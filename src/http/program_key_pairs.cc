#include "http/program_key_pairs.h"

#include <sodium.h>

#include <algorithm>
#include <stdexcept>

namespace embargo::http {
namespace {

// The program's secret key, armored and sealed; the plaintext copy is wiped once sealed.
std::string sealed_secret_key(mail::Keyring& keyring, const auth::SecretBox& box,
                              const std::string& fingerprint) {
  std::string secret = keyring.export_secret(fingerprint);
  std::string sealed = box.seal(secret);
  sodium_memzero(secret.data(), secret.size());
  return sealed;
}

}  // namespace

void keep_program_key(store::MailStore& mail, mail::Keyring& keyring, const auth::SecretBox& box,
                      const std::string& slug, const std::string& fingerprint,
                      const std::string& actor) {
  mail.set_program_key(slug, {fingerprint, keyring.export_public(fingerprint)},
                       sealed_secret_key(keyring, box, fingerprint), actor);
}

std::vector<std::string> share_program_keys(store::MailStore& mail, mail::Keyring& keyring,
                                            const auth::SecretBox& box) {
  auto pairs = mail.program_key_pairs();
  if (pairs.empty()) return {};
  auto held = keyring.secret_fingerprints();
  auto holds = [&](const std::string& fingerprint) {
    return std::find(held.begin(), held.end(), fingerprint) != held.end();
  };
  std::vector<std::string> imported;
  for (const auto& pair : pairs) {
    if (holds(pair.fingerprint)) {
      if (pair.sealed_secret.empty()) {
        mail.keep_program_secret_key(pair.program, pair.fingerprint,
                                     sealed_secret_key(keyring, box, pair.fingerprint), "server");
      }
      continue;
    }
    if (pair.sealed_secret.empty()) continue;
    std::string secret;
    try {
      secret = box.open(pair.sealed_secret);
    } catch (const std::runtime_error& e) {
      throw std::runtime_error("the secret key of program " + pair.program +
                               " does not open with this server's instance key (" + e.what() +
                               "): every server of an instance needs the same instance.key");
    }
    keyring.import(secret, mail::Keyring::Material::public_and_secret);
    sodium_memzero(secret.data(), secret.size());
    imported.push_back(pair.fingerprint);
  }
  return imported;
}

}  // namespace embargo::http
