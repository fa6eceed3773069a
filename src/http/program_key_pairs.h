#pragma once

#include <string>
#include <vector>

#include "auth/secret_box.h"
#include "mail/pgp.h"
#include "store/mail.h"

namespace embargo::http {

// Each server of an instance has a GnuPG home of its own, but a program's key pair is generated
// or imported on one server, and any of them decrypts the mail sent to the program or signs its
// security.txt. So the store keeps every pair's secret key sealed under the instance key, as it
// keeps the SMTP password, and each keyring takes from the store the pairs it lacks: no GnuPG
// home needs copying between servers, and a backup of the store holds the keys.

// A key pair the keyring has just generated or imported becomes the program's: its public key
// and its sealed secret key go to the store in one write.
void keep_program_key(store::MailStore& mail, mail::Keyring& keyring, const auth::SecretBox& box,
                      const std::string& slug, const std::string& fingerprint,
                      const std::string& actor);

// Imports into `keyring` each program key pair of the store whose secret key it lacks, and gives
// the store the sealed secret key of each program key it holds that the store keeps without one
// (made before the store kept them). Returns the fingerprints imported. A sealed key the
// instance key does not open (a server started with another instance's key) is
// std::runtime_error naming the program.
std::vector<std::string> share_program_keys(store::MailStore& mail, mail::Keyring& keyring,
                                            const auth::SecretBox& box);

}  // namespace embargo::http
