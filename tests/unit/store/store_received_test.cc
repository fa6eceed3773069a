// The reports a program dashboard measures: those of one program received in a period, with
// exactly the history and reply times the SLA clocks and milestones read, in a few statements
// served by indexes.
#include "core/metrics.h"
#include "refusal.h"
#include "store/sqlite/received_sql.h"
#include "triage_fixture.h"

namespace embargo::store::testing {
namespace {

using embargo::testing::refusal_of;

class StoreReceivedTest : public TriageStoreTest {
 protected:
  // A report of `program` received at `at` that went through `path` a day per step.
  ImportedReport received(const std::string& program, const std::string& title, Time at,
                          const std::vector<State>& path = {}) {
    ImportedReport r = past(program, title, 0, path);
    Time step = at;
    for (auto& t : r.history) {
      step += std::chrono::hours(24);
      t.at = step;
    }
    r.received_at = at;
    return r;
  }

  NewMessage team_message(const std::string& body, bool internal) {
    NewMessage m;
    m.author = Actor::team;
    m.author_name = "handler@example.org";
    m.internal = internal;
    m.body = body;
    return m;
  }
};

const Time kFrom = parse_time("2025-01-01T00:00:00Z");
const Time kTo = parse_time("2025-04-01T00:00:00Z");

TEST_F(StoreReceivedTest, ReadsTheProgramsReportsReceivedInThePeriodOldestFirst) {
  auto ids =
      store_->import_reports({received("alpha", "Before", kFrom - std::chrono::seconds(1)),
                              received("alpha", "At the start", kFrom, {State::acknowledged}),
                              received("alpha", "Last second", kTo - std::chrono::seconds(1)),
                              received("alpha", "At the end", kTo),
                              received("beta", "Other program", kFrom + std::chrono::hours(1)),
                              received("alpha", "In March", parse_time("2025-03-10T12:00:00Z"),
                                       {State::acknowledged, State::triaged, State::accepted})},
                             "demo");

  auto reports = store_->received_reports("alpha", kFrom, kTo);
  ASSERT_EQ(reports.size(), 3u);
  EXPECT_EQ(reports[0].id, ids[1]);
  EXPECT_EQ(reports[1].id, ids[5]);
  EXPECT_EQ(reports[2].id, ids[2]);
  for (const auto& r : reports) EXPECT_EQ(r.program, "alpha");
  EXPECT_TRUE(
      store_->received_reports("alpha", kTo + std::chrono::hours(1), kTo + std::chrono::hours(2))
          .empty());
}

TEST_F(StoreReceivedTest, EachReportHasTheHistoryAndRepliesFindReportHas) {
  TriageUpdate critical;
  critical.cvss_vector = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  ImportedReport fixed =
      received("alpha", "Fixed", kFrom + std::chrono::hours(3),
               {State::acknowledged, State::triaged, State::accepted, State::fixing, State::fixed});
  fixed.triage = critical;
  auto ids = store_->import_reports(
      {fixed, received("alpha", "Untouched", kFrom + std::chrono::hours(5)),
       received("alpha", "Spam", kFrom + std::chrono::hours(7), {State::spam})},
      "demo");
  store_->add_message(ids[1], team_message("We are looking at it.", false));
  store_->add_message(ids[1], team_message("Looks like a dup of 0001.", true));
  store_->add_message(ids[1], team_message("Still on it.", false));

  auto reports = store_->received_reports("alpha", kFrom, kTo);
  ASSERT_EQ(reports.size(), 3u);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    Report whole = *store_->find_report(ids[i]);
    const Report& r = reports[i];
    EXPECT_EQ(r.id, whole.id);
    EXPECT_EQ(r.state, whole.state);
    EXPECT_EQ(r.severity, whole.severity);
    EXPECT_EQ(r.received_at, whole.received_at);
    EXPECT_EQ(r.updated_at, whole.updated_at);
    EXPECT_EQ(r.reporter_updates, whole.reporter_updates);
    ASSERT_EQ(r.history.size(), whole.history.size()) << r.id;
    for (std::size_t t = 0; t < r.history.size(); ++t) {
      EXPECT_EQ(r.history[t].from, whole.history[t].from);
      EXPECT_EQ(r.history[t].to, whole.history[t].to);
      EXPECT_EQ(r.history[t].at, whole.history[t].at);
      EXPECT_EQ(r.history[t].actor_name, whole.history[t].actor_name);
      EXPECT_EQ(r.history[t].reason, whole.history[t].reason);
    }
  }
  EXPECT_EQ(reports[0].severity, Severity::critical);
  EXPECT_EQ(reports[0].history.size(), 5u);
  EXPECT_EQ(reports[1].reporter_updates.size(), 2u);  // the internal note is not a reply
  EXPECT_EQ(reports[2].state, State::spam);

  // What the dashboard makes of them: the fix took 5 days, the spam was triaged in one.
  Policy policy = store_->find_program("alpha")->policy;
  ProgramMetrics m = program_metrics(reports, policy, {kFrom, kTo}, kTo);
  EXPECT_EQ(m.reports, 3);
  EXPECT_EQ(m.timings[2].count, 1);
  EXPECT_EQ(m.timings[2].median, 5 * 24 * 3600);
  EXPECT_EQ(m.timings[1].count, 2);
  EXPECT_EQ(m.timings[1].median, 24 * 3600);
}

TEST_F(StoreReceivedTest, ADuplicateNamesItsOriginal) {
  auto ids = store_->import_reports({received("alpha", "Original", kFrom)}, "demo");
  ImportedReport dup = received("alpha", "Again", kFrom + std::chrono::hours(1));
  dup.history.push_back(team_transition(State::new_report, State::duplicate, "same bug"));
  dup.history.back().at = kFrom + std::chrono::hours(2);
  dup.history.back().duplicate_of = ids[0];
  store_->import_reports({dup}, "demo");
  auto reports = store_->received_reports("alpha", kFrom, kTo);
  ASSERT_EQ(reports.size(), 2u);
  ASSERT_EQ(reports[1].history.size(), 1u);
  EXPECT_EQ(reports[1].history[0].duplicate_of, ids[0]);
}

TEST_F(StoreReceivedTest, AnUnknownProgramIsRefused) {
  Refusal r = refusal_of([&] { store_->received_reports("gamma", kFrom, kTo); });
  EXPECT_EQ(r.kind(), Refusal::Kind::not_found);
  EXPECT_EQ(r.field(), "program");
}

// Each statement finds the period's reports through the program's index on received_at, and
// their rows through the report's own index: never a scan of a whole table.
TEST_F(StoreReceivedTest, EveryStatementIsServedByAnIndex) {
  auto db = raw();
  for (const std::string& sql : {sqlite::received_reports_sql(), sqlite::received_transitions_sql(),
                                 sqlite::received_replies_sql()}) {
    auto plan = db->query("EXPLAIN QUERY PLAN " + sql);
    std::string details;
    while (plan.step()) details += plan.text(3) + "\n";
    EXPECT_NE(details.find("INDEX reports_by_program (program=? AND received_at>? AND "
                           "received_at<?)"),
              std::string::npos)
        << sql << "\n"
        << details;
    EXPECT_EQ(details.find("SCAN"), std::string::npos) << sql << "\n" << details;
  }
}

}  // namespace
}  // namespace embargo::store::testing
