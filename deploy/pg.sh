#!/usr/bin/env bash
# A throwaway local PostgreSQL cluster for running and testing Kontaktdata.
#
#   deploy/pg.sh start     initdb if needed, start, create roles and database if missing
#   deploy/pg.sh stop      stop the cluster (no-op when it is not running)
#   deploy/pg.sh status    say whether it runs, where and on which port (exit 0 running, 3 not)
#   deploy/pg.sh env       print the DSNs as `export` lines, for `eval "$(deploy/pg.sh env)"`:
#                          KONTAKTDATA_DB_DSN and KONTAKTDATA_TEST_DSN (serving role
#                          kontaktdata_app), KONTAKTDATA_DB_OWNER_DSN and
#                          KONTAKTDATA_TEST_OWNER_DSN (owner role kontaktdata_owner)
#   deploy/pg.sh dsn app|owner   print one DSN, e.g. host=127.0.0.1 port=55432 dbname=kontaktdata
#                          user=kontaktdata_app
#   deploy/pg.sh destroy   stop and remove the cluster's data folder
#
# Environment:
#   KONTAKTDATA_PG_NAME    cluster name, default "run"; data under var/pg/<name> in the project
#   KONTAKTDATA_PG_PORT    TCP port on 127.0.0.1, default 55432 (used when starting; `env` of a
#                          running cluster reports the port it actually listens on)
#   KONTAKTDATA_PG_DB      database to create and name in `env`, default "kontaktdata"
#   KONTAKTDATA_PG_TLS_DIR a folder of deploy/make-test-certs.sh: the cluster also accepts TLS,
#                          with its server.crt/server.key (for 127.0.0.1 and localhost), so that
#                          clients can connect with sslmode=verify-full sslrootcert=<dir>/ca.pem
#   KONTAKTDATA_PG_FAST=1  fsync, synchronous_commit and full_page_writes off: for tests only,
#                          a crash can lose or corrupt the data
#   KONTAKTDATA_PG_BINDIR  PostgreSQL server binaries; default `pg_config --bindir`, else
#                          /usr/lib/postgresql/15/bin
#
# The cluster listens on 127.0.0.1 only, with its Unix socket in its own data folder, and trusts
# every connection (initdb -A trust). That is acceptable for a throwaway cluster that only local
# processes can reach; never use this script for a shared or production database.
#
# initdb and postgres refuse to run as root. Run as root (as CI does), the cluster runs as the
# unprivileged `postgres` user (created by Debian's postgresql package), or as a system user
# `kontaktdata-pg` created here when that user does not exist. If that user cannot reach var/pg
# in the project (e.g. the clone lives under /root), the data goes to
# /var/tmp/kontaktdata-pg-<hash of the project path>/<name> instead. Run as a normal user, the
# cluster runs as that user.
set -euo pipefail

readonly OWNER_ROLE=kontaktdata_owner
readonly APP_ROLE=kontaktdata_app

PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
readonly PROJECT
NAME="${KONTAKTDATA_PG_NAME:-run}"
PORT="${KONTAKTDATA_PG_PORT:-55432}"
DB="${KONTAKTDATA_PG_DB:-kontaktdata}"
FAST="${KONTAKTDATA_PG_FAST:-0}"
TLS_DIR="${KONTAKTDATA_PG_TLS_DIR:-}"

log() { echo "pg.sh[$NAME]: $*" >&2; }
die() { log "error: $*"; exit 1; }

[[ "$NAME" =~ ^[A-Za-z0-9_.-]+$ ]] || die "KONTAKTDATA_PG_NAME must be letters, digits, . _ -"
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then
  die "bad KONTAKTDATA_PG_PORT: $PORT"
fi
[[ "$DB" =~ ^[a-z_][a-z0-9_]*$ ]] || die "KONTAKTDATA_PG_DB must be a plain lower-case name"

find_bindir() {
  local dir
  if [[ -n "${KONTAKTDATA_PG_BINDIR:-}" ]]; then
    echo "$KONTAKTDATA_PG_BINDIR"
    return
  fi
  if command -v pg_config >/dev/null 2>&1; then
    dir="$(pg_config --bindir 2>/dev/null || true)"
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return
    fi
  fi
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [[ -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
      echo "$dir"
      return
    fi
  done
  die "no PostgreSQL server binaries (initdb, pg_ctl) found; run deploy/install-deps.sh"
}
BINDIR="$(find_bindir)"
readonly BINDIR

# --- who runs the cluster ----------------------------------------------------------------------
if [[ "$(id -u)" -eq 0 ]]; then
  if id -u postgres >/dev/null 2>&1; then
    PG_USER=postgres
  else
    PG_USER=kontaktdata-pg
  fi
else
  PG_USER="$(id -un)"
fi
readonly PG_USER

ensure_pg_user() {
  [[ "$(id -u)" -eq 0 ]] || return 0
  id -u "$PG_USER" >/dev/null 2>&1 && return 0
  log "creating system user $PG_USER to run the cluster"
  useradd --system --user-group --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin "$PG_USER"
}

# Runs a command as the cluster's user, from a folder that user can enter.
as_pg() {
  if [[ "$(id -u)" -eq 0 ]]; then
    (cd / && runuser -u "$PG_USER" -- "$@")
  else
    "$@"
  fi
}

# --- where the data lives ----------------------------------------------------------------------
PROJECT_BASE="$PROJECT/var/pg"
FALLBACK_BASE="/var/tmp/kontaktdata-pg-$(printf '%s' "$PROJECT" | sha256sum | cut -c1-12)"
readonly PROJECT_BASE FALLBACK_BASE

# The data folder of an existing cluster, or empty.
existing_data_dir() {
  local base
  for base in "$PROJECT_BASE" "$FALLBACK_BASE"; do
    if [[ -f "$base/$NAME/PG_VERSION" ]]; then
      echo "$base/$NAME"
      return
    fi
  done
}

# Chooses (and creates) the base folder for a new cluster.
choose_base() {
  mkdir -p "$PROJECT_BASE"
  if [[ "$(id -u)" -ne 0 ]]; then
    echo "$PROJECT_BASE"
    return
  fi
  if runuser -u "$PG_USER" -- test -x "$PROJECT_BASE" 2>/dev/null; then
    echo "$PROJECT_BASE"
    return
  fi
  log "user $PG_USER cannot reach $PROJECT_BASE (a parent folder is not traversable);" \
    "using $FALLBACK_BASE instead"
  mkdir -p "$FALLBACK_BASE"
  chown "$PG_USER:" "$FALLBACK_BASE"
  chmod 0700 "$FALLBACK_BASE"
  echo "$FALLBACK_BASE"
}

# A Unix socket path is limited to 107 bytes; with a deep project path, listen on TCP only.
socket_dir_for() {
  local data="$1"
  if ((${#data} + ${#PORT} + 10 <= 100)); then
    echo "$data"
  else
    echo ""
  fi
}

is_running() {
  local data="$1"
  as_pg "$BINDIR/pg_ctl" status -D "$data" >/dev/null 2>&1
}

# The port a running cluster listens on (line 4 of postmaster.pid), else the configured one.
running_port() {
  local data="$1" p
  p="$(sed -n 4p "$data/postmaster.pid" 2>/dev/null || true)"
  if [[ "$p" =~ ^[0-9]+$ ]]; then echo "$p"; else echo "$PORT"; fi
}

port_in_use() {
  local port="$1"
  if command -v ss >/dev/null 2>&1; then
    [[ -n "$(ss -Hltn "sport = :$port" 2>/dev/null)" ]]
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

# Runs the SQL on stdin as the cluster's superuser.
psql_super() {
  local port="$1"
  "$BINDIR/psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres -f -
}

create_roles_and_db() {
  local port="$1"
  # \gexec runs each statement the query returns: only what is missing is created.
  psql_super "$port" >/dev/null <<SQL
SELECT format('CREATE ROLE %I LOGIN', r)
  FROM unnest(ARRAY['$OWNER_ROLE', '$APP_ROLE']) AS r
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = r)
\gexec
SELECT format('CREATE DATABASE %I OWNER %I ENCODING ''UTF8''', '$DB', '$OWNER_ROLE')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB')
\gexec
SQL
}

# Creates a new cluster in a fresh folder; echoes its data folder.
init_cluster() {
  local data out
  data="$(choose_base)/$NAME"
  # A folder without PG_VERSION is the remains of a failed initdb: start again.
  rm -rf -- "$data"
  mkdir -p "$data"
  if [[ "$(id -u)" -eq 0 ]]; then chown "$PG_USER:" "$data"; fi
  chmod 0700 "$data"
  log "initdb in $data (as $PG_USER)"
  # -A trust: see the header; the cluster is reachable from this machine only.
  if ! out="$(as_pg "$BINDIR/initdb" -D "$data" -U postgres -A trust -E UTF8 \
    --locale=C.UTF-8 --no-instructions 2>&1)"; then
    echo "$out" >&2
    rm -rf -- "$data"
    die "initdb failed"
  fi
  # Loopback only, and only what listens there: no ::1, no other interface.
  as_pg sh -c "printf '%s\n' 'local all all trust' 'host  all all 127.0.0.1/32 trust' \
    >'$data/pg_hba.conf' &&
    printf '%s\n' \"include_if_exists = 'kontaktdata.conf'\" >>'$data/postgresql.conf'"
  echo "$data"
}

# Writes the settings that follow the environment; rewritten at every start.
write_settings() {
  local data="$1" port="$2"
  {
    echo "# Written by deploy/pg.sh at each start; edits are lost."
    echo "listen_addresses = '127.0.0.1'"
    echo "port = $port"
    echo "unix_socket_directories = '$(socket_dir_for "$data")'"
    echo "max_connections = 200"
    echo "logging_collector = off"
    echo "log_line_prefix = '%m [%p] %q%u@%d '"
    if [[ -n "$TLS_DIR" ]]; then
      echo "ssl = on"
      echo "ssl_cert_file = 'tls-server.crt'"
      echo "ssl_key_file = 'tls-server.key'"
      echo "ssl_min_protocol_version = 'TLSv1.2'"
    fi
    if [[ "$FAST" == 1 ]]; then
      echo "# KONTAKTDATA_PG_FAST=1: a test cluster; a crash may lose or corrupt its data."
      echo "fsync = off"
      echo "synchronous_commit = off"
      echo "full_page_writes = off"
    fi
  } | as_pg sh -c "cat >'$data/kontaktdata.conf'"
  if [[ -n "$TLS_DIR" ]]; then
    # PostgreSQL wants its key owned by the cluster's user and private to it.
    as_pg sh -c "cat >'$data/tls-server.crt'" <"$TLS_DIR/server.crt"
    as_pg sh -c "umask 077; cat >'$data/tls-server.key'" <"$TLS_DIR/server.key"
  fi
}

cmd_start() {
  local data port mode=""
  ensure_pg_user
  data="$(existing_data_dir)"
  if [[ -n "$data" ]] && is_running "$data"; then
    port="$(running_port "$data")"
    log "already running on 127.0.0.1:$port ($data)"
  else
    port="$PORT"
    if port_in_use "$port"; then
      die "port $port on this machine is in use; set KONTAKTDATA_PG_PORT to a free one"
    fi
    [[ -n "$data" ]] || data="$(init_cluster)"
    write_settings "$data" "$port"
    [[ "$FAST" == 1 ]] && mode=", fsync off"
    log "starting on 127.0.0.1:$port ($data$mode)"
    if ! as_pg "$BINDIR/pg_ctl" start -D "$data" -l "$data/server.log" -w -t 60 -s >/dev/null; then
      tail -n 30 "$data/server.log" >&2 || true
      die "postgres did not start; log: $data/server.log"
    fi
  fi
  create_roles_and_db "$port"
  log "ready: database $DB, roles $OWNER_ROLE (owner) and $APP_ROLE (serving)"
}

cmd_stop() {
  local data
  data="$(existing_data_dir)"
  if [[ -z "$data" ]] || ! is_running "$data"; then
    log "not running"
    return 0
  fi
  log "stopping ($data)"
  if ! as_pg "$BINDIR/pg_ctl" stop -D "$data" -m fast -w -t 60 -s; then
    log "fast shutdown failed; stopping immediately"
    as_pg "$BINDIR/pg_ctl" stop -D "$data" -m immediate -w -t 30 -s
  fi
}

cmd_status() {
  local data port
  data="$(existing_data_dir)"
  if [[ -z "$data" ]]; then
    echo "cluster $NAME: not created"
    return 3
  fi
  if is_running "$data"; then
    port="$(running_port "$data")"
    echo "cluster $NAME: running on 127.0.0.1:$port, data $data, user $PG_USER"
    return 0
  fi
  echo "cluster $NAME: stopped, data $data"
  return 3
}

# The libpq connection string for a role: the port the cluster runs on, else KONTAKTDATA_PG_PORT.
dsn_for() {
  local role="$1" data port="$PORT"
  data="$(existing_data_dir)"
  if [[ -n "$data" ]] && is_running "$data"; then port="$(running_port "$data")"; fi
  echo "host=127.0.0.1 port=$port dbname=$DB user=$role"
}

cmd_env() {
  local app owner
  app="$(dsn_for "$APP_ROLE")"
  owner="$(dsn_for "$OWNER_ROLE")"
  # The server's own overrides (db.dsn, db.owner_dsn) and the store test tier's variables.
  echo "export KONTAKTDATA_DB_DSN='$app'"
  echo "export KONTAKTDATA_DB_OWNER_DSN='$owner'"
  echo "export KONTAKTDATA_TEST_DSN='$app'"
  echo "export KONTAKTDATA_TEST_OWNER_DSN='$owner'"
}

cmd_dsn() {
  case "${1:-app}" in
    app) dsn_for "$APP_ROLE" ;;
    owner) dsn_for "$OWNER_ROLE" ;;
    *) die "usage: $0 dsn app|owner" ;;
  esac
}

cmd_destroy() {
  local data base
  cmd_stop
  data="$(existing_data_dir)"
  [[ -n "$data" ]] || return 0
  log "removing $data"
  rm -rf -- "$data"
  # Remove the fallback base once it holds no other cluster.
  base="$(dirname "$data")"
  if [[ "$base" == "$FALLBACK_BASE" ]]; then rmdir -- "$base" 2>/dev/null || true; fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  env) cmd_env ;;
  dsn) cmd_dsn "${2:-app}" ;;
  destroy) cmd_destroy ;;
  *)
    echo "usage: $0 start|stop|status|env|dsn [app|owner]|destroy (see the file's header)" >&2
    exit 2
    ;;
esac
