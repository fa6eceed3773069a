// `embargo backup` against a running server: it writes the database and the instance key, and a
// data directory restored from the two files lets a TOTP-enrolled member sign in with a code
// (the database alone could not: its TOTP secrets are sealed under the key).
#include <gtest/gtest.h>
#include <liboath/oath.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <string>

#include "auth/totp.h"
#include "core/time.h"
#include "core/time_source.h"
#include "test_server.h"

namespace embargo {
namespace {

using testing::Browser;
using testing::TestServer;
namespace bh = boost::beast::http;
namespace fs = std::filesystem;

using testing::kPassword;

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

// Enrols the signed-in browser's account in two-factor sign-in through the account pages and
// returns the raw TOTP secret; the code that confirmed it is for `at`.
std::string enrol_two_factor(Browser& browser, Time at) {
  browser.get("/account/two-factor");
  browser.post("/account/two-factor", {});
  auto page = browser.get("/account/two-factor");
  std::smatch m;
  std::string body = page.body();
  EXPECT_TRUE(std::regex_search(body, m, std::regex("<code>([A-Z2-7]+)</code>"))) << body;
  std::string base32 = m[1];
  char* raw = nullptr;
  size_t length = 0;
  EXPECT_EQ(oath_base32_decode(base32.data(), base32.size(), &raw, &length), OATH_OK);
  std::string secret(raw, length);
  free(raw);
  auto on = browser.post("/account/two-factor/confirm", {{"code", auth::totp_code(secret, at)}});
  EXPECT_EQ(on.result(), bh::status::ok) << on.body();
  EXPECT_NE(on.body().find("recovery"), std::string::npos) << on.body();
  return secret;
}

TEST(BackupRestoreTest, ARestoredDirectoryKeepsEveryTwoFactorEnrolment) {
  TestServer original("backup-original", {"company.toml"});
  std::string email = "enrolled@example.org";
  ASSERT_EQ(
      original.cli("user add --email " + email + " --password-stdin", std::string(kPassword) + "\n")
          .status,
      0);
  Browser browser(original);
  ASSERT_TRUE(browser.sign_in(email, kPassword));
  Time at = system_time().now();
  std::string secret = enrol_two_factor(browser, at);

  fs::path backups =
      original.data().parent_path() / (original.data().filename().string() + "-backups");
  fs::remove_all(backups);
  fs::create_directory(backups);
  fs::path database = backups / "embargo-backup.db";
  fs::path key = backups / "embargo-backup.db.key";
  auto backed_up = original.cli("backup " + database.string());
  ASSERT_EQ(backed_up.status, 0) << backed_up.out;
  EXPECT_NE(backed_up.out.find("to " + database.string() + "\n"), std::string::npos)
      << backed_up.out;
  EXPECT_NE(backed_up.out.find("instance.key to " + key.string() + "\n"), std::string::npos)
      << backed_up.out;
  EXPECT_EQ(mode_of(key), 0600u);
  EXPECT_EQ(file_bytes(key), file_bytes(original.data() / "instance.key"));

  // Nothing is written, nor overwritten, when either file is already there.
  EXPECT_EQ(original.cli("backup " + database.string()).status, 1);
  EXPECT_EQ(file_bytes(key), file_bytes(original.data() / "instance.key"));
  fs::path lonely = backups / "second.db";
  std::ofstream(lonely.string() + ".key") << "someone else's";
  EXPECT_EQ(original.cli("backup " + lonely.string()).status, 1);
  EXPECT_FALSE(fs::exists(lonely)) << "refused before the database was copied";
  EXPECT_EQ(file_bytes(lonely.string() + ".key"), "someone else's");

  // Restore as docs/cli.md says: both files back into a new data directory.
  TestServer restored("backup-restored", [&](const fs::path& data) {
    fs::copy_file(database, data / "embargo.db");
    fs::copy_file(key, data / "instance.key");
    fs::permissions(data / "instance.key", fs::perms::owner_read | fs::perms::owner_write,
                    fs::perm_options::replace);
  });
  Browser later(restored);
  EXPECT_FALSE(later.sign_in(email, kPassword, "000000")) << "the code is still required";
  Browser again(restored);
  EXPECT_TRUE(
      again.sign_in(email, kPassword, auth::totp_code(secret, at + std::chrono::seconds(30))));
  EXPECT_EQ(again.get("/account").result(), bh::status::ok);
  fs::remove_all(backups);
}

}  // namespace
}  // namespace embargo
