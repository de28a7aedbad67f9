#!/usr/bin/env bash
# Ensures a Python virtual environment that runs Python programs on this repository's SDK, as a user's
# does after `pip install pulumi pulumi_anypoint`: `pulumi` from PyPI and the wheel of sdk/python
# (built by scripts/python-sdk-dist.sh, as the release builds it). `pulumi` is the newest release
# PyPI serves that is not newer than the CLI (devDependencies' @pulumi/pulumi): the CLI's own version
# where PyPI has it. The e2e tests run the programs with it as Automation API inline programs
# (test/e2e/inline-programs.ts), with no Python language host.
#
# Cached under ~/.cache/pulumi-anypoint-objectstore/python-programs/<python version>; the SDK's wheel
# is built and installed again when sdk/python changes. Needs python3 (3.9 or later) with venv.
# Prints nothing on stdout but the venv's bin directory; progress on stderr.
# Usage: scripts/ensure-python-programs.sh
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
log() { printf '[ensure-python-programs] %s\n' "$*" >&2; }
command -v python3 >/dev/null 2>&1 || { log "no python3 on PATH: install Python 3.9 or later"; exit 1; }
pyver=$(python3 -c 'import sys; print("%d.%d" % sys.version_info[:2])')
cli=$(node -e 'process.stdout.write(require(process.argv[1]).devDependencies["@pulumi/pulumi"].replace(/^[~^]/,""))' "$here/package.json")
want="pulumi>=3.269.0,<=$cli"
sdk_hash=$(cd "$here" && find sdk/python -type f ! -path '*/__pycache__/*' | LC_ALL=C sort | while read -r f; do printf '%s\n' "$f"; cat "$f"; done | sha256sum | cut -c1-16)

root=${XDG_CACHE_HOME:-$HOME/.cache}/pulumi-anypoint-objectstore/python-programs
venv=$root/$pyver
mkdir -p "$root"
exec 9>"$root/.lock"
flock 9

if [ ! -x "$venv/bin/python" ]; then
  log "creating $venv"
  python3 -m venv "$venv" >&2 || { log "python3 -m venv failed (Debian: apt-get install python3-venv)"; exit 1; }
fi
if [ "$(cat "$venv/.pulumi-requirement" 2>/dev/null)" != "$want" ]; then
  log "installing $want from PyPI"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$want" >&2
  printf '%s' "$want" >"$venv/.pulumi-requirement"
fi
if [ "$(cat "$venv/.sdk-python-hash" 2>/dev/null)" != "$sdk_hash" ]; then
  wheels=$(mktemp -d "${TMPDIR:-/tmp}/python-sdk-wheel.XXXXXX")
  trap 'rm -rf "$wheels"' EXIT
  log "building and installing the wheel of sdk/python"
  bash "$here/scripts/python-sdk-dist.sh" "$wheels" --wheel 2>"$wheels/build.log" || { cat "$wheels/build.log" >&2; exit 1; }
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check --force-reinstall --no-deps "$wheels"/*.whl >&2
  # Its dependencies (semver, parver, ...), from the wheel's metadata.
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$wheels"/*.whl >&2
  printf '%s' "$sdk_hash" >"$venv/.sdk-python-hash"
fi
log "pulumi $("$venv/bin/python" -c 'from importlib.metadata import version; print(version("pulumi"))') and pulumi_anypoint $("$venv/bin/python" -c 'from importlib.metadata import version; print(version("pulumi_anypoint"))') in $venv"
printf '%s\n' "$venv/bin"
