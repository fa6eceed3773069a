# Every promise on an example policy's page is its seed's (tests/support/policy_promises.py).
set -uo pipefail
exec python3 "$2/tests/support/policy_promises.py" "$1" "$2"
