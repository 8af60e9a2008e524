#!/usr/bin/env bash
# One command for the whole test suite: install what is missing, build once (for the tests) and run them,
# then the API contract check (schemathesis against a running demo server, about half a minute).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# Swift Testing starts every test at once by default. Each app test builds a demo application with its own
# matching index, so on a small CI machine hundreds of them at once starve each other past their time bounds;
# a bounded width keeps the suite fast and the bounds meaningful.
export SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH=${SWT_EXPERIMENTAL_MAXIMUM_PARALLELIZATION_WIDTH:-6}
swift test "$@"
swift build --product matchpunt
scripts/schemathesis.sh .build/debug/matchpunt
scripts/browser/run.sh .build/debug/matchpunt  # headless Chromium: the adviser's day, screenshots, axe (WCAG 2.1 AA)
scripts/fuzz.sh 30  # every feed parser 30 s under libFuzzer + AddressSanitizer (a crash fails CI)
