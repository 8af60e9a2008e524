#!/usr/bin/env bash
# Page timings of the staff web app (issue 14): wrk against every main staff page on a region-scale database.
#   benchmarks/staff-pages.sh [BIN] [DATABASE] [SECONDS]
#     BIN       default .build/release/matchpunt (say which build you measured)
#     DATABASE  default: a fresh `matchpunt demo seed` (20,000 candidates, 100,000 vacancies) in a temporary folder;
#               pass a seeded file to reuse it (a copy is used; but the backup opens the file through
#               the store, so a binary with newer migrations applies them to it — compare binaries on separate copies)
#     SECONDS   per page, default 10
# Logs in through the login form (session cookie, like a browser), makes one quote draft and one issued quote,
# then runs wrk (1 thread, 4 connections) on each page and prints req/s, p50 and p99. Needs wrk (apt-get install -y wrk), curl.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=${1:-$ROOT/.build/release/matchpunt}
SOURCE_DB=${2:-}
SECONDS_PER_PAGE=${3:-10}
WORK=$(mktemp -d)
APP=""
cleanup() { [ -n "$APP" ] && kill "$APP" 2>/dev/null; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT
cd "$ROOT"
DB="$WORK/region.sqlite"
if [ -n "$SOURCE_DB" ]; then "$BIN" backup "$DB" --database "$SOURCE_DB" >/dev/null; else "$BIN" demo seed --database "$DB" >/dev/null; fi
# A database that was benchmarked before already has the account: then only its password is set.
MATCHPUNT_PASSWORD=bench-wachtwoord-1 "$BIN" users add bench --role admin --database "$DB" >/dev/null 2>&1 ||
  MATCHPUNT_PASSWORD=bench-wachtwoord-1 "$BIN" users passwd bench --database "$DB" >/dev/null
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
MATCHPUNT_LOG_LEVEL=warning "$BIN" serve --database "$DB" --port "$PORT" > "$WORK/serve.log" 2>&1 &
APP=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 1200); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.5; done
# Log in like a browser: the login form's double-submit cookie, then the session cookie.
LOGIN=$(curl -s -c "$WORK/jar" "$BASE/login" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
curl -s -b "$WORK/jar" -c "$WORK/jar" -o /dev/null --data-urlencode "csrf=$LOGIN" --data-urlencode "username=bench" \
     --data-urlencode "password=bench-wachtwoord-1" "$BASE/login"
SESSION=$(awk '$6 == "MATCHPUNT_SESSION" {print $7}' "$WORK/jar")
COOKIE="Cookie: MATCHPUNT_SESSION=$SESSION"
CSRF=$(curl -s -H "$COOKIE" "$BASE/" | grep -o 'name="csrf" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//')
CANDIDATE=$(curl -s -H "$COOKIE" "$BASE/kandidaten" | grep -o 'href="/kandidaten/[^"/]*"' | grep -v 'nieuw\|import' | head -1 | sed 's/.*kandidaten\///; s/"$//')
VACANCY=$(curl -s -H "$COOKIE" "$BASE/kandidaten/$CANDIDATE" | grep -o 'href="/vacatures/[0-9]*"' | head -1 | grep -o '[0-9]*')
TERMS=$(curl -s -H "$COOKIE" "$BASE/kandidaten/$CANDIDATE" | grep -o "instrumenten?vacature=$VACANCY&amp;[^\"]*" | head -1 | sed 's/&amp;/\&/g; s/^instrumenten?//')
DRAFT=$(curl -s -H "$COOKIE" -o /dev/null -w '%{redirect_url}' --data "csrf=$CSRF&kandidaat=$CANDIDATE&$TERMS" "$BASE/offertes" | grep -o '[0-9]*$')
curl -s -H "$COOKIE" -o /dev/null --data "csrf=$CSRF&kandidaat=$CANDIDATE&$TERMS" "$BASE/offertes"
NUMBER=$(curl -s -H "$COOKIE" --data "csrf=$CSRF" "$BASE/offertes/concept/$DRAFT/uitbrengen" | grep -o 'MP-[0-9]*-[0-9]*' | head -1)
DRAFT2=$((DRAFT + 1))
echo "candidate $CANDIDATE, vacancy $VACANCY, quote $NUMBER, draft $DRAFT2; $SECONDS_PER_PAGE s per page, wrk -t1 -c4"
printf "%-45s %10s %10s %10s %8s\n" page "req/s" p50 p99 non2xx
for page in "/" "/kandidaten" "/kandidaten?id=${CANDIDATE:0:4}&trede=3" "/kandidaten/$CANDIDATE" "/kandidaten/$CANDIDATE/instrumenten?$TERMS" \
            "/kandidaten/$CANDIDATE/bewerken" "/kandidaten/nieuw" "/kandidaten/import" "/vacatures" "/vacatures/$VACANCY" "/offertes" \
            "/offertes/nieuw?kandidaat=$CANDIDATE&vacature=$VACANCY" "/offertes/concept/$DRAFT2" "/offertes/$NUMBER" \
            "/overzicht" "/overzicht/maanden.csv" "/catalogus" "/catalogus?datum=2026-07-01&regio=drechtsteden" \
            "/catalogus/gouden-gevallen" "/vacatures-zonder-locatie" "/beheer/feeds" "/beheer/gebruikers" "/beheer/audit"; do
  status=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$BASE$page")
  out=$(wrk -t1 -c4 -d"${SECONDS_PER_PAGE}s" --latency -H "$COOKIE" "$BASE$page")
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1 == "50%" {print $2}')
  p99=$(echo "$out" | awk '$1 == "99%" {print $2}')
  bad=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  label="$page"; [ ${#label} -gt 44 ] && label="${label:0:41}..."
  printf "%-45s %10s %10s %10s %8s  (HTTP %s)\n" "$label" "$rps" "$p50" "$p99" "${bad:-0}" "$status"
done
