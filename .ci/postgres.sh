#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the store's tests (S-1).
#
#   .ci/postgres.sh start   installs PostgreSQL from the system packages when `initdb` is missing,
#                           creates a cluster in a temporary directory owned by the unprivileged
#                           `postgres` user, starts it on a free local port (55432 or the next free
#                           one), creates a database and prints its URL on stdout (the last line).
#   .ci/postgres.sh stop    stops that cluster and removes its directory.
#
# The cluster's directory is remembered in $SEATWISE_PG_STATE (default /tmp/seatwise-pg.state).
set -euo pipefail

STATE="${SEATWISE_PG_STATE:-/tmp/seatwise-pg.state}"
PG_USER=postgres
DB=seatwise_test

bin_dir() {
  # `initdb` on the PATH may be a symbolic link into the version's bin directory, which has
  # the other programs (createdb) too.
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(readlink -f "$(command -v initdb)")"
    return
  fi
  local dir
  dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
  if [ -z "$dir" ]; then
    echo "installing postgresql from the system packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq postgresql >&2
    dir="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  fi
  echo "$dir"
}

as_pg() {
  if [ "$(id -un)" = "$PG_USER" ]; then
    "$@"
  elif command -v runuser >/dev/null 2>&1; then
    runuser -u "$PG_USER" -- "$@"
  else
    su "$PG_USER" -s /bin/sh -c "$(printf '%q ' "$@")"
  fi
}

port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

start() {
  local bin dir port
  bin="$(bin_dir)"
  id -u "$PG_USER" >/dev/null 2>&1 || useradd --system --no-create-home "$PG_USER"
  dir="$(mktemp -d /tmp/seatwise-pg.XXXXXX)"
  chown "$PG_USER" "$dir"
  chmod 700 "$dir"
  port="${SEATWISE_PG_PORT:-55432}"
  while ! port_free "$port"; do port=$((port + 1)); done
  as_pg "$bin/initdb" -D "$dir/data" -U "$PG_USER" --auth=trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }
  as_pg "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off" start >&2
  as_pg "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$PG_USER" "$DB"
  printf '%s\n%s\n%s\n' "$bin" "$dir" "$port" >"$STATE"
  echo "postgres://$PG_USER@127.0.0.1:$port/$DB"
}

stop() {
  [ -f "$STATE" ] || { echo "no cluster to stop ($STATE missing)" >&2; return 0; }
  local bin dir
  bin="$(sed -n 1p "$STATE")"
  dir="$(sed -n 2p "$STATE")"
  as_pg "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
  rm -rf "$dir" "$STATE"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
