// Of several servers on one PostgreSQL store, one runs each background job at a time, and a
// server that stops or is killed leaves its jobs to the others (Store::hold_job). On SQLite, the
// store of one machine, every store runs them.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

using namespace std::chrono_literals;

TEST_F(StoreTest, OneStoreAtATimeHoldsEachJobUntilItCloses) {
  Store& first = open();
  auto second = open_another();
  EXPECT_TRUE(first.hold_job("outbox"));
  EXPECT_TRUE(first.hold_job("outbox")) << "a store keeps the job it holds";
  EXPECT_TRUE(second->hold_job("advisory publication"));
  if (!on_postgres()) {
    EXPECT_TRUE(second->hold_job("outbox"));
    return;
  }
  EXPECT_FALSE(second->hold_job("outbox"));
  EXPECT_FALSE(first.hold_job("advisory publication"));
  store_.reset();  // the first server stops
  // PostgreSQL lets the lock go once the closed connection's backend has ended, a moment after
  // the close: the test waits for it without a bound on how soon.
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!second->hold_job("outbox") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(second->hold_job("outbox"));
  EXPECT_TRUE(second->hold_job("advisory publication"));
}

// A server killed with SIGKILL holds nothing: its connections close with it, and the next store
// to ask takes its job.
TEST_F(StoreTest, AKilledStoresJobsGoToTheNextStoreThatAsks) {
  open();
  store_.reset();
  int pipe_ends[2];
  ASSERT_EQ(::pipe(pipe_ends), 0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_ends[0]);
    char held = 'e';
    std::unique_ptr<Store> store;
    try {
      store = open_another();
      held = store->hold_job("outbox") ? 'y' : 'n';
    } catch (const std::exception&) {
      // 'e' tells the parent
    }
    [[maybe_unused]] auto written = ::write(pipe_ends[1], &held, 1);
    for (;;) ::pause();
  }
  ::close(pipe_ends[1]);
  char held = 0;
  ASSERT_EQ(::read(pipe_ends[0], &held, 1), 1);
  ::close(pipe_ends[0]);
  EXPECT_EQ(held, 'y');
  Store& store = open();
  EXPECT_EQ(store.hold_job("outbox"), !on_postgres()) << "the child holds it";
  ::kill(child, SIGKILL);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  // The server notices the closed connection by itself; the test waits for it without a bound
  // on how soon.
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!store.hold_job("outbox") && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_TRUE(store.hold_job("outbox"));
}

// A database server that restarts (or a network that fails) ends every connection the store
// has: on PostgreSQL each is made again at its next use, and a pooled connection that finds
// its session gone at the start of a transaction costs no request an error. What was stored
// before is there.
TEST_F(StoreTest, AStoreMakesItsLostConnectionsAgain) {
  Store& store = open();
  store.apply_program(test_policy("alpha"), test_policy_source("alpha"), "cli");
  std::string before =
      store.create_report(test_submission("alpha", "Before the restart"), "r").report.id;
  store.data_generation();
  if (on_postgres()) {
    raw()->exec(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        " WHERE datname = current_database() AND pid <> pg_backend_pid()");
  }
  EXPECT_EQ(display_title(store.find_report(before)->submission), "Before the restart");
  std::string after =
      store.create_report(test_submission("alpha", "After the restart"), "r").report.id;
  ReportQuery all;
  EXPECT_EQ(store.list_reports(all).reports.size(), 2u);
  EXPECT_EQ(display_title(store.find_report(after)->submission), "After the restart");
}

// While the database is away (here: it takes no connections), what the store is asked fails with
// Unavailable, which the server answers with 503 and a Retry-After; once it is back, the same
// operations work, and nothing acknowledged before is lost.
TEST_F(StoreTest, WhileTheDatabaseIsAwayOperationsAreUnavailable) {
  Store& store = open();
  store.apply_program(test_policy("alpha"), test_policy_source("alpha"), "cli");
  std::string kept = store.create_report(test_submission("alpha", "Kept"), "r").report.id;
  if (on_postgres()) {
    postgres::Connection maintenance(*embargo::testing::test_postgres_url());
    maintenance.exec("ALTER DATABASE " + database_->name() + " ALLOW_CONNECTIONS false");
    maintenance.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" +
                     database_->name() + "'");
    EXPECT_THROW(store.find_report(kept), Unavailable);
    EXPECT_THROW(store.create_report(test_submission("alpha", "Refused"), "r"), Unavailable);
    maintenance.exec("ALTER DATABASE " + database_->name() + " ALLOW_CONNECTIONS true");
  }
  EXPECT_EQ(display_title(store.find_report(kept)->submission), "Kept");
  store.create_report(test_submission("alpha", "Stored"), "r");
  EXPECT_EQ(store.list_reports(ReportQuery{}).reports.size(), 2u);
}

}  // namespace
}  // namespace embargo::store::testing
