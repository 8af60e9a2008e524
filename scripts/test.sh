#!/usr/bin/env bash
# One command for the whole test suite: install what is missing, build once (for the tests) and run them.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift test "$@"
