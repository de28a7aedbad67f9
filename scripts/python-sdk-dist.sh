#!/usr/bin/env bash
# Builds the Python SDK (sdk/python) into a wheel and an sdist with PyPA's `build` (in the venv of
# scripts/ensure-python-build.sh), from a scratch copy so sdk/ stays as generated. The release
# (scripts/release.sh) publishes both; the e2e tests install the wheel (scripts/ensure-python-programs.sh).
# Prints nothing on stdout; progress on stderr.
# Usage: scripts/python-sdk-dist.sh <outdir> [--wheel]     (--wheel: the wheel only)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
[ $# -ge 1 ] || { printf 'usage: %s <outdir> [--wheel]\n' "$0" >&2; exit 2; }
mkdir -p "$1"
out=$(cd "$1" && pwd)
kinds=()
[ "${2:-}" = --wheel ] && kinds=(--wheel)
venv=$(bash "$here/scripts/ensure-python-build.sh")
work=$(mktemp -d "${TMPDIR:-/tmp}/python-sdk.XXXXXX")
trap 'rm -rf "$work"' EXIT
cp -R "$here/sdk/python/." "$work/"
"$venv/python" -m build "${kinds[@]}" --outdir "$out" "$work" >&2
