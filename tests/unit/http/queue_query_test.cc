// The queue's query string as the desk page, the API and the CSV export read it: a stray '&'
// names nothing and is skipped; a value without a name, like any parameter the queue does not
// know, is refused naming what was wrong.
#include "http/queue_query.h"

#include <gtest/gtest.h>

#include "core/error.h"
#include "refusal.h"

namespace embargo::http {
namespace {

using embargo::testing::refusal_of;

Caller handler_of_acme() {
  Caller caller;
  caller.user = 7;
  caller.email = "me@example.org";
  caller.roles = {{"acme", Role::handler}};
  return caller;
}

TEST(QueueQuery, SkipsAStrayAmpersand) {
  store::ReportQuery query = queue_query("/desk?state=new&&limit=20&", handler_of_acme());
  EXPECT_EQ(query.states, std::vector<State>{State::new_report});
  EXPECT_EQ(query.limit, 20);
}

TEST(QueueQuery, RefusesAValueWithoutANameNamingTheQuery) {
  Refusal r = refusal_of([] { queue_query("/desk?state=new&=fixed", handler_of_acme()); });
  EXPECT_EQ(r.kind(), Refusal::Kind::invalid);
  EXPECT_EQ(r.field(), "query");
  EXPECT_NE(std::string(r.what()).find("'=fixed'"), std::string::npos) << r.what();
}

TEST(QueueQuery, RefusesAnUnknownParameterNamingIt) {
  Refusal r = refusal_of([] { queue_query("/desk?sate=new", handler_of_acme()); });
  EXPECT_EQ(r.field(), "sate");
}

}  // namespace
}  // namespace embargo::http
