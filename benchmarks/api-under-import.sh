#!/usr/bin/env bash
# The staff API at region scale (issue 13): JSON matches with a bearer token and the candidate page with a
# session, on `demo seed --candidates 20000 --vacancies 100000`, while serve imports a 100k-posting feed.
#   benchmarks/api-under-import.sh [BIN] [COUNT]     (default: .build/release/matchpunt, 100000 postings)
#   MATCHPUNT_BENCH_SEEDED=FILE: start from a copy of a database seeded with the same flags (no seeding).
# Prints wrk's req/s, p50, p99 and errors for each endpoint. Needs: wrk, curl, python3.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=${1:-$ROOT/.build/release/matchpunt}
COUNT=${2:-100000}
PORT=${MATCHPUNT_BENCH_PORT:-18481}
CANDIDATES=${MATCHPUNT_BENCH_CANDIDATES:-20000}
VACANCIES=${MATCHPUNT_BENCH_VACANCIES:-100000}
DURATION=${MATCHPUNT_BENCH_SECONDS:-10}
# A 100k-posting run takes 3-7 s in serve on a quiet 2-core machine: a during-import measurement is kept that
# short, starting 1 s after the run, so that it lies inside the run (each phase prints both spans to check).
DURING=${MATCHPUNT_BENCH_DURING_SECONDS:-3}
WORK=$(mktemp -d)
SERVER=""; APP=""
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null; [ -n "$SERVER" ] && kill "$SERVER" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
DB="$WORK/m.sqlite"
if [ -n "${MATCHPUNT_BENCH_SEEDED:-}" ]; then
  # A copy of a database seeded earlier (same flags): before/after runs then share one seed.
  cp "$MATCHPUNT_BENCH_SEEDED" "$DB"
else
  "$BIN" demo seed --candidates "$CANDIDATES" --vacancies "$VACANCIES" --database "$DB"
fi
export MATCHPUNT_PASSWORD=bench-wachtwoord
"$BIN" users add bench --role admin --database "$DB" >/dev/null 2>&1 || true
TOKEN=$("$BIN" users token bench --expires 1 --database "$DB")

# The realistic feed of the import benchmark (titles without ESCO codes, place names, HTML descriptions), in two
# versions with different content: every run during a measurement rewrites all its postings, none is "unchanged".
mkdir -p "$WORK/feeds"
python3 "$HERE/realistic_feed.py" --count "$COUNT" --seed 7 --output "$WORK/feed-a.jsonld"
python3 "$HERE/realistic_feed.py" --count "$COUNT" --seed 8 --output "$WORK/feed-b.jsonld"
cp "$WORK/feed-a.jsonld" "$WORK/feeds/feed.jsonld"
python3 "$ROOT/fixtures/feeds/server.py" --mount bench="$WORK/feeds" --no-stdin-watch --max-seconds 1800 > "$WORK/server.out" &
SERVER=$!
for _ in $(seq 100); do grep -q PORT "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
FEED_PORT=$(awk '/PORT/ {print $2}' "$WORK/server.out")

# The feed server is on 127.0.0.1, which serve refuses unless an administrator allows it (SSRF guard).
MATCHPUNT_FEED_INTERNAL_HOSTS=127.0.0.1 MATCHPUNT_LOG_LEVEL=warning "$BIN" serve --database "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
APP=$!
for _ in $(seq 1200); do curl -fs "http://127.0.0.1:$PORT/health" >/dev/null 2>&1 && break; sleep 0.2; done

# A browser session: the login form's CSRF cookie and field, then the post.
curl -fs -c "$WORK/jar" -o "$WORK/login.html" "http://127.0.0.1:$PORT/login"
CSRF=$(sed -n 's/.*name="csrf" value="\([^"]*\)".*/\1/p' "$WORK/login.html" | head -1)
curl -fs -b "$WORK/jar" -c "$WORK/jar" -o /dev/null -d "csrf=$CSRF&username=bench&password=$MATCHPUNT_PASSWORD" "http://127.0.0.1:$PORT/login"
COOKIE=$(awk '$6 == "MATCHPUNT_SESSION" {print $6 "=" $7}' "$WORK/jar")
CANDIDATE=K00001
MATCHES="http://127.0.0.1:$PORT/api/v1/candidates/$CANDIDATE/matches"
PAGE="http://127.0.0.1:$PORT/kandidaten/$CANDIDATE"
curl -fs -H "Authorization: Bearer $TOKEN" "$MATCHES" | head -c 80; echo
curl -fs -H "Cookie: $COOKIE" -o /dev/null -w "candidate page: %{http_code}\n" "$PAGE"

# The feed's first run (serve starts a new feed at once) before anything is measured, so the idle and the
# during-import phases see the same database: the seed plus $COUNT feed postings.
"$BIN" feeds add bench --url "http://127.0.0.1:$FEED_PORT/mount/bench/feed.jsonld" --format jsonld --region bench --every 1440 --database "$DB" >/dev/null
runs() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('SELECT COUNT(*) FROM importRun').fetchone()[0])" "$DB"; }
for _ in $(seq 600); do [ "$(runs)" -ge 1 ] && break; sleep 1; done
sleep 5  # the index follows the 100k new postings
echo "first import: $("$BIN" feeds list --database "$DB" | sed -n 2p | sed 's/^ *//')"

run() { wrk -t2 -c32 -d"${SECONDS_OF_RUN:-$DURATION}s" --latency "$@" | grep -E "Requests/sec|50%|99%|Non-2xx|Socket errors" || true; }
echo "== idle: JSON matches (bearer)"; run -H "Authorization: Bearer $TOKEN" "$MATCHES"
echo "== idle: candidate page (session)"; run -H "Cookie: $COOKIE" "$PAGE"
# The same page for 2,000 different candidates in turn: what the page costs when its rendered ranking is not
# cached yet (the repeated page above is answered from that cache, see README).
ROTATE=(-s "$HERE/rotate.lua" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT")
echo "== idle: candidate pages of 2,000 different candidates (session)"; MATCHPUNT_BENCH_PATH="/kandidaten/K%05d" run "${ROTATE[@]}"
# The reference: a route with no database work and no authentication (the stylesheet), through the same middleware.
echo "== idle: reference, static stylesheet"; run "http://127.0.0.1:$PORT/static/matchpunt.css"

# Each phase below starts a run of the feed (the API's "run now", as an administrator would) with the other
# version of its content and measures while it runs; it prints the run's span next to its own, so the overlap
# can be checked. The run is serve's own import path (fetch, parse off the request threads, one store
# transaction, then the index follows the change log).
VERSION=a
during() {
  local label=$1; shift
  VERSION=$([ "$VERSION" = a ] && echo b || echo a)
  cp "$WORK/feed-$VERSION.jsonld" "$WORK/feeds/feed.jsonld.tmp" && mv "$WORK/feeds/feed.jsonld.tmp" "$WORK/feeds/feed.jsonld"
  curl -fs -X POST -H "Authorization: Bearer $TOKEN" -o "$WORK/run.json" "http://127.0.0.1:$PORT/api/v1/feeds/bench/run" &
  local trigger=$!
  sleep 1
  local from; from=$(date -u +%T)
  echo "== during an import of $COUNT postings: $label"
  SECONDS_OF_RUN=$DURING run "$@"
  echo "   (measured from $from to $(date -u +%T) UTC)"
  wait "$trigger" || echo "   (the run request failed)"
  python3 - "$DB" <<'PY'
import sqlite3, sys
row = sqlite3.connect(sys.argv[1]).execute("SELECT startedAt, finishedAt, status, newCount, updatedCount FROM importRun ORDER BY id DESC LIMIT 1").fetchone()
print("   import run: from %s to %s, %s, %s new, %s updated" % row)
PY
}
during "JSON matches (bearer)" -H "Authorization: Bearer $TOKEN" "$MATCHES"
during "candidate page (session)" -H "Cookie: $COOKIE" "$PAGE"
MATCHPUNT_BENCH_PATH="/kandidaten/K%05d" during "candidate pages of 2,000 different candidates (session)" "${ROTATE[@]}"
