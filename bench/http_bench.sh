#!/usr/bin/env bash
# Throughput under gunicorn (2 workers) with wrk, 16 connections on loopback, 10 s per URL:
# the search the issue names, a profile, and /healthz as the ceiling. Needs `make bench` to
# have built instance/bench/synthetic-100000.sqlite3, and wrk (Debian package).
set -euo pipefail
cd "$(dirname "$0")/.."
DB="${BENCH_DB:-instance/bench/synthetic-100000.sqlite3}"
PORT="${BENCH_PORT:-5099}"
command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install wrk)"; exit 1; }
[ -f "$DB" ] || { echo "$DB is missing: run make bench first"; exit 1; }
DATABASE_URL="sqlite:///$PWD/$DB" .venv/bin/gunicorn -w 2 -b "127.0.0.1:$PORT" \
  --log-level warning wsgi:app &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
SLUG=$(.venv/bin/python -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select slug from organization order by id limit 1').fetchone()[0])" "$DB")
for path in "/api/v1/search?q=counselling&sector=health-care&near=Thunder+Bay&radius_km=50" \
            "/search?q=counselling&sector=health-care&near=Thunder+Bay&radius_km=50" \
            "/organizations/$SLUG" "/healthz"; do
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path"  # warm both workers' caches
  curl -fs -o /dev/null "http://127.0.0.1:$PORT$path"
  echo "== $path"
  wrk -t 2 -c 16 -d 10s --latency "http://127.0.0.1:$PORT$path" \
    | grep -E "Requests/sec|Non-2xx|Socket errors|^ +(50|99)%"
done
