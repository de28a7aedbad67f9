#!/usr/bin/env bash
# Ensures the SDK generator (tools/sdkgen: pkg/v3's codegen for Go, Python and Node.js) is built.
#
# The build is cached under $SDKGEN_CACHE (default ~/.cache/pulumi-anypoint-objectstore/sdkgen)
# in a directory named after a hash of tools/sdkgen's go.mod, go.sum and .go files, so an edit of
# the tool (or of the pkg/v3 version it requires) builds it anew and an unchanged tool is reused.
# Needs Go (the same toolchain that builds the Pulumi CLI, scripts/ensure-pulumi.sh).
#
# Prints nothing on stdout but the directory that holds `sdkgen`; progress on stderr.
# Usage: scripts/ensure-sdkgen.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
src=$here/tools/sdkgen
log() { printf '[ensure-sdkgen] %s\n' "$*" >&2; }

key=$(cd "$src" && { printf '%s\n' go.mod go.sum; find . -name '*.go' -type f | sed 's|^\./||'; } | LC_ALL=C sort \
  | while read -r f; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -c1-16)
cache_root=${SDKGEN_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/sdkgen}
ROOT=$cache_root/$key
OUT=$ROOT/bin

mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"
flock 9   # one build at a time, even when tests start in parallel

if [ -x "$OUT/sdkgen" ]; then
  printf '%s\n' "$OUT"; exit 0
fi

if ! command -v go >/dev/null 2>&1; then
  log "No Go toolchain to build the SDK generator (tools/sdkgen). Install Go >= 1.26 (https://go.dev/dl/)."
  exit 1
fi

start=$(date +%s)
log "building tools/sdkgen into $OUT (first time only; about 1 min on 2 cores after the Pulumi CLI build, whose Go caches it shares)"
mkdir -p "$OUT"
tmp=$(mktemp -d "$ROOT/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
(cd "$src" && GOTOOLCHAIN=local GOFLAGS=-mod=mod CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$tmp/sdkgen" . >&2)
mv "$tmp/sdkgen" "$OUT/sdkgen"
log "built sdkgen in $(( $(date +%s) - start ))s"
printf '%s\n' "$OUT"
