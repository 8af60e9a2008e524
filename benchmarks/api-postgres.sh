#!/usr/bin/env bash
# The staff JSON API on PostgreSQL beside SQLite (issue 15): the same region-scale database
# (`demo seed --candidates 20000 --vacancies 100000`) in a SQLite file and on a throwaway PostgreSQL cluster,
# `serve` on each, and wrk against GET /api/v1/candidates/K00001/matches with a bearer token. On PostgreSQL it
# also runs two `serve` instances on the one database, with a wrk on each at the same time (the load balancer's
# view: their req/s add up).
#   benchmarks/api-postgres.sh [BIN]      (default: .build/release/matchpunt)
# Prints one line per setup: req/s, p50, p90, p99, errors. Needs: wrk, curl, PostgreSQL's binaries (initdb,
# pg_ctl; Debian's `postgresql`). The cluster runs with fsync=off (as the tests' cluster): this measures reads.
# Environment: MATCHPUNT_BENCH_SECONDS (10), MATCHPUNT_BENCH_CONNECTIONS (32), MATCHPUNT_BENCH_CANDIDATES
# (20000), MATCHPUNT_BENCH_VACANCIES (100000), MATCHPUNT_BENCH_STORES ("sqlite postgres": which to run),
# MATCHPUNT_BENCH_POSTGRES (a postgres:// URL of a database already seeded with `demo seed`: used instead of a
# throwaway cluster, and not seeded again; seeding 100k vacancies takes long in a debug build),
# MATCHPUNT_BENCH_SQLITE (likewise, the path of a seeded SQLite file).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
BIN=${1:-$ROOT/.build/release/matchpunt}
CANDIDATES=${MATCHPUNT_BENCH_CANDIDATES:-20000}
VACANCIES=${MATCHPUNT_BENCH_VACANCIES:-100000}
DURATION=${MATCHPUNT_BENCH_SECONDS:-10}
STORES=${MATCHPUNT_BENCH_STORES:-sqlite postgres}
PGURL=${MATCHPUNT_BENCH_POSTGRES:-}
SQLITE=${MATCHPUNT_BENCH_SQLITE:-}
CONNECTIONS=${MATCHPUNT_BENCH_CONNECTIONS:-32}
WORK=$(mktemp -d)
chmod 777 "$WORK"
APPS=()
PG_CTL=$(ls /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | sort -V | tail -1 || true)
INITDB=$(dirname "${PG_CTL:-.}")/initdb
# initdb and the server refuse to run as root: then they run as `nobody`.
as_db() { if [ "$(id -u)" = 0 ]; then runuser -u nobody -- "$@"; else "$@"; fi; }
cleanup() {
    for pid in "${APPS[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    [ -d "$WORK/pg" ] && [ -x "$PG_CTL" ] && as_db "$PG_CTL" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT
cd "$ROOT"
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

SEED_POSTGRES=1
if [ -z "$PGURL" ] && [[ " $STORES " == *" postgres "* ]] && [ ! -x "$PG_CTL" ]; then
    echo "PostgreSQL's binaries not found (apt-get install postgresql), or set MATCHPUNT_BENCH_POSTGRES" >&2; exit 1
fi
if [ -n "$PGURL" ]; then
    SEED_POSTGRES=0
elif [[ " $STORES " == *" postgres "* ]]; then
    # A throwaway cluster on a free port, the socket in the work folder.
    PGPORT=$(free_port)
    as_db "$INITDB" -D "$WORK/pg" -A trust -U matchpunt -E UTF8 --no-sync >/dev/null
    as_db "$PG_CTL" -D "$WORK/pg" -l "$WORK/pg.log" -w -t 60 \
        -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=100" start >/dev/null
    PGURL="postgres://matchpunt@127.0.0.1:$PGPORT/postgres"
fi

export MATCHPUNT_PASSWORD=bench-wachtwoord
MATCHES_PATH=/api/v1/candidates/K00001/matches

# Seeds a database (unless told it is seeded), makes an admin and prints its token.
prepare() {
    local db=$1 seed=$2 started=$SECONDS
    if [ "$seed" = 1 ]; then
        "$BIN" demo seed --candidates "$CANDIDATES" --vacancies "$VACANCIES" --database "$db" >&2
        echo "   seeded in $((SECONDS - started)) s" >&2
    fi
    "$BIN" users add bench --role admin --database "$db" >/dev/null 2>&1 || true
    "$BIN" users token bench --expires 1 --database "$db"
}

# Starts `serve` on a database and a port.
start_serve() {
    local db=$1 port=$2
    MATCHPUNT_LOG_LEVEL=warning "$BIN" serve --database "$db" --port "$port" > "$WORK/serve-$port.log" 2>&1 &
    APPS+=($!)
}

# Waits until `serve` on a port answers.
wait_serving() {
    local port=$1 started=$2
    for _ in $(seq 3000); do curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break; sleep 0.2; done
    curl -fs "http://127.0.0.1:$port/health" >/dev/null || { echo "serve on $port did not start" >&2; cat "$WORK/serve-$port.log" >&2; exit 1; }
    echo "   serve on :$port ready in $((SECONDS - started)) s" >&2
}

# wrk against the matches endpoint of a port; writes wrk's output to a file.
load() {
    local port=$1 token=$2 out=$3 connections=$4
    curl -fs -o /dev/null -H "Authorization: Bearer $token" "http://127.0.0.1:$port$MATCHES_PATH"
    wrk -t2 -c"$connections" -d"${DURATION}s" --timeout 30s --latency -H "Authorization: Bearer $token" "http://127.0.0.1:$port$MATCHES_PATH" > "$out"
}

# One result line from wrk outputs (req/s summed; percentiles per instance, separated by /).
summary() {
    local label=$1; shift
    local rps p50 p90 p99 errors
    rps=$(awk '/Requests\/sec/ {s += $2} END {printf "%.0f", s}' "$@")
    p50=$(awk '$1 == "50%" {print $2}' "$@" | paste -sd/)
    p90=$(awk '$1 == "90%" {print $2}' "$@" | paste -sd/)
    p99=$(awk '$1 == "99%" {print $2}' "$@" | paste -sd/)
    errors=$(cat "$@" | awk '/Non-2xx|Socket errors/ {e = e $0 "; "} END {print (e == "" ? "none" : e)}')
    printf "%-28s %8s req/s   p50 %-15s p90 %-15s p99 %-15s errors: %s\n" "$label" "$rps" "$p50" "$p90" "$p99" "$errors" >> "$WORK/results"
}

if [[ " $STORES " == *" sqlite "* ]]; then
    echo "== SQLite" >&2
    SEED_SQLITE=0
    [ -z "$SQLITE" ] && { SQLITE="$WORK/m.sqlite"; SEED_SQLITE=1; }
    TOKEN=$(prepare "$SQLITE" "$SEED_SQLITE")
    P1=$(free_port)
    start_serve "$SQLITE" "$P1"
    wait_serving "$P1" "$SECONDS"
    load "$P1" "$TOKEN" "$WORK/sqlite.wrk" "$CONNECTIONS"
    summary "SQLite, 1 instance" "$WORK/sqlite.wrk"
    cat "$WORK/results" >&2
    kill "${APPS[@]}"; wait "${APPS[@]}" 2>/dev/null || true; APPS=()
fi

if [[ " $STORES " == *" postgres "* ]]; then
    echo "== PostgreSQL" >&2
    TOKEN=$(prepare "$PGURL" "$SEED_POSTGRES")
    P1=$(free_port); P2=$(free_port)
    # Both instances start together (building the matching index is the slow part of a start); the second
    # stays idle while the first is measured alone.
    STARTED=$SECONDS
    start_serve "$PGURL" "$P1"
    start_serve "$PGURL" "$P2"
    wait_serving "$P1" "$STARTED"
    wait_serving "$P2" "$STARTED"
    load "$P1" "$TOKEN" "$WORK/pg1.wrk" "$CONNECTIONS"
    summary "PostgreSQL, 1 instance" "$WORK/pg1.wrk"
    # Half the connections on each instance, at the same time: the same total load as above.
    load "$P1" "$TOKEN" "$WORK/pg2a.wrk" $((CONNECTIONS / 2)) &
    WRK_A=$!
    load "$P2" "$TOKEN" "$WORK/pg2b.wrk" $((CONNECTIONS / 2))
    wait "$WRK_A"
    summary "PostgreSQL, 2 instances" "$WORK/pg2a.wrk" "$WORK/pg2b.wrk"
fi

echo
echo "GET $MATCHES_PATH (bearer), ${CONNECTIONS} connections, ${DURATION} s, $CANDIDATES candidates / $VACANCIES vacancies, $BIN, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$WORK/results"
