#include "auth/secret_box.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "core/error.h"

namespace embargo::auth {
namespace {

namespace fs = std::filesystem;

// Each test gets its own data directory, removed when the test ends.
class SecretBoxTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "embargo-key-XXXXXX");
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path key_path() const { return dir_ / instance_key_file; }

  void write_key(const std::string& bytes, fs::perms perms) {
    std::ofstream(key_path(), std::ios::binary) << bytes;
    fs::permissions(key_path(), perms);
  }

  // The message of the error opening the key file throws.
  std::string key_file_error() {
    try {
      SecretBox::from_key_file(key_path());
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    ADD_FAILURE() << "the key file was accepted";
    return "";
  }

  fs::path dir_;
};

std::string open_error(const SecretBox& box, const std::string& sealed) {
  try {
    box.open(sealed);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "opened " << sealed;
  return "";
}

TEST_F(SecretBoxTest, CreatesAPrivateKeyFileOnce) {
  SecretBox box = SecretBox::from_key_file(key_path());
  ASSERT_TRUE(fs::is_regular_file(key_path()));
  EXPECT_EQ(fs::file_size(key_path()), 32U);
  EXPECT_EQ(fs::status(key_path()).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), fs::directory_iterator()), 1)
      << "no temporary file is left beside the key";

  std::string sealed = box.seal("totp secret");
  // A second start reads the same key back instead of replacing it.
  SecretBox again = SecretBox::from_key_file(key_path());
  EXPECT_EQ(again.open(sealed), "totp secret");
}

TEST_F(SecretBoxTest, CreatesTheKeyPrivateWhateverTheUmask) {
  mode_t old = ::umask(0);
  SecretBox::from_key_file(key_path());
  ::umask(old);
  EXPECT_EQ(fs::status(key_path()).permissions(), fs::perms::owner_read | fs::perms::owner_write);
}

TEST_F(SecretBoxTest, SealsAndOpensBinarySecrets) {
  SecretBox box = SecretBox::from_key_file(key_path());
  std::string secret("\x00\xff\x10 binary\x00", 10);
  std::string sealed = box.seal(secret);
  EXPECT_EQ(box.open(sealed), secret);
  EXPECT_EQ(box.open(box.seal("")), "");
  // base64url without padding of a 24-byte nonce, a 16-byte tag and the 10 bytes.
  EXPECT_EQ(sealed.size(), 67U);
  EXPECT_EQ(
      sealed.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  EXPECT_NE(box.seal(secret), sealed) << "each seal has a fresh nonce";
}

TEST_F(SecretBoxTest, RefusesTamperedData) {
  SecretBox box = SecretBox::from_key_file(key_path());
  std::string sealed = box.seal("totp secret");
  for (std::size_t i = 0; i < sealed.size(); i += 7) {
    std::string tampered = sealed;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    EXPECT_NE(open_error(box, tampered).find("does not open under this instance's key"),
              std::string::npos);
  }
  // Whole base64 groups (3 bytes) cut from or added before the nonce.
  EXPECT_NE(open_error(box, sealed.substr(4)).find("does not open"), std::string::npos);
  EXPECT_NE(open_error(box, "AAAA" + sealed).find("does not open"), std::string::npos);
  EXPECT_NE(open_error(box, "").find("too short"), std::string::npos);
  EXPECT_NE(open_error(box, sealed.substr(0, 40)).find("too short"), std::string::npos);
  EXPECT_NE(open_error(box, sealed + "=").find("not base64url"), std::string::npos);
  EXPECT_NE(open_error(box, "not sealed!").find("not base64url"), std::string::npos);
}

TEST_F(SecretBoxTest, RefusesDataSealedByAnotherInstance) {
  SecretBox ours = SecretBox::from_key_file(key_path());
  fs::create_directory(dir_ / "other");
  SecretBox theirs = SecretBox::from_key_file(dir_ / "other" / instance_key_file);
  EXPECT_NE(open_error(ours, theirs.seal("totp secret")).find("another instance"),
            std::string::npos);
}

TEST_F(SecretBoxTest, RefusesAKeyOthersCanRead) {
  write_key(std::string(32, 'k'), fs::perms::owner_read | fs::perms::owner_write |
                                      fs::perms::group_read | fs::perms::others_read);
  std::string error = key_file_error();
  EXPECT_NE(error.find(key_path().string()), std::string::npos) << error;
  EXPECT_NE(error.find("mode 0644"), std::string::npos) << error;
  EXPECT_NE(error.find("chmod 600"), std::string::npos) << error;

  fs::permissions(key_path(), fs::perms::owner_read | fs::perms::group_write);
  EXPECT_NE(key_file_error().find("mode 0420"), std::string::npos);

  fs::permissions(key_path(), fs::perms::owner_read);
  SecretBox box = SecretBox::from_key_file(key_path());
  EXPECT_EQ(box.open(box.seal("x")), "x");
}

TEST_F(SecretBoxTest, RefusesAKeyOfTheWrongSize) {
  std::string key = std::string(32, 'k');
  write_key(key.substr(1), fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(key_file_error().find("31 bytes, a key is 32"), std::string::npos);
  write_key(key + "\n", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(key_file_error().find("33 bytes, a key is 32"), std::string::npos);
  write_key("", fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(key_file_error().find("0 bytes"), std::string::npos);
}

TEST_F(SecretBoxTest, RefusesWhatIsNotAPlainFile) {
  fs::create_directory(key_path());
  EXPECT_NE(key_file_error().find("not a regular file"), std::string::npos);
  fs::remove(key_path());
  write_key(std::string(32, 'k'), fs::perms::owner_read | fs::perms::owner_write);
  fs::rename(key_path(), dir_ / "real.key");
  fs::create_symlink(dir_ / "real.key", key_path());
  EXPECT_NE(key_file_error().find("cannot open"), std::string::npos);
}

TEST_F(SecretBoxTest, SaysWhyAKeyCannotBeCreated) {
  std::string error;
  try {
    SecretBox::from_key_file(dir_ / "missing" / instance_key_file);
  } catch (const std::runtime_error& e) {
    error = e.what();
  }
  EXPECT_NE(error.find("missing/instance.key: cannot create"), std::string::npos) << error;
  EXPECT_FALSE(fs::exists(dir_ / "missing"));
}

// A copy of the key (beside a backup) opens what the original sealed, and never replaces a file.
TEST_F(SecretBoxTest, WritesItsKeyToANewPrivateFileOnly) {
  SecretBox box = SecretBox::from_key_file(key_path());
  fs::path copy = dir_ / "backup.db.key";
  box.write_key_file(copy);
  EXPECT_EQ(fs::status(copy).permissions(), fs::perms::owner_read | fs::perms::owner_write);
  SecretBox restored = SecretBox::from_key_file(copy);
  EXPECT_EQ(restored.open(box.seal("totp secret")), "totp secret");

  fs::path taken = dir_ / "taken.key";
  std::ofstream(taken) << "someone else's";
  try {
    box.write_key_file(taken);
    ADD_FAILURE() << "an existing file was replaced";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
    EXPECT_EQ(r.field(), "destination");
  }
  EXPECT_EQ(fs::file_size(taken), 14U);
  for (const auto& entry : fs::directory_iterator(dir_)) {
    EXPECT_EQ(entry.path().filename().string().find(".key."), std::string::npos)
        << "a temporary file was left: " << entry.path();
  }
}

}  // namespace
}  // namespace embargo::auth
