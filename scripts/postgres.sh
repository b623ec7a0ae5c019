#!/usr/bin/env bash
# Mnemo's project-local PostgreSQL + pgvector ("the embedded default").
#
#   scripts/postgres.sh start   install what is missing, start the cluster, create the database, print its URL
#   scripts/postgres.sh stop    stop the project cluster (the system cluster on 5432 is never touched)
#   scripts/postgres.sh url     print the URL the project uses
#   scripts/postgres.sh status  say whether the cluster runs
#
# When MNEMO_DB_URL (or MnemoLite's DATABASE_URL) is set, nothing is installed or started: that database is used.
# Idempotent: every step is skipped when already done. Settings: MNEMO_PG_PORT (55432), MNEMO_PG_HOME (.mnemo/).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_MAJOR=${MNEMO_PG_MAJOR:-15}
PORT=${MNEMO_PG_PORT:-55432}
HOME_DIR=${MNEMO_PG_HOME:-$ROOT/.mnemo}
DATA=$HOME_DIR/pgdata
RUN=$HOME_DIR/run
DB=${MNEMO_PG_DB:-mnemo}
BIN=/usr/lib/postgresql/$PG_MAJOR/bin
PGVECTOR_MIN=0.8.0

log() { printf '[mnemo-db] %s\n' "$*" >&2; }
die() { printf '[mnemo-db] error: %s\n' "$*" >&2; exit 1; }

# Root runs apt directly; anyone else goes through sudo.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
# initdb refuses root: the cluster belongs to the postgres user when we are root, to the caller otherwise.
as_owner() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

external_url() { printf '%s' "${MNEMO_DB_URL:-${DATABASE_URL:-}}"; }
local_url() { printf 'postgresql://postgres@127.0.0.1:%s/%s' "$PORT" "$DB"; }

apt_updated=
apt_update() { [ -n "$apt_updated" ] || { as_root apt-get update -qq; apt_updated=1; }; }

install_postgres() {
  [ -x "$BIN/postgres" ] && return
  log "installing PostgreSQL $PG_MAJOR from Debian's packages"
  apt_update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "postgresql-$PG_MAJOR" >/dev/null
}

vector_version() {
  local control=/usr/share/postgresql/$PG_MAJOR/extension/vector.control
  [ -f "$control" ] && sed -n "s/^default_version *= *'\(.*\)'/\1/p" "$control"
}

version_ge() { [ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" = "$2" ]; }

# pgvector is not packaged for Debian 12: build it from Debian trixie's *source* package against the installed
# server's headers. Never install trixie binaries, never upgrade the server (--no-upgrade, version pinned).
install_pgvector() {
  local have; have=$(vector_version || true)
  if [ -n "$have" ] && version_ge "$have" "$PGVECTOR_MIN"; then return; fi
  log "building pgvector >= $PGVECTOR_MIN from Debian's source package (once, ~1 min)"
  local pgv src work
  pgv=$(dpkg-query -W -f='${Version}' "postgresql-$PG_MAJOR")
  src=/etc/apt/sources.list.d/zz-mnemo-pgvector-src.sources
  as_root tee "$src" >/dev/null <<EOT
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: trixie
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOT
  trap 'as_root rm -f '"$src"'' EXIT
  as_root apt-get update -qq
  apt_updated=1
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends --no-upgrade \
      "postgresql-server-dev-$PG_MAJOR=$pgv" make gcc libc6-dev dpkg-dev >/dev/null; then
    log "headers for $pgv are gone from the archive; installing server and headers at the archive's version"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
      "postgresql-$PG_MAJOR" "postgresql-server-dev-$PG_MAJOR" make gcc libc6-dev dpkg-dev >/dev/null
  fi
  work=$(mktemp -d)
  (cd "$work" && apt-get source -qq pgvector/trixie >/dev/null 2>&1) || die "could not fetch pgvector's source package"
  as_root rm -f "$src"; trap - EXIT
  as_root apt-get update -qq
  local dir; dir=$(find "$work" -maxdepth 1 -type d -name 'pgvector-*' | head -n1)
  make -s -C "$dir" PG_CONFIG="$BIN/pg_config" OPTFLAGS= >/dev/null
  as_root make -s -C "$dir" PG_CONFIG="$BIN/pg_config" install >/dev/null
  rm -rf "$work"
  log "pgvector $(vector_version) installed"
}

running() { [ -f "$DATA/postmaster.pid" ] && as_owner "$BIN/pg_ctl" -D "$DATA" status >/dev/null 2>&1; }

start_cluster() {
  if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -m 700 "$DATA" 2>/dev/null || true
    install -d -o postgres "$RUN"
  else
    mkdir -p "$RUN"; install -d -m 700 "$DATA"
  fi
  if [ ! -f "$DATA/PG_VERSION" ]; then
    log "initialising the project cluster in $DATA"
    as_owner "$BIN/initdb" -D "$DATA" -U postgres -A trust -N -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if running; then return; fi
  if "$BIN/pg_isready" -q -h 127.0.0.1 -p "$PORT" >/dev/null 2>&1; then
    die "port $PORT is taken by another PostgreSQL (not this project's $DATA); stop it or set MNEMO_PG_PORT"
  fi
  log "starting PostgreSQL on 127.0.0.1:$PORT"
  as_owner "$BIN/pg_ctl" -D "$DATA" -l "$RUN/postgres.log" -w -t 60 \
    -o "-p $PORT -k $RUN -c listen_addresses=127.0.0.1 -c max_connections=200 -c shared_buffers=256MB -c maintenance_work_mem=512MB" \
    start >/dev/null || die "PostgreSQL did not start; see $RUN/postgres.log"
}

psql_local() { PGOPTIONS="-c client_min_messages=warning" "$BIN/psql" -h 127.0.0.1 -p "$PORT" -U postgres -v ON_ERROR_STOP=1 -qAtX "$@"; }

create_database() {
  if [ -z "$(psql_local -d postgres -c "SELECT 1 FROM pg_database WHERE datname = '$DB'")" ]; then
    psql_local -d postgres -c "CREATE DATABASE \"$DB\""
  fi
  psql_local -d "$DB" -c 'CREATE EXTENSION IF NOT EXISTS vector'
}

case "${1:-start}" in
  start)
    if [ -n "$(external_url)" ]; then log "using the database given by MNEMO_DB_URL/DATABASE_URL"; external_url; echo; exit 0; fi
    install_postgres
    install_pgvector
    start_cluster
    create_database
    local_url; echo
    ;;
  stop)
    if running; then as_owner "$BIN/pg_ctl" -D "$DATA" -m fast -w stop >/dev/null; log "stopped"; else log "not running"; fi
    ;;
  url)
    if [ -n "$(external_url)" ]; then external_url; else local_url; fi; echo
    ;;
  status)
    if running; then log "running on 127.0.0.1:$PORT ($DATA)"; else log "not running"; exit 3; fi
    ;;
  *) die "usage: $0 start|stop|url|status" ;;
esac
