#!/usr/bin/env bash
# The whole `matchpunt import` process against the plain Python importer (json.load + one sqlite3 executemany
# transaction) on the same realistic feed (benchmarks/realistic_feed.py), in the same run:
#   benchmarks/import-realistic.sh [COUNT] [RUNS]     (default 100000 postings, 3 runs; build first:
#                                                       swift build -c release --product matchpunt)
# Matchpunt: a fresh database, `feeds add`, then `matchpunt import` timed as a process (start-up, reference and
# title-mapper load, fetch over 127.0.0.1, parse, title mapping, place resolution, store). Python: the file
# from disk, one transaction. Prints wall time, peak RSS and the ratio per run; the median ratio last.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=${MATCHPUNT_BIN:-$ROOT/.build-release/release/matchpunt}
[ -x "$BIN" ] || BIN=$ROOT/.build/release/matchpunt
COUNT=${1:-100000}
RUNS=${2:-3}
WORK=$(mktemp -d)
SERVER=
trap '[ -n "$SERVER" ] && kill $SERVER 2>/dev/null; rm -rf "$WORK"' EXIT
python3 "$HERE/realistic_feed.py" --count "$COUNT" --output "$WORK/feed.jsonld"
echo "feed: $COUNT postings, $(du -m "$WORK/feed.jsonld" | cut -f1) MB"
python3 "$ROOT/fixtures/feeds/server.py" --mount bench="$WORK" --no-stdin-watch --max-seconds 3600 > "$WORK/server.out" &
SERVER=$!
for _ in $(seq 100); do grep -q PORT "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(awk '/PORT/ {print $2}' "$WORK/server.out")
ratios=()
for run in $(seq "$RUNS"); do
  rm -f "$WORK"/m.sqlite* "$WORK/python.sqlite"
  "$BIN" feeds add bench --url "http://127.0.0.1:$PORT/mount/bench/feed.jsonld" --format jsonld --region bench \
    --database "$WORK/m.sqlite" --catalog "$ROOT/catalog" > /dev/null
  MATCHPUNT_FEED_INTERNAL_HOSTS=127.0.0.1 MATCHPUNT_LOG_LEVEL=warning /usr/bin/time -f "%e %M" -o "$WORK/swift.time" \
    "$BIN" import --feed bench --database "$WORK/m.sqlite" --catalog "$ROOT/catalog" > "$WORK/swift.out"
  /usr/bin/time -f "%e %M" -o "$WORK/python.time" python3 "$HERE/python_import.py" "$WORK/feed.jsonld" --db "$WORK/python.sqlite" > "$WORK/python.out"
  read -r SW SR < "$WORK/swift.time"
  read -r PW PR < "$WORK/python.time"
  located=$(sqlite3 "$WORK/m.sqlite" "SELECT COUNT(*) FROM vacancy WHERE postcode IS NOT NULL" 2>/dev/null || echo "?")
  mapped=$(sqlite3 "$WORK/m.sqlite" "SELECT COUNT(*) FROM vacancy WHERE occupation IS NOT NULL" 2>/dev/null || echo "?")
  ratio=$(awk -v s="$SW" -v p="$PW" 'BEGIN { printf "%.2f", p / s }')
  ratios+=("$ratio")
  echo "run $run: matchpunt import ${SW} s, peak $((SR / 1024)) MiB ($(cat "$WORK/swift.out" | head -1)); with a PC4 $located, with an occupation $mapped"
  echo "run $run: python           ${PW} s, peak $((PR / 1024)) MiB ($(cat "$WORK/python.out"))"
  echo "run $run: ratio python/matchpunt = ${ratio}x"
done
printf '%s\n' "${ratios[@]}" | sort -n | awk '{ a[NR] = $1 } END { printf "median ratio over %d runs: %.2fx\n", NR, a[int((NR + 1) / 2)] }'
