#!/usr/bin/env bash
# Feed-import benchmark: Matchpunt's libcurl fetch + streaming JSON-LD parse (+ SQLite insert of every draft)
# against the Python baseline (json.load + sqlite3 executemany) on the same generated 100k-posting file,
# in one run. Prints both and the ratios (wall time and CPU time).
#
#   benchmarks/run_feed_bench.sh PATH/TO/feeds-parse-bench [COUNT] [RUNS]
#
# The bench binary is built from benchmarks/feeds-parse-bench (release), see benchmarks/README.md.
set -euo pipefail
BENCH=${1:?usage: run_feed_bench.sh PATH/TO/feeds-parse-bench [COUNT] [RUNS]}
COUNT=${2:-100000}
RUNS=${3:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
FEED="$WORK/feed-$COUNT.jsonld"

"$BENCH" "$FEED" --count "$COUNT" --serial > /dev/null
echo "feed: $COUNT postings, $(stat -c %s "$FEED") bytes; load: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 "$HERE/../fixtures/feeds/server.py" --mount bench="$WORK" --no-stdin-watch --max-seconds 1800 > "$WORK/server.out" &
SERVER=$!
for _ in $(seq 50); do grep -q PORT "$WORK/server.out" 2>/dev/null && break; sleep 0.1; done
PORT=$(awk '/PORT/ {print $2}' "$WORK/server.out")
URL="http://127.0.0.1:$PORT/mount/bench/$(basename "$FEED")"

for run in $(seq "$RUNS"); do
  for mode in "" "--serial"; do
    /usr/bin/time -f "cpu %U %S maxrss %M" -o "$WORK/swift.time" \
      "$BENCH" "$FEED" --url "$URL" --sqlite "$WORK/swift.sqlite" $mode > "$WORK/swift.out" 2>/dev/null
    SWIFT_WALL=$(awk '/^total:/ {print $2}' "$WORK/swift.out")
    SWIFT_CPU=$(awk '{print $2 + $3}' "$WORK/swift.time")
    SWIFT_RSS=$(awk '{print int($5 / 1024)}' "$WORK/swift.time")
    /usr/bin/time -f "cpu %U %S maxrss %M" -o "$WORK/python.time" \
      python3 "$HERE/python_import.py" "$FEED" --db "$WORK/python.sqlite" > "$WORK/python.out"
    PY_WALL=$(sed -E 's/.*total ([0-9.]+) s.*/\1/' "$WORK/python.out")
    PY_CPU=$(awk '{print $2 + $3}' "$WORK/python.time")
    PY_RSS=$(awk '{print int($5 / 1024)}' "$WORK/python.time")
    echo "run $run ${mode:---two-threads}:"
    sed 's/^/  swift  /' "$WORK/swift.out" | grep -E "fetch|parse|total"
    echo "  python $(cat "$WORK/python.out")"
    awk -v sw="$SWIFT_WALL" -v pw="$PY_WALL" -v sc="$SWIFT_CPU" -v pc="$PY_CPU" -v sr="$SWIFT_RSS" -v pr="$PY_RSS" \
      'BEGIN { printf "  => wall: swift %.2f s, python %.2f s, ratio %.1fx | cpu: swift %.2f s, python %.2f s, ratio %.1fx | peak RSS: swift %d MiB, python %d MiB\n", sw, pw, pw / sw, sc, pc, pc / sc, sr, pr }'
  done
done
