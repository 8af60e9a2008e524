#!/usr/bin/env bash
# The JSON matches endpoint under load while `serve` imports a 100k-posting feed (issue 8's measurement).
#   benchmarks/matches-under-import.sh [BIN] [COUNT]     (default: .build/release/matchpunt, 100000 postings)
# Starts `serve --demo` on a fresh database, logs in once (session cookie), adds a 100k JSON-LD feed served by
# fixtures/feeds/server.py so that serve's own scheduler imports it, and while that import runs: wrk (2 threads,
# 32 connections, 10 s) on /api/v1/candidates/K00001/matches, and /health probed every 200 ms (slowest answer
# reported). Run it once with the binary before the change and once after; numbers go in the issue's note.
# Needs: wrk (apt-get install -y wrk), curl, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=${1:-$ROOT/.build/release/matchpunt}
COUNT=${2:-100000}
PORT=${MATCHPUNT_BENCH_PORT:-18480}
WORK=$(mktemp -d)
SERVER=""; APP=""
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null; [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
# The feed is served from 127.0.0.1, which the fetcher refuses unless an admin allows the host.
export MATCHPUNT_FEED_INTERNAL_HOSTS=127.0.0.1
"$BIN" bench feed-file --count "$COUNT" --output "$WORK/feed.jsonld" >/dev/null
python3 "$ROOT/fixtures/feeds/server.py" --mount bench="$WORK" --no-stdin-watch --max-seconds 1800 > "$WORK/server.out" &
SERVER=$!
for _ in $(seq 100); do grep -q PORT "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
FEED_PORT=$(awk '/PORT/ {print $2}' "$WORK/server.out")

MATCHPUNT_LOG_LEVEL=warning "$BIN" serve --demo --database "$WORK/m.sqlite" --port "$PORT" > "$WORK/serve.log" 2>&1 &
APP=$!
for _ in $(seq 600); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done
# A bearer token (issue 13): sessions need the login form's CSRF token, API clients use tokens.
COOKIE="Authorization: Bearer $("$BIN" users token adviseur --expires 1 --database "$WORK/m.sqlite")"
URL="http://127.0.0.1:$PORT/api/v1/candidates/K00001/matches"
curl -fs -H "$COOKIE" "$URL" | head -c 80; echo

echo "== idle"
wrk -t2 -c32 -d10s --latency -H "$COOKIE" "$URL" | grep -E "Requests/sec|99%|50%"

# serve's scheduler picks the new feed up at its next tick (5 s) and imports it in-process.
"$BIN" feeds add bench --url "http://127.0.0.1:$FEED_PORT/mount/bench/feed.jsonld" --format jsonld --region bench --database "$WORK/m.sqlite" >/dev/null
sleep 6
echo "== during the import of $COUNT postings"
( end=$((SECONDS + 10)); worst=0
  while [ $SECONDS -lt $end ]; do
    t=$(curl -s -o /dev/null -w "%{time_total}" "http://127.0.0.1:$PORT/health"); worst=$(awk -v a="$worst" -v b="$t" 'BEGIN {print (b > a) ? b : a}')
    sleep 0.2
  done; echo "health: slowest answer ${worst}s" ) &
PROBE=$!
wrk -t2 -c32 -d10s --latency -H "$COOKIE" "$URL" | grep -E "Requests/sec|99%|50%"
wait $PROBE
"$BIN" feeds list --database "$WORK/m.sqlite" | sed -n 2p
