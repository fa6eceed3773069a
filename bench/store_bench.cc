#include <benchmark/benchmark.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>

#include "core/policy.h"
#include "core/report.h"
#include "scratch_dir.h"
#include "store/store.h"

namespace embargo::store {
namespace {

Policy bench_policy() {
  Policy p;
  p.identity.slug = "bench";
  p.identity.name = "bench";
  p.identity.id_prefix = "BENCH";
  p.form.fields = {{ReportField::title, true, "", ""},
                   {ReportField::description, true, "", ""},
                   {ReportField::severity, false, "", ""}};
  return p;
}

Submission bench_submission() {
  Submission s;
  s.program = "bench";
  s.fields[ReportField::title] = "SQL injection in the search form";
  s.fields[ReportField::description] =
      "The q parameter of /search is concatenated into the query; a single quote breaks it and "
      "UNION SELECT reads the users table. Tested on 2.3.1.";
  s.fields[ReportField::severity] = "high";
  s.consented = true;
  return s;
}

// Shared by the threads of one run: set up before they start, torn down after they end.
std::filesystem::path g_dir;
std::unique_ptr<Store> g_store;

void open_store(const benchmark::State&) {
  g_dir = bench::scratch_dir("bench");
  g_store = open_sqlite({.path = g_dir / "embargo.db", .readers = 2, .max_batch = 256});
  g_store->apply_program(bench_policy(), "", "bench");
}

void close_store(const benchmark::State&) {
  g_store.reset();
  std::filesystem::remove_all(g_dir);
}

// Durable report inserts through the Store: validation, id, token hash, row, search index and
// audit event, each acknowledged only once on disk. With many callers the writer commits them
// in groups, one fsync per group.
void BM_StoreCreateReport(benchmark::State& state) {
  Submission s = bench_submission();
  for (auto _ : state) {
    benchmark::DoNotOptimize(g_store->create_report(s, "bench"));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StoreCreateReport)
    ->Setup(open_store)
    ->Teardown(close_store)
    ->Threads(1)
    ->Threads(64)
    ->UseRealTime()
    ->MinTime(3);

void check(int rc, sqlite3* db) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
}

// The baseline: the same machine's raw SQLite, one row per transaction on one connection,
// with the store's durability settings (WAL, synchronous = FULL).
void BM_RawSqliteOneRowTransactions(benchmark::State& state) {
  auto dir = bench::scratch_dir("bench");
  sqlite3* db = nullptr;
  check(sqlite3_open((dir / "raw.db").c_str(), &db), db);
  check(sqlite3_exec(db,
                     "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                     "CREATE TABLE reports (key INTEGER PRIMARY KEY, title TEXT, description TEXT)",
                     nullptr, nullptr, nullptr),
        db);
  sqlite3_stmt* insert = nullptr;
  check(sqlite3_prepare_v2(db, "INSERT INTO reports (title, description) VALUES (?1, ?2)", -1,
                           &insert, nullptr),
        db);
  Submission s = bench_submission();
  const std::string& title = s.fields[ReportField::title];
  const std::string& description = s.fields[ReportField::description];
  for (auto _ : state) {
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db);
    sqlite3_bind_text(insert, 1, title.c_str(), -1, SQLITE_STATIC);
    sqlite3_bind_text(insert, 2, description.c_str(), -1, SQLITE_STATIC);
    check(sqlite3_step(insert), db);
    sqlite3_reset(insert);
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db);
  }
  state.SetItemsProcessed(state.iterations());
  sqlite3_finalize(insert);
  sqlite3_close(db);
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_RawSqliteOneRowTransactions)->UseRealTime()->MinTime(3);

}  // namespace
}  // namespace embargo::store
