#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "core/policy.h"
#include "core/report.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace embargo::store {
namespace {

constexpr int kWriters = 8;
constexpr auto kLoad = std::chrono::seconds(2);

Policy kill9_policy() {
  Policy p;
  p.identity.slug = "kill9";
  p.identity.name = "kill9";
  p.identity.id_prefix = "KILL9";
  p.form.fields = {{ReportField::title, true, "", ""}, {ReportField::description, true, "", ""}};
  return p;
}

// The child: writes reports from several threads as fast as it can, and tells the parent each
// public id only after create_report has returned, i.e. after the store acknowledged it.
[[noreturn]] void write_until_killed(const std::filesystem::path& db, int out) {
  try {
    auto store = open_sqlite({.path = db, .readers = 1, .max_batch = 256});
    store->apply_program(kill9_policy(), "", "kill9");
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) {
      writers.emplace_back([&store, out] {
        Submission s;
        s.program = "kill9";
        s.fields[ReportField::title] = "report under load";
        s.fields[ReportField::description] = std::string(500, 'x');
        s.consented = true;
        for (;;) {
          std::string line = store->create_report(s, "kill9").report.id + "\n";
          // One short write to a pipe is atomic, so lines from different threads never mix.
          if (::write(out, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
            ::_exit(3);
          }
        }
      });
    }
    for (auto& w : writers) w.join();
  } catch (const std::exception& e) {
    std::string message = std::string("child: ") + e.what() + "\n";
    [[maybe_unused]] auto ignored = ::write(2, message.data(), message.size());
  }
  ::_exit(2);
}

// Reads complete lines from the child until `deadline`, then kills it and reads the rest.
std::vector<std::string> acknowledged_until_killed(pid_t child, int in,
                                                   std::chrono::steady_clock::time_point deadline) {
  std::string buffer;
  char chunk[4096];
  bool killed = false;
  for (;;) {
    if (!killed && std::chrono::steady_clock::now() >= deadline) {
      ::kill(child, SIGKILL);
      killed = true;
    }
    pollfd p{in, POLLIN, 0};
    if (::poll(&p, 1, killed ? 1000 : 50) <= 0) {
      if (killed) break;
      continue;
    }
    ssize_t n = ::read(in, chunk, sizeof chunk);
    if (n <= 0) break;  // the child is gone and the pipe is empty
    buffer.append(chunk, static_cast<std::size_t>(n));
  }
  std::vector<std::string> ids;
  std::istringstream lines(buffer.substr(0, buffer.rfind('\n') + 1));
  for (std::string line; std::getline(lines, line);) ids.push_back(line);
  return ids;
}

std::string integrity(const std::filesystem::path& db) {
  sqlite::Connection raw(db, sqlite::Connection::Mode::read_only);
  auto q = raw.query("PRAGMA integrity_check");
  q.step();
  return q.text(0);
}

// A report acknowledged as stored survives kill -9 of the process at any moment. Every round
// forks before this process starts a thread (the store's threads are joined by its destructor
// at the end of each round), so the child starts from a clean single-threaded copy.
TEST(SqliteKill9, EveryAcknowledgedReportSurvivesSigkill) {
  std::string pattern = (std::filesystem::temp_directory_path() / "embargo-kill9-XXXXXX");
  ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
  std::filesystem::path dir = pattern;
  auto db = dir / "embargo.db";
  std::size_t total = 0;

  for (int round = 0; round < 3; ++round) {
    int pipe_ends[2];
    ASSERT_EQ(::pipe(pipe_ends), 0);
    pid_t child = ::fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      ::close(pipe_ends[0]);
      write_until_killed(db, pipe_ends[1]);
    }
    ::close(pipe_ends[1]);
    auto ids =
        acknowledged_until_killed(child, pipe_ends[0], std::chrono::steady_clock::now() + kLoad);
    ::close(pipe_ends[0]);
    int status = 0;
    ASSERT_EQ(::waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
        << "the child stopped by itself (status " << status << ") before it was killed";
    ASSERT_FALSE(ids.empty()) << "round " << round << ": no report was acknowledged";
    total += ids.size();

    EXPECT_EQ(integrity(db), "ok");
    {
      auto store = open_sqlite({.path = db, .readers = 1, .max_batch = 1});
      std::size_t missing = 0;
      for (const auto& id : ids) {
        if (!store->find_report(id)) ++missing;
      }
      EXPECT_EQ(missing, 0u) << "round " << round << ": " << missing << " of " << ids.size()
                             << " acknowledged reports were lost";
    }
  }
  RecordProperty("acknowledged_reports", static_cast<int>(total));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace embargo::store
