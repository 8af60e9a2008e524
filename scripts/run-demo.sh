#!/usr/bin/env bash
# One command for a newcomer: install what is missing, build in release mode, and serve the demo data.
# Extra arguments go to `matchpunt serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
swift build -c release --product matchpunt
echo "Matchpunt: open http://127.0.0.1:${MATCHPUNT_PORT:-8080}/ in your browser (Ctrl-C stops the server)."
exec .build/release/matchpunt serve --demo "$@"
