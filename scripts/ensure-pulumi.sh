#!/usr/bin/env bash
# Ensures a Pulumi CLI whose version matches the @pulumi/pulumi this package depends on.
#
# Order: a fitting `pulumi` already on PATH; else the cached build under
# $PULUMI_CLI_CACHE (default ~/.cache/pulumi-anypoint-objectstore/pulumi-cli/v<version>);
# else build `pulumi` and `pulumi-language-nodejs` from the Go module proxy into that cache, through
# a small wrapper module (`go install pkg@version` refuses modules whose go.mod has replace
# directives: "go install", https://go.dev/ref/mod#go-install; build tags and flags as in Pulumi's
# release build, https://github.com/pulumi/pulumi/blob/master/.goreleaser.yml); else print the
# official install line (https://www.pulumi.com/docs/install/) and fail.
# The dynamic-provider launcher (pulumi-resource-pulumi-nodejs) is put beside the binaries.
#
# Prints nothing on stdout but the directory that holds `pulumi` (for PATH); progress on stderr.
# Usage: scripts/ensure-pulumi.sh [version]     (default: devDependencies' @pulumi/pulumi in package.json)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[ensure-pulumi] %s\n' "$*" >&2; }

# The version the repository develops and tests with: devDependencies' @pulumi/pulumi (exact).
V=${1:-$(node -e 'const v=require(process.argv[1]).devDependencies["@pulumi/pulumi"]||"";process.stdout.write(v.replace(/^[~^]/,""))' "$here/package.json")}
[ -n "$V" ] || { log "cannot read the @pulumi/pulumi version from package.json"; exit 2; }

cache_root=${PULUMI_CLI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/pulumi-cli}
ROOT=$cache_root/v$V
OUT=$ROOT/bin

install_launcher() { # $1 = directory to put the launcher in
  local dst=$1/pulumi-resource-pulumi-nodejs
  [ -x "$dst" ] && return 0
  cat > "$dst" <<'SH'
#!/bin/sh
# Dynamic-provider launcher: runs @pulumi/pulumi's dynamic provider host from the program's node_modules.
entry=$(node -e 'process.stdout.write(require.resolve("@pulumi/pulumi/cmd/dynamic-provider"))') || exit 1
exec node "$entry" "$@"
SH
  chmod +x "$dst"
}

version_of() { "$1" version 2>/dev/null | tr -d '[:space:]'; }

# 1) A fitting pulumi on PATH.
if onpath=$(command -v pulumi 2>/dev/null) && [ "$(version_of "$onpath")" = "v$V" ]; then
  dir=$(dirname "$onpath")
  if ! command -v pulumi-resource-pulumi-nodejs >/dev/null 2>&1 && [ ! -x "$dir/pulumi-resource-pulumi-nodejs" ]; then
    mkdir -p "$OUT"; install_launcher "$OUT"
    log "using $onpath (v$V); launcher in $OUT (add it to PATH too)"
  else
    log "using $onpath (v$V)"
  fi
  printf '%s\n' "$dir"; exit 0
fi

mkdir -p "$ROOT"
exec 9>"$ROOT/.lock"
flock 9   # one build at a time, even when tests start in parallel

# 2) The cached build.
if [ -x "$OUT/pulumi" ] && [ -x "$OUT/pulumi-language-nodejs" ] && [ "$(version_of "$OUT/pulumi")" = "v$V" ]; then
  install_launcher "$OUT"
  printf '%s\n' "$OUT"; exit 0
fi

# 3) Build from Go modules.
if ! command -v go >/dev/null 2>&1; then
  log "No Pulumi CLI v$V on PATH and no Go toolchain to build one."
  log "Install the Pulumi CLI: curl -fsSL https://get.pulumi.com | sh -s -- --version $V"
  exit 1
fi

start=$(date +%s)
log "building Pulumi CLI v$V from Go modules into $OUT (first time only; about 4-5 min on 2 cores, ~3.5 GB of Go caches)"
W=$ROOT/src; mkdir -p "$W" "$OUT"; cd "$W"
export GOTOOLCHAIN=local GOFLAGS=-mod=mod
cat > go.mod <<GOMOD
module local.invalid/pulumi-cli-build

go 1.25.11

require (
	github.com/pulumi/pulumi/pkg/v3 v$V
	github.com/pulumi/pulumi/sdk/v3 v$V
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e
GOMOD
rm -f go.sum
# Name modules, not packages: a proxy that answers 403 (not 404) for unknown module paths
# breaks `go get <package>@v`, which probes each path prefix as a module.
go get "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V" >&2
LDF="-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$V"
go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDF" -o "$OUT/pulumi.tmp" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2

# The Node.js language host. Since v3.69 it is its own, untagged module
# (sdk/nodejs/cmd/pulumi-language-nodejs/v3), which a module proxy may not serve at the pseudo-version
# of this release. The last release that shipped it inside the sdk/v3 module is v3.68.0; its host
# speaks the same LanguageRuntime protocol and runs current SDKs' programs, so fall back to it.
LH_FALLBACK=3.68.0
build_language_host_fallback() {
  local lw=$ROOT/src-language-host; mkdir -p "$lw"
  printf 'module local.invalid/pulumi-language-nodejs-build\n\ngo 1.25\n\nrequire github.com/pulumi/pulumi/sdk/v3 v%s\n' "$LH_FALLBACK" > "$lw/go.mod"
  (cd "$lw" && rm -f go.sum && go get "github.com/pulumi/pulumi/sdk/v3@v$LH_FALLBACK" >&2 &&
    go build -trimpath -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=v$LH_FALLBACK" \
      -o "$OUT/pulumi-language-nodejs" github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs >&2)
}
HASH=$(sed -n 's/.*"Hash": *"\([0-9a-f]\{40\}\)".*/\1/p' "$(go env GOMODCACHE)/cache/download/github.com/pulumi/pulumi/sdk/v3/@v/v$V.info" 2>/dev/null | head -n1)
if [ -n "$HASH" ] && go get "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@$HASH" >&2 \
   && go get "github.com/pulumi/pulumi/pkg/v3@v$V" "github.com/pulumi/pulumi/sdk/v3@v$V" >&2 \
   && go build -trimpath -tags osusergo,grpcnotrace -ldflags "$LDF" -o "$OUT/pulumi-language-nodejs" \
        github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3 >&2; then
  log "built pulumi-language-nodejs at $HASH"
else
  log "pulumi-language-nodejs for v$V is not available from the module proxy; building the v$LH_FALLBACK host instead"
  build_language_host_fallback
fi
mv "$OUT/pulumi.tmp" "$OUT/pulumi"
install_launcher "$OUT"
got=$(version_of "$OUT/pulumi")
[ "$got" = "v$V" ] || { log "built pulumi reports '$got', expected v$V"; exit 1; }
log "built pulumi $got in $(( $(date +%s) - start ))s"
printf '%s\n' "$OUT"
