#!/usr/bin/env bash
# Ensures actionlint (github.com/rhysd/actionlint, the GitHub Actions workflow checker), built from Go
# modules into ~/.cache/pulumi-anypoint-objectstore/actionlint/<version>/bin (once; about 1 min on 2
# cores). An actionlint of that version on PATH is used instead. Needs Go and the Go module proxy.
# Prints the directory holding `actionlint`; progress on stderr.
# Usage: scripts/ensure-actionlint.sh
set -euo pipefail
VERSION=${ACTIONLINT_VERSION:-1.7.12}
log() { printf '[ensure-actionlint] %s\n' "$*" >&2; }
if cur=$(command -v actionlint 2>/dev/null) && [ "$("$cur" -version 2>/dev/null | head -n1)" = "v$VERSION" ]; then
  dirname "$cur"; exit 0
fi
bin=${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/actionlint/v$VERSION/bin
mkdir -p "$bin"
exec 9>"$bin/.lock"
flock 9 # one build at a time
if [ ! -x "$bin/actionlint" ]; then
  command -v go >/dev/null 2>&1 || { log "no Go toolchain to build actionlint v$VERSION: install Go (https://go.dev/dl/) or put actionlint v$VERSION on PATH"; exit 1; }
  log "building actionlint v$VERSION into $bin (first time only)"
  GOBIN=$bin GOFLAGS=-mod=mod CGO_ENABLED=0 go install "github.com/rhysd/actionlint/cmd/actionlint@v$VERSION" >&2
fi
printf '%s\n' "$bin"
