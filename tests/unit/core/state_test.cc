#include "core/state.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/error.h"
#include "core/report.h"
#include "refusal.h"

namespace embargo {
namespace {

// The transition table as docs/report-lifecycle.md states it, written out by hand so that a
// change to the code's table shows up here as a difference.
struct Allowed {
  std::string from;
  std::string to;
  Actor actor;
  bool needs_reason;
};

const std::vector<Allowed>& expected_table() {
  constexpr Actor T = Actor::team;
  constexpr Actor R = Actor::reporter;
  static const std::vector<Allowed> table = {
      {"new", "acknowledged", T, false},
      {"new", "needs_info", T, true},
      {"new", "triaged", T, false},
      {"new", "duplicate", T, true},
      {"new", "informative", T, true},
      {"new", "not_applicable", T, true},
      {"new", "out_of_scope", T, true},
      {"new", "spam", T, true},
      {"new", "withdrawn", R, false},
      {"acknowledged", "needs_info", T, true},
      {"acknowledged", "triaged", T, false},
      {"acknowledged", "accepted", T, false},
      {"acknowledged", "duplicate", T, true},
      {"acknowledged", "informative", T, true},
      {"acknowledged", "not_applicable", T, true},
      {"acknowledged", "out_of_scope", T, true},
      {"acknowledged", "spam", T, true},
      {"acknowledged", "withdrawn", R, false},
      {"needs_info", "acknowledged", T, false},
      {"needs_info", "triaged", T, false},
      {"needs_info", "accepted", T, false},
      {"needs_info", "fixing", T, false},
      {"needs_info", "duplicate", T, true},
      {"needs_info", "informative", T, true},
      {"needs_info", "not_applicable", T, true},
      {"needs_info", "out_of_scope", T, true},
      {"needs_info", "spam", T, true},
      {"needs_info", "withdrawn", R, false},
      {"triaged", "accepted", T, false},
      {"triaged", "needs_info", T, true},
      {"triaged", "duplicate", T, true},
      {"triaged", "informative", T, true},
      {"triaged", "not_applicable", T, true},
      {"triaged", "out_of_scope", T, true},
      {"triaged", "spam", T, true},
      {"triaged", "withdrawn", R, false},
      {"accepted", "fixing", T, false},
      {"accepted", "fixed", T, false},
      {"accepted", "needs_info", T, true},
      {"accepted", "duplicate", T, true},
      {"accepted", "informative", T, true},
      {"accepted", "not_applicable", T, true},
      {"accepted", "out_of_scope", T, true},
      {"accepted", "withdrawn", R, false},
      {"fixing", "fixed", T, false},
      {"fixing", "accepted", T, true},
      {"fixing", "needs_info", T, true},
      {"fixing", "withdrawn", R, false},
      {"fixed", "disclosed", T, false},
      {"fixed", "fixing", T, true},
      {"duplicate", "acknowledged", T, true},
      {"informative", "acknowledged", T, true},
      {"not_applicable", "acknowledged", T, true},
      {"out_of_scope", "acknowledged", T, true},
      {"spam", "acknowledged", T, true},
      {"withdrawn", "acknowledged", T, true},
  };
  return table;
}

const Allowed* expected_rule(State from, State to) {
  for (const auto& a : expected_table()) {
    if (a.from == to_string(from) && a.to == to_string(to)) return &a;
  }
  return nullptr;
}

Transition transition(State from, State to, Actor actor, std::string reason = "because") {
  Transition t;
  t.from = from;
  t.to = to;
  t.actor = actor;
  t.actor_name = actor == Actor::team ? "handler@example.org" : "reporter";
  t.reason = std::move(reason);
  if (to == State::duplicate) t.duplicate_of = "PYSPECTOR-2026-0007";
  return t;
}

Actor other(Actor a) { return a == Actor::team ? Actor::reporter : Actor::team; }

using embargo::testing::refusal_of;

TEST(State, NamesAreTheDesignsWordsAndParseBack) {
  const std::vector<std::string> names = {
      "new",   "acknowledged", "needs_info", "triaged",     "accepted",       "fixing",
      "fixed", "disclosed",    "duplicate",  "informative", "not_applicable", "out_of_scope",
      "spam",  "withdrawn"};
  ASSERT_EQ(all_states().size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(to_string(all_states()[i]), names[i]);
    EXPECT_EQ(parse_state(names[i]), all_states()[i]);
  }
  EXPECT_EQ(parse_state("New"), std::nullopt);
  EXPECT_EQ(parse_state("new_report"), std::nullopt);
  EXPECT_EQ(parse_state(""), std::nullopt);
}

TEST(State, ClosedFinalAndPausingStates) {
  const std::set<std::string> closed = {"duplicate",    "informative", "not_applicable",
                                        "out_of_scope", "spam",        "withdrawn"};
  for (State s : all_states()) {
    std::string name(to_string(s));
    EXPECT_EQ(is_closed(s), closed.contains(name)) << name;
    EXPECT_EQ(is_final(s), closed.contains(name) || name == "disclosed") << name;
    EXPECT_EQ(pauses_clocks(s), name == "needs_info") << name;
  }
}

// The reporter writes while they still have a part to play: the table gives them no move out of
// a closed or disclosed report, so a message there would wait for nobody.
TEST(State, TheReporterWritesUntilTheReportIsFinal) {
  for (State s : all_states()) {
    bool reporter_can_move = false;
    for (const auto& rule : transition_rules()) {
      if (rule.from == s && rule.actor == Actor::reporter) reporter_can_move = true;
    }
    EXPECT_EQ(reporter_may_write(s), !is_final(s)) << to_string(s);
    if (is_final(s)) {
      EXPECT_FALSE(reporter_can_move) << to_string(s);
    }
  }
  EXPECT_TRUE(reporter_may_write(State::needs_info)) << "the team waits for the answer";
  EXPECT_TRUE(reporter_may_write(State::fixed)) << "the reporter may verify the fix";
  EXPECT_FALSE(reporter_may_write(State::duplicate));
}

TEST(State, EveryStateHasItsOwnPlainDescription) {
  std::set<std::string_view> seen;
  for (State s : all_states()) {
    std::string_view text = describe_for_reporter(s);
    EXPECT_FALSE(text.empty()) << to_string(s);
    EXPECT_EQ(text.find('_'), std::string_view::npos) << "not plain words: " << text;
    EXPECT_TRUE(seen.insert(text).second) << "shared description: " << text;
  }
  EXPECT_EQ(describe_for_reporter(State::needs_info), "Waiting for your answer");
}

TEST(TransitionTable, IsExactlyTheDocumentedTable) {
  std::set<std::tuple<std::string, std::string, Actor, bool>> code, expected;
  for (const auto& r : transition_rules()) {
    EXPECT_TRUE(code.emplace(to_string(r.from), to_string(r.to), r.actor, r.needs_reason).second)
        << "listed twice: " << to_string(r.from) << " -> " << to_string(r.to);
  }
  for (const auto& a : expected_table()) expected.emplace(a.from, a.to, a.actor, a.needs_reason);
  EXPECT_EQ(code, expected);
}

TEST(TransitionTable, FindTransitionAnswersForEveryPair) {
  for (State from : all_states()) {
    for (State to : all_states()) {
      const TransitionRule* rule = find_transition(from, to);
      const Allowed* want = expected_rule(from, to);
      ASSERT_EQ(rule != nullptr, want != nullptr) << to_string(from) << " -> " << to_string(to);
      if (rule == nullptr) continue;
      EXPECT_EQ(rule->from, from);
      EXPECT_EQ(rule->to, to);
      EXPECT_EQ(rule->actor, want->actor);
      EXPECT_EQ(rule->needs_reason, want->needs_reason);
    }
  }
}

TEST(ValidateTransition, EveryAllowedTransitionIsAccepted) {
  int accepted = 0;
  for (const auto& a : expected_table()) {
    State from = *parse_state(a.from);
    State to = *parse_state(a.to);
    EXPECT_NO_THROW(validate_transition(from, transition(from, to, a.actor)))
        << a.from << " -> " << a.to;
    if (!a.needs_reason) {
      EXPECT_NO_THROW(validate_transition(from, transition(from, to, a.actor, "")))
          << a.from << " -> " << a.to << " needs no reason";
    }
    ++accepted;
  }
  EXPECT_EQ(accepted, 56);
}

TEST(ValidateTransition, EveryPairOutsideTheTableIsRefusedForBothActors) {
  int refused_pairs = 0;
  for (State from : all_states()) {
    for (State to : all_states()) {
      if (expected_rule(from, to) != nullptr) continue;
      ++refused_pairs;
      for (Actor actor : {Actor::team, Actor::reporter}) {
        // A conflict with where the report is now: 409 on the API and every page alike.
        Refusal r = refusal_of([&] { validate_transition(from, transition(from, to, actor)); });
        EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
        EXPECT_EQ(r.field(), "to");
        EXPECT_EQ(std::string(r.what()), "cannot move a report from '" +
                                             std::string(to_string(from)) + "' to '" +
                                             std::string(to_string(to)) + "'");
      }
    }
  }
  // 14 x 14 pairs, of which the 56 rows of the table are allowed.
  EXPECT_EQ(refused_pairs, 14 * 14 - 56);
}

TEST(ValidateTransition, TheOtherActorIsForbiddenForEveryAllowedTransition) {
  for (const auto& a : expected_table()) {
    State from = *parse_state(a.from);
    State to = *parse_state(a.to);
    Refusal r =
        refusal_of([&] { validate_transition(from, transition(from, to, other(a.actor))); });
    EXPECT_EQ(r.kind(), Refusal::Kind::forbidden) << a.from << " -> " << a.to;
    EXPECT_EQ(r.field(), "to");
  }
}

TEST(ValidateTransition, EveryTransitionThatNeedsAReasonRefusesABlankOne) {
  for (const auto& a : expected_table()) {
    if (!a.needs_reason) continue;
    State from = *parse_state(a.from);
    State to = *parse_state(a.to);
    for (std::string blank : {"", "   ", "\n\t "}) {
      Refusal r =
          refusal_of([&] { validate_transition(from, transition(from, to, a.actor, blank)); });
      EXPECT_EQ(r.kind(), Refusal::Kind::invalid) << a.from << " -> " << a.to;
      EXPECT_EQ(r.field(), "reason");
    }
  }
}

TEST(ValidateTransition, FromMustBeTheCurrentState) {
  Refusal r = refusal_of([] {
    validate_transition(State::acknowledged,
                        transition(State::new_report, State::acknowledged, Actor::team));
  });
  EXPECT_EQ(r.kind(), Refusal::Kind::conflict);
  EXPECT_EQ(r.field(), "from");
  EXPECT_EQ(std::string(r.what()), "the report is now 'acknowledged', not 'new'");
}

TEST(ValidateTransition, ReasonIsBoundedValidUtf8Text) {
  auto with_reason = [](std::string reason) {
    return transition(State::new_report, State::spam, Actor::team, std::move(reason));
  };
  EXPECT_NO_THROW(validate_transition(State::new_report, with_reason(std::string(10000, 'x'))));
  EXPECT_NO_THROW(validate_transition(State::new_report, with_reason("Déjà vu\r\n\tline 2")));
  for (std::string bad : {std::string(10001, 'x'), std::string("bad \xC3"),
                          std::string("overlong \xC0\xAF"), std::string("bell \a")}) {
    Refusal r = refusal_of([&] { validate_transition(State::new_report, with_reason(bad)); });
    EXPECT_EQ(r.kind(), Refusal::Kind::invalid);
    EXPECT_EQ(r.field(), "reason");
  }
}

TEST(ValidateTransition, DuplicateNamesItsOriginalAndNothingElseDoes) {
  Transition dup = transition(State::triaged, State::duplicate, Actor::team);
  for (const std::string& bad :
       std::vector<std::string>{"", "  ", "PYSPECTOR 2026", "../../etc", std::string(65, 'A')}) {
    dup.duplicate_of = bad;
    Refusal r = refusal_of([&] { validate_transition(State::triaged, dup); });
    EXPECT_EQ(r.field(), "duplicate_of") << bad;
  }
  dup.duplicate_of = "PYSPECTOR-2026-0007";
  EXPECT_NO_THROW(validate_transition(State::triaged, dup));

  Transition spam = transition(State::triaged, State::spam, Actor::team);
  spam.duplicate_of = "PYSPECTOR-2026-0007";
  Refusal r = refusal_of([&] { validate_transition(State::triaged, spam); });
  EXPECT_EQ(r.field(), "duplicate_of");
}

TEST(ValidateTransition, RefusalsComeInOrderStateTableActorReason) {
  // A stale `from` wins over everything else wrong with the request.
  Transition t = transition(State::fixed, State::new_report, Actor::reporter, "");
  EXPECT_EQ(refusal_of([&] { validate_transition(State::new_report, t); }).field(), "from");
  // Allowed pair, wrong actor and no reason: the actor is reported first.
  t = transition(State::new_report, State::spam, Actor::reporter, "");
  EXPECT_EQ(refusal_of([&] { validate_transition(State::new_report, t); }).kind(),
            Refusal::Kind::forbidden);
}

}  // namespace
}  // namespace embargo
