#!/usr/bin/env bash
# Fails when generated/ is not what src/codegen/generate.sh makes of wsdl/ and xsd/ today.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
"$root/src/codegen/generate.sh" "$d" >/dev/null
if ! diff -r "$d" "$root/generated"; then
  echo "generated/ has drifted: run 'cmake --build build --target regenerate' and commit" >&2
  exit 1
fi
echo "generated/ is up to date"
