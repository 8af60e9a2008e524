#!/usr/bin/env bash
# The real-browser test (issue 14): starts `matchpunt serve --demo` on a free port with a fresh database and
# walks it in headless Chromium (scripts/browser/walk.py): the adviser's day, screenshots of every main page at
# 1280 and 390 px under .build/screenshots/, no sideways scroll on a phone, and axe-core (WCAG 2.1 A + AA).
#   scripts/browser/run.sh [BIN]          (default: .build/debug/matchpunt; builds it when missing)
# Needs chromium + chromium-driver (Debian) and selenium + axe-selenium-python (PyPI): scripts/setup.sh installs them.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${1:-$ROOT/.build/debug/matchpunt}
cd "$ROOT"
[ -x "$BIN" ] || swift build --product matchpunt
SHOTS="$ROOT/.build/screenshots"
mkdir -p "$SHOTS"
WORK=$(mktemp -d)
APP=""
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MATCHPUNT_LOG_LEVEL=warning "$BIN" serve --demo --database "$WORK/m.sqlite" --port "$PORT" > "$WORK/serve.log" 2>&1 &
APP=$!
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "http://127.0.0.1:$PORT/health" >/dev/null || { echo "server did not start:"; cat "$WORK/serve.log"; exit 1; }
# An admin account and a feed for the admin pages (after the demo seed made its consultant; the feed is never run).
ADMIN_PASSWORD=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
MATCHPUNT_PASSWORD="$ADMIN_PASSWORD" "$BIN" users add beheerder --role admin --database "$WORK/m.sqlite" > /dev/null
"$BIN" feeds add demo-feed --url "https://vacatures.example.org/feed.json" --format jsonld --region Drechtsteden --every 1440 --database "$WORK/m.sqlite" > /dev/null
MATCHPUNT_BROWSER_ADMIN="beheerder:$ADMIN_PASSWORD" MATCHPUNT_BROWSER_FEED="demo-feed" \
  python3 "$ROOT/scripts/browser/walk.py" "http://127.0.0.1:$PORT" "$SHOTS"
