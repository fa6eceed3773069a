#include <atomic>
#include <chrono>
#include <thread>

#include "core/error.h"
#include "store/sql/writer.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

using sql::WriteContext;
using sql::Writer;
using sqlite::Connection;

int count_commits(void* commits) {
  ++*static_cast<std::atomic<int>*>(commits);
  return 0;  // let the commit go ahead
}

class SqliteWriterTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    auto db = std::make_unique<Connection>(db_path(), Connection::Mode::read_write);
    db->exec("PRAGMA journal_mode = WAL; CREATE TABLE t (x INTEGER)");
    sqlite3_commit_hook(db->handle(), count_commits, &commits_);
    writer_ = std::make_unique<Writer>(std::move(db), 256);
  }
  void TearDown() override {
    writer_.reset();
    StoreTest::TearDown();
  }

  static void insert(WriteContext& w, int x) {
    w.db.query("INSERT INTO t VALUES (?1)").bind(1, x).run();
  }

  // Holds the writer thread inside a job until release(), so that the jobs submitted meanwhile
  // queue up and are all taken as the next group.
  void hold() {
    holder_ = std::thread([this] {
      writer_->run([this](WriteContext&) {
        holding_ = true;
        while (!released_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      });
    });
    while (!holding_) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  void release_once_queued(std::size_t jobs) {
    while (writer_->queued() < jobs) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    released_ = true;
    holder_.join();
  }

  std::atomic<int> commits_{0};
  std::atomic<bool> holding_{false};
  std::atomic<bool> released_{false};
  std::thread holder_;
  std::unique_ptr<Writer> writer_;
};

TEST_F(SqliteWriterTest, AFailingJobLosesOnlyItsOwnChangesInAGroup) {
  hold();
  std::atomic<int> refused{0};
  std::vector<std::thread> callers;
  for (int i = 1; i <= 6; ++i) {
    callers.emplace_back([&, i] {
      try {
        writer_->run([i](WriteContext& w) {
          insert(w, i);
          if (i == 3) throw invalid("x", "three is refused after writing");
        });
      } catch (const Refusal&) {
        ++refused;
      }
    });
  }
  release_once_queued(6);
  for (auto& c : callers) c.join();
  EXPECT_EQ(refused, 1);
  EXPECT_EQ(count("SELECT count(*) FROM t"), 5);
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE x = 3"), 0);
  // The holder's group, then one group for all six: one commit, one fsync.
  EXPECT_EQ(commits_, 2);
}

// An import is all or nothing and runs alone: in a transaction of its own, between the groups
// queued before and after it, and outside any savepoint, so that no savepoint spans the batch
// and a statement journal holds one statement's pages, not all the batch wrote before
// (issue 17: each report of a 10,000-report batch cost more than the one before).
TEST_F(SqliteWriterTest, AJobRunAloneIsItsOwnTransactionWithoutASavepoint) {
  hold();
  std::vector<std::thread> callers;
  for (int i : {1, 2})
    callers.emplace_back([&, i] { writer_->run([i](auto& w) { insert(w, i); }); });
  release_once_queued(2);
  for (auto& c : callers) c.join();
  int before = commits_;
  bool in_savepoint = true;
  writer_->run_alone([&](WriteContext& w) {
    for (int i = 10; i < 20; ++i) insert(w, i);
    try {
      w.db.exec("RELEASE job");
    } catch (const std::runtime_error&) {
      in_savepoint = false;  // "no such savepoint"
    }
  });
  EXPECT_FALSE(in_savepoint);
  EXPECT_EQ(commits_, before + 1);
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE x >= 10"), 10);

  // A failure anywhere in it rolls all of it back, and only it.
  EXPECT_THROW(writer_->run_alone([](WriteContext& w) {
    for (int i = 20; i < 30; ++i) insert(w, i);
    throw invalid("x", "the last report of the batch is refused");
  }),
               Refusal);
  writer_->run([](WriteContext& w) { insert(w, 3); });
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE x >= 20"), 0);
  EXPECT_EQ(count("SELECT count(*) FROM t WHERE x < 10"), 3);
}

TEST_F(SqliteWriterTest, ActsAfterCommitOnlyForJobsThatCommitted) {
  std::atomic<int> acted{0};
  writer_->run([&](WriteContext& w) {
    insert(w, 1);
    w.after_commit([&] { ++acted; });
  });
  EXPECT_THROW(writer_->run([&](WriteContext& w) {
    w.after_commit([&] { ++acted; });
    throw std::runtime_error("failed");
  }),
               std::runtime_error);
  EXPECT_EQ(acted, 1);
}

TEST_F(SqliteWriterTest, ASqlErrorInAJobIsThatCallersError) {
  EXPECT_THROW(writer_->run([](WriteContext& w) { w.db.exec("INSERT INTO missing VALUES (1)"); }),
               std::runtime_error);
  writer_->run([](WriteContext& w) { insert(w, 1); });
  EXPECT_EQ(count("SELECT count(*) FROM t"), 1);
}

TEST_F(SqliteWriterTest, ClosingFinishesEveryQueuedJob) {
  hold();
  std::atomic<int> done{0};
  std::vector<std::thread> callers;
  for (int i = 0; i < 8; ++i) {
    callers.emplace_back([&, i] {
      writer_->run([i](WriteContext& w) { insert(w, i); });
      ++done;
    });
  }
  while (writer_->queued() < 8) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  std::thread closer([&] { writer_.reset(); });  // waits for the queue to drain
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  released_ = true;
  holder_.join();
  closer.join();
  for (auto& c : callers) c.join();
  EXPECT_EQ(done, 8);
  EXPECT_EQ(count("SELECT count(*) FROM t"), 8);
}

// A store closed leaves no write-ahead log behind, even though its read-only readers close after
// the writer: the next process (an MTA's next `embargo mail receive`) would otherwise read all
// of the log again to open the store.
TEST_F(SqliteStoreTest, ClosingFoldsTheWriteAheadLogIntoTheDatabase) {
  open();
  store_->apply_program(test_policy("acme"), test_policy_source("acme"), "test");
  for (int i = 0; i < 50; ++i) {
    store_->create_report(test_submission("acme", "Report " + std::to_string(i)), "test");
  }
  auto wal = std::filesystem::path(db_path().string() + "-wal");
  ASSERT_GT(std::filesystem::file_size(wal), 0U) << "the reports are in the log first";
  store_.reset();
  EXPECT_TRUE(!std::filesystem::exists(wal) || std::filesystem::file_size(wal) == 0);
  open();
  ReportQuery all;
  all.limit = 100;
  EXPECT_EQ(store_->list_reports(all).reports.size(), 50U) << "nothing was lost";
}

// Another process reading the store when this one closes keeps the log (the checkpoint cannot
// empty it under a reader, and does not wait for one), and nothing is lost.
TEST_F(SqliteStoreTest, ClosingWhileAnotherConnectionReadsKeepsTheLog) {
  open();
  store_->apply_program(test_policy("acme"), test_policy_source("acme"), "test");
  store_->create_report(test_submission("acme", "Kept"), "test");
  Connection other(db_path(), Connection::Mode::read_only);
  other.exec("BEGIN");
  auto read = other.query("SELECT count(*) FROM reports");
  ASSERT_TRUE(read.step());
  store_.reset();
  EXPECT_GT(std::filesystem::file_size(db_path().string() + "-wal"), 0U);
  read.run();
  other.exec("COMMIT");
  open();
  EXPECT_EQ(store_->list_reports(ReportQuery{}).reports.size(), 1U);
}

TEST_F(StoreTest, ConcurrentReportsAllCommitWhileBadOnesAreRefused) {
  Store& store = open();
  store.apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        Submission s = test_submission("pyspector", "r");
        if (i == t) s.fields[ReportField::severity] = "apocalyptic";
        try {
          store.create_report(s, "r");
        } catch (const Refusal&) {
          ++refused;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(refused, 8);
  EXPECT_EQ(count("SELECT count(*) FROM reports"), 72);
  EXPECT_EQ(count("SELECT max(sequence) FROM reports"), 72);  // no gaps from the refused ones
  EXPECT_EQ(count("SELECT count(*) FROM audit_events WHERE action = 'report.created'"), 72);
}

}  // namespace
}  // namespace embargo::store::testing
