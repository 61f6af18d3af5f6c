#!/usr/bin/env bash
# Builds Kontaktdata and runs every test tier against a throwaway PostgreSQL cluster, a running
# server and the register simulator (as CPR and CVR), all on free ports, and leaves nothing
# running behind it. The verdict is ctest's closing
# line, repeated as the last line of output; the exit status is non-zero on any failure.
#
#   deploy/test.sh [ctest arguments...]      e.g. deploy/test.sh -L unit
#
# Environment (all optional):
#   KONTAKTDATA_SKIP_DEPS=1         do not run deploy/install-deps.sh
#   KONTAKTDATA_SKIP_BUILD=1        use the build folder as it is (no cmake)
#   KONTAKTDATA_BUILD_DIR           the production (Release, gcc) build folder, default build/
#   KONTAKTDATA_SANITIZE=0          test the Release build instead of the sanitizer build (faster;
#                                   no fuzz tier)
#   KONTAKTDATA_SANITIZE_BUILD_DIR  the sanitizer build folder, default build-asan/ in the project:
#                                   clang with AddressSanitizer and UndefinedBehaviorSanitizer, the
#                                   libFuzzer targets of tests/fuzz. Every tier runs on it: the unit
#                                   and store tests, the server and simulator of the e2e tier, and
#                                   the fuzz tier (about a minute); a sanitizer report fails the run
#   KONTAKTDATA_TEST_START_TIMEOUT  seconds to wait for the server's ?wsdl, default 30
#   KONTAKTDATA_TEST_TIMEOUT        ctest's timeout for a test that sets none, default 900 s
#
# What the tests get (exported for ctest):
#   KONTAKTDATA_TEST_OWNER_DSN, KONTAKTDATA_TEST_DSN   database kontaktdata_store: migrated and
#                                   empty, for the store tier (owner and serving role)
#   KONTAKTDATA_TEST_PG_TLS_DIR     the throwaway TLS material (deploy/make-test-certs.sh) whose
#                                   server certificate the cluster also serves TLS with
#   KONTAKTDATA_E2E_URL             http://127.0.0.1:<port>/kontaktdata: the server, on database
#                                   kontaktdata with the demo data loaded
#   KONTAKTDATA_E2E_SERVER_BIN, KONTAKTDATA_E2E_SERVER_CONFIG, KONTAKTDATA_E2E_DB_DSN
#                                   the server binary, its configuration file and the serving
#                                   role's DSN of database kontaktdata, for the e2e tests that start
#                                   a server of their own (mutual TLS, refused configurations)
#   KONTAKTDATA_E2E_SERVER_PID      the server's process id (the hostile-input tests read its memory)
#   KONTAKTDATA_E2E_LOG_DIR         the folder of every server log of the run (the server's and
#                                   those e2e tests start), checked for personal data at the end
#   KONTAKTDATA_E2E_SIMULATOR_URL   http://127.0.0.1:<port>: the register simulator
#                                   (kontaktdata-registersimulator) that the server asks as CPR and
#                                   CVR; the e2e tests change its mode through GET /control
#   KONTAKTDATA_E2E_REGISTRY_TIMEOUT_MS, KONTAKTDATA_E2E_REGISTRY_BREAKER_FAILURES,
#   KONTAKTDATA_E2E_REGISTRY_BREAKER_OPEN_S, KONTAKTDATA_E2E_REGISTRY_REFRESH_S
#                                   the server's registry.* settings (short ones, see below), so
#                                   that the outage tests know what to expect
# The cluster is named test-<pid of this script> (so that two runs in one checkout do not meet),
# runs with KONTAKTDATA_PG_FAST=1, and its data is removed at exit.
set -euo pipefail

PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
readonly PROJECT
cd "$PROJECT"

SKIP_DEPS="${KONTAKTDATA_SKIP_DEPS:-0}"
SKIP_BUILD="${KONTAKTDATA_SKIP_BUILD:-0}"
BUILD_DIR="${KONTAKTDATA_BUILD_DIR:-$PROJECT/build}"
SANITIZE="${KONTAKTDATA_SANITIZE:-1}"
SANITIZE_BUILD_DIR="${KONTAKTDATA_SANITIZE_BUILD_DIR:-$PROJECT/build-asan}"
START_TIMEOUT="${KONTAKTDATA_TEST_START_TIMEOUT:-30}"
TEST_TIMEOUT="${KONTAKTDATA_TEST_TIMEOUT:-900}"
CONFIG="$PROJECT/deploy/kontaktdata.conf.example"
LISTEN_PATH=/kontaktdata
PG="$PROJECT/deploy/pg.sh"
# shellcheck source=deploy/lib.sh
. "$PROJECT/deploy/lib.sh"
CTEST_ARGS=("$@")

# The e2e server's register settings, chosen so that the outage tests (the simulator made slow or
# unavailable mid-test) run in seconds: the breaker opens after the default 5 failures in a row
# and stays open 2 s; a cached register answer older than 2 s is asked for again, so a test makes
# one "old" by waiting. The timeout stays at the default 2 s: the 1000-part e2e call of numbers
# nobody has looked up makes 1000 simulator calls within one timeout (about 0.3 s on an idle
# machine), which a shorter one would cut short on a busy machine; a slow-register test waits it
# out once per call.
E2E_REGISTRY_TIMEOUT_MS=2000
E2E_REGISTRY_BREAKER_FAILURES=5
E2E_REGISTRY_BREAKER_OPEN_S=2
E2E_REGISTRY_REFRESH_S=2

log() { echo "test.sh: $*" >&2; }
die() { log "error: $*"; exit 1; }
now_ms() { date +%s%3N; }

# --- phases and their times --------------------------------------------------------------------
PHASE_NAMES=()
PHASE_MS=()
PHASE=""
PHASE_T0=0
phase() {
  phase_done
  PHASE="$1"
  PHASE_T0="$(now_ms)"
  echo "=== test.sh: $PHASE" >&2
}
phase_done() {
  [[ -n "$PHASE" ]] || return 0
  PHASE_NAMES+=("$PHASE")
  PHASE_MS+=("$(($(now_ms) - PHASE_T0))")
  PHASE=""
}
# shellcheck disable=SC2317 # called from the EXIT trap
phase_report() {
  local i out="" ms
  for i in "${!PHASE_NAMES[@]}"; do
    ms="${PHASE_MS[$i]}"
    out+="${out:+, }${PHASE_NAMES[$i]} $((ms / 1000)).$(printf '%01d' $((ms % 1000 / 100))) s"
  done
  echo "test.sh: phase times: ${out:-none}" >&2
}

# --- clean-up, always --------------------------------------------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/kontaktdata-test.XXXXXX")"
SERVER_PID=""
SIM_PID=""
PG_STARTED=0
CTEST_VERDICT=""
export KONTAKTDATA_PG_NAME="test-$$"
export KONTAKTDATA_PG_FAST=1
# The cluster accepts TLS too, with a throwaway certificate (the store tier's tls_pgtest connects
# with sslmode=verify-full).
export KONTAKTDATA_PG_TLS_DIR="$WORK/pg-tls"

# shellcheck disable=SC2317 # called from the EXIT trap
stop_server() {
  stop_process "$SERVER_PID" "the server" 10
  SERVER_PID=""
}

# shellcheck disable=SC2317 # called from the EXIT trap
stop_simulator() {
  stop_process "$SIM_PID" "the register simulator" 5
  SIM_PID=""
}

# shellcheck disable=SC2317 # called from the EXIT trap
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  if [[ -n "$PHASE" ]]; then
    PHASE="$PHASE (failed)"
    phase_done
  fi
  stop_server
  stop_simulator
  if ((PG_STARTED)); then "$PG" destroy || true; fi
  rm -rf -- "$WORK"
  phase_report
  if [[ -n "$CTEST_VERDICT" ]]; then
    echo "$CTEST_VERDICT"
  elif ((rc != 0)); then
    echo "test.sh: FAILED before the tests ran (exit status $rc)"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# The server runs without this script's own KONTAKTDATA_* variables: they are no server settings.
NOT_FOR_SERVER=(-u KONTAKTDATA_SKIP_DEPS -u KONTAKTDATA_SKIP_BUILD -u KONTAKTDATA_BUILD_DIR
  -u KONTAKTDATA_SANITIZE -u KONTAKTDATA_SANITIZE_BUILD_DIR
  -u KONTAKTDATA_PORT -u KONTAKTDATA_TEST_START_TIMEOUT -u KONTAKTDATA_TEST_TIMEOUT
  -u KONTAKTDATA_PG_NAME -u KONTAKTDATA_PG_PORT -u KONTAKTDATA_PG_FAST -u KONTAKTDATA_PG_DB
  -u KONTAKTDATA_PG_BINDIR -u KONTAKTDATA_PG_TLS_DIR -u KONTAKTDATA_TEST_PG_TLS_DIR
  -u KONTAKTDATA_TEST_DSN -u KONTAKTDATA_TEST_OWNER_DSN
  -u KONTAKTDATA_E2E_URL -u KONTAKTDATA_E2E_SIMULATOR_URL -u KONTAKTDATA_E2E_REGISTRY_TIMEOUT_MS
  -u KONTAKTDATA_E2E_REGISTRY_BREAKER_FAILURES -u KONTAKTDATA_E2E_REGISTRY_BREAKER_OPEN_S
  -u KONTAKTDATA_E2E_REGISTRY_REFRESH_S -u KONTAKTDATA_E2E_SERVER_BIN
  -u KONTAKTDATA_E2E_SERVER_CONFIG -u KONTAKTDATA_E2E_DB_DSN -u KONTAKTDATA_E2E_SERVER_PID
  -u KONTAKTDATA_E2E_LOG_DIR)

# Test clusters of runs that were killed before their clean-up (test-<pid> whose pid is gone).
remove_stale_clusters() {
  local dir name pid fallback
  # The two places deploy/pg.sh keeps this project's clusters (see its header).
  fallback="/var/tmp/kontaktdata-pg-$(printf '%s' "$PROJECT" | sha256sum | cut -c1-12)"
  for dir in "$PROJECT"/var/pg/test-* "$fallback"/test-*; do
    [[ -d "$dir" ]] || continue
    name="${dir##*/}"
    pid="${name#test-}"
    [[ "$pid" =~ ^[0-9]+$ ]] || continue
    kill -0 "$pid" 2>/dev/null && continue
    log "removing the cluster of an earlier run that did not finish: $name"
    KONTAKTDATA_PG_NAME="$name" "$PG" destroy || true
  done
}

# --- 1. deps -----------------------------------------------------------------------------------
phase deps
if [[ "$SKIP_DEPS" == 1 ]]; then
  log "KONTAKTDATA_SKIP_DEPS=1: not installing packages"
else
  "$PROJECT/deploy/install-deps.sh" </dev/null
fi
for tool in cmake ctest curl psql ss; do
  command -v "$tool" >/dev/null || die "$tool not found; run deploy/install-deps.sh"
done

# --- 2. build ----------------------------------------------------------------------------------
phase build
if [[ "$SKIP_BUILD" == 1 ]]; then
  log "KONTAKTDATA_SKIP_BUILD=1: using $BUILD_DIR as it is"
else
  cmake -S "$PROJECT" -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release </dev/null
  cmake --build "$BUILD_DIR" -j"$(nproc)" </dev/null
fi
TEST_BUILD_DIR="$BUILD_DIR"
if [[ "$SANITIZE" == 1 ]]; then
  phase "sanitizer build"
  TEST_BUILD_DIR="$SANITIZE_BUILD_DIR"
  if [[ "$SKIP_BUILD" != 1 ]]; then
    CC=clang CXX=clang++ cmake -S "$PROJECT" -B "$SANITIZE_BUILD_DIR" \
      -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKONTAKTDATA_SANITIZE=ON -DKONTAKTDATA_FUZZ=ON </dev/null
    cmake --build "$SANITIZE_BUILD_DIR" -j"$(nproc)" </dev/null
  fi
  # Any finding ends the process that made it with a report on its stderr (in the servers' case
  # their log); leaks are reported when a process exits.
  # A smaller quarantine than ASan's 256 MiB, so that the memory bounds the hostile-input tests
  # assert hold for the sanitizer build too.
  export ASAN_OPTIONS="detect_leaks=1:halt_on_error=1:detect_stack_use_after_return=1:quarantine_size_mb=32"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  export LSAN_OPTIONS="suppressions=$PROJECT/tests/fuzz/lsan.supp:print_suppressions=0"
fi
BIN="$TEST_BUILD_DIR/src/kontaktdata-server"
[[ -x "$BIN" ]] || die "the build made no $BIN"
SIM_BIN="$TEST_BUILD_DIR/src/simulator/kontaktdata-registersimulator"
[[ -x "$SIM_BIN" ]] || die "the build made no $SIM_BIN"

# --- 3. database -------------------------------------------------------------------------------
phase database
remove_stale_clusters
"$PROJECT/deploy/make-test-certs.sh" "$KONTAKTDATA_PG_TLS_DIR" >/dev/null
PG_PORT="$(free_port)"
HTTP_PORT="$(free_port "$PG_PORT")"
export KONTAKTDATA_PG_PORT="$PG_PORT"
PG_STARTED=1
"$PG" destroy </dev/null # the remains of an earlier run whose pid was the same as ours
"$PG" start </dev/null
E2E_APP_DSN="$("$PG" dsn app)"
E2E_OWNER_DSN="$("$PG" dsn owner)"
# The store tier gets a database of its own, so that it cannot disturb the server's demo data.
KONTAKTDATA_PG_DB=kontaktdata_store "$PG" start </dev/null
STORE_APP_DSN="$(KONTAKTDATA_PG_DB=kontaktdata_store "$PG" dsn app)"
STORE_OWNER_DSN="$(KONTAKTDATA_PG_DB=kontaktdata_store "$PG" dsn owner)"

migrate() { # database name, serving DSN, owner DSN
  log "migrating database $1"
  env "${NOT_FOR_SERVER[@]}" KONTAKTDATA_DB_DSN="$2" KONTAKTDATA_DB_OWNER_DSN="$3" \
    "$BIN" --config "$CONFIG" --migrate </dev/null
}
migrate kontaktdata "$E2E_APP_DSN" "$E2E_OWNER_DSN"
migrate kontaktdata_store "$STORE_APP_DSN" "$STORE_OWNER_DSN"

DEMO_SQL="$PROJECT/deploy/demo-data.sql"
if [[ -f "$DEMO_SQL" ]]; then
  log "loading the demo data into database kontaktdata"
  psql -X -q -v ON_ERROR_STOP=1 "$E2E_OWNER_DSN" -f "$DEMO_SQL" </dev/null >/dev/null
else
  log "warning: $DEMO_SQL not found; the server runs without demo data"
fi

# --- 4. server start ---------------------------------------------------------------------------
phase "server start"
# The register simulator first, on a free port of its own; the server asks it as CPR and CVR. It
# prints `ready HOST:PORT` once it listens. A port taken between the choice and the bind makes
# it exit at once: then another port is tried.
SIM_OUT="$WORK/simulator.out"
SIM_LOG="$WORK/simulator.log"
SIM_PORT=""
for _ in 1 2 3; do
  port="$(free_port "$PG_PORT" "$HTTP_PORT")"
  log "starting the register simulator on 127.0.0.1:$port (log: $SIM_LOG)"
  "$SIM_BIN" --host 127.0.0.1 --port "$port" </dev/null >"$SIM_OUT" 2>"$SIM_LOG" &
  SIM_PID=$!
  deadline=$(($(now_ms) + 10000))
  until grep -q '^ready ' "$SIM_OUT" 2>/dev/null; do
    kill -0 "$SIM_PID" 2>/dev/null || break
    (($(now_ms) <= deadline)) || break
    sleep 0.05
  done
  if grep -q '^ready ' "$SIM_OUT" 2>/dev/null; then
    SIM_PORT="$port"
    break
  fi
  tail -n 5 "$SIM_LOG" >&2 || true
  stop_simulator
done
[[ -n "$SIM_PORT" ]] || die "the register simulator did not start"
SIM_URL="http://127.0.0.1:$SIM_PORT"

E2E_URL="http://127.0.0.1:$HTTP_PORT$LISTEN_PATH"
# Every server log of the run (this one's and those e2e tests start) goes into one folder, which
# e2e.logs_without_personal_data reads at the end.
E2E_LOG_DIR="$WORK/logs"
mkdir -p "$E2E_LOG_DIR"
SERVER_LOG="$E2E_LOG_DIR/server.log"
log "starting the server on $E2E_URL (log: $SERVER_LOG)"
env "${NOT_FOR_SERVER[@]}" KONTAKTDATA_LISTEN_HOST=127.0.0.1 KONTAKTDATA_LISTEN_PORT="$HTTP_PORT" \
  KONTAKTDATA_LISTEN_PLAIN_HTTP=true \
  KONTAKTDATA_LISTEN_PATH="$LISTEN_PATH" KONTAKTDATA_DB_DSN="$E2E_APP_DSN" \
  KONTAKTDATA_REGISTRY_CPR_ENDPOINT="$SIM_URL/service/CPR/PersonBaseDataExtended/4" \
  KONTAKTDATA_REGISTRY_CVR_ENDPOINT="$SIM_URL/service/CVR/Online/2" \
  KONTAKTDATA_REGISTRY_TIMEOUT_MS="$E2E_REGISTRY_TIMEOUT_MS" \
  KONTAKTDATA_REGISTRY_BREAKER_FAILURES="$E2E_REGISTRY_BREAKER_FAILURES" \
  KONTAKTDATA_REGISTRY_BREAKER_OPEN_S="$E2E_REGISTRY_BREAKER_OPEN_S" \
  KONTAKTDATA_REGISTRY_REFRESH_S="$E2E_REGISTRY_REFRESH_S" \
  "$BIN" --config "$CONFIG" </dev/null >"$SERVER_LOG" 2>&1 &
SERVER_PID=$!
deadline=$(($(now_ms) + START_TIMEOUT * 1000))
until curl -fsS -o /dev/null --max-time 2 "$E2E_URL?wsdl" 2>/dev/null; do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    tail -n 40 "$SERVER_LOG" >&2 || true
    die "the server stopped during start-up"
  fi
  if (($(now_ms) > deadline)); then
    tail -n 40 "$SERVER_LOG" >&2 || true
    die "the server did not answer $E2E_URL?wsdl within $START_TIMEOUT s"
  fi
  sleep 0.1
done
log "the server answers on $E2E_URL"

# --- 5. tests ----------------------------------------------------------------------------------
phase tests
export KONTAKTDATA_TEST_OWNER_DSN="$STORE_OWNER_DSN"
export KONTAKTDATA_TEST_DSN="$STORE_APP_DSN"
export KONTAKTDATA_TEST_PG_TLS_DIR="$KONTAKTDATA_PG_TLS_DIR"
export KONTAKTDATA_E2E_URL="$E2E_URL"
export KONTAKTDATA_E2E_SIMULATOR_URL="$SIM_URL"
export KONTAKTDATA_E2E_SERVER_BIN="$BIN"
export KONTAKTDATA_E2E_SERVER_PID="$SERVER_PID"
export KONTAKTDATA_E2E_LOG_DIR="$E2E_LOG_DIR"
export KONTAKTDATA_E2E_SERVER_CONFIG="$CONFIG"
export KONTAKTDATA_E2E_DB_DSN="$E2E_APP_DSN"
export KONTAKTDATA_E2E_REGISTRY_TIMEOUT_MS="$E2E_REGISTRY_TIMEOUT_MS"
export KONTAKTDATA_E2E_REGISTRY_BREAKER_FAILURES="$E2E_REGISTRY_BREAKER_FAILURES"
export KONTAKTDATA_E2E_REGISTRY_BREAKER_OPEN_S="$E2E_REGISTRY_BREAKER_OPEN_S"
export KONTAKTDATA_E2E_REGISTRY_REFRESH_S="$E2E_REGISTRY_REFRESH_S"
CTEST_LOG="$WORK/ctest.log"
set +e
ctest --test-dir "$TEST_BUILD_DIR" --output-on-failure --no-tests=error --timeout "$TEST_TIMEOUT" \
  ${CTEST_ARGS[@]+"${CTEST_ARGS[@]}"} </dev/null 2>&1 | tee "$CTEST_LOG"
CTEST_RC=${PIPESTATUS[0]}
set -e
CTEST_VERDICT="$(grep -E '^[0-9]+% tests passed' "$CTEST_LOG" | tail -n 1 || true)"
if [[ -z "$CTEST_VERDICT" ]]; then
  CTEST_VERDICT="test.sh: ctest gave no verdict line (exit status $CTEST_RC)"
fi
if ((CTEST_RC != 0)) && [[ -s "$SERVER_LOG" ]]; then
  echo "--- the last lines of the server's log ($SERVER_LOG):" >&2
  tail -n 40 "$SERVER_LOG" >&2 || true
fi
if ((CTEST_RC != 0)) && [[ -s "$SIM_LOG" ]]; then
  echo "--- the last lines of the register simulator's log ($SIM_LOG):" >&2
  tail -n 10 "$SIM_LOG" >&2 || true
fi
# Stopped here rather than at exit, so that what a sanitizer reports when they exit (leaks) counts.
stop_server
stop_simulator
if [[ "$SANITIZE" == 1 ]]; then
  reports="$(grep -lE 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' \
    "$E2E_LOG_DIR"/*.log "$SIM_LOG" 2>/dev/null || true)"
  if [[ -n "$reports" ]]; then
    for f in $reports; do
      echo "--- sanitizer report in $f:" >&2
      grep -E -A30 'ERROR: (AddressSanitizer|LeakSanitizer)|runtime error:' "$f" | head -n 60 >&2
    done
    CTEST_VERDICT="test.sh: FAILED: a sanitizer reported in the servers' logs (ctest: $CTEST_VERDICT)"
    CTEST_RC=1
  fi
fi
phase_done
exit "$CTEST_RC"
