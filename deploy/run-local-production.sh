#!/usr/bin/env bash
# SIGORO's production set-up, for real, on loopback: PostgreSQL, SeaweedFS (S3), two
# gunicorn app servers on two ports, the task worker. Everything stops on Ctrl-C or exit.
#
#   deploy/run-local-production.sh [--demo] [--local-media] [-- COMMAND ARGS...]
#
#   --demo         load the demo data (manage.py load_demo) after migrate
#   --local-media  media on a local folder instead of SeaweedFS
#   -- COMMAND     run COMMAND with the stack up (SIGORO_PROD_A, SIGORO_PROD_B and
#                  SIGORO_PROD_STATE set), then stop everything; exit with COMMAND's status
#
# Environment (all optional):
#   DATABASE_URL   use this database (e.g. a seed_scale database) instead of a throw-away
#                  PostgreSQL on PGPORT (default 5455)
#   PORT_A, PORT_B the two app servers (default 8321, 8322); S3_PORT (default 8340)
#   WEB_CONCURRENCY workers per app server (default 2); PROD_DIR state folder (default a
#                  new /tmp/sigoro-prod.XXXXXX, removed at exit unless KEEP_PROD_DIR=1)
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PY="$ROOT/.venv/bin/python"
GUNICORN="$ROOT/.venv/bin/gunicorn"

DEMO=0
LOCAL_MEDIA=0
COMMAND=()
while [ $# -gt 0 ]; do
  case "$1" in
    --demo) DEMO=1 ;;
    --local-media) LOCAL_MEDIA=1 ;;
    --) shift; COMMAND=("$@"); break ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

PORT_A=${PORT_A:-8321}
PORT_B=${PORT_B:-8322}
S3_PORT=${S3_PORT:-8340}
PGPORT=${PGPORT:-5455}
PROD_DIR=${PROD_DIR:-$(mktemp -d /tmp/sigoro-prod.XXXXXX)}
mkdir -p "$PROD_DIR"
STATE="$PROD_DIR/stack.env"
: >"$STATE"
PIDS=()

log() { printf '[prod-local] %s\n' "$*" >&2; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_all() {
  local status=$?
  trap - EXIT INT TERM
  log "stopping"
  # The worker's supervisor and weed run in process groups of their own (setsid), possibly
  # restarted by the fault tests: their pid files name the group. gunicorn: INT is its
  # quick shutdown.
  local groups=()
  for file in "$PROD_DIR/worker-supervisor.pid" "$PROD_DIR/s3.pid"; do
    [ -f "$file" ] && groups+=("$(cat "$file")")
  done
  for group in "${groups[@]}"; do kill -TERM -- "-$group" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for _ in $(seq 100); do
    alive=0
    for pid in "${PIDS[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    for group in "${groups[@]}"; do kill -0 -- "-$group" 2>/dev/null && alive=1; done
    [ "$alive" = 0 ] && break
    sleep 0.1
  done
  for pid in "${PIDS[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  for group in "${groups[@]}"; do kill -KILL -- "-$group" 2>/dev/null || true; done
  if [ -n "${PGDATA:-}" ] && [ -f "$PGDATA/postmaster.pid" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$PGDATA" -m fast stop >/dev/null 2>&1 || true
  fi
  if [ "${KEEP_PROD_DIR:-0}" != 1 ]; then rm -rf "$PROD_DIR"; fi
  exit "$status"
}
trap stop_all EXIT
trap 'exit 130' INT TERM

wait_for_port() {  # host port seconds what
  local deadline=$((SECONDS + $3))
  until (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; do
    [ $SECONDS -lt "$deadline" ] || { log "$4 did not start (logs in $PROD_DIR)"; exit 1; }
    sleep 0.2
  done
}

# --- PostgreSQL ---------------------------------------------------------------------------
if [ -z "${DATABASE_URL:-}" ]; then
  PGVERSION=$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)
  [ -n "$PGVERSION" ] || { log "PostgreSQL is not installed (apt-get install postgresql)"; exit 1; }
  PGBIN=/usr/lib/postgresql/$PGVERSION/bin
  PGDATA="$PROD_DIR/pgdata"
  PGSOCK="$PROD_DIR/pgsock"
  mkdir -p "$PGDATA" "$PGSOCK"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGDATA" "$PGSOCK" && chmod 755 "$PROD_DIR"
  as_postgres "$PGBIN/initdb" -D "$PGDATA" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >"$PROD_DIR/pg-ctl.sh" <<PGCTL
#!/bin/sh
# $PROD_DIR/pg-ctl.sh start|stop|restart: this stack's PostgreSQL (used by the fault tests).
if [ "\$(id -u)" = 0 ]; then AS="runuser -u postgres --"; else AS=""; fi
exec \$AS "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 60 -m fast \
  -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGSOCK -c max_connections=200" "\$1"
PGCTL
  chmod +x "$PROD_DIR/pg-ctl.sh"
  "$PROD_DIR/pg-ctl.sh" start >/dev/null
  as_postgres "$PGBIN/psql" -q -h 127.0.0.1 -p "$PGPORT" -U postgres \
    -c "CREATE ROLE app LOGIN PASSWORD 'app' CREATEDB" -c "CREATE DATABASE app OWNER app"
  export DATABASE_URL="postgres://app:app@127.0.0.1:$PGPORT/app"
  echo "PG_CTL=$PROD_DIR/pg-ctl.sh" >>"$STATE"
  log "PostgreSQL $PGVERSION on 127.0.0.1:$PGPORT"
elif [ -n "${PG_CTL:-}" ]; then
  echo "PG_CTL=$PG_CTL" >>"$STATE"  # a script "start|stop|restart" for the fault tests
fi

# --- SeaweedFS (S3) -------------------------------------------------------------------------
export S3_ACCESS_KEY_ID=${S3_ACCESS_KEY_ID:-sigoro}
export S3_SECRET_ACCESS_KEY=${S3_SECRET_ACCESS_KEY:-$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')}
if [ "$LOCAL_MEDIA" = 1 ]; then
  export MEDIA_STORAGE=local MEDIA_ROOT="$PROD_DIR/media"
else
  WEED="$ROOT/.venv/bin/weed"
  [ -x "$WEED" ] || { log "SeaweedFS is missing: make prod-local installs requirements-prod-local.txt"; exit 1; }
  mkdir -p "$PROD_DIR/s3"
  cat >"$PROD_DIR/s3-start.sh" <<WEEDSH
#!/bin/sh
# $PROD_DIR/s3-start.sh: start this stack's SeaweedFS again (used by the fault tests).
cd "$PROD_DIR/s3"
AWS_ACCESS_KEY_ID="$S3_ACCESS_KEY_ID" AWS_SECRET_ACCESS_KEY="$S3_SECRET_ACCESS_KEY" \
  setsid "$WEED" mini -dir="$PROD_DIR/s3" -ip=127.0.0.1 -ip.bind=127.0.0.1 \
  -s3.port=$S3_PORT -master.port=$((S3_PORT + 1000)) -volume.port=$((S3_PORT + 1)) \
  -filer.port=$((S3_PORT + 2)) -admin.ui=false -webdav=false -s3.port.iceberg=0 \
  -s3.port.lance=0 -bucket=sigoro >>"$PROD_DIR/s3.log" 2>&1 &
echo \$! >"$PROD_DIR/s3.pid"
WEEDSH
  chmod +x "$PROD_DIR/s3-start.sh"
  "$PROD_DIR/s3-start.sh"
  wait_for_port 127.0.0.1 "$S3_PORT" 60 "SeaweedFS"
  export MEDIA_STORAGE=s3 S3_BUCKET=sigoro S3_ENDPOINT_URL="http://127.0.0.1:$S3_PORT" S3_REGION=us-east-1
  # The bucket: created by weed mini (-bucket); wait until it answers.
  "$PY" - <<'PYCHECK'
import os, time
import boto3
client = boto3.client("s3", endpoint_url=os.environ["S3_ENDPOINT_URL"], region_name="us-east-1",
    aws_access_key_id=os.environ["S3_ACCESS_KEY_ID"], aws_secret_access_key=os.environ["S3_SECRET_ACCESS_KEY"])
for _ in range(100):
    try:
        client.head_bucket(Bucket="sigoro")
        break
    except Exception:
        try:
            client.create_bucket(Bucket="sigoro")
        except Exception:
            time.sleep(0.3)
else:
    raise SystemExit("the bucket sigoro did not appear")
PYCHECK
  echo "S3_START=$PROD_DIR/s3-start.sh" >>"$STATE"
  echo "S3_PID_FILE=$PROD_DIR/s3.pid" >>"$STATE"
  log "SeaweedFS S3 on http://127.0.0.1:$S3_PORT (bucket sigoro)"
fi

# --- Django settings of every process -----------------------------------------------------
export DEBUG=0
export SECRET_KEY=${SECRET_KEY:-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')}
export ALLOWED_HOSTS=${ALLOWED_HOSTS:-127.0.0.1,localhost}
# Loopback without TLS: no HTTPS redirect, cookies without Secure (never on a network).
export HTTPS=0
export STATIC_MANIFEST=1
export CONN_MAX_AGE=${CONN_MAX_AGE:-60}
export CONN_HEALTH_CHECKS=1
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
export UNAVAILABLE_RETRY_AFTER=${UNAVAILABLE_RETRY_AFTER:-5}

"$PY" manage.py compile_translations >/dev/null
"$PY" manage.py migrate --no-input -v 0
# Hashed, compressed static files; collected again only when static/ changed.
if [ ! -f staticfiles/staticfiles.json ] || [ -n "$(find static -newer staticfiles/staticfiles.json -type f | head -n 1)" ]; then
  log "collecting static files"
  "$PY" manage.py collectstatic --no-input -v 0
fi
if [ "$DEMO" = 1 ]; then
  log "loading the demo data"
  "$PY" manage.py load_demo >"$PROD_DIR/load_demo.log"
fi

# --- the worker and the two app servers ----------------------------------------------------
cat >"$PROD_DIR/worker-start.sh" <<WORKER
#!/usr/bin/env bash
# $PROD_DIR/worker-start.sh: start this stack's task worker, supervised.
cd "$ROOT"
# The environment of the app servers (settings from the environment only).
$(export -p)
# Supervised as systemd would (Restart=always): db_worker exits when it loses the database
# (a PostgreSQL restart) or is killed; it is started again two seconds later.
setsid bash -c 'while :; do
  "$PY" manage.py db_worker --queue-name default >>"$PROD_DIR/worker.log" 2>&1 &
  echo \$! >"$PROD_DIR/worker.pid"
  wait \$!
  sleep 2
done' >/dev/null 2>&1 &
echo \$! >"$PROD_DIR/worker-supervisor.pid"
WORKER
chmod +x "$PROD_DIR/worker-start.sh"
"$PROD_DIR/worker-start.sh"
echo "WORKER_START=$PROD_DIR/worker-start.sh" >>"$STATE"
echo "WORKER_PID_FILE=$PROD_DIR/worker.pid" >>"$STATE"

for side in A B; do
  port_var=PORT_$side
  GUNICORN_BIND="127.0.0.1:${!port_var}" GUNICORN_PROC_NAME="sigoro-$side" \
    "$GUNICORN" -c gunicorn.conf.py >"$PROD_DIR/app-$side.log" 2>&1 &
  PIDS+=($!)
  echo "APP_${side}_PID=$!" >>"$STATE"
done
wait_for_port 127.0.0.1 "$PORT_A" 60 "app server A"
wait_for_port 127.0.0.1 "$PORT_B" 60 "app server B"

export SIGORO_PROD_A="http://127.0.0.1:$PORT_A"
export SIGORO_PROD_B="http://127.0.0.1:$PORT_B"
export SIGORO_PROD_STATE="$STATE"
{
  echo "SIGORO_PROD_A=$SIGORO_PROD_A"
  echo "SIGORO_PROD_B=$SIGORO_PROD_B"
  echo "DATABASE_URL=$DATABASE_URL"
  echo "PROD_DIR=$PROD_DIR"
} >>"$STATE"

cat <<INFO

SIGORO production run on loopback (gunicorn x2, ${WEB_CONCURRENCY} workers each):
  app server A   $SIGORO_PROD_A/
  app server B   $SIGORO_PROD_B/
  database       $DATABASE_URL
  media          ${MEDIA_STORAGE} $( [ "$MEDIA_STORAGE" = s3 ] && echo "$S3_ENDPOINT_URL bucket sigoro" )
  logs, state    $PROD_DIR (app-A.log, app-B.log, worker.log, stack.env)
INFO
if [ "$DEMO" = 1 ]; then
  echo "  demo logins    admin, camat, lurah, ketuarw, ketuart, mitra, pemantau (password sigoro-demo)"
fi

if [ ${#COMMAND[@]} -gt 0 ]; then
  echo
  set +e
  "${COMMAND[@]}"
  exit $?
fi
echo "Ctrl+C stops everything."
wait "${PIDS[@]}"
