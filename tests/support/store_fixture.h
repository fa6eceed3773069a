#pragma once

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <thread>

#include "core/policy.h"
#include "core/report.h"
#include "postgres_database.h"
#include "prepared_data.h"
#include "store/migrations.h"
#include "store/postgres/connection.h"
#include "store/sqlite/connection.h"
#include "store/store.h"

namespace embargo::store::testing {

// A directory holding an empty store with every migration applied, made once per test binary
// and day and kept in the build tree (prepared_data.h). Applying the migrations is most of what
// opening an empty store costs, and every case would otherwise pay it in its own process. The
// name is the binary's own: a kept directory is replaced when its name's binary changes, so
// binaries sharing a name would replace each other's while their cases copy from it.
inline std::filesystem::path migrated_empty_store() {
  bool made_here = false;
  auto kept = embargo::testing::prepared_directory(
      "migrated-store-" + std::filesystem::read_symlink("/proc/self/exe").filename().string(), {},
      [](const std::filesystem::path& directory) {
        open_sqlite({.path = directory / "embargo.db", .readers = 1, .max_batch = 1});
        return true;
      },
      &made_here);
  if (kept.empty()) throw std::runtime_error("cannot prepare a migrated store");
  return kept;
}

// Each test gets its own directory, removed when the test ends, and its own store in it: a
// SQLite file, or a database of its own on the test run's PostgreSQL server when the binary runs
// with EMBARGO_TEST_STORE=postgres (the "postgres." cases of CTest).
class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "embargo-store-XXXXXX");
    ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    store_.reset();
    database_.reset();
    std::filesystem::remove_all(dir_);
  }

  bool on_postgres() const { return embargo::testing::store_on_postgres(); }

  std::filesystem::path db_path() const { return dir_ / "embargo.db"; }

  // Opens the test's store, which starts as a copy of a migrated empty one unless the test has
  // made its database file already.
  Store& open(int readers = 2) {
    if (on_postgres()) {
      if (!database_) database_ = std::make_unique<embargo::testing::TestDatabase>();
      return open_migrating(readers);
    }
    if (!std::filesystem::exists(db_path())) {
      for (const auto& file : std::filesystem::directory_iterator(migrated_empty_store())) {
        std::filesystem::copy_file(file.path(), dir_ / file.path().filename());
      }
    }
    return open_migrating(readers);
  }

  // Opens the test's store as it is, an empty directory included: for tests of the migrations.
  Store& open_migrating(int readers = 2) {
    store_.reset();
    if (on_postgres()) {
      if (!database_) database_ = std::make_unique<embargo::testing::TestDatabase>(false);
      store_ = open_postgres({.url = database_->url(), .readers = readers, .max_batch = 256});
      return *store_;
    }
    store_ = open_sqlite({.path = db_path(), .readers = readers, .max_batch = 256});
    return *store_;
  }

  // Another store on the test's database, with connections of its own: what another process
  // (or another server of the same PostgreSQL) would open.
  std::unique_ptr<Store> open_another(int readers = 1, int max_batch = 1) const {
    if (on_postgres()) {
      return open_postgres({.url = database_->url(), .readers = readers, .max_batch = max_batch});
    }
    return open_sqlite({.path = db_path(), .readers = readers, .max_batch = max_batch});
  }

  // The migrations of the engine the test runs on.
  const std::vector<Migration>& engine_migrations() const {
    return on_postgres() ? postgres_migrations() : migrations();
  }

  // A raw connection to the store's database, for looking under the interface.
  std::unique_ptr<sql::Connection> raw() const {
    if (on_postgres()) return std::make_unique<postgres::Connection>(database_->url());
    return std::make_unique<sqlite::Connection>(db_path(), sqlite::Connection::Mode::read_write);
  }

  // Now, in the seconds the store keeps times in: what SQL that sets a time under the interface
  // writes (every engine has its own function for it).
  static std::string now_seconds() { return std::to_string(sql::to_seconds(system_time().now())); }

  std::int64_t count(const std::string& sql) const {
    auto db = raw();
    auto q = db->query(sql);
    EXPECT_TRUE(q.step());
    return q.integer(0);
  }

  // Waits until the sessions of a process killed with SIGKILL have ended on PostgreSQL: its
  // server processes finish what they were doing (a COMMIT they had received) before they notice
  // the client is gone, so until then a write it was not acknowledged for may still land.
  void wait_for_sessions_of(pid_t killed) const {
    if (!on_postgres()) return;
    std::string sessions =
        "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'embargo " +
        std::to_string(killed) + "'";
    auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (count(sessions) != 0) {
      ASSERT_LT(std::chrono::steady_clock::now(), deadline) << "the killed process's sessions stay";
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<embargo::testing::TestDatabase> database_;  // on PostgreSQL
  std::unique_ptr<Store> store_;
};

// Cases about SQLite itself: its files and write-ahead log, its query plans and memory, the
// migrations of stores made before there was a PostgreSQL schema. CTest runs them on SQLite only
// (tests/CMakeLists.txt leaves Sqlite* out of the PostgreSQL run).
class SqliteStoreTest : public StoreTest {};

// A program whose form asks for a title and a description (required) and the other fields
// searched by FTS, accepting anonymous reports and up to three .txt attachments of 1 MB.
inline Policy test_policy(const std::string& slug, const std::string& prefix = "") {
  Policy p;
  p.identity.slug = slug;
  p.identity.name = slug;
  p.identity.id_prefix = prefix.empty() ? default_id_prefix(slug) : prefix;
  p.form.fields = {{ReportField::title, true, "", ""},
                   {ReportField::description, true, "", ""},
                   {ReportField::impact, false, "", ""},
                   {ReportField::steps_to_reproduce, false, "", ""},
                   {ReportField::affected_component, false, "", ""},
                   {ReportField::severity, false, "", ""},
                   {ReportField::reporter_email, false, "", ""}};
  p.form.attachments.allowed = true;
  p.form.attachments.extensions = {".txt"};
  p.form.attachments.max_bytes = 1000000;
  p.form.attachments.max_files = 3;
  return p;
}

// The policy file test_policy stands for, so that a store reopened later can load it back.
inline std::string test_policy_source(const std::string& slug, const std::string& prefix = "") {
  std::string prefix_line = prefix.empty() ? "" : "id_prefix = \"" + prefix + "\"\n";
  return "[program]\nslug = \"" + slug + "\"\nname = \"" + slug + "\"\n" + prefix_line +
         R"(
[form]
fields = [
  { field = "title", required = true },
  { field = "description", required = true },
  { field = "impact" },
  { field = "steps_to_reproduce" },
  { field = "affected_component" },
  { field = "severity" },
  { field = "reporter_email" },
]
attachments = { allowed = true, extensions = [".txt"], max_size = "1 MB", max_files = 3 }
)";
}

inline Submission test_submission(const std::string& program, const std::string& title,
                                  const std::string& description = "The login form is open.") {
  Submission s;
  s.program = program;
  s.fields[ReportField::title] = title;
  s.fields[ReportField::description] = description;
  s.consented = true;
  return s;
}

inline Transition team_transition(State from, State to, const std::string& reason = "") {
  Transition t;
  t.from = from;
  t.to = to;
  t.actor = Actor::team;
  t.actor_name = "handler@example.org";
  t.reason = reason;
  return t;
}

}  // namespace embargo::store::testing
