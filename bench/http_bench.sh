#!/usr/bin/env bash
# Throughput under gunicorn (2 workers) with wrk, 16 connections on loopback, 10 s per URL:
# the search the issue names, a profile, and /healthz as the ceiling. Needs `make bench` to
# have built instance/bench/synthetic-100000.sqlite3, and wrk (Debian package).
#
# wrk repeats one URL, so after the first request each worker remembers that search's
# full-text matches (SEARCH_MEMORY_IDS, docs/benchmarks.md). The search is therefore also
# measured on a server started with SEARCH_MEMORY_IDS=0: every request runs its full-text
# queries, as the first search with new words does.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${BENCH_DB:-instance/bench/synthetic-100000.sqlite3}"
PORT="${BENCH_PORT:-5099}"
SEARCH="q=counselling&sector=health-care&near=Thunder+Bay&radius_km=50"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
[ -f "$DB" ] || { echo "$DB is missing: run make bench first"; exit 1; }
SLUG=$(.venv/bin/python -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select slug from organization order by id limit 1').fetchone()[0])" "$DB")

serve_and_measure() {  # memory setting, then the paths to measure
  local memory=$1
  shift
  SEARCH_MEMORY_IDS=$memory DATABASE_URL="sqlite:///$PWD/$DB" .venv/bin/gunicorn -w 2 \
    -b "127.0.0.1:$PORT" --log-level warning wsgi:app &
  local gunicorn=$!
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  for path in "$@"; do
    # Warm both workers (each loads its index mirror on its first search): 2 s, discarded.
    wrk -t 2 -c 4 -d 2s "http://127.0.0.1:$PORT$path" >/dev/null
    echo "== $path (SEARCH_MEMORY_IDS=$memory)"
    wrk -t 2 -c 16 -d 10s --latency "http://127.0.0.1:$PORT$path" \
      | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|99)%"
  done
  echo "worker memory (RSS, MiB): $(ps -o rss= --ppid "$gunicorn" | awk '{printf "%d ", $1/1024}')"
  kill "$gunicorn"
  wait "$gunicorn" 2>/dev/null || true
}

serve_and_measure 2000000 "/api/v1/search?$SEARCH" "/search?$SEARCH" "/organizations/$SLUG" "/healthz"
serve_and_measure 0 "/api/v1/search?$SEARCH" "/search?$SEARCH"
