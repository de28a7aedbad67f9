#!/usr/bin/env bash
# Ensures the Pulumi YAML language host, `pulumi-language-yaml`, which `pulumi` runs for programs
# whose Pulumi.yaml says `runtime: yaml` (https://github.com/pulumi/pulumi-yaml).
#
# Order: the cached build under $PULUMI_YAML_CACHE (default
# ~/.cache/pulumi-anypoint-objectstore/pulumi-yaml/v<version>/bin); else build it from the Go module
# proxy into that cache with `go install github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml@v<version>`
# (pulumi-yaml's go.mod has no replace directives, so no wrapper module is needed; ldflags as in
# pulumi-yaml's .goreleaser.yml); else fail with the install line of a released binary.
# A `pulumi-language-yaml` already on PATH is not used: it has no version flag to check it by.
#
# Prints nothing on stdout but the directory that holds `pulumi-language-yaml` (for PATH);
# progress on stderr.
# Usage: scripts/ensure-pulumi-yaml.sh [version]     (default: $PULUMI_YAML_VERSION, else 1.25.0)
set -euo pipefail
log() { printf '[ensure-pulumi-yaml] %s\n' "$*" >&2; }

# The version the repository tests YAML programs with (the release the plugin work was checked against).
V=${1:-${PULUMI_YAML_VERSION:-1.25.0}}
V=${V#v}
MODULE=github.com/pulumi/pulumi-yaml

cache_root=${PULUMI_YAML_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/pulumi-yaml}
ROOT=$cache_root/v$V
OUT=$ROOT/bin

mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"
flock 9   # one build at a time, even when tests start in parallel

# 1) The cached build (moved into place only once complete).
if [ -x "$OUT/pulumi-language-yaml" ]; then
  printf '%s\n' "$OUT"; exit 0
fi

# 2) Build from the Go module proxy.
if ! command -v go >/dev/null 2>&1; then
  log "No pulumi-language-yaml v$V in $OUT and no Go toolchain to build one."
  os=$(uname -s | tr '[:upper:]' '[:lower:]'); arch=$(uname -m); case "$arch" in x86_64) arch=amd64 ;; aarch64) arch=arm64 ;; esac
  log "Install Go (https://go.dev/dl/), or put the released binary there (assets of https://github.com/pulumi/pulumi-yaml/releases/tag/v$V):"
  log "  mkdir -p $OUT && curl -fsSL https://github.com/pulumi/pulumi-yaml/releases/download/v$V/pulumi-language-yaml-v$V-$os-$arch.tar.gz | tar -xz -C $OUT"
  exit 1
fi

start=$(date +%s)
log "building pulumi-language-yaml v$V from Go modules into $OUT (first time only; about 3-4 min on 2 cores)"
mkdir -p "$OUT"
tmp=$(mktemp -d "$ROOT/build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# go install pkg@version builds in module-aware mode from the module's own go.mod: -mod and a
# local go.mod do not apply, so run it outside any module and without a -mod flag.
(cd "$tmp" && GOTOOLCHAIN=local GOFLAGS= GOBIN="$tmp" CGO_ENABLED=0 \
  go install -trimpath -ldflags "-s -w -X $MODULE/pkg/version.Version=v$V" "$MODULE/cmd/pulumi-language-yaml@v$V" >&2)
mv "$tmp/pulumi-language-yaml" "$OUT/pulumi-language-yaml"
log "built pulumi-language-yaml v$V in $(( $(date +%s) - start ))s"
printf '%s\n' "$OUT"
