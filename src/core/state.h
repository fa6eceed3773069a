#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace embargo {

// The life of a report (docs/design.md "States").
enum class State {
  new_report,  // "new"
  acknowledged,
  needs_info,
  triaged,
  accepted,
  fixing,
  fixed,
  disclosed,
  duplicate,
  informative,
  not_applicable,
  out_of_scope,
  spam,
  withdrawn,
};

std::string_view to_string(State s);
std::optional<State> parse_state(std::string_view text);
std::span<const State> all_states();

// Closed without a fix (duplicate .. withdrawn).
bool is_closed(State s);
// No further work is expected: closed, or disclosed.
bool is_final(State s);
// Whether the reporter may still write to the report's thread: while it is not final. Closing
// it (the team's decision, or the reporter's withdrawal) or disclosing it ends the conversation;
// the reporter has no move out of those states, and a report the team reopens takes their
// messages again.
bool reporter_may_write(State s);
// Waiting on the reporter: every SLA clock is paused.
bool pauses_clocks(State s);
// A plain-words description for the reporter ("Waiting for your answer").
std::string_view describe_for_reporter(State s);
// Whether a transition's reason is owed to the reporter: why the report was closed, and what
// the team needs from them. Other reasons are the team's own.
bool reason_is_for_reporter(State to);

// Who may make a transition.
enum class Actor { team, reporter };
// "team", "reporter": the words the store, the JSON and the audit log use.
std::string_view to_string(Actor actor);
std::optional<Actor> parse_actor(std::string_view text);

// One row of the transition table.
struct TransitionRule {
  State from;
  State to;
  Actor actor;
  bool needs_reason;  // closing, asking for information and reopening must say why
};

// The whole table: every allowed transition and nothing else.
std::span<const TransitionRule> transition_rules();

// The rule for from -> to, or nullptr when the table forbids it.
const TransitionRule* find_transition(State from, State to);

}  // namespace embargo
