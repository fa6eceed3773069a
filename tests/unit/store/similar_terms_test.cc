// How the similar-reports query is chosen from a report's shared words: within the budget of
// reports to rank, rarest first, and by requiring several common words together when no word is
// telling alone.
#include "store/sql/similar_terms.h"

#include <gtest/gtest.h>

#include <map>

namespace embargo::store::sql {
namespace {

using Terms = std::vector<std::string>;

// A count of the reports having every word, from a table; a query not in it is a test error.
struct EveryCount {
  std::map<Terms, std::int64_t> reports;
  std::vector<Terms> asked;
  std::int64_t operator()(const Terms& terms) {
    asked.push_back(terms);
    auto found = reports.find(terms);
    EXPECT_NE(found, reports.end()) << "unexpected count of " << terms.size() << " words";
    return found == reports.end() ? 0 : found->second;
  }
};

TEST(ChooseSimilarQuery, TakesTheRarestWordsWhileTheirReportsFitTheBudget) {
  EveryCount every;
  auto query = choose_similar_query(
      {{"login", 900}, {"parseheader", 40}, {"form", 3000}, {"1234", 12}, {"xss", 400}}, 1500, 12,
      std::ref(every));
  EXPECT_FALSE(query.every);
  // 12 + 40 + 400 + 900 = 1352; adding form (3000) would pass 1500.
  EXPECT_EQ(query.terms, (Terms{"1234", "parseheader", "xss", "login"}));
  EXPECT_TRUE(every.asked.empty());
}

TEST(ChooseSimilarQuery, TakesNoMoreThanItsNumberOfWords) {
  EveryCount every;
  auto query =
      choose_similar_query({{"a1", 2}, {"a2", 2}, {"a3", 2}, {"a4", 2}}, 5000, 2, std::ref(every));
  EXPECT_EQ(query.terms, (Terms{"a1", "a2"}));
}

TEST(ChooseSimilarQuery, RequiresCommonWordsTogetherWhenNoneIsTellingAlone) {
  EveryCount every;
  every.reports = {{{"xss", "login"}, 5001}, {{"xss", "login", "form"}, 700}};
  auto query = choose_similar_query({{"form", 9000}, {"xss", 5001}, {"login", 5001}}, 5000, 12,
                                    std::ref(every));
  EXPECT_TRUE(query.every);
  EXPECT_EQ(query.terms, (Terms{"xss", "login", "form"}));
  EXPECT_EQ(every.asked.size(), 2u);
  EXPECT_EQ(similar_match(query),
            R"({title description affected_component} : ("xss" AND "login" AND "form"))");
}

TEST(ChooseSimilarQuery, IsEmptyWhenNoOtherReportHasAllTheCommonWords) {
  EveryCount every;
  every.reports = {{{"xss", "login"}, 1}};  // only the report itself
  auto query = choose_similar_query({{"xss", 6000}, {"login", 7000}, {"form", 9000}}, 5000, 12,
                                    std::ref(every));
  EXPECT_TRUE(query.terms.empty());
  EXPECT_EQ(every.asked.size(), 1u) << "more words cannot find more reports";
  EXPECT_EQ(similar_match(query), "");
}

TEST(ChooseSimilarQuery, IsEmptyWhenTheCommonWordsNeverFitOrThereAreNone) {
  EveryCount every;
  every.reports = {{{"a", "b"}, 5001}};
  EXPECT_TRUE(
      choose_similar_query({{"a", 6000}, {"b", 6000}}, 5000, 12, std::ref(every)).terms.empty());
  EXPECT_TRUE(choose_similar_query({{"a", 6000}}, 5000, 12, std::ref(every)).terms.empty());
  EXPECT_TRUE(choose_similar_query({}, 5000, 12, std::ref(every)).terms.empty());
}

TEST(SimilarMatch, QuotesEveryWordSoNoneIsReadAsSyntax) {
  EXPECT_EQ(similar_match({{"near", "a\"b"}}),
            R"({title description affected_component} : ("near" OR "a""b"))");
}

}  // namespace
}  // namespace embargo::store::sql
