#!/usr/bin/env bash
# Fails when a test could be skipped instead of failing. CTest reports a case whose output says
# "[  SKIPPED ]" as skipped, not failed, and GoogleTest skips every case of a suite whose
# SetUpTestSuite failed: so suites set up in SetUp (their data is prepared once anyway,
# tests/support/prepared_data.h), and no test is skipped or disabled on purpose.
set -euo pipefail
tests="$1"
found=$(grep -rnE 'SetUpTestSuite|TearDownTestSuite|SetUpTestCase|GTEST_SKIP|TEST(_F|_P)?\(\s*DISABLED_|,\s*DISABLED_' \
  --include='*.cc' --include='*.h' "$tests" || true)
if [ -n "$found" ]; then
  echo "tests that could be skipped instead of failing:"
  echo "$found"
  exit 1
fi
echo "no test can be skipped"
