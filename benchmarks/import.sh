#!/usr/bin/env bash
# Feed-import benchmark: Matchpunt's importer vs plain Python (json.load + sqlite3), same file, same run.
#   benchmarks/import.sh [COUNT]        (default 100000 postings; build first: swift build -c release)
# Both import from/into the same kind of place: Matchpunt fetches the feed over HTTP from the fixture server on
# 127.0.0.1 and writes the real schema through GRDB; Python reads the file and writes an equivalent table.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${MATCHPUNT_BIN:-$HERE/../.build/release/matchpunt}
COUNT=${1:-100000}
WORK=$(mktemp -d)
trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT
"$BIN" bench feed-file --count "$COUNT" --output "$WORK/feed.jsonld"
python3 "$HERE/../fixtures/feeds/server.py" --mount bench="$WORK" --no-stdin-watch --max-seconds 1800 > "$WORK/server.out" &
SERVER=$!
for _ in $(seq 100); do grep -q PORT "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(awk '/PORT/ {print $2}' "$WORK/server.out")
/usr/bin/time -f "%e %M" -o "$WORK/swift.time" "$BIN" bench import --url "http://127.0.0.1:$PORT/mount/bench/feed.jsonld" | tee "$WORK/swift.out"
/usr/bin/time -f "%e %M" -o "$WORK/python.time" python3 "$HERE/python_import.py" "$WORK/feed.jsonld" --db "$WORK/python.sqlite" | tee "$WORK/python.out"
read -r SW SR < "$WORK/swift.time"
read -r PW PR < "$WORK/python.time"
awk -v sw="$SW" -v sr="$SR" -v pw="$PW" -v pr="$PR" -v n="$COUNT" 'BEGIN {
  printf "%d postings: Matchpunt %.2f s (whole process), peak %d MiB; Python %.2f s, peak %d MiB; Matchpunt is %.1fx faster, uses %.1fx less memory\n",
    n, sw, sr / 1024, pw, pr / 1024, pw / sw, pr / sr }'
