#include "http/body_budget.h"

#include <gtest/gtest.h>

#include <utility>

namespace embargo::http {
namespace {

TEST(BodyBudget, GivesWhatIsLeftAndTakesItBackWhenTheShareEnds) {
  BodyBudget budget(100);
  auto first = budget.take(60);
  ASSERT_TRUE(first);
  EXPECT_FALSE(budget.take(41));  // 40 left
  {
    auto second = budget.take(40);
    ASSERT_TRUE(second);
    EXPECT_FALSE(budget.take(1));
  }
  EXPECT_TRUE(budget.take(40));  // the second share came back
  first.reset();
  EXPECT_TRUE(budget.take(100));
}

TEST(BodyBudget, AMovedShareIsGivenBackOnce) {
  BodyBudget budget(10);
  auto share = budget.take(10);
  ASSERT_TRUE(share);
  std::optional<BodyBudget::Share> moved(std::move(*share));
  share.reset();
  EXPECT_FALSE(budget.take(1));  // still held by `moved`
  auto other = budget.take(0);
  ASSERT_TRUE(other);
  *other = std::move(*moved);  // `other` gave back its 0 and now holds the 10
  moved.reset();
  EXPECT_FALSE(budget.take(1));
  other.reset();
  EXPECT_TRUE(budget.take(10));
  EXPECT_FALSE(budget.take(11));
}

}  // namespace
}  // namespace embargo::http
