#include <set>

#include "core/error.h"
#include "store/cursor.h"
#include "store_fixture.h"

namespace embargo::store::testing {
namespace {

class StoreListTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    open();
    store_->apply_program(test_policy("pyspector"), test_policy_source("pyspector"), "cli");
    store_->apply_program(test_policy("pykour"), test_policy_source("pykour"), "cli");
  }

  std::string add(const std::string& program, const std::string& title,
                  const std::string& description = "Nothing special here.") {
    return store_->create_report(test_submission(program, title, description), "r").report.id;
  }

  static std::vector<std::string> ids(const ReportPage& page) {
    std::vector<std::string> out;
    for (const auto& r : page.reports) out.push_back(r.id);
    return out;
  }

  // Follows `next` from the first page to the last, collecting every id.
  std::vector<std::string> walk(ReportQuery query, int* pages) {
    std::vector<std::string> all;
    *pages = 0;
    do {
      ReportPage page = store_->list_reports(query);
      ++*pages;
      for (const auto& id : ids(page)) all.push_back(id);
      query.after = page.next;
    } while (!query.after.empty());
    return all;
  }

  void expect_refused(const ReportQuery& query, const std::string& field) {
    try {
      store_->list_reports(query);
      ADD_FAILURE() << "the query was accepted";
    } catch (const Refusal& r) {
      EXPECT_EQ(r.field(), field);
    }
  }
};

TEST_F(StoreListTest, PagesThroughEveryReportNewestFirstWithoutRepeats) {
  std::vector<std::string> created;
  for (int i = 0; i < 25; ++i) created.push_back(add(i % 2 ? "pyspector" : "pykour", "r"));
  // Reports created in one second share received_at; the key then orders them, so newest first
  // is exactly the reverse of creation.
  std::vector<std::string> expected(created.rbegin(), created.rend());
  ReportQuery query;
  query.limit = 10;
  int pages = 0;
  EXPECT_EQ(walk(query, &pages), expected);
  EXPECT_EQ(pages, 3);  // 10 + 10 + 5
}

TEST_F(StoreListTest, FiltersByProgramAndState) {
  auto a = add("pyspector", "a");
  auto b = add("pykour", "b");
  auto c = add("pyspector", "c");
  store_->transition_report(c, team_transition(State::new_report, State::acknowledged));

  ReportQuery query;
  query.program = "pyspector";
  EXPECT_EQ(ids(store_->list_reports(query)), (std::vector<std::string>{c, a}));
  query.states = {State::new_report};
  EXPECT_EQ(ids(store_->list_reports(query)), (std::vector<std::string>{a}));
  query.program.clear();
  EXPECT_EQ(ids(store_->list_reports(query)), (std::vector<std::string>{b, a}));

  ReportPage page = store_->list_reports({});
  ASSERT_EQ(page.reports.size(), 3u);
  EXPECT_EQ(page.reports[0].state, State::acknowledged);
  EXPECT_EQ(page.reports[0].program, "pyspector");
  EXPECT_EQ(page.reports[0].title, "c");
  EXPECT_TRUE(page.next.empty());

  query = {};
  query.program = "nope";
  expect_refused(query, "program");
}

TEST_F(StoreListTest, SearchesTheReportTextAndMarksTheMatch) {
  auto injection = add("pyspector", "Command injection", "The cli passes input to a shell.");
  add("pyspector", "Open redirect", "The login page redirects anywhere.");
  auto deep = add("pykour", "Crash", "A request with a crafted header causes command injection.");

  ReportQuery query;
  query.text = "injection";
  ReportPage page = store_->list_reports(query);
  std::set<std::string> found;
  for (const auto& r : page.reports) found.insert(r.id);
  EXPECT_EQ(found, (std::set<std::string>{injection, deep}));
  for (const auto& r : page.reports) {
    EXPECT_NE(r.snippet.find("[injection]"), std::string::npos) << r.snippet;
  }

  query.text = "LOGIN  redirects";  // every word must match, in any case
  EXPECT_EQ(ids(store_->list_reports(query)).size(), 1u);
  query.program = "pykour";
  query.text = "injection";
  EXPECT_EQ(ids(store_->list_reports(query)), (std::vector<std::string>{deep}));
}

TEST_F(StoreListTest, HostileSearchTextIsSearchedForNeverParsed) {
  add("pyspector", "Quote \" in title", "NEAR(a b) and -x and * and ) here");
  for (const char* text : {"\"",
                           "*",
                           "NEAR(",
                           ")",
                           "-x",
                           "",
                           "   ",
                           "\"\"\"",
                           "a OR",
                           "AND",
                           "title:injection",
                           "^x",
                           "NEAR(a b)",
                           "{title}:x",
                           "x\"y",
                           "'",
                           "\\",
                           "(",
                           "NOT",
                           "-"}) {
    ReportQuery query;
    query.text = text;
    EXPECT_NO_THROW(store_->list_reports(query)) << text;
  }
  ReportQuery query;
  query.text = "NEAR(a";
  EXPECT_EQ(store_->list_reports(query).reports.size(), 1u);  // the words "near" and "a"
  query.text = "-x";
  EXPECT_EQ(store_->list_reports(query).reports.size(), 1u);  // the word "x", not "not x"
}

TEST_F(StoreListTest, PagesThroughSearchResultsWithoutRepeats) {
  std::set<std::string> matching;
  for (int i = 0; i < 12; ++i) {
    matching.insert(add("pyspector", "Overflow " + std::to_string(i),
                        std::string(static_cast<std::size_t>(i + 1), 'x') + " overflow"));
    add("pyspector", "Unrelated " + std::to_string(i));
  }
  ReportQuery query;
  query.text = "overflow";
  query.limit = 5;
  int pages = 0;
  auto all = walk(query, &pages);
  EXPECT_EQ(pages, 3);  // 5 + 5 + 2
  EXPECT_EQ(all.size(), 12u);
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()), matching);
}

TEST_F(StoreListTest, RefusesBadCursorsAndLimits) {
  for (int i = 0; i < 3; ++i) add("pyspector", "injection");
  ReportQuery query;
  query.after = "not a cursor!";
  expect_refused(query, "after");
  query.after = encode_cursor(TimeCursor{1, 2}).substr(1);
  expect_refused(query, "after");
  query.after = "dDp4OjE";  // base64url of "t:x:1"
  expect_refused(query, "after");

  query.after.clear();
  query.limit = 1;
  query.text = "injection";
  query.after = store_->list_reports(query).next;
  ASSERT_FALSE(query.after.empty());
  query.text.clear();  // a search's cursor does not page a plain list
  expect_refused(query, "after");

  query = {};
  query.limit = 0;
  expect_refused(query, "limit");
  query.limit = 501;
  expect_refused(query, "limit");
  query.limit = 500;
  EXPECT_EQ(store_->list_reports(query).reports.size(), 3u);
}

TEST(Cursor, ReadsBackWhatItWrote) {
  auto time = std::get<TimeCursor>(decode_cursor(encode_cursor(TimeCursor{1764000000, 42})));
  EXPECT_EQ(time.received_at, 1764000000);
  EXPECT_EQ(time.key, 42);
  double score = -1.2345678901234567e-06;
  auto search = std::get<ScoreCursor>(decode_cursor(encode_cursor(ScoreCursor{score, 7})));
  EXPECT_EQ(search.score, score);  // exactly: the next page starts right after this row
  EXPECT_EQ(search.key, 7);
  auto due = std::get<DueCursor>(decode_cursor(encode_cursor(DueCursor{INT64_MAX, 1764000000, 9})));
  EXPECT_EQ(due.due, INT64_MAX);
  EXPECT_EQ(due.received_at, 1764000000);
  EXPECT_EQ(due.key, 9);
}

}  // namespace
}  // namespace embargo::store::testing
