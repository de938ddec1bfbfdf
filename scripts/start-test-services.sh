#!/usr/bin/env bash
# Starts the services the integration tests run against, on loopback, in a throwaway folder:
# a PostgreSQL cluster with one database. Installs Debian's postgresql and redis-server first
# when they are missing (CI runs as root on a fresh Debian machine).
#
#   eval "$(scripts/start-test-services.sh)"                  # exports the variables below
#   scripts/start-test-services.sh --stop "$PARLOIR_TEST_POSTGRES_DIR"
#
# Prints, on standard output only:
#   export PARLOIR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:PORT/parloir
#   export PARLOIR_TEST_POSTGRES_DIR=/tmp/parloir-pg.XXXXXX   (cluster, socket and log; --stop removes it)
# Tests given PARLOIR_TEST_POSTGRES_URL use that server (a database each); without it each test
# process starts its own cluster with this script and stops it at exit. With
# PARLOIR_TEST_OWNER_PID set, a watcher also stops the cluster once that process is gone, even
# killed with SIGKILL.
#
# The cluster keeps PostgreSQL's durable defaults (fsync and synchronous_commit on) and trusts
# loopback connections: it is for tests only and is thrown away.
set -euo pipefail

log() { echo "start-test-services: $*" >&2; }
die() { log "$*"; exit 1; }

# Runs a command as the `postgres` OS user when we are root: PostgreSQL refuses to run as root.
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then echo "$dir"; return; fi
  if command -v initdb >/dev/null 2>&1; then dirname "$(command -v initdb)"; return; fi
}

install_missing() {
  local missing=()
  [ -n "$(pg_bin_dir)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return
  [ "$(id -u)" = 0 ] || die "missing ${missing[*]}: install them (apt-get install ${missing[*]}) or run as root"
  log "installing ${missing[*]} with apt-get"
  # The lock timeout waits for another apt run instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >&2
}

stop_postgres() {
  local dir=${1:?usage: start-test-services.sh --stop DIR}
  [ -f "$dir/data/PG_VERSION" ] || die "$dir holds no cluster started by this script"
  local bin
  bin=$(pg_bin_dir)
  if [ -f "$dir/data/postmaster.pid" ]; then
    (cd "$dir" && as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null) || true
  fi
  rm -rf "$dir"
}

start_postgres() {
  local bin dir port attempt
  bin=$(pg_bin_dir)
  [ -n "$bin" ] || die "no PostgreSQL found after installing"
  if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
    useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
  fi
  dir=$(mktemp -d "${TMPDIR:-/tmp}/parloir-pg.XXXXXX")
  chmod 700 "$dir"
  [ "$(id -u)" = 0 ] && chown postgres: "$dir"
  cd "$dir" # the postgres user may not be allowed into the caller's folder
  as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; rm -rf "$dir"; die "initdb failed"; }

  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    port=$((20000 + RANDOM % 40000))
    # A port something already answers on is taken; a refused connection means it is free (a
    # race with another starter is caught below by pg_ctl failing to bind, and we try again).
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then continue; fi
    if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 60 \
      -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=200" \
      start >/dev/null; then
      "$bin/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c 'create database parloir' >/dev/null \
        || { stop_postgres "$dir"; die "could not create the test database"; }
      log "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, cluster in $dir (attempt $attempt)"
      if [ -n "${PARLOIR_TEST_OWNER_PID:-}" ]; then
        # Detached, every stream closed, so whoever waits for this script's output is not kept waiting.
        local owner=$PARLOIR_TEST_OWNER_PID
        (while kill -0 "$owner" 2>/dev/null; do sleep 1; done; stop_postgres "$dir") </dev/null >/dev/null 2>&1 &
        disown
      fi
      echo "export PARLOIR_TEST_POSTGRES_URL=postgres://postgres@127.0.0.1:$port/parloir"
      echo "export PARLOIR_TEST_POSTGRES_DIR=$dir"
      return
    fi
    log "could not start on port $port, trying another"
  done
  tail -n 20 "$dir/postgres.log" >&2 || true
  rm -rf "$dir"
  die "PostgreSQL did not start"
}

if [ "${1:-}" = "--stop" ]; then
  stop_postgres "${2:-}"
  exit 0
fi
install_missing
start_postgres
