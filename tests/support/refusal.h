#pragma once

#include <gtest/gtest.h>

#include "core/error.h"

namespace embargo::testing {

// Runs `f` and returns the Refusal it throws; fails the test when it throws nothing.
template <typename F>
Refusal refusal_of(F f) {
  try {
    f();
  } catch (const Refusal& r) {
    return r;
  }
  ADD_FAILURE() << "expected a Refusal";
  return Refusal(Refusal::Kind::invalid, "<none>", "<none>");
}

}  // namespace embargo::testing
