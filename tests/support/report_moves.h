// Reports with a history, built in memory for the core's clock and metrics tests.
#pragma once

#include "core/report.h"
#include "core/state.h"
#include "test_time.h"

namespace embargo::testing {

// Records a move of `r` to `to` at the RFC 3339 instant `when`, by a handler or the reporter, as
// the store would; returns the report, so that a moved report can be kept in one expression.
inline Report& record_move(Report& r, State to, const char* when, Actor actor = Actor::team) {
  Transition t;
  t.from = r.state;
  t.to = to;
  t.at = at(when);
  t.actor = actor;
  t.actor_name = actor == Actor::team ? "handler@example.org" : "reporter";
  t.reason = "why";
  r.history.push_back(t);
  r.state = to;
  r.updated_at = t.at;
  return r;
}

}  // namespace embargo::testing
