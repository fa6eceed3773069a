#include <atomic>
#include <fstream>
#include <thread>

#include "core/error.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

TEST_F(StoreTest, BacksUpAnOpenableCopyWhileWritesGoOn) {
  Store& store = open();
  store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  std::vector<std::string> before;
  for (int i = 0; i < 20; ++i) {
    before.push_back(store.create_report(test_submission("pyspector", "r"), "r").report.id);
  }
  std::atomic<bool> stop{false};
  std::atomic<int> during{0};
  std::thread writer([&] {
    while (!stop) {
      store.create_report(test_submission("pyspector", "during"), "r");
      ++during;
    }
  });
  while (during < 5) std::this_thread::yield();
  auto copy_path = dir_ / "copy.db";
  store.backup(copy_path);
  stop = true;
  writer.join();
  EXPECT_GE(during, 5);

  auto copy = open_sqlite({.path = copy_path, .readers = 1, .max_batch = 1});
  for (const auto& id : before) EXPECT_TRUE(copy->find_report(id)) << id;
  ReportQuery all;
  all.limit = 500;
  auto copied = copy->list_reports(all).reports.size();
  EXPECT_GE(copied, before.size() + 5);  // what had been committed when the backup began
  EXPECT_LE(copied, before.size() + static_cast<std::size_t>(during));
  EXPECT_EQ(copy->list_programs().size(), 1u);
  // Nothing but the copy is left behind.
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir_)) {
    if (entry.path().filename().string().find(".partial-") != std::string::npos) ++files;
  }
  EXPECT_EQ(files, 0);
}

TEST_F(StoreTest, BackupRefusesToOverwriteOrToWriteNowhere) {
  Store& store = open();
  auto taken = dir_ / "taken.db";
  { std::ofstream(taken) << "keep me"; }
  try {
    store.backup(taken);
    FAIL() << "an existing file was overwritten";
  } catch (const Refusal& r) {
    EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
    EXPECT_EQ(r.field(), "destination");
  }
  EXPECT_EQ(std::filesystem::file_size(taken), 7u);
  EXPECT_THROW(store.backup(dir_ / "no-such-dir" / "copy.db"), Refusal);
}

}  // namespace
}  // namespace embargo::store::testing
