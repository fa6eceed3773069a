#!/usr/bin/env bash
# Validates exported advisories with the official validators (tests/schemas/README.md): installs
# the exact npm packages of package-lock.json into tests/schemas/node_modules when they are
# missing or older than the lock file, then runs validate.mjs.
#   bash tests/schemas/validate.sh {osv|cve5|csaf|csaf-mandatory|ghsa|csaf-provider} FILE...
# Exit status: validate.mjs's (0 every file valid, 1 one invalid, 2 usage error), or 3 when the
# packages cannot be installed.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# node_modules holds what package-lock.json says when the stamp written after the last `npm ci`
# names the lock file's current hash. `npm ci` empties node_modules first, stamp included, so a
# half-done install never passes for a finished one.
stamp="$here/node_modules/.embargo-installed"
installed() {
  [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$(sha256sum <"$here/package-lock.json")" ]
}

# Parallel CTest cases share one node_modules: one of them installs, holding an exclusive lock
# (flock, util-linux) on a file beside this script; the others wait for it, then find the
# packages installed. The lock file is ignored by git, like node_modules.
if ! installed; then
  (
    if ! flock --exclusive --timeout 600 9; then
      echo "validate.sh: timed out waiting for $here/.install.lock" >&2
      exit 3
    fi
    if ! installed; then
      if ! (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2; then
        echo "validate.sh: npm ci failed in $here" >&2
        exit 3
      fi
      sha256sum <"$here/package-lock.json" >"$stamp"
    fi
  ) 9>"$here/.install.lock"
fi

exec node "$here/validate.mjs" "$@"
