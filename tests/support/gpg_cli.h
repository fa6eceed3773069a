#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace embargo::testing {

// What one run of a GnuPG command line tool gave back.
struct GpgRun {
  int status = -1;  // exit status; -1 when it did not exit normally
  std::string out;  // standard output (with --status-fd 1, the status lines too)
  std::string err;  // standard error: gpg's messages, for failure reports
};

// Ends every GnuPG daemon (gpg-agent, dirmngr) of this home: `gpgconf --homedir HOME --kill all`.
void kill_gpg_agents(const std::filesystem::path& home);

// A reporter's (or anyone's) GnuPG, driven through /usr/bin/gpg as a mail client would: a
// temporary home /tmp/embargo-gpg-XXXXXX (mode 0700, short enough for the agent's sockets) that
// the destructor removes after ending its agent. Every helper throws std::runtime_error with
// gpg's messages when gpg fails.
class GpgHome {
 public:
  GpgHome();
  ~GpgHome();
  GpgHome(const GpgHome&) = delete;
  GpgHome& operator=(const GpgHome&) = delete;

  const std::filesystem::path& path() const { return home_; }

  // /usr/bin/gpg --homedir HOME --batch ARGS, with `input` as its standard input.
  GpgRun gpg(const std::vector<std::string>& args, const std::string& input = "");

  // A key pair without passphrase or expiry (ed25519 cert+sign, cv25519 encryption subkey): its
  // fingerprint.
  std::string generate(const std::string& user_id);
  std::string export_public(const std::string& fingerprint);
  // Imports armored keys; the fingerprint of the first one imported.
  std::string import(const std::string& armored);
  // Encrypts (armored) to the armored public key given as text, which is imported first and
  // trusted as given; signed by `signer` (a fingerprint in this home) unless it is empty.
  std::string encrypt(const std::string& plaintext, const std::string& recipient_key,
                      const std::string& signer = "");
  std::string decrypt(const std::string& armored);
  // Whether `gpg --verify` accepts this signed text (a clearsigned message) as a good signature;
  // the signer's key must have been imported.
  bool verify(const std::string& signed_text);

 private:
  std::filesystem::path home_;
};

}  // namespace embargo::testing
