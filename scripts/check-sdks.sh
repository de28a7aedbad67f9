#!/usr/bin/env bash
# Compile-checks SDKs written by scripts/gen-sdks.sh, in a scratch copy (<outdir> is not touched):
#   go      go mod tidy, then `go build ./... && go vet ./...` against the github.com/pulumi/pulumi/sdk/v3
#           version the generated go.mod requires (the CLI's version; needs Go and the module proxy)
#   python  python3 -m compileall -q (byte-compiles every module)
#   nodejs  tsc --noEmit -p tsconfig.json against this repository's node_modules (@pulumi/pulumi, @types/node)
# Checks the languages present under <outdir> (or the ones named); fails on the first failure.
# Usage: scripts/check-sdks.sh <outdir> [go,python,nodejs]
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[check-sdks] %s\n' "$*" >&2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
  printf 'usage: %s <outdir> [languages, default: those present]\n' "$0" >&2; exit 2
fi
out=$(cd "$1" && pwd)
languages=${2:-}
if [ -z "$languages" ]; then
  for l in go python nodejs; do [ -d "$out/$l" ] && languages="$languages${languages:+,}$l"; done
  [ -n "$languages" ] || { log "no go/, python/ or nodejs/ under $out"; exit 2; }
fi
scratch=$(mktemp -d "${TMPDIR:-/tmp}/check-sdks.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
# (runs under `||`, where set -e does not apply: check the status itself)
timed() { local name=$1 start; shift; start=$(date +%s); "$@" || return 1; log "$name: ok in $(( $(date +%s) - start ))s"; }

check_go() {
  command -v go >/dev/null 2>&1 || { log "go: no Go toolchain on PATH (https://go.dev/dl/)"; return 1; }
  cp -R "$out/go" "$scratch/go" &&
    (cd "$scratch/go" && export GOTOOLCHAIN=local GOFLAGS=-mod=mod &&
      go mod tidy >&2 && go build ./... >&2 && go vet ./... >&2)
}
check_python() {
  command -v python3 >/dev/null 2>&1 || { log "python: no python3 on PATH"; return 1; }
  cp -R "$out/python" "$scratch/python" && python3 -m compileall -q "$scratch/python" >&2
}
check_nodejs() {
  local node_bin
  node_bin=$(bash "$here/scripts/ensure-node.sh") || return 1
  [ -x "$here/node_modules/typescript/bin/tsc" ] || { log "nodejs: run npm ci in $here first (needs typescript and @pulumi/pulumi)"; return 1; }
  cp -R "$out/nodejs" "$scratch/nodejs" && ln -s "$here/node_modules" "$scratch/nodejs/node_modules" &&
    (cd "$scratch/nodejs" && "$node_bin/node" "$here/node_modules/typescript/bin/tsc" -p tsconfig.json --noEmit >&2)
}

IFS=, read -r -a list <<<"$languages"
for l in "${list[@]}"; do
  case "$l" in
    go | python | nodejs) [ -d "$out/$l" ] || { log "$l: no $out/$l"; exit 1; }; timed "$l" "check_$l" || { log "$l: FAILED"; exit 1; } ;;
    *) log "unknown language '$l' (go, python, nodejs)"; exit 2 ;;
  esac
done
