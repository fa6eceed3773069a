#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <iterator>

#include "data_file.h"
#include "gpg_cli.h"
#include "mail/pgp.h"
#include "refusal.h"

namespace embargo::mail {
namespace {

namespace fs = std::filesystem;
using embargo::testing::GpgHome;
using embargo::testing::refusal_of;

const char kReport[] =
    "The upload form accepts ../ in file names.\n"
    "Steps: upload a file named ../../etc/cron.d/x\n";

using embargo::testing::read_text;

// The program's keyring lives where the server keeps it, data/gnupg, inside a scratch directory;
// the reporter uses the real gpg command line in a home of their own.
class MailPgp : public ::testing::Test {
 protected:
  ~MailPgp() override { embargo::testing::kill_gpg_agents(home_); }

  GpgHome scratch_;
  fs::path home_ = scratch_.path() / "data" / "gnupg";
  Keyring keyring_{home_};
  GpgHome reporter_;
};

TEST_F(MailPgp, GeneratesAProgramKeyInAPrivateHome) {
  struct stat st {};
  ASSERT_EQ(stat(home_.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);

  std::string fingerprint = keyring_.generate("Example Security <security@example.org>");
  EXPECT_EQ(fingerprint.size(), 40u);
  EXPECT_EQ(fingerprint.find_first_not_of("0123456789ABCDEF"), std::string::npos);
  auto key = keyring_.find(fingerprint);
  ASSERT_TRUE(key.has_value());
  EXPECT_EQ(key->fingerprint, fingerprint);
  EXPECT_EQ(key->user_id, "Example Security <security@example.org>");
  EXPECT_TRUE(key->can_encrypt);

  std::string exported = keyring_.export_public(fingerprint);
  EXPECT_EQ(exported.rfind("-----BEGIN PGP PUBLIC KEY BLOCK-----", 0), 0u);
  EXPECT_EQ(exported.find("PRIVATE KEY"), std::string::npos);
  EXPECT_EQ(reporter_.import(exported), fingerprint);
}

TEST_F(MailPgp, RefusesAUserIdOfSeveralLines) {
  EXPECT_EQ(refusal_of([&] { keyring_.generate("Name <a@b.org>\nSecond"); }).field(), "user_id");
  EXPECT_EQ(refusal_of([&] { keyring_.generate(""); }).field(), "user_id");
}

TEST_F(MailPgp, MakesAnOpenHomePrivate) {
  fs::path open = scratch_.path() / "open";
  fs::create_directory(open);
  fs::permissions(open, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                            fs::perms::others_read | fs::perms::others_exec);
  {
    Keyring keyring(open);
    EXPECT_FALSE(keyring.find("0123456789ABCDEF0123456789ABCDEF01234567").has_value());
  }
  EXPECT_EQ(fs::status(open).permissions(), fs::perms::owner_all);
  embargo::testing::kill_gpg_agents(open);
}

TEST_F(MailPgp, DecryptsASignedReportAndChecksItsSignatureOnceTheKeyIsKnown) {
  std::string program = keyring_.generate("Example Security <security@example.org>");
  std::string reporter = reporter_.generate("Ada Reporter <ada@example.net>");
  std::string message = reporter_.encrypt(kReport, keyring_.export_public(program), reporter);
  ASSERT_EQ(message.rfind("-----BEGIN PGP MESSAGE-----", 0), 0u);

  Decrypted before = keyring_.decrypt(message);
  EXPECT_EQ(before.plaintext, kReport);
  EXPECT_EQ(before.signature.status, SignatureCheck::Status::unknown_key);

  std::vector<KeyInfo> imported = keyring_.import(reporter_.export_public(reporter));
  ASSERT_EQ(imported.size(), 1u);
  EXPECT_EQ(imported[0].fingerprint, reporter);
  EXPECT_EQ(imported[0].user_id, "Ada Reporter <ada@example.net>");
  EXPECT_TRUE(imported[0].can_encrypt);

  Decrypted after = keyring_.decrypt(message);
  EXPECT_EQ(after.plaintext, kReport);
  EXPECT_EQ(after.signature.status, SignatureCheck::Status::valid);
  EXPECT_EQ(after.signature.fingerprint, reporter);

  // The same key again (a reporter attaches it to every mail) is no error.
  ASSERT_EQ(keyring_.import(reporter_.export_public(reporter)).size(), 1u);
}

TEST_F(MailPgp, DecryptsAnUnsignedBinaryMessage) {
  std::string program = keyring_.generate("Example Security <security@example.org>");
  reporter_.import(keyring_.export_public(program));
  auto binary = reporter_.gpg({"--trust-model", "always", "--encrypt", "-r", program}, kReport);
  ASSERT_EQ(binary.status, 0) << binary.err;

  Decrypted decrypted = keyring_.decrypt(binary.out);
  EXPECT_EQ(decrypted.plaintext, kReport);
  EXPECT_EQ(decrypted.signature.status, SignatureCheck::Status::none);
}

TEST_F(MailPgp, RefusesTamperedCiphertext) {
  std::string program = keyring_.generate("Example Security <security@example.org>");
  reporter_.import(keyring_.export_public(program));
  auto binary = reporter_.gpg({"--trust-model", "always", "--encrypt", "-r", program}, kReport);
  ASSERT_EQ(binary.status, 0) << binary.err;
  std::string tampered = binary.out;
  tampered[tampered.size() - 30] ^= 0x01;  // inside the encrypted data: the MDC must catch it

  Refusal refusal = refusal_of([&] { keyring_.decrypt(tampered); });
  EXPECT_EQ(refusal.field(), "message");
  EXPECT_EQ(std::string(refusal.what()).rfind("could not decrypt: ", 0), 0u) << refusal.what();
  EXPECT_EQ(refusal_of([&] { keyring_.decrypt("not a message"); }).field(), "message");
}

TEST_F(MailPgp, RefusesAMessageForSomeoneElse) {
  keyring_.generate("Example Security <security@example.org>");
  std::string other = reporter_.generate("Someone Else <else@example.net>");
  std::string message = reporter_.encrypt(kReport, reporter_.export_public(other));
  Refusal refusal = refusal_of([&] { keyring_.decrypt(message); });
  EXPECT_EQ(refusal.field(), "message");
  EXPECT_NE(std::string(refusal.what()).find("could not decrypt"), std::string::npos);
}

TEST_F(MailPgp, RefusesWhatIsNotAKey) {
  for (std::string text : {"", "   \n", "hello, here is my key",
                           "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n"
                           "bm90IGEga2V5\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n"}) {
    Refusal refusal = refusal_of([&] { keyring_.import(text); });
    EXPECT_EQ(refusal.field(), "key") << text;
    EXPECT_FALSE(std::string(refusal.what()).empty());
  }
  // A message is OpenPGP, but not a key.
  std::string other = reporter_.generate("Someone Else <else@example.net>");
  std::string message = reporter_.encrypt(kReport, reporter_.export_public(other));
  EXPECT_EQ(refusal_of([&] { keyring_.import(message); }).field(), "key");
}

TEST_F(MailPgp, TakesASecretKeyOnlyWhenAskedTo) {
  std::string fingerprint = reporter_.generate("Planted <planted@example.net>");
  auto exported = reporter_.gpg({"--pinentry-mode", "loopback", "--passphrase", "", "--armor",
                                 "--export-secret-keys", fingerprint});
  ASSERT_EQ(exported.status, 0) << exported.err;
  ASSERT_NE(exported.out.find("PRIVATE KEY BLOCK"), std::string::npos);

  Refusal refusal = refusal_of([&] { keyring_.import(exported.out); });
  EXPECT_EQ(refusal.field(), "key");
  EXPECT_NE(std::string(refusal.what()).find("secret key"), std::string::npos);
  EXPECT_FALSE(keyring_.find(fingerprint).has_value()) << "nothing is imported";

  // Public key and secret key in one text: refused as a whole.
  std::string both = reporter_.export_public(fingerprint) + exported.out;
  EXPECT_EQ(refusal_of([&] { keyring_.import(both); }).field(), "key");
  EXPECT_FALSE(keyring_.find(fingerprint).has_value());

  // A program's key pair is imported with its secret half.
  auto keys = keyring_.import(exported.out, Keyring::Material::public_and_secret);
  ASSERT_EQ(keys.size(), 1U);
  EXPECT_EQ(keys[0].fingerprint, fingerprint);
  std::string message = reporter_.encrypt(kReport, reporter_.export_public(fingerprint));
  EXPECT_EQ(keyring_.decrypt(message).plaintext, kReport);
}

// What another server of the instance takes from the store: the exported pair decrypts and signs
// in a home that never saw it, and only a key whose secret half is here can be exported so.
TEST_F(MailPgp, ExportsAProgramKeyPairThatAnotherHomeDecryptsAndSignsWith) {
  EXPECT_TRUE(keyring_.secret_fingerprints().empty());
  std::string program = keyring_.generate("Example Security <security@example.org>");
  std::string reporter = reporter_.generate("Ada Reporter <ada@example.net>");
  keyring_.import(reporter_.export_public(reporter));
  EXPECT_EQ(keyring_.secret_fingerprints(), std::vector<std::string>{program})
      << "a reporter's public key is not a secret key";

  std::string pair = keyring_.export_secret(program);
  EXPECT_EQ(pair.rfind("-----BEGIN PGP PRIVATE KEY BLOCK-----", 0), 0u);

  GpgHome other_scratch;
  fs::path other_home = other_scratch.path() / "gnupg";
  {
    Keyring other(other_home);
    EXPECT_TRUE(other.secret_fingerprints().empty());
    auto keys = other.import(pair, Keyring::Material::public_and_secret);
    ASSERT_EQ(keys.size(), 1u);
    EXPECT_EQ(keys[0].fingerprint, program);
    EXPECT_EQ(other.secret_fingerprints(), std::vector<std::string>{program});
    std::string message = reporter_.encrypt(kReport, keyring_.export_public(program));
    EXPECT_EQ(other.decrypt(message).plaintext, kReport);
    reporter_.import(keyring_.export_public(program));
    EXPECT_TRUE(reporter_.verify(other.clearsign("Fixed in 2.4.1.\n", program)));
  }
  embargo::testing::kill_gpg_agents(other_home);

  Refusal public_only = refusal_of([&] { keyring_.export_secret(reporter); });
  EXPECT_EQ(public_only.kind(), Refusal::Kind::not_found);
  EXPECT_EQ(public_only.field(), "key");
}

TEST_F(MailPgp, EncryptsToAReportersKey) {
  std::string reporter = reporter_.generate("Ada Reporter <ada@example.net>");
  keyring_.import(reporter_.export_public(reporter));

  std::string message = keyring_.encrypt("Thank you, we reproduced it.\n", reporter);
  EXPECT_EQ(message.rfind("-----BEGIN PGP MESSAGE-----", 0), 0u);
  EXPECT_EQ(reporter_.decrypt(message), "Thank you, we reproduced it.\n");
}

TEST_F(MailPgp, RefusesToEncryptToASigningOnlyKeyOrAnUnknownOne) {
  auto created = reporter_.gpg({"--status-fd", "1", "--passphrase", "", "--quick-gen-key",
                                "Sign Only <sign@example.net>", "ed25519", "cert,sign", "never"});
  ASSERT_EQ(created.status, 0) << created.err;
  std::vector<KeyInfo> imported =
      keyring_.import(reporter_.gpg({"--armor", "--export", "sign@example.net"}).out);
  ASSERT_EQ(imported.size(), 1u);
  EXPECT_FALSE(imported[0].can_encrypt);

  Refusal refusal = refusal_of([&] { keyring_.encrypt("text", imported[0].fingerprint); });
  EXPECT_EQ(refusal.field(), "key");
  EXPECT_NE(std::string(refusal.what()).find("cannot encrypt"), std::string::npos);

  Refusal unknown =
      refusal_of([&] { keyring_.encrypt("text", "0123456789ABCDEF0123456789ABCDEF01234567"); });
  EXPECT_EQ(unknown.kind(), Refusal::Kind::not_found);
  EXPECT_EQ(unknown.field(), "key");
  // Only a whole fingerprint names a key, never a search pattern such as an address.
  EXPECT_FALSE(keyring_.find("sign@example.net").has_value());
  EXPECT_EQ(refusal_of([&] { keyring_.export_public("sign@example.net"); }).kind(),
            Refusal::Kind::not_found);
}

TEST_F(MailPgp, ClearsignsWhatGpgVerifies) {
  std::string program = keyring_.generate("Example Security <security@example.org>");
  std::string text = "Advisory EMB-2025-001\n\nFixed in 2.4.1.\n";
  std::string signed_text = keyring_.clearsign(text, program);
  EXPECT_EQ(signed_text.rfind("-----BEGIN PGP SIGNED MESSAGE-----", 0), 0u);
  EXPECT_NE(signed_text.find("Fixed in 2.4.1."), std::string::npos);

  reporter_.import(keyring_.export_public(program));
  EXPECT_TRUE(reporter_.verify(signed_text));
  std::string forged = signed_text;
  forged.replace(forged.find("2.4.1"), 5, "2.4.2");
  EXPECT_FALSE(reporter_.verify(forged));

  EXPECT_EQ(refusal_of([&] {
              keyring_.clearsign(text, "0123456789ABCDEF0123456789ABCDEF01234567");
            }).kind(),
            Refusal::Kind::not_found);
}

// A home deeper than a unix socket address can name still gets a working agent: its sockets are
// redirected to /tmp/embargo-gnupg-UID/<hash>.
TEST_F(MailPgp, WorksInAHomeTooDeepForTheAgentsSockets) {
  fs::path deep = scratch_.path() / std::string(60, 'd') / std::string(60, 'e') / "gnupg";
  ASSERT_GE((deep / "S.gpg-agent.browser").string().size(), 108u);
  std::string redirect;
  {
    Keyring keyring(deep);
    std::string fingerprint = keyring.generate("Deep <deep@example.org>");
    std::string message = keyring.encrypt(kReport, fingerprint);
    EXPECT_EQ(keyring.decrypt(message).plaintext, kReport);
    redirect = read_text(deep / "S.gpg-agent");
  }
  embargo::testing::kill_gpg_agents(deep);
  ASSERT_EQ(redirect.rfind("%Assuan%\nsocket=/tmp/embargo-gnupg-", 0), 0u) << redirect;
  // "%Assuan%\nsocket=PATH\n": the agent is gone, its socket directory goes too.
  fs::path socket = redirect.substr(16, redirect.size() - 17);
  fs::remove_all(socket.parent_path());
}

}  // namespace
}  // namespace embargo::mail
