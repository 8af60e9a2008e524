#!/usr/bin/env bash
# One command for the whole test suite: install what is missing, build once (for the tests) and run them,
# then the API contract check (schemathesis against a running demo server), the real-browser walk and the
# parser fuzzing. Every phase is timed and bounded, so a hang fails with the names of the unfinished tests
# instead of silently using up the CI's time.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
phase() { echo "=== $(date -u +%H:%M:%S) $*"; }
# Child processes the tests or checks start from this checkout (fixture feed servers, throwaway PostgreSQL
# clusters, demo servers) must not outlive the run: a leftover holding the output pipe keeps CI waiting.
export MATCHPUNT_TEST_RUN="run$$"
leftovers() {
  pkill -9 -f "$ROOT/fixtures/feeds/server.py" 2>/dev/null || true
  pkill -9 -f "$ROOT/.build/debug/matchpunt serve" 2>/dev/null || true
  pkill -9 -f "postgres -D ${TMPDIR:-/tmp}/matchpunt-pg-$MATCHPUNT_TEST_RUN-" 2>/dev/null || true
}
trap leftovers EXIT

phase "setup"
scripts/setup.sh
# Swift Testing starts every test at once by default. Each app test builds a demo application with its own
# matching index, so on a small CI machine hundreds of them at once starve each other past their time bounds;
# a bounded width keeps the suite fast and the bounds meaningful.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6}
phase "build for testing"
swift build --build-tests
phase "swift test"
mkdir -p .build
log=.build/swift-test.log
status=0
# 40 minutes is several times what the suite needs on 2 cores (about 6 min); past it the run is hung.
timeout --kill-after=30s "${MATCHPUNT_TEST_TIMEOUT:-40m}" swift test --skip-build "$@" 2>&1 | tee "$log" || status=$?
if [ "$status" -ne 0 ]; then
  phase "swift test failed (status $status)"
  # Tests that started and never finished (a hang shows here; status 124 or 137 is the timeout).
  awk '/◇ Test .* started\.$/ && !/◇ Test case passing/ { sub(/^.*◇ Test /, ""); sub(/ started\.$/, ""); s[$0] = 1 }
       /[✔✘] Test .* (passed|failed) after / { t = $0; sub(/^.*[✔✘] Test /, "", t); sub(/ (passed|failed) after .*$/, "", t); sub(/ with [0-9]+ test cases?$/, "", t); delete s[t] }
       END { for (n in s) print "unfinished: " n }' "$log" | grep -v '^unfinished: run$' | head -40 || true
  grep -E '✘' "$log" | head -40 || true
  exit "$status"
fi
phase "build the matchpunt binary"
swift build --product matchpunt
phase "schemathesis"
timeout --kill-after=30s 20m scripts/schemathesis.sh .build/debug/matchpunt
phase "browser walk"
timeout --kill-after=30s 20m scripts/browser/run.sh .build/debug/matchpunt  # headless Chromium: the adviser's day, screenshots, axe (WCAG 2.1 AA)
phase "fuzz"
timeout --kill-after=30s 20m scripts/fuzz.sh 30  # every feed parser 30 s under libFuzzer + AddressSanitizer (a crash fails CI)
phase "done"
