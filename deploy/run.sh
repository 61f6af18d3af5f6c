#!/usr/bin/env bash
# Builds Kontaktdata and serves it, with the demo data loaded, on http://127.0.0.1:8080/kontaktdata,
# with the register simulator (src/simulator) answering as CPR and CVR on http://127.0.0.1:8091.
# For a fresh Debian 12 machine, run as root or as a user with sudo. Stays in the foreground;
# Ctrl-C stops what it started (the server, the simulator, and the database cluster if it
# started it).
#
#   deploy/run.sh [--port N] [--simulator-port N] [--synthetic] [--reset] [--skip-deps]
#
#   --port N            serve on port N (or KONTAKTDATA_PORT=N); default 8080
#   --simulator-port N  the register simulator's port (or KONTAKTDATA_SIMULATOR_PORT=N); default
#                       8091, or a free port when 8091 is taken and no port was asked for
#   --synthetic         start the simulator with --synthetic (KONTAKTDATA_SIMULATOR_SYNTHETIC=1):
#                       every valid number outside its fixture is a generated fictitious person
#                       or company, for the benchmarks in tests/bench/
#   --reset             throw away the local database first (KONTAKTDATA_RESET=1)
#   --skip-deps         do not run deploy/install-deps.sh (KONTAKTDATA_SKIP_DEPS=1)
#
# Environment (all optional):
#   KONTAKTDATA_PORT        HTTP port, default 8080
#   KONTAKTDATA_SIMULATOR_PORT  the register simulator's port, default 8091
#   KONTAKTDATA_PG_PORT     port of the local PostgreSQL cluster, default 55432 (see deploy/pg.sh)
#   KONTAKTDATA_BUILD_DIR   build folder, default build/ in the project
#   KONTAKTDATA_SKIP_BUILD=1  use the build folder as it is (no cmake)
#   KONTAKTDATA_<KEY>       any server setting, e.g. KONTAKTDATA_LOG_LEVEL=debug (README.md)
#   KONTAKTDATA_REGISTRY_CPR_ENDPOINT and KONTAKTDATA_REGISTRY_CVR_ENDPOINT
#                           both set: the server asks these registers (e.g. the Serviceplatform's)
#                           and no simulator is started
#
# The database is kept in var/pg/run between runs (--reset starts afresh); the demo data
# (deploy/demo-data.sql) is loaded at every start and leaves the same state each time.
set -euo pipefail

PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
readonly PROJECT
cd "$PROJECT"

PORT="${KONTAKTDATA_PORT:-8080}"
SIM_PORT="${KONTAKTDATA_SIMULATOR_PORT:-}"
SIM_SYNTHETIC="${KONTAKTDATA_SIMULATOR_SYNTHETIC:-0}"
RESET="${KONTAKTDATA_RESET:-0}"
SKIP_DEPS="${KONTAKTDATA_SKIP_DEPS:-0}"
SKIP_BUILD="${KONTAKTDATA_SKIP_BUILD:-0}"
BUILD_DIR="${KONTAKTDATA_BUILD_DIR:-$PROJECT/build}"
CONFIG="$PROJECT/deploy/kontaktdata.conf.example"
LISTEN_PATH=/kontaktdata

log() { echo "run.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }

while (($#)); do
  case "$1" in
    --port)
      (($# >= 2)) || die "--port needs a number"
      PORT="$2"
      shift 2
      ;;
    --port=*)
      PORT="${1#--port=}"
      shift
      ;;
    --simulator-port)
      (($# >= 2)) || die "--simulator-port needs a number"
      SIM_PORT="$2"
      shift 2
      ;;
    --simulator-port=*)
      SIM_PORT="${1#--simulator-port=}"
      shift
      ;;
    --synthetic) SIM_SYNTHETIC=1; shift ;;
    --reset) RESET=1; shift ;;
    --skip-deps) SKIP_DEPS=1; shift ;;
    -h | --help)
      sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'
      exit 0
      ;;
    *) die "unknown argument: $1 (try --help)" ;;
  esac
done
if ! [[ "$PORT" =~ ^[0-9]+$ ]] || ((PORT < 1 || PORT > 65535)); then die "bad port: $PORT"; fi
SIM_PORT_ASKED=0
if [[ -n "$SIM_PORT" ]]; then
  SIM_PORT_ASKED=1
  if ! [[ "$SIM_PORT" =~ ^[0-9]+$ ]] || ((SIM_PORT < 1 || SIM_PORT > 65535)); then
    die "bad simulator port: $SIM_PORT"
  fi
  ((SIM_PORT != PORT)) || die "the server and the simulator cannot share port $PORT"
else
  SIM_PORT=8091
fi
# Real registers instead of the simulator: both endpoints given as server settings.
USE_SIMULATOR=1
if [[ -n "${KONTAKTDATA_REGISTRY_CPR_ENDPOINT:-}" && -n "${KONTAKTDATA_REGISTRY_CVR_ENDPOINT:-}" ]]
then
  USE_SIMULATOR=0
fi

# The cluster of this script: name "run", durable (never KONTAKTDATA_PG_FAST).
export KONTAKTDATA_PG_NAME=run
export KONTAKTDATA_PG_FAST=0
PG="$PROJECT/deploy/pg.sh"
# shellcheck source=deploy/lib.sh
. "$PROJECT/deploy/lib.sh"

SERVER_PID=""
SIM_PID=""
SIM_OUT=""
STARTED_PG=0
# shellcheck disable=SC2317 # called from the EXIT trap
stop_simulator() {
  stop_process "$SIM_PID" "the register simulator" 5
  SIM_PID=""
}
# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    log "stopping the server (pid $SERVER_PID)"
    stop_process "$SERVER_PID" "the server" 10
  fi
  if [[ -n "$SIM_PID" ]]; then log "stopping the register simulator (pid $SIM_PID)"; fi
  stop_simulator
  if [[ -n "$SIM_OUT" ]]; then rm -f -- "$SIM_OUT"; fi
  if ((STARTED_PG)); then "$PG" stop || true; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server runs without this script's own KONTAKTDATA_* variables: they are no server settings.
NOT_FOR_SERVER=(-u KONTAKTDATA_PORT -u KONTAKTDATA_RESET -u KONTAKTDATA_SKIP_DEPS
  -u KONTAKTDATA_SKIP_BUILD -u KONTAKTDATA_BUILD_DIR
  -u KONTAKTDATA_SIMULATOR_PORT -u KONTAKTDATA_SIMULATOR_SYNTHETIC
  -u KONTAKTDATA_PG_NAME -u KONTAKTDATA_PG_PORT -u KONTAKTDATA_PG_FAST -u KONTAKTDATA_PG_DB
  -u KONTAKTDATA_PG_BINDIR -u KONTAKTDATA_TEST_DSN -u KONTAKTDATA_TEST_OWNER_DSN
  -u KONTAKTDATA_E2E_URL)

# 1. Packages.
if [[ "$SKIP_DEPS" != 1 ]]; then
  log "installing missing Debian packages"
  "$PROJECT/deploy/install-deps.sh" </dev/null
fi
command -v ss >/dev/null || die "ss not found (package iproute2); run deploy/install-deps.sh"

# 2. Build (Release).
if [[ "$SKIP_BUILD" == 1 ]]; then
  log "KONTAKTDATA_SKIP_BUILD=1: using $BUILD_DIR as it is"
else
  log "building in $BUILD_DIR"
  cmake -S "$PROJECT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release </dev/null >/dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" </dev/null
fi
BIN="$BUILD_DIR/src/kontaktdata-server"
[[ -x "$BIN" ]] || die "the build made no $BIN"
SIM_BIN="$BUILD_DIR/src/simulator/kontaktdata-registersimulator"
if ((USE_SIMULATOR)); then
  [[ -x "$SIM_BIN" ]] || die "the build made no $SIM_BIN"
fi

if port_in_use "$PORT"; then
  die "port $PORT is in use; choose another with --port N"
fi
if ((USE_SIMULATOR)) && port_in_use "$SIM_PORT"; then
  if ((SIM_PORT_ASKED)); then
    die "port $SIM_PORT is in use; choose another with --simulator-port N"
  fi
  taken="$SIM_PORT"
  SIM_PORT="$(free_port "$PORT")"
  log "port $taken is in use; the register simulator takes port $SIM_PORT instead"
fi

# 3. Database: start the cluster, migrate, load the demo data.
if [[ "$RESET" == 1 ]]; then
  log "--reset: removing the local database"
  "$PG" destroy
fi
if ! "$PG" status >/dev/null; then STARTED_PG=1; fi
"$PG" start
APP_DSN="$("$PG" dsn app)"
OWNER_DSN="$("$PG" dsn owner)"

log "migrating"
env "${NOT_FOR_SERVER[@]}" KONTAKTDATA_DB_DSN="$APP_DSN" KONTAKTDATA_DB_OWNER_DSN="$OWNER_DSN" \
  "$BIN" --config "$CONFIG" --migrate </dev/null

DEMO_SQL="$PROJECT/deploy/demo-data.sql"
if [[ -f "$DEMO_SQL" ]]; then
  # Idempotent: every load leaves the demo municipalities, calling systems and grants as listed.
  log "loading the demo data"
  psql -X -q -v ON_ERROR_STOP=1 "$OWNER_DSN" -f "$DEMO_SQL" </dev/null >/dev/null
else
  log "warning: $DEMO_SQL not found; serving without demo data"
fi

# 4. The registers: the simulator, unless real endpoints are configured. Its log goes to this
# terminal; its `ready HOST:PORT` line to a file that this script waits on.
REGISTRY_ENV=()
SIM_URL=""
if ((USE_SIMULATOR)); then
  SIM_ARGS=(--host 127.0.0.1 --port "$SIM_PORT")
  if [[ "$SIM_SYNTHETIC" == 1 ]]; then SIM_ARGS+=(--synthetic); fi
  SIM_OUT="$(mktemp "${TMPDIR:-/tmp}/kontaktdata-simulator.XXXXXX")"
  log "starting the register simulator on 127.0.0.1:$SIM_PORT$( [[ "$SIM_SYNTHETIC" == 1 ]] &&
    echo " with --synthetic")"
  "$SIM_BIN" "${SIM_ARGS[@]}" </dev/null >"$SIM_OUT" &
  SIM_PID=$!
  for _ in $(seq 1 100); do
    grep -q '^ready ' "$SIM_OUT" 2>/dev/null && break
    if ! kill -0 "$SIM_PID" 2>/dev/null; then
      wait "$SIM_PID" || true
      SIM_PID=""
      die "the register simulator stopped during start-up (its log is above)"
    fi
    sleep 0.1
  done
  grep -q '^ready ' "$SIM_OUT" || die "the register simulator was not ready within 10 s"
  SIM_URL="http://127.0.0.1:$SIM_PORT"
  REGISTRY_ENV=(KONTAKTDATA_REGISTRY_CPR_ENDPOINT="$SIM_URL/service/CPR/PersonBaseDataExtended/4"
    KONTAKTDATA_REGISTRY_CVR_ENDPOINT="$SIM_URL/service/CVR/Online/2")
else
  log "KONTAKTDATA_REGISTRY_CPR_ENDPOINT and KONTAKTDATA_REGISTRY_CVR_ENDPOINT are set:" \
    "no register simulator"
fi

# 5. Serve.
URL="http://127.0.0.1:$PORT$LISTEN_PATH"
log "starting the server on $URL"
env "${NOT_FOR_SERVER[@]}" KONTAKTDATA_LISTEN_HOST=127.0.0.1 KONTAKTDATA_LISTEN_PORT="$PORT" \
  KONTAKTDATA_LISTEN_PLAIN_HTTP=true \
  KONTAKTDATA_LISTEN_PATH="$LISTEN_PATH" KONTAKTDATA_DB_DSN="$APP_DSN" \
  ${REGISTRY_ENV[@]+"${REGISTRY_ENV[@]}"} \
  "$BIN" --config "$CONFIG" </dev/null &
SERVER_PID=$!

ready=0
for _ in $(seq 1 300); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    wait "$SERVER_PID" || true
    SERVER_PID=""
    die "the server stopped during start-up (its log is above)"
  fi
  if curl -fsS -o /dev/null --max-time 2 "$URL?wsdl" 2>/dev/null; then
    ready=1
    break
  fi
  sleep 0.1
done
((ready)) || die "the server did not answer $URL?wsdl within 30 s"

SOAP_NS=http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/
curl_example() { # operation, request file
  cat <<EOF
  curl -sS '$URL' -H 'Content-Type: text/xml; charset=utf-8' \\
    -H 'SOAPAction: "$SOAP_NS$1"' \\
    --data-binary @'$2' | xmllint --format -
EOF
}
stopped_text() {
  local what=("the server")
  if ((USE_SIMULATOR)); then what+=("the register simulator"); fi
  if ((STARTED_PG)); then what+=("the database"); fi
  case ${#what[@]} in
    1) echo "${what[0]}" ;;
    2) echo "${what[0]} and ${what[1]}" ;;
    *) echo "${what[0]}, ${what[1]} and ${what[2]}" ;;
  esac
}
registers_text() {
  if ((USE_SIMULATOR)); then
    cat <<EOT
CPR and CVR are the register simulator on $SIM_URL$( [[ "$SIM_SYNTHETIC" == 1 ]] && echo " (--synthetic)")
(src/simulator/README.md). Make it slow or unavailable, and normal again:

  curl -sS '$SIM_URL/control?mode=slow&delay_ms=5000'
  curl -sS '$SIM_URL/control?mode=unavailable'
  curl -sS '$SIM_URL/control?mode=normal'
EOT
  else
    echo "CPR and CVR: the endpoints in KONTAKTDATA_REGISTRY_CPR_ENDPOINT and" \
      "KONTAKTDATA_REGISTRY_CVR_ENDPOINT."
  fi
}
cat <<EOF

Kontaktdata is serving with the demo data.

  WSDL      $URL?wsdl
  endpoint  $URL
  database  $APP_DSN

As Demo ESDH in Aarhus Kommune (55133018), create the contact data of demo person 0101701234
(a second Opret answers PART_FINDES_ALLEREDE):

$(curl_example Opret "$PROJECT/tests/data/opret-request.xml")

and read it back:

$(curl_example Laes "$PROJECT/tests/data/laes-request.xml")

Ask how to contact every demo person and company about case area 32.18.04 (stored data and
CPR/CVR together):

$(curl_example HentKontaktanvisning "$PROJECT/tests/data/hentkontaktanvisning-request.xml")

$(registers_text)

Ctrl-C stops $(stopped_text).

EOF

# Until the server ends or Ctrl-C: the traps stop everything.
set +e
wait "$SERVER_PID"
rc=$?
set -e
SERVER_PID=""
log "the server exited with status $rc"
exit "$rc"
