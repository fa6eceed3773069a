#include "core/state.h"

#include <array>

namespace embargo {
namespace {

struct StateText {
  State state;
  std::string_view name;
  std::string_view for_reporter;
};

constexpr std::array<StateText, 14> kStates = {{
    {State::new_report, "new", "Received; the team has not looked at it yet"},
    {State::acknowledged, "acknowledged", "Acknowledged; the team is looking into it"},
    {State::needs_info, "needs_info", "Waiting for your answer"},
    {State::triaged, "triaged", "Evaluated by the team; a decision follows"},
    {State::accepted, "accepted", "Accepted as a vulnerability"},
    {State::fixing, "fixing", "A fix is being prepared"},
    {State::fixed, "fixed", "Fixed; waiting for public disclosure"},
    {State::disclosed, "disclosed", "Fixed and publicly disclosed"},
    {State::duplicate, "duplicate", "Closed: someone reported this before you"},
    {State::informative, "informative", "Closed: useful information, but no fix is needed"},
    {State::not_applicable, "not_applicable", "Closed: not a vulnerability in this project"},
    {State::out_of_scope, "out_of_scope", "Closed: outside the scope of this program"},
    {State::spam, "spam", "Closed as spam"},
    {State::withdrawn, "withdrawn", "Withdrawn by you"},
}};

constexpr std::array<State, 14> kAllStates = {
    State::new_report, State::acknowledged, State::needs_info,     State::triaged,
    State::accepted,   State::fixing,       State::fixed,          State::disclosed,
    State::duplicate,  State::informative,  State::not_applicable, State::out_of_scope,
    State::spam,       State::withdrawn,
};

using S = State;
constexpr Actor kTeam = Actor::team;
constexpr Actor kReporter = Actor::reporter;
constexpr bool kReason = true;
constexpr bool kNoReason = false;

// The whole life of a report; docs/report-lifecycle.md shows the same table for people.
// Closing and asking for information say why (the reporter reads it); so does every move back.
constexpr std::array<TransitionRule, 56> kRules = {{
    // new: the first look.
    {S::new_report, S::acknowledged, kTeam, kNoReason},
    {S::new_report, S::needs_info, kTeam, kReason},
    {S::new_report, S::triaged, kTeam, kNoReason},
    {S::new_report, S::duplicate, kTeam, kReason},
    {S::new_report, S::informative, kTeam, kReason},
    {S::new_report, S::not_applicable, kTeam, kReason},
    {S::new_report, S::out_of_scope, kTeam, kReason},
    {S::new_report, S::spam, kTeam, kReason},
    {S::new_report, S::withdrawn, kReporter, kNoReason},
    // acknowledged: validating the report.
    {S::acknowledged, S::needs_info, kTeam, kReason},
    {S::acknowledged, S::triaged, kTeam, kNoReason},
    {S::acknowledged, S::accepted, kTeam, kNoReason},
    {S::acknowledged, S::duplicate, kTeam, kReason},
    {S::acknowledged, S::informative, kTeam, kReason},
    {S::acknowledged, S::not_applicable, kTeam, kReason},
    {S::acknowledged, S::out_of_scope, kTeam, kReason},
    {S::acknowledged, S::spam, kTeam, kReason},
    {S::acknowledged, S::withdrawn, kReporter, kNoReason},
    // needs_info: the reporter answered (or not); the team moves on from where it can.
    {S::needs_info, S::acknowledged, kTeam, kNoReason},
    {S::needs_info, S::triaged, kTeam, kNoReason},
    {S::needs_info, S::accepted, kTeam, kNoReason},
    {S::needs_info, S::fixing, kTeam, kNoReason},
    {S::needs_info, S::duplicate, kTeam, kReason},
    {S::needs_info, S::informative, kTeam, kReason},
    {S::needs_info, S::not_applicable, kTeam, kReason},
    {S::needs_info, S::out_of_scope, kTeam, kReason},
    {S::needs_info, S::spam, kTeam, kReason},
    {S::needs_info, S::withdrawn, kReporter, kNoReason},
    // triaged: scored and classified; accept or close.
    {S::triaged, S::accepted, kTeam, kNoReason},
    {S::triaged, S::needs_info, kTeam, kReason},
    {S::triaged, S::duplicate, kTeam, kReason},
    {S::triaged, S::informative, kTeam, kReason},
    {S::triaged, S::not_applicable, kTeam, kReason},
    {S::triaged, S::out_of_scope, kTeam, kReason},
    {S::triaged, S::spam, kTeam, kReason},
    {S::triaged, S::withdrawn, kReporter, kNoReason},
    // accepted: a real vulnerability; an accepted report is no longer spam.
    {S::accepted, S::fixing, kTeam, kNoReason},
    {S::accepted, S::fixed, kTeam, kNoReason},
    {S::accepted, S::needs_info, kTeam, kReason},
    {S::accepted, S::duplicate, kTeam, kReason},
    {S::accepted, S::informative, kTeam, kReason},
    {S::accepted, S::not_applicable, kTeam, kReason},
    {S::accepted, S::out_of_scope, kTeam, kReason},
    {S::accepted, S::withdrawn, kReporter, kNoReason},
    // fixing: work in progress; the reporter may be asked to verify.
    {S::fixing, S::fixed, kTeam, kNoReason},
    {S::fixing, S::accepted, kTeam, kReason},
    {S::fixing, S::needs_info, kTeam, kReason},
    {S::fixing, S::withdrawn, kReporter, kNoReason},
    // fixed: released; disclose, or reopen when the fix turns out incomplete.
    {S::fixed, S::disclosed, kTeam, kNoReason},
    {S::fixed, S::fixing, kTeam, kReason},
    // Closed without a fix: the team may reopen.
    {S::duplicate, S::acknowledged, kTeam, kReason},
    {S::informative, S::acknowledged, kTeam, kReason},
    {S::not_applicable, S::acknowledged, kTeam, kReason},
    {S::out_of_scope, S::acknowledged, kTeam, kReason},
    {S::spam, S::acknowledged, kTeam, kReason},
    {S::withdrawn, S::acknowledged, kTeam, kReason},
}};

}  // namespace

std::string_view to_string(State s) { return kStates[static_cast<std::size_t>(s)].name; }

std::optional<State> parse_state(std::string_view text) {
  for (const auto& s : kStates) {
    if (s.name == text) return s.state;
  }
  return std::nullopt;
}

std::span<const State> all_states() { return kAllStates; }

bool is_closed(State s) {
  return s == State::duplicate || s == State::informative || s == State::not_applicable ||
         s == State::out_of_scope || s == State::spam || s == State::withdrawn;
}

bool is_final(State s) { return is_closed(s) || s == State::disclosed; }

bool reporter_may_write(State s) { return !is_final(s); }

bool pauses_clocks(State s) { return s == State::needs_info; }

std::string_view describe_for_reporter(State s) {
  return kStates[static_cast<std::size_t>(s)].for_reporter;
}

std::span<const TransitionRule> transition_rules() { return kRules; }

const TransitionRule* find_transition(State from, State to) {
  for (const auto& rule : kRules) {
    if (rule.from == from && rule.to == to) return &rule;
  }
  return nullptr;
}

std::string_view to_string(Actor actor) { return actor == Actor::team ? "team" : "reporter"; }

std::optional<Actor> parse_actor(std::string_view text) {
  if (text == "team") return Actor::team;
  if (text == "reporter") return Actor::reporter;
  return std::nullopt;
}

bool reason_is_for_reporter(State to) { return is_closed(to) || to == State::needs_info; }

}  // namespace embargo
