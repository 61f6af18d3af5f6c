# shellcheck shell=bash
# Shell functions shared by deploy/run.sh and deploy/test.sh (sourced, not run). The sourcing
# script defines log() and die().

# Stops process PID (SIGTERM, then SIGKILL after SECONDS) and reaps it; WHAT names it in the log.
# An empty or finished PID is fine.
stop_process() {
  local pid="$1" what="$2" seconds="$3"
  [[ -n "$pid" ]] || return 0
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((seconds * 10))); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "$what did not stop within $seconds s of SIGTERM; killing it"
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  wait "$pid" 2>/dev/null || true
}

port_in_use() { [[ -n "$(ss -Hltn "sport = :$1" 2>/dev/null)" ]]; }

# A port nobody listens on, below Linux's ephemeral range (32768-60999) so that outgoing
# connections do not take it meanwhile, and not one of the ports given as arguments.
free_port() {
  local p taken
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    for taken in "$@"; do [[ "$p" != "$taken" ]] || continue 2; done
    port_in_use "$p" || { echo "$p"; return 0; }
  done
  die "no free port found in 20000-31999"
}
