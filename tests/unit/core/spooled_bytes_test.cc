#include "core/spooled_bytes.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <system_error>
#include <vector>

#include "core/digest.h"

namespace embargo {
namespace {

namespace fs = std::filesystem;

// A directory of its own, empty, removed after the test.
class SpooledBytesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    directory_ = fs::path(::testing::TempDir()) /
                 ("spool-" + std::to_string(::getpid()) + "-" +
                  ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(directory_);
  }
  void TearDown() override { fs::remove_all(directory_); }

  std::size_t entries() const {
    return static_cast<std::size_t>(
        std::distance(fs::directory_iterator(directory_), fs::directory_iterator()));
  }

  fs::path directory_;
};

TEST_F(SpooledBytesTest, StaysInMemoryUpToTheThresholdAndMovesToAFileBeyondIt) {
  SpooledBytes bytes;
  bytes.spool_above(10, directory_.string());
  bytes.append("0123456789");
  EXPECT_FALSE(bytes.spooled());
  EXPECT_EQ(bytes.memory(), "0123456789");
  bytes.append("ab");
  ASSERT_TRUE(bytes.spooled());
  EXPECT_EQ(bytes.size(), 12u);
  EXPECT_EQ(bytes, "0123456789ab");
  EXPECT_EQ(bytes.head(4), "0123");
  EXPECT_EQ(bytes.head(100), "0123456789ab");
  EXPECT_THROW((void)bytes.memory(), std::logic_error);
  SpooledBytes copy = bytes;  // shares the file
  EXPECT_EQ(copy.str(), "0123456789ab");
}

// An unpublished proof of concept must not be left on disk under a name: the file has none,
// even while it is open, and is gone when the last copy of its bytes is.
TEST_F(SpooledBytesTest, TheFileHasNoNameAndIsGoneWithItsBytes) {
  std::string link;
  {
    SpooledBytes bytes;
    bytes.spool_above(0, directory_.string());
    bytes.append("secret proof of concept");
    ASSERT_TRUE(bytes.spooled());
    EXPECT_EQ(entries(), 0u);
    link = fs::read_symlink("/proc/self/fd/" + std::to_string(bytes.file().descriptor()));
    EXPECT_NE(link.find("(deleted)"), std::string::npos) << link;
    EXPECT_EQ(
        (fs::status("/proc/self/fd/" + std::to_string(bytes.file().descriptor())).permissions() &
         fs::perms::all),
        fs::perms::owner_read | fs::perms::owner_write);
  }
  EXPECT_EQ(entries(), 0u);
}

TEST_F(SpooledBytesTest, ReadsInPiecesInOrder) {
  std::string large(SpooledBytes::kPieceBytes * 2 + 123, '\0');
  for (std::size_t i = 0; i < large.size(); ++i) large[i] = static_cast<char>(i * 7 % 251);
  SpooledBytes bytes;
  bytes.spool_above(0, directory_.string());
  for (std::size_t at = 0; at < large.size(); at += 1000) bytes.append(large.substr(at, 1000));
  std::vector<std::size_t> sizes;
  std::string joined;
  bytes.for_each_piece([&](std::string_view piece) {
    sizes.push_back(piece.size());
    joined.append(piece);
  });
  EXPECT_EQ(sizes,
            (std::vector<std::size_t>{SpooledBytes::kPieceBytes, SpooledBytes::kPieceBytes, 123}));
  EXPECT_EQ(joined, large);
  EXPECT_FALSE(bytes == large.substr(1));
  EXPECT_TRUE(bytes == large);
}

// FIPS 180-2's third SHA-256 example: one million 'a's, digested piece by piece from a file.
TEST_F(SpooledBytesTest, ItsDigestIsSha256OfAllItsBytes) {
  SpooledBytes bytes;
  bytes.spool_above(0, directory_.string());
  bytes.append(std::string(1'000'000, 'a'));
  EXPECT_EQ(sha256_hex_of_pieces(bytes),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  EXPECT_EQ(sha256_hex_of_pieces(SpooledBytes("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(SpooledBytesTest, ADirectoryThatCannotTakeTheFileIsNamed) {
  SpooledBytes bytes;
  bytes.spool_above(0, (directory_ / "missing").string());
  try {
    bytes.append("x");
    ADD_FAILURE() << "no error";
  } catch (const std::system_error& e) {
    EXPECT_NE(std::string(e.what()).find((directory_ / "missing").string()), std::string::npos)
        << e.what();
    EXPECT_EQ(e.code(), std::errc::no_such_file_or_directory);
  }
}

}  // namespace
}  // namespace embargo
