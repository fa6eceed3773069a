// The example programs of examples/policies/ (the five seeds), loaded as the server loads them.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "core/policy.h"

namespace embargo::testing {

// examples/policies/SLUG.toml; a file that does not load fails the test and gives an empty policy.
inline Policy example_policy(const std::string& slug) {
  auto loaded =
      load_policy_file(std::string(EMBARGO_SOURCE_DIR) + "/examples/policies/" + slug + ".toml");
  EXPECT_TRUE(loaded.policy.has_value()) << slug;
  return loaded.policy.value_or(Policy{});
}

}  // namespace embargo::testing
