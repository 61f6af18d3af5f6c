#!/usr/bin/env bash
# Fuzzes one libFuzzer target for a bounded time:
#   run_fuzz.sh TARGET SECONDS WORKDIR SEEDDIR...
# New inputs go to WORKDIR/corpus (kept between runs: a later run starts where this one ended);
# a crashing input is written to WORKDIR/ as crash-* (or leak-*, timeout-*, oom-*), and the
# target's own output says how to replay it: TARGET WORKDIR/crash-<hash>. Exits non-zero on any
# finding. Inputs are capped at 64 KiB; an input taking over 10 s counts as a finding.
set -euo pipefail
target=${1:?usage: run_fuzz.sh TARGET SECONDS WORKDIR SEEDDIR...}
seconds=${2:?}
work=${3:?}
shift 3
mkdir -p "$work/corpus"
exec "$target" "$work/corpus" "$@" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
  -rss_limit_mb=2048 -print_final_stats=1 -artifact_prefix="$work/"
