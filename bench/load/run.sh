#!/usr/bin/env bash
# SIGORO load test (issue 14, item 5): gunicorn on loopback against a PostgreSQL database
# filled by `manage.py seed_scale`, locust headless for a bounded time, then a summary per
# endpoint (req/s, p50, p95, p99, errors).
#
#   DATABASE_URL=postgres://app:app@127.0.0.1:5445/sigoro_scale bench/load/run.sh
#
# Environment (defaults in brackets): USERS [50], SPAWN_RATE [25], RUN_TIME [60s],
# WORKERS [4] gunicorn worker processes, PORT [8316], LOAD_WAIT [0.5] max seconds a
# simulated user waits between requests, LOCUST [.venv/bin/locust], OUT [/tmp/sigoro-load],
# LOAD_CLASSES [all users] e.g. "Warga" for the public pages only.
#
# For the run only, the public rate limits are raised through the environment (every
# simulated visitor comes from 127.0.0.1, which the real limits would stop after a few
# reports): PUBLIC_REPORT_RATE, PUBLIC_POST_RATE, PUBLIC_PHOTO_RATE, PUBLIC_LOOKUP_RATE,
# PUBLIC_KEPT_PHOTO_RATE. Photos go to a temporary MEDIA_ROOT. Loopback only.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to the seeded PostgreSQL database}"
USERS=${USERS:-50}
SPAWN_RATE=${SPAWN_RATE:-25}
RUN_TIME=${RUN_TIME:-60s}
WORKERS=${WORKERS:-4}
PORT=${PORT:-8316}
OUT=${OUT:-/tmp/sigoro-load}
LOCUST=${LOCUST:-.venv/bin/locust}
PY=.venv/bin/python
mkdir -p "$OUT"

export DATABASE_URL
export DEBUG=0 HTTPS=0 SECRET_KEY=${SECRET_KEY:-load-test-not-secret-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export ALLOWED_HOSTS=127.0.0.1 STATIC_MANIFEST=0 WHITENOISE_USE_FINDERS=1
export MEDIA_ROOT=${MEDIA_ROOT:-$OUT/media}
export PUBLIC_REPORT_RATE=100000/h PUBLIC_POST_RATE=100000/h PUBLIC_PHOTO_RATE=100000/h
export PUBLIC_LOOKUP_RATE=100000/m PUBLIC_KEPT_PHOTO_RATE=100000/h
export LOGIN_FAILURE_LIMIT=1000

echo "== preparing data from the database"
$PY bench/load/prepare.py "$OUT/data.json"

echo "== starting gunicorn ($WORKERS workers) on 127.0.0.1:$PORT"
.venv/bin/gunicorn sigoro.wsgi -w "$WORKERS" -b "127.0.0.1:$PORT" --timeout 60 \
  --access-logfile /dev/null --error-logfile "$OUT/gunicorn.log" &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true; wait $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 60); do
  curl -fsS -o /dev/null "http://127.0.0.1:$PORT/jadwal/" 2>/dev/null && break
  sleep 0.5
done

echo "== locust: $USERS users for $RUN_TIME"
LOAD_DATA="$OUT/data.json" "$LOCUST" -f bench/load/locustfile.py --headless \
  -H "http://127.0.0.1:$PORT" -u "$USERS" -r "$SPAWN_RATE" --run-time "$RUN_TIME" \
  --csv "$OUT/run" --only-summary --loglevel WARNING ${LOAD_CLASSES:-} >"$OUT/locust.log" 2>&1 || true

echo "== results ($OUT/run_stats.csv)"
$PY bench/load/summary.py "$OUT/run"
