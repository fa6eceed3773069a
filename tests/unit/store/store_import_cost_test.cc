// What a write costs must not grow with the writes before it in the same batch (issue 17): a
// savepoint held around a whole import kept an undo copy of every page the batch changed in
// SQLite's in-memory sub-journal, and every later statement walked that journal from its start,
// so seeding slowed from 440 to 110 reports a second. SQLite counts the journal's memory in its
// own memory statistics, which makes the cost visible without timing anything.
#include <sqlite3.h>

#include "triage_fixture.h"

namespace embargo::store::testing {
namespace {

class SqliteStoreImportCostTest : public TriageStoreTest {
 protected:
  // `n` reports of varied words, states, severities and handlers, so that each touches pages of
  // every index the way the demo data does.
  std::vector<ImportedReport> batch(int n, int first) {
    static const char* const kWords[] = {"injection", "overflow", "traversal", "xss",
                                         "csrf",      "ssrf",     "race",      "leak",
                                         "bypass",    "token",    "admin",     "upload"};
    std::vector<ImportedReport> reports;
    for (int i = first; i < first + n; ++i) {
      std::vector<State> path;
      if (i % 3 == 1) path = {State::acknowledged};
      if (i % 3 == 2) path = {State::acknowledged, State::triaged};
      TriageUpdate triage;
      if (i % 4 == 0) triage.severity = std::optional<Severity>(Severity::high);
      std::string program = i % 2 ? "alpha" : "beta";
      if (i % 5 == 0)
        triage.handler = program == "alpha" ? "handler@example.org" : "other@example.org";
      std::string title =
          std::string(kWords[i % 12]) + " in " + kWords[(i / 12) % 12] + " " + std::to_string(i);
      reports.push_back(past(program, title, 1 + i % 300, path, triage));
    }
    return reports;
  }

  // The most memory SQLite held at once while one batch of `n` was imported.
  std::int64_t peak_while_importing(int n, int first) {
    sqlite3_int64 current = 0;
    sqlite3_int64 peak = 0;
    sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &peak, 1);
    store_->import_reports(batch(n, first), "demo");
    sqlite3_status64(SQLITE_STATUS_MEMORY_USED, &current, &peak, 0);
    return peak;
  }
};

// On a store that already holds 3,000 reports (so that a batch changes pages that existed
// before it), importing 3,000 more needs no more of SQLite's memory than importing one: the
// 3,000th report's write carries nothing of the 2,999 before it. With the savepoint around the
// batch the peak was 16 MB against 2.8 MB for one report; without it, within 0.1 MB.
TEST_F(SqliteStoreImportCostTest, TheLastReportOfABatchCarriesNothingOfTheOnesBeforeIt) {
  store_->import_reports(batch(3000, 0), "demo");
  std::int64_t one = peak_while_importing(1, 3000);
  std::int64_t many = peak_while_importing(3000, 3001);
  ASSERT_GT(one, 0) << "SQLite keeps no memory statistics (SQLITE_DEFAULT_MEMSTATUS=0)";
  EXPECT_LT(many - one, std::int64_t{1} << 20) << "one report: " << one << " bytes at the peak, "
                                               << "3,000: " << many;
  EXPECT_EQ(count("SELECT count(*) FROM reports"), 6001);
}

}  // namespace
}  // namespace embargo::store::testing
