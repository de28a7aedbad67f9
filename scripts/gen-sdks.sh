#!/usr/bin/env bash
# Writes the Go, Python and Node.js SDKs of a Pulumi package schema with tools/sdkgen
# (built and cached by scripts/ensure-sdkgen.sh): <outdir>/go, <outdir>/python, <outdir>/nodejs,
# each replaced as a whole. The same schema gives byte-identical files.
# Usage: scripts/gen-sdks.sh <schema.json> <outdir> [go,python,nodejs]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  printf 'usage: %s <schema.json> <outdir> [languages, default go,python,nodejs]\n' "$0" >&2; exit 2
fi
schema=$1 out=$2 languages=${3:-go,python,nodejs}
[ -f "$schema" ] || { printf 'gen-sdks: no schema file %s\n' "$schema" >&2; exit 2; }
bin=$(bash "$here/scripts/ensure-sdkgen.sh")
mkdir -p "$out"
exec "$bin/sdkgen" -schema "$schema" -out "$out" -languages "$languages"
