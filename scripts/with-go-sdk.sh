#!/usr/bin/env bash
# Runs a command with this repository's Go SDK (sdk/go) served as its release serves it, so a Go
# program's go.mod needs what a user's needs, `require github.com/pulumi-anypoint-objectstore/
# pulumi-anypoint-objectstore/sdk/go v<version>`, and no `replace` or placeholder version:
#  - a Go module proxy in a directory (GOPROXY=file://…, ahead of the usual proxy; the layout of
#    https://go.dev/ref/mod#goproxy-protocol) holds the module at sdk/go's version (its SdkVersion), as
#    the module proxy serves it after `scripts/release.sh publish` pushed the tag sdk/go/v<version>;
#  - GONOSUMDB leaves that module out of the checksum database (it is not public yet);
#  - the module cache forgets that module first: a rebuilt SDK keeps its version number, and Go never
#    downloads a version it holds again.
# One run at a time (flock): the proxy and the module cache are shared by every checkout on the machine.
# Needs Go and python3 (writes the module zip). GOFLAGS gets -mod=mod, GOTOOLCHAIN=local.
#
# Usage: scripts/with-go-sdk.sh <command> [args...]     (in the current directory)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[with-go-sdk] %s\n' "$*" >&2; }
[ $# -ge 1 ] || { printf 'usage: %s <command> [args...]\n' "$0" >&2; exit 2; }
command -v go >/dev/null 2>&1 || { log "no Go toolchain on PATH (https://go.dev/dl/)"; exit 1; }

sdk=$here/sdk/go
module=$(sed -n 's/^module //p' "$sdk/go.mod")
version=$(sed -n 's/.*SdkVersion semver.Version = semver.MustParse("\(.*\)").*/\1/p' "$sdk/anypoint/internal/pulumiVersion.go")
[ -n "$module" ] && [ -n "$version" ] || { log "cannot read the module path or SdkVersion of $sdk"; exit 1; }

cache_root=${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore
mkdir -p "$cache_root"
exec 9>"$cache_root/go-sdk-proxy.lock"
flock 9

proxy=$cache_root/go-sdk-proxy
at=$proxy/$module/@v
rm -rf "$proxy"
mkdir -p "$at"
printf 'v%s\n' "$version" >"$at/list"
printf '{"Version":"v%s","Time":"2026-01-01T00:00:00Z"}\n' "$version" >"$at/v$version.info"
cp "$sdk/go.mod" "$at/v$version.mod"
# The module zip: every file of sdk/go under <module>@v<version>/ (https://go.dev/ref/mod#zip-files).
python3 - "$sdk" "$at/v$version.zip" "$module@v$version" <<'PY'
import os, sys, zipfile
src, out, prefix = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for root, dirs, files in os.walk(src):
        dirs.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            z.write(path, prefix + "/" + os.path.relpath(path, src).replace(os.sep, "/"))
PY

modcache=$(go env GOMODCACHE)
owner=${module%%/sdk/go}
for stale in "$modcache/$module@v$version" "$modcache/cache/download/$owner"; do
  if [ -e "$stale" ]; then chmod -R u+w "$stale" && rm -rf "$stale"; fi
done

upstream=$(go env GOPROXY)
export GOPROXY="file://$proxy${upstream:+,$upstream}"
export GONOSUMDB="$module${GONOSUMDB:+,$GONOSUMDB}"
export GOFLAGS="${GOFLAGS:+$GOFLAGS }-mod=mod"
export GOTOOLCHAIN=local
log "$module v$version from $proxy"
"$@"
