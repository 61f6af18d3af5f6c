#!/usr/bin/env bash
# Installs the Debian 12 packages that Kontaktdata needs to build, run and test (clang and its
# sanitizer and libFuzzer runtimes for deploy/test.sh's sanitizer build).
# Idempotent: only what is missing is installed. Runs as root or through sudo.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config git
  gsoap libgsoap-dev libssl-dev zlib1g-dev openssl
  libxerces-c-dev
  libpqxx-dev libpq-dev postgresql postgresql-client
  libboost-log-dev libboost-program-options-dev libboost-system-dev libboost-thread-dev
  libcppunit-dev
  libphonenumber-dev iso-codes
  libxml2-utils
  python3 python3-zeep python3-lxml python3-pytest python3-requests
  curl procps
  util-linux iproute2 coreutils
  wrk
  clang libclang-rt-14-dev
)
# Node.js and npm, for the e2e tier's second SOAP client (node-soap, tests/e2e/node): Debian's
# nodejs and npm, each only when its command is missing. A node and npm already on PATH (e.g. a
# newer Node.js from another source, whose nodejs package may conflict with Debian's npm) are
# kept as they are.
command -v node >/dev/null 2>&1 || PACKAGES+=(nodejs)
command -v npm >/dev/null 2>&1 || PACKAGES+=(npm)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
