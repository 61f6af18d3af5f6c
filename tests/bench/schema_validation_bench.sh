#!/usr/bin/env bash
# Benchmark: what validating every request against xsd/ with Xerces-C (server.validate_schema)
# costs. Not a CTest test. Starts the same server binary twice on free ports of 127.0.0.1, once
# with validation and once without, on the database and register simulator that deploy/run.sh
# started, and loads each with wrk (one Lua script, a golden request of tests/data as the body):
#   LaesOpgavesprog (a small request, answered from the database) and List of three parts.
# Runs alternate between the two servers, ROUNDS times each; prints requests/s (median, min, max),
# p50/p99 from wrk, and the ratio of the medians (validated / not validated).
#
#   deploy/run.sh &            # database on :55432, simulator on :8091
#   tests/bench/schema_validation_bench.sh [--seconds 8] [--connections 8] [--rounds 3] \
#       [--dsn 'host=127.0.0.1 port=55432 dbname=kontaktdata user=kontaktdata_app'] \
#       [--simulator-url http://127.0.0.1:8091] [--bin build/src/kontaktdata-server]
set -euo pipefail
PROJECT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
SECONDS_PER_RUN=8
CONNECTIONS=8
ROUNDS=3
DSN="host=127.0.0.1 port=55432 dbname=kontaktdata user=kontaktdata_app"
SIM=http://127.0.0.1:8091
BIN="$PROJECT/build/src/kontaktdata-server"
while (($#)); do
  case "$1" in
    --seconds) SECONDS_PER_RUN=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --rounds) ROUNDS=$2; shift 2 ;;
    --dsn) DSN=$2; shift 2 ;;
    --simulator-url) SIM=$2; shift 2 ;;
    --bin) BIN=$2; shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
((ROUNDS >= 1 && ROUNDS <= 20 && SECONDS_PER_RUN >= 1 && SECONDS_PER_RUN <= 120)) ||
  { echo "rounds 1..20, seconds 1..120" >&2; exit 2; }
WORK="$(mktemp -d)"
PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

start() { # validate_schema port
  env -i PATH="$PATH" KONTAKTDATA_LISTEN_PORT="$2" KONTAKTDATA_LISTEN_PLAIN_HTTP=true \
    KONTAKTDATA_DB_DSN="$DSN" KONTAKTDATA_SERVER_VALIDATE_SCHEMA="$1" KONTAKTDATA_LOG_LEVEL=error \
    KONTAKTDATA_REGISTRY_CPR_ENDPOINT="$SIM/service/CPR/PersonBaseDataExtended/4" \
    KONTAKTDATA_REGISTRY_CVR_ENDPOINT="$SIM/service/CVR/Online/2" \
    "$BIN" --config "$PROJECT/deploy/kontaktdata.conf.example" >"$WORK/server-$2.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    curl -fsS -o /dev/null "http://127.0.0.1:$2/kontaktdata?wsdl" 2>/dev/null && return 0
    sleep 0.1
  done
  cat "$WORK/server-$2.log" >&2
  exit 1
}
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
ON=$(port); OFF=$(port)
start true "$ON"
start false "$OFF"

cat >"$WORK/post.lua" <<'LUA'
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "text/xml; charset=utf-8"
wrk.headers["SOAPAction"] = '"http://serviceplatformen.dk/xml/wsdl/soap11/Kontaktdata/1/' ..
  os.getenv("OPERATION") .. '"'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.3f %.3f %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
LUA

run() { # operation file port -> "rps p50 p99 errors"
  BODY_FILE="$2" OPERATION="$1" wrk -t1 -c"$CONNECTIONS" -d"${SECONDS_PER_RUN}s" \
    -s "$WORK/post.lua" "http://127.0.0.1:$3/kontaktdata" | awk '/^RESULT/ {print $2, $3, $4, $5}'
}
stats() { sort -n | awk '{a[NR]=$1} END {printf "%.0f %.0f %.0f", a[int((NR+1)/2)], a[1], a[NR]}'; }

printf '%-16s %-10s %8s %8s %8s %8s %8s %6s\n' request validation "req/s" min max "p50 ms" "p99 ms" errors
for case in "LaesOpgavesprog laesopgavesprog" "List list"; do
  set -- $case
  file="$PROJECT/tests/data/$2-request.xml"
  : >"$WORK/on"; : >"$WORK/off"
  for _ in $(seq 1 "$ROUNDS"); do
    run "$1" "$file" "$ON" >>"$WORK/on"
    run "$1" "$file" "$OFF" >>"$WORK/off"
  done
  for v in on off; do
    read -r med min max <<<"$(cut -d' ' -f1 "$WORK/$v" | stats)"
    p50=$(cut -d' ' -f2 "$WORK/$v" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p")
    p99=$(cut -d' ' -f3 "$WORK/$v" | sort -n | sed -n "$(((ROUNDS + 1) / 2))p")
    errors=$(awk '{s += $4} END {print s + 0}' "$WORK/$v")
    printf '%-16s %-10s %8s %8s %8s %8s %8s %6s\n' "$1" "$v" "$med" "$min" "$max" "$p50" "$p99" "$errors"
    eval "med_$v=$med"
  done
  awk -v a="$med_on" -v b="$med_off" -v r="$1" \
    'BEGIN {printf "%-16s validated / not validated: %.2f (validation costs %.0f %% of the throughput)\n", r, a / b, (1 - a / b) * 100}'
done
