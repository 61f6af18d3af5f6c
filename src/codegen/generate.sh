#!/usr/bin/env bash
# Regenerates the gSOAP code in generated/ from wsdl/ and xsd/ (xsd/external/ for the register
# clients in generated/cpr and generated/cvr).
#   src/codegen/generate.sh [OUTPUT_DIR]      (default: generated/ of this project)
# Run through the CMake target `regenerate`; the CTest test `generated_up_to_date` runs it into a
# temporary folder and compares. Paths are passed relative to the project so that no absolute
# path, and no timestamp (stripped below), ends up in the output: the result depends on the inputs
# and the gSOAP version alone.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$root/generated}
mkdir -p "$out"
out=$(cd "$out" && pwd)
cd "$root"

import=/usr/share/gsoap/import:/usr/share/gsoap
work=$(mktemp -d)
trap 'rm -rf "$work"; rm -f "$root/kontaktdata.h" "$root/cpr.h" "$root/cvr.h"' EXIT

# Kontaktdata service: server side only, C++ namespace kdsoap, pure virtual operations.
mkdir -p "$work/kontaktdata" "$work/env"
wsdl2h -c++11 -t src/codegen/typemap.dat -o kontaktdata.h \
  wsdl/context/KontaktdataService.wsdl >"$work/wsdl2h.log" 2>&1
mv kontaktdata.h "$work/kontaktdata/"
if grep -qi 'warning' "$work/wsdl2h.log"; then
  cat "$work/wsdl2h.log" >&2
  echo "generate.sh: wsdl2h warned (see above); fix the schema" >&2
  exit 1
fi
(cd "$work/kontaktdata" && soapcpp2 -c++11 -j -S -x -w -L -qkdsoap -I"$import" kontaktdata.h \
  >"$work/soapcpp2.log" 2>&1) || { cat "$work/soapcpp2.log" >&2; exit 1; }

# Register clients, from the subset schemas of the real Serviceplatform contracts in
# xsd/external/: client proxy and service class (the register simulator serves the latter),
# each in its own C++ namespace; the shared env module below serves them too.
#   register_module NAME WSDL NAMESPACE
register_module() {
  local name=$1 wsdl=$2 ns=$3
  mkdir -p "$work/$name"
  wsdl2h -c++11 -t src/codegen/typemap.dat -o "$name.h" "$wsdl" >"$work/wsdl2h-$name.log" 2>&1 ||
    { cat "$work/wsdl2h-$name.log" >&2; exit 1; }
  mv "$name.h" "$work/$name/"
  if grep -qi 'warning' "$work/wsdl2h-$name.log"; then
    cat "$work/wsdl2h-$name.log" >&2
    echo "generate.sh: wsdl2h warned on $wsdl (see above); fix the schema" >&2
    exit 1
  fi
  (cd "$work/$name" && soapcpp2 -c++11 -j -x -w -L -q"$ns" -I"$import" "$name.h" \
    >"$work/soapcpp2-$name.log" 2>&1) || { cat "$work/soapcpp2-$name.log" >&2; exit 1; }
}
register_module cpr xsd/external/cpr/PersonBaseDataExtendedService.wsdl cprsoap
register_module cvr xsd/external/cvr/OnlineService.wsdl cvrsoap

# The SOAP Header/Fault serializers, shared by every generated module (soapcpp2 -penv).
: >"$work/env/env.h"
(cd "$work/env" && soapcpp2 -c++11 -penv -x -w -L env.h >"$work/soapcpp2-env.log" 2>&1) ||
  { cat "$work/soapcpp2-env.log" >&2; exit 1; }

# Strip timestamps and the absolute paths wsdl2h records.
strip() {
  sed -E -e 's/(ver 2\.[0-9.]+) [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} GMT/\1/' \
    -e '/^   [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8} GMT$/d' "$1"
}
rm -rf "$out/kontaktdata" "$out/env" "$out/cpr" "$out/cvr"
mkdir -p "$out/kontaktdata" "$out/env" "$out/cpr" "$out/cvr"
for m in kontaktdata cpr cvr; do
  for f in "$work/$m"/*; do strip "$f" >"$out/$m/$(basename "$f")"; done
done
for f in envC.cpp envH.h envStub.h; do strip "$work/env/$f" >"$out/env/$f"; done
echo "generate.sh: generated into $out"
