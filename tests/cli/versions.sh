# `embargo versions affected`: answers worked out by hand from SemVer 2.0 section 11 and
# PEP 440's ordering (pre-release < release < post-release).
source "$(dirname "$0")/lib.sh"

expect_status 0 "$EMBARGO" versions affected --ecosystem pypi --ranges '>= 1.2, < 1.4.3' \
  1.2 1.4.3 1.3.0rc1 1.4.3.post1 v1.3 1.1.9
expect_out "^1.2	affected$"
expect_out "^1.4.3	not affected$"
expect_out "^1.3.0rc1	affected$"
expect_out "^1.4.3.post1	not affected$"
expect_out "^v1.3	affected$"
expect_out "^1.1.9	not affected$"

# Two ranges (two vulnerable branches): a version in either is affected.
expect_status 0 "$EMBARGO" versions affected --ecosystem semver --ranges '< 2.0.0' \
  --ranges '>= 3.0.0, < 3.1.2' 1.9.9 2.5.0 3.1.1 3.1.2-beta.1 3.1.2 --json
expect_out '"version":"1.9.9","normalized":"1.9.9","affected":true'
expect_out '"version":"2.5.0","normalized":"2.5.0","affected":false'
expect_out '"version":"3.1.2-beta.1","normalized":"3.1.2-beta.1","affected":true'
expect_out '"version":"3.1.2","normalized":"3.1.2","affected":false'

expect_status 0 "$EMBARGO" versions affected --ecosystem generic --ranges '< 1.2.10' 1.2.9 1.2.10
expect_out "^1.2.9	affected$"
expect_out "^1.2.10	not affected$"

# Refusals name what is wrong; nothing is printed for the valid versions before them.
expect_status 1 "$EMBARGO" versions affected --ecosystem semver --ranges '>= 1.2.0' 1.3.0 01.2.3
expect_err "'01.2.3': leading zero in the major version"
[ ! -s "$WORK/out" ] || fail "a partial answer was printed"
expect_status 1 "$EMBARGO" versions affected --ecosystem npm --ranges '>= 1' 1.0.0
expect_err "unknown version scheme 'npm'"
expect_status 1 "$EMBARGO" versions affected --ecosystem pypi --ranges '1.2' 1.2
expect_err "expected an operator"
expect_status 2 "$EMBARGO" versions affected --ecosystem pypi --ranges '>= 1'
finish
