#!/usr/bin/env bash
# Runs the node-soap e2e tests (kontaktdata_soap.test.js) with Node's built-in test runner, against
# the server in KONTAKTDATA_E2E_URL. CTest's e2e.node_soap calls it (tests/e2e/CMakeLists.txt).
#
#   run_node_soap.sh SOURCE_DIR WORK_DIR
#
# SOURCE_DIR holds package.json, package-lock.json and the test file; WORK_DIR is a folder of the
# build tree. The locked packages are installed there with `npm ci` (never into the source
# tree), again only when package.json, package-lock.json or the Node.js version changed since the
# last install that succeeded; the test file is copied next to its node_modules, so that
# `require('soap')` finds the locked package and nothing else. Two runs in one build folder
# install one after the other (flock).
#
# Without node or npm (or with a Node.js older than 18, whose test runner is missing) the test
# reports itself skipped (exit 77), except under CI=true, where that is a failure.
set -euo pipefail

SKIP=77
TEST_FILE=kontaktdata_soap.test.js

log() { echo "run_node_soap.sh: $*" >&2; }
missing() {
  if [[ "${CI:-}" == true ]]; then
    log "error: $* (CI=true: a failure, not a skip; deploy/install-deps.sh installs nodejs and npm)"
    exit 1
  fi
  log "$*: e2e.node_soap skipped (deploy/install-deps.sh installs nodejs and npm)"
  exit "$SKIP"
}

(($# == 2)) || {
  log "usage: run_node_soap.sh SOURCE_DIR WORK_DIR"
  exit 2
}
SRC="$(cd "$1" && pwd -P)"
WORK="$2"

command -v node >/dev/null 2>&1 || missing "node not found"
command -v npm >/dev/null 2>&1 || missing "npm not found"
NODE_VERSION="$(node --version)"
major="${NODE_VERSION#v}"
major="${major%%.*}"
if ! [[ "$major" =~ ^[0-9]+$ ]] || ((major < 18)); then
  missing "Node.js $NODE_VERSION is too old: node --test needs Node.js 18 or later"
fi

mkdir -p "$WORK"
WORK="$(cd "$WORK" && pwd -P)"
cd "$WORK"

exec 9>"$WORK/.install.lock"
flock 9
# What node_modules was installed from: the manifest, the lock and the Node.js version.
wanted="$(cat "$SRC/package.json" "$SRC/package-lock.json" | sha256sum | cut -d' ' -f1)"
wanted="$wanted node $NODE_VERSION"
if [[ -d node_modules && -f .installed && "$(cat .installed)" == "$wanted" ]]; then
  log "node_modules is up to date with package-lock.json and node $NODE_VERSION: no npm ci"
else
  rm -f .installed
  cp "$SRC/package.json" "$SRC/package-lock.json" .
  log "npm ci in $WORK ($NODE_VERSION, npm $(npm --version))"
  t0="$(date +%s%3N)"
  npm ci --no-audit --no-fund </dev/null
  ms=$(($(date +%s%3N) - t0))
  echo "$wanted" >.installed
  log "npm ci took $((ms / 1000)).$(printf '%03d' $((ms % 1000))) s"
fi
cp "$SRC/$TEST_FILE" .
flock -u 9
exec 9>&-

log "soap $(node -p 'require("soap/package.json").version')," \
  "server ${KONTAKTDATA_E2E_URL:-(KONTAKTDATA_E2E_URL not set: every test fails)}"
exec node --test "$TEST_FILE" </dev/null
