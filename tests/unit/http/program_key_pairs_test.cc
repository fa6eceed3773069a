// Two servers of one instance, each with its own GnuPG home, sharing a store: a program key pair
// generated on one decrypts and signs on the other without copying any GnuPG home, a key made
// before the store kept secret keys reaches the store from the server that holds it, and a
// server with another instance's key is stopped with the reason.
#include "http/program_key_pairs.h"

#include <gtest/gtest.h>

#include "gpg_cli.h"
#include "store_fixture.h"

namespace embargo::http {
namespace {

namespace fs = std::filesystem;
using store::testing::test_policy;
using store::testing::test_policy_source;

class ProgramKeyPairsTest : public store::testing::StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("acme"), test_policy_source("acme"), "test");
  }
  ~ProgramKeyPairsTest() override {
    for (const auto& home : {first_home_, second_home_}) embargo::testing::kill_gpg_agents(home);
  }

  embargo::testing::GpgHome scratch_;
  auth::SecretBox box_ = auth::SecretBox::from_key_file(scratch_.path() / "instance.key");
  fs::path first_home_ = scratch_.path() / "server1" / "gnupg";
  fs::path second_home_ = scratch_.path() / "server2" / "gnupg";
  embargo::testing::GpgHome reporter_;
};

TEST_F(ProgramKeyPairsTest, AKeyMadeOnOneServerDecryptsAndSignsOnAnother) {
  fs::create_directories(first_home_.parent_path());
  fs::create_directories(second_home_.parent_path());
  std::string fingerprint;
  {
    mail::Keyring first(first_home_);
    fingerprint = first.generate("Acme security team <security@acme.example>");
    keep_program_key(store_->mail(), first, box_, "acme", fingerprint, "cli");
    EXPECT_TRUE(share_program_keys(store_->mail(), first, box_).empty())
        << "the server that made the key has it";
  }
  auto pairs = store_->mail().program_key_pairs();
  ASSERT_EQ(pairs.size(), 1u);
  EXPECT_EQ(pairs[0].fingerprint, fingerprint);
  EXPECT_EQ(pairs[0].sealed_secret.find("PRIVATE KEY"), std::string::npos) << "sealed";
  EXPECT_EQ(box_.open(pairs[0].sealed_secret).rfind("-----BEGIN PGP PRIVATE KEY BLOCK-----", 0),
            0u);

  mail::Keyring second(second_home_);
  EXPECT_TRUE(second.secret_fingerprints().empty());
  EXPECT_EQ(share_program_keys(store_->mail(), second, box_),
            std::vector<std::string>{fingerprint});
  EXPECT_TRUE(share_program_keys(store_->mail(), second, box_).empty()) << "once";
  auto key = store_->mail().program_key("acme");
  ASSERT_TRUE(key.has_value());
  std::string message = reporter_.encrypt("The upload form takes ../ in names.\n", key->armored);
  EXPECT_EQ(second.decrypt(message).plaintext, "The upload form takes ../ in names.\n");
  reporter_.import(key->armored);
  EXPECT_TRUE(
      reporter_.verify(second.clearsign("Contact: mailto:security@acme.example\n", fingerprint)));
}

TEST_F(ProgramKeyPairsTest, AKeyFromBeforeTheStoreKeptSecretKeysReachesItFromItsServer) {
  fs::create_directories(first_home_.parent_path());
  fs::create_directories(second_home_.parent_path());
  mail::Keyring first(first_home_);
  std::string fingerprint = first.generate("Acme security team <security@acme.example>");
  // What `embargo program key generate` stored before: the public key only.
  store_->mail().set_program_key("acme", {fingerprint, first.export_public(fingerprint)}, "",
                                 "cli");
  mail::Keyring second(second_home_);
  EXPECT_TRUE(share_program_keys(store_->mail(), second, box_).empty()) << "nothing to take yet";
  EXPECT_TRUE(second.secret_fingerprints().empty());

  EXPECT_TRUE(share_program_keys(store_->mail(), first, box_).empty());
  ASSERT_EQ(store_->mail().program_key_pairs().size(), 1u);
  EXPECT_FALSE(store_->mail().program_key_pairs()[0].sealed_secret.empty());
  EXPECT_EQ(share_program_keys(store_->mail(), second, box_),
            std::vector<std::string>{fingerprint});
  EXPECT_EQ(second.secret_fingerprints(), std::vector<std::string>{fingerprint});
}

TEST_F(ProgramKeyPairsTest, AServerWithAnotherInstancesKeyIsToldWhy) {
  fs::create_directories(first_home_.parent_path());
  fs::create_directories(second_home_.parent_path());
  {
    mail::Keyring first(first_home_);
    std::string fingerprint = first.generate("Acme security team <security@acme.example>");
    keep_program_key(store_->mail(), first, box_, "acme", fingerprint, "cli");
  }
  auto other_box = auth::SecretBox::from_key_file(scratch_.path() / "other.key");
  mail::Keyring second(second_home_);
  try {
    share_program_keys(store_->mail(), second, other_box);
    FAIL() << "a sealed key opened under another instance key";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("program acme"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("instance.key"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(second.secret_fingerprints().empty());
}

}  // namespace
}  // namespace embargo::http
