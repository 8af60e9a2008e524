#!/usr/bin/env bash
# One command for the whole test suite: install what is missing, build once (for the tests) and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift test "$@"
scripts/fuzz.sh 30  # every feed parser 30 s under libFuzzer + AddressSanitizer (a crash fails CI)
